"""Chat replies leave through the outbox into the customer's room, on a real Synapse.

The customer is a real account reading its own /sync; the reply goes the way the app sends
it: a draft (with a file), the reply made from it, the outbox, `deliver_due` with the
account's ChatRoute.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from supportdesk_tui.compose.outgoing import Identity, new_reply
from supportdesk_tui.connectors.chatroute import ChatRoute
from supportdesk_tui.connectors.matrix import MatrixConnector
from supportdesk_tui.domain.models import Direction, Status
from supportdesk_tui.domain.outbox import OutboxState
from supportdesk_tui.imapsync import sync_accounts
from supportdesk_tui.outbox import deliver_due
from supportdesk_tui.store import Store
from tests.matrixserver import MatrixClient, MatrixUser, Synapse

from .test_matrix import account, open_room

pytestmark = pytest.mark.matrix

START = datetime(2100, 1, 1, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def route(synapse: Synapse, matrix_user: MatrixUser) -> Iterator[ChatRoute]:
    token = matrix_user.access_token
    opened = ChatRoute(
        account(synapse, matrix_user),
        connector=lambda settings: MatrixConnector(settings, token=lambda: token),
    )
    yield opened
    opened.close()


@pytest.fixture
def chat(synapse: Synapse, matrix_user: MatrixUser) -> Iterator[MatrixConnector]:
    token = matrix_user.access_token
    opened = MatrixConnector(account(synapse, matrix_user), token=lambda: token)
    yield opened
    opened.close()


async def sync(store: Store, chat: MatrixConnector) -> None:
    summary = await sync_accounts(store, [chat], lambda: False)
    assert summary.failed == []


async def queue_reply(
    store: Store, room: str, body: str, clock: Clock, files: tuple[tuple[str, str, bytes], ...] = ()
) -> int:
    await store.save_draft(room, body, clock())
    for name, content_type, data in files:
        await store.attach(room, name, content_type, data, clock())
    detail = await store.conversation_detail(room)
    draft = await store.draft(room)
    assert detail is not None and draft is not None
    identity = Identity("chat", "Eva Horáková", "@support:test")
    reply = new_reply(detail, draft, identity, "", clock(), 10, Status.PENDING)
    return await store.queue_reply(reply)


def room_messages(customer: MatrixClient, room: str) -> list[dict[str, Any]]:
    return [e for e in customer.messages(room) if e["type"] == "m.room.message"]


async def test_a_reply_with_a_file_reaches_the_customer_once_and_joins_the_thread(
    synapse: Synapse, matrix_user: MatrixUser, matrix_customer: MatrixClient,
    chat: MatrixConnector, route: ChatRoute, store: Store,
) -> None:  # fmt: skip
    room = open_room(matrix_customer, matrix_user, "whatsapp")
    matrix_customer.send_text(room, "Dobrý den, kde je moje zásilka?")
    await sync(store, chat)
    clock = Clock()
    text = "Dobrý den, paní Nováková,\n\nzásilka je na cestě.\n<b>není</b> to HTML"
    invoice = b"%PDF-1.4 faktura \x00\xff"
    await queue_reply(store, room, text, clock, (("faktura č. 7.pdf", "application/pdf", invoice),))

    report = await deliver_due(store, {"chat": route}, clock)
    assert report.sent == []  # the undo window is still open: nothing has left
    assert [e["content"]["body"] for e in room_messages(matrix_customer, room)] == [
        "Dobrý den, kde je moje zásilka?"
    ]

    clock.now += timedelta(seconds=11)
    report = await deliver_due(store, {"chat": route}, clock)
    assert len(report.sent) == 1 and report.refused == report.retrying == []

    got = room_messages(matrix_customer, room)[1:]
    assert [e["sender"] for e in got] == [matrix_user.user_id] * 2
    assert got[0]["content"] == {"msgtype": "m.text", "body": text}  # as typed, not as HTML
    file = got[1]["content"]
    assert (file["msgtype"], file["body"], file["info"]) == (
        "m.file", "faktura č. 7.pdf", {"mimetype": "application/pdf", "size": len(invoice)}
    )  # fmt: skip
    server, media = file["url"].removeprefix("mxc://").split("/")
    download = matrix_customer.http.get(f"/_matrix/client/v1/media/download/{server}/{media}")
    assert download.content == invoice

    # the thread has the reply at once, and the next sync adds only the file, no double
    detail = await store.conversation_detail(room)
    assert detail is not None and detail.conversation.status is Status.PENDING
    assert [(m.direction, m.body_text) for m in detail.messages][-1] == (Direction.OUTGOING, text)
    assert detail.messages[-1].id == got[0]["event_id"]
    assert detail.messages[-1].author_name == "Eva Horáková"  # who answered, not an account id
    await sync(store, chat)
    detail = await store.conversation_detail(room)
    assert detail is not None
    outgoing = [m for m in detail.messages if m.direction is Direction.OUTGOING]
    by_id = {m.id: m for m in outgoing}  # (in the order of their times: the test's clock)
    assert sorted(by_id) == sorted([got[0]["event_id"], got[1]["event_id"]])
    assert by_id[got[0]["event_id"]].body_text == text
    assert [a.filename for a in by_id[got[1]["event_id"]].attachments] == ["faktura č. 7.pdf"]
    assert await store.outbox(room) == [] and await store.draft(room) is None  # done with


async def test_a_reply_sent_again_after_a_lost_answer_arrives_once(
    synapse: Synapse, matrix_user: MatrixUser, matrix_customer: MatrixClient,
    chat: MatrixConnector, route: ChatRoute, store: Store,
) -> None:  # fmt: skip
    room = open_room(matrix_customer, matrix_user)
    matrix_customer.send_text(room, "Hello?")
    await sync(store, chat)
    clock = Clock()
    await queue_reply(
        store, room, "Hello, here is the label.", clock, (("label.png", "image/png", b"\x89PNG"),)
    )
    entry = (await store.outbox(room))[0]

    # the server took it but the answer was lost: the outbox sends the same entry again
    first = await route.send(entry)
    again = await route.send(entry)
    assert first == again
    got = room_messages(matrix_customer, room)[1:]
    assert [(e["content"]["msgtype"], e["content"]["body"]) for e in got] == [
        ("m.text", "Hello, here is the label."), ("m.image", "label.png"),
    ]  # fmt: skip


async def test_a_room_the_support_account_left_refuses_the_reply_and_keeps_it(
    synapse: Synapse, matrix_user: MatrixUser, matrix_customer: MatrixClient,
    chat: MatrixConnector, route: ChatRoute, store: Store,
) -> None:  # fmt: skip
    room = open_room(matrix_customer, matrix_user)
    matrix_customer.send_text(room, "Hi")
    await sync(store, chat)
    with synapse.client(matrix_user) as support:
        support.leave(room)
    clock = Clock()
    await queue_reply(store, room, "Sorry for the wait.", clock)
    clock.now += timedelta(seconds=11)

    report = await deliver_due(store, {"chat": route}, clock)

    assert report.sent == [] and len(report.refused) == 1
    why = report.refused[0][1]
    assert "403" in why or "not in room" in why.lower(), why
    entry = (await store.outbox(room))[0]
    assert entry.state is OutboxState.FAILED and entry.last_error == why
    assert entry.editable()  # the text comes back into the editor, nothing lost
    assert [e["content"]["body"] for e in room_messages(matrix_customer, room)] == ["Hi"]


async def test_a_read_receipt_tells_the_customer_the_agent_has_read_it(
    synapse: Synapse, matrix_user: MatrixUser, matrix_customer: MatrixClient,
    chat: MatrixConnector, route: ChatRoute, store: Store,
) -> None:  # fmt: skip
    room = open_room(matrix_customer, matrix_user)
    question = matrix_customer.send_text(room, "Is it in stock?")
    await sync(store, chat)
    since = matrix_customer.sync()["next_batch"]

    await route.mark_read(room, question)

    answer = await asyncio.to_thread(matrix_customer.sync, since, 5000)
    ephemeral = answer["rooms"]["join"][room]["ephemeral"]["events"]
    receipts = [e["content"] for e in ephemeral if e["type"] == "m.receipt"]
    assert any(matrix_user.user_id in r.get(question, {}).get("m.read", {}) for r in receipts)
