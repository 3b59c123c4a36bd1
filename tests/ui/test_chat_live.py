"""The open app against a real Synapse: a customer's chat reaches the queue while the app
waits, the agent reads it (the customer sees the receipt) and answers it from the keyboard."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from textual.widgets import Input

from supportdesk_tui.config import Config
from supportdesk_tui.services import Services
from supportdesk_tui.ui.app import SupportDeskApp, build_app
from supportdesk_tui.ui.screens.compose_screen import ComposeScreen
from supportdesk_tui.ui.widgets.queue_pane import QueuePane
from tests.matrixserver import MatrixClient, MatrixUser, Synapse

from .conftest import SIZE
from .test_compose import type_text
from .test_live_sync import wait_until

pytestmark = pytest.mark.matrix


def app_for(
    synapse: Synapse, support: MatrixUser, tmp_path: Path, **settings: Any
) -> SupportDeskApp:
    config = Config.model_validate(
        {
            "accounts": [
                {
                    "kind": "matrix", "name": "chat", "homeserver": synapse.base_url,
                    "user_id": support.user_id, "allow_plaintext": True,
                    "token_command": ["printf", "%s", support.access_token],
                } | settings
            ],
            "agent": {"id": "eva", "name": "Eva Horáková"},
            "shop": {"name": "Eshop"},
            "cache": {"path": str(tmp_path / "cache.sqlite3")},
            "compose": {"undo_seconds": 0},
        }
    )  # fmt: skip
    return build_app(config, services=Services.from_config(config))


async def queue_of(app: SupportDeskApp) -> QueuePane:
    """The queue, once the inbox has composed it (on a busy machine, a moment after start)."""
    await wait_until(lambda: bool(app.screen.query(QueuePane)), 30)
    return app.screen.query_one(QueuePane)


class CustomerClient:
    """What the customer's own client learns of a room's ephemeral news (receipts,
    typing), each /sync going on from the last one's token: Synapse answers a repeated
    one from its cache, which would hide anything that came after it."""

    def __init__(self, customer: MatrixClient, room: str) -> None:
        self.customer, self.room = customer, room
        self.since = customer.sync()["next_batch"]
        self.ephemeral: list[dict[str, Any]] = []

    def poll(self) -> list[dict[str, Any]]:
        answer = self.customer.sync(self.since, 0)
        self.since = answer["next_batch"]
        joined = answer.get("rooms", {}).get("join", {}).get(self.room, {})
        self.ephemeral += joined.get("ephemeral", {}).get("events", [])
        return self.ephemeral

    def read_up_to(self, event_id: str, reader: str) -> bool:
        receipts = [e["content"] for e in self.poll() if e["type"] == "m.receipt"]
        return any(reader in r.get(event_id, {}).get("m.read", {}) for r in receipts)

    def typing(self) -> list[str] | None:
        found = [e["content"]["user_ids"] for e in self.poll() if e["type"] == "m.typing"]
        return found[-1] if found else None


async def test_a_customer_chat_is_read_and_answered_from_the_keyboard(
    synapse: Synapse, matrix_user: MatrixUser, matrix_customer: MatrixClient, tmp_path: Path
) -> None:
    matrix_customer.request(
        "PUT", f"/profile/{quote(matrix_customer.user_id, safe='')}/displayname",
        {"displayname": "Jan Novák"},
    )  # fmt: skip
    room = matrix_customer.create_room(invite=[matrix_user.user_id])
    matrix_customer.mark_bridged(room, "whatsapp")
    app = app_for(synapse, matrix_user, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        queue = await queue_of(app)
        bar = app.screen.query_one("#filter-bar")
        await wait_until(lambda: "synced" in str(bar.render()), 30)
        await asyncio.sleep(0.5)  # the app is long-polling now

        sent = time.monotonic()
        question = await asyncio.to_thread(
            matrix_customer.send_text, room, "Dobrý den, kde je moje zásilka 1234?"
        )
        await wait_until(lambda: queue.total == 1 and queue.row_at(0) is not None, 15)
        print(f"a customer's chat message was in the open queue {time.monotonic() - sent:.2f} s")
        row = queue.row_at(0)
        assert row is not None
        assert (row.customer_name, row.network) == ("Jan Novák", "whatsapp")

        client = await asyncio.to_thread(CustomerClient, matrix_customer, room)
        queue.focus()
        await pilot.press("enter")
        await wait_until(lambda: client.read_up_to(question, matrix_user.user_id), 10)

        await pilot.press("r")
        await wait_until(lambda: isinstance(app.screen, ComposeScreen), 10)
        await pilot.pause(0.5)
        await type_text(pilot, "Zásilka je na cestě.")
        await pilot.pause(0.5)
        assert await asyncio.to_thread(client.typing) is None  # typing_notices is off
        await pilot.press("ctrl+s")  # the review: no subject asked for in a chat
        await pilot.pause(0.8)
        assert not app.screen.query("#review-subject")
        await pilot.press("ctrl+s")

        support = matrix_user.user_id

        def answered() -> list[dict[str, Any]]:
            events = matrix_customer.messages(room)
            return [e for e in events if e["type"] == "m.room.message" and e["sender"] == support]

        await wait_until(lambda: len(answered()) == 1, 20)
        body = answered()[0]["content"]["body"]
        assert "pane Nováku," in body.splitlines()[0] and "Zásilka je na cestě." in body


async def test_a_file_the_customer_sent_in_chat_is_saved_from_the_keyboard(
    synapse: Synapse, matrix_user: MatrixUser, matrix_customer: MatrixClient, tmp_path: Path
) -> None:
    room = matrix_customer.create_room(invite=[matrix_user.user_id])
    matrix_customer.send_text(room, "Posílám fotku poškozeného zboží.")
    photo = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    mxc = matrix_customer.upload(photo, "image/png", "../../etc/rozbité zboží.png")
    matrix_customer.send_file(room, mxc, "../../etc/rozbité zboží.png", "image/png",
                              len(photo), msgtype="m.image")  # fmt: skip
    app = app_for(synapse, matrix_user, tmp_path)
    downloads = tmp_path / "downloads"
    async with app.run_test(size=SIZE) as pilot:
        queue = await queue_of(app)
        await wait_until(lambda: queue.total == 1 and queue.row_at(0) is not None, 30)
        queue.focus()
        await pilot.press("enter")
        await pilot.pause(0.5)
        await pilot.press("A")  # save attachments
        await pilot.pause(0.3)
        await pilot.press("enter")  # all of them
        await pilot.pause(0.3)
        app.screen.query_one(Input).value = str(downloads)
        await pilot.press("enter")
        await wait_until(lambda: downloads.exists() and any(downloads.iterdir()), 10)

        [saved] = list(downloads.iterdir())
        assert saved.name == "rozbité zboží.png"  # inside the folder, never up and out
        assert saved.read_bytes() == photo


async def test_the_customer_sees_the_agent_typing_when_the_account_says_so(
    synapse: Synapse, matrix_user: MatrixUser, matrix_customer: MatrixClient, tmp_path: Path
) -> None:
    room = matrix_customer.create_room(invite=[matrix_user.user_id])
    matrix_customer.send_text(room, "Hello, is the blue one in stock?")
    app = app_for(synapse, matrix_user, tmp_path, typing_notices=True)
    async with app.run_test(size=SIZE) as pilot:
        queue = await queue_of(app)
        await wait_until(lambda: queue.total == 1 and queue.row_at(0) is not None, 30)
        client = await asyncio.to_thread(CustomerClient, matrix_customer, room)
        queue.focus()
        await pilot.press("enter", "r")
        await wait_until(lambda: isinstance(app.screen, ComposeScreen), 10)
        await type_text(pilot, "Let me check")

        await wait_until(lambda: client.typing() == [matrix_user.user_id], 10)
        await pilot.press("escape")  # the draft is put away: no longer typing
        await wait_until(lambda: client.typing() == [], 10)
