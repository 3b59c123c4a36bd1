"""The open app against a real Dovecot: first sync into the queue, then IDLE brings new mail."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from supportdesk_tui.config import Config
from supportdesk_tui.services import Services
from supportdesk_tui.ui.app import SupportDeskApp, build_app
from supportdesk_tui.ui.widgets.queue_pane import QueuePane
from tests.connectors.imap_helpers import SHOP, connector, mail, server_flags
from tests.imapserver import Dovecot, MailUser

from .conftest import SIZE, Clock

pytestmark = pytest.mark.imap


async def wait_until(condition, timeout: float) -> float:  # type: ignore[no-untyped-def]
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            raise AssertionError(f"not within {timeout} s")
        await asyncio.sleep(0.05)
    return time.monotonic() - began


def live_app(dovecot: Dovecot, user: MailUser, tmp_path: Path) -> SupportDeskApp:
    """The app on a fresh cache, syncing the test user's mailbox."""
    services = Services(
        store_path=str(tmp_path / "cache.sqlite3"), agent_id="eva", clock=Clock(),
        connectors=[connector(dovecot, user)], our_addresses=frozenset({SHOP}),
    )  # fmt: skip
    return build_app(Config(), services=services)


async def test_new_mail_appears_in_the_open_queue(
    dovecot: Dovecot, imap_user: MailUser, tmp_path: Path
) -> None:
    dovecot.append(imap_user.name, "INBOX", mail(1))
    app = live_app(dovecot, imap_user, tmp_path)
    async with app.run_test(size=SIZE):
        queue = app.screen.query_one(QueuePane)
        await wait_until(lambda: queue.total == 1, timeout=20)
        assert "synced" in str(app.screen.query_one("#filter-bar").render())
        await asyncio.sleep(0.5)  # the account is idling now
        dovecot.append(imap_user.name, "INBOX", mail(2, subject="Jiná objednávka",
                                                      sender="petra@example.cz"))  # fmt: skip
        waited = await wait_until(lambda: queue.total == 2, timeout=15)
        print(f"new mail reached the open queue in {waited:.2f} s")
        assert waited < 15
        row = queue.row_at(0) or queue.row_at(1)
        assert row is not None


async def test_a_wrong_password_is_told_not_raised(
    dovecot: Dovecot, imap_user: MailUser, tmp_path: Path
) -> None:
    services = Services(
        store_path=str(tmp_path / "cache.sqlite3"), agent_id="eva", clock=Clock(),
        connectors=[connector(dovecot, imap_user, password="wrong")],
    )  # fmt: skip
    app = build_app(Config(), services=services)
    async with app.run_test(size=SIZE):
        bar = app.screen.query_one("#filter-bar")
        await wait_until(lambda: "sync failed: shop" in str(bar.render()), timeout=20)
        messages = [n.message for n in app._notifications]
        assert any("shop" in m and "password" in m.lower() for m in messages), messages


async def test_reading_a_conversation_marks_it_read_on_the_server_at_once(
    dovecot: Dovecot, imap_user: MailUser, tmp_path: Path
) -> None:
    """The app is idling when the agent opens the mail: the server must not wait for news
    (up to 25 minutes) to hear that it was read."""
    dovecot.append(imap_user.name, "INBOX", mail(1))
    app = live_app(dovecot, imap_user, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        queue = app.screen.query_one(QueuePane)
        await wait_until(lambda: queue.total == 1, timeout=20)
        await wait_until(lambda: "synced" in str(app.screen.query_one("#filter-bar").render()), 20)
        await asyncio.sleep(0.5)  # idling now
        assert "\\Seen" not in server_flags(dovecot, imap_user)[1]
        queue.focus()
        await pilot.press("enter")
        waited = await wait_until(lambda: "\\Seen" in server_flags(dovecot, imap_user)[1], 10)
        print(f"read state reached the server in {waited:.2f} s")
