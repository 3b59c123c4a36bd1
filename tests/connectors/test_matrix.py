"""The Matrix connector and the sync runner against a real Synapse (tests/matrixserver.py).

Customers are real accounts on the server writing through its client API; the support
account is what the connector logs in as. Each test has its own users and rooms.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from supportdesk_tui.config import MatrixAccount
from supportdesk_tui.connectors import matrix_sync
from supportdesk_tui.connectors.matrix import MatrixConnector
from supportdesk_tui.connectors.matrix_login import login
from supportdesk_tui.domain.models import Channel, Direction, Status
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.errors import ConnectorError, SendError
from supportdesk_tui.imapsync import SyncSummary, sync_accounts
from supportdesk_tui.store import Store
from tests.matrixserver import MatrixClient, MatrixUser, Synapse

pytestmark = pytest.mark.matrix

EVERYTHING = QueueFilter(statuses=frozenset(Status))
NOW = datetime(2100, 1, 1, tzinfo=UTC)


def account(synapse: Synapse, user: MatrixUser, **settings: Any) -> MatrixAccount:
    return MatrixAccount(kind="matrix", name="chat", homeserver=synapse.base_url,
                         user_id=user.user_id, allow_plaintext=True, **settings)  # fmt: skip


def connector(synapse: Synapse, user: MatrixUser, **settings: Any) -> MatrixConnector:
    token = user.access_token
    return MatrixConnector(account(synapse, user, **settings), token=lambda: token)


def never() -> bool:
    return False


async def sync(store: Store, chat: MatrixConnector) -> SyncSummary:
    summary = await sync_accounts(store, [chat], never)
    assert summary.failed == [] or summary.failed[0].error is not None
    return summary


def set_name(client: MatrixClient, name: str) -> None:
    client.request("PUT", f"/profile/{quote(client.user_id, safe='')}/displayname",
                   {"displayname": name})  # fmt: skip


@pytest.fixture
def chat(synapse: Synapse, matrix_user: MatrixUser) -> Iterator[MatrixConnector]:
    opened = connector(synapse, matrix_user)
    yield opened
    opened.close()


def open_room(customer: MatrixClient, support: MatrixUser, network: str | None = None) -> str:
    room = customer.create_room(invite=[support.user_id])
    if network:
        customer.mark_bridged(room, network)
    return room


async def messages_of(store: Store, room: str) -> list[tuple[str, str]]:
    detail = await store.conversation_detail(room)
    assert detail is not None, f"{room} is not in the cache"
    return [(m.id, m.body_text) for m in detail.messages]


async def test_a_customer_chat_reaches_the_queue_with_network_name_and_files(
    synapse: Synapse, matrix_user: MatrixUser, matrix_customer: MatrixClient,
    chat: MatrixConnector, store: Store,
) -> None:  # fmt: skip
    set_name(matrix_customer, "Jan Novák")
    room = open_room(matrix_customer, matrix_user, "whatsapp")
    first = matrix_customer.send_text(room, "Dobrý den, kde je moje zásilka 1234?")
    html = matrix_customer.send_text(
        room, "**Rychle** prosím", "<p><b>Rychle</b> prosím<script>alert(1)</script></p>"
    )
    mxc = matrix_customer.upload(b"%PDF-1.4 faktura", "application/pdf", "faktura.pdf")
    matrix_customer.send_file(room, mxc, "faktura.pdf", size=16)

    summary = await sync(store, chat)  # the invite is accepted and the room read at once
    assert summary.failed == []

    rows = await store.list_queue(EVERYTHING, NOW, 0, 10)
    assert [(r.conversation_id, r.channel, r.network, r.customer_name) for r in rows] == [
        (room, Channel.CHAT, "whatsapp", "Jan Novák")
    ]
    assert rows[0].subject == "Dobrý den, kde je moje zásilka 1234?"
    detail = await store.conversation_detail(room)
    assert detail is not None
    assert [m.id for m in detail.messages][:2] == [first, html]
    assert detail.messages[1].body_text.startswith("Rychle prosím")
    assert "alert" not in detail.messages[1].body_text
    assert all(m.direction is Direction.INCOMING and not m.read for m in detail.messages)
    assert all(m.author_address == matrix_customer.user_id for m in detail.messages)
    (listed,) = detail.messages[2].attachments
    assert (listed.filename, listed.content_type, listed.size) == (
        "faktura.pdf", "application/pdf", 16
    )  # fmt: skip
    assert await asyncio.to_thread(chat.download, mxc) == b"%PDF-1.4 faktura"
    assert detail.customer.chat_ids == (matrix_customer.user_id,)
    assert (detail.customer.first_name, detail.customer.last_name) == ("Jan", "Novák")


async def test_edits_and_redactions_after_the_first_sync(
    matrix_user: MatrixUser, matrix_customer: MatrixClient, chat: MatrixConnector, store: Store
) -> None:
    room = open_room(matrix_customer, matrix_user)
    typo = matrix_customer.send_text(room, "Kdy prijde zasilka?")
    oops = matrix_customer.send_text(room, "moje heslo je hunter2")
    await sync(store, chat)
    matrix_customer.edit(room, typo, "Kdy přijde zásilka?")
    matrix_customer.redact(room, oops)
    await sync(store, chat)
    assert await messages_of(store, room) == [(typo, "Kdy přijde zásilka?")]


async def test_an_edit_and_a_redaction_in_the_first_sync(
    matrix_user: MatrixUser, matrix_customer: MatrixClient, chat: MatrixConnector, store: Store
) -> None:
    room = open_room(matrix_customer, matrix_user)
    typo = matrix_customer.send_text(room, "Dobry den")
    matrix_customer.edit(room, typo, "Dobrý den")
    matrix_customer.edit(room, typo, "Dobrý den, mám dotaz")
    gone = matrix_customer.send_text(room, "omyl")
    matrix_customer.redact(room, gone)
    await sync(store, chat)
    assert await messages_of(store, room) == [(typo, "Dobrý den, mám dotaz")]


async def test_news_reaches_the_queue_within_a_second(
    matrix_user: MatrixUser, matrix_customer: MatrixClient, chat: MatrixConnector, store: Store
) -> None:
    room = open_room(matrix_customer, matrix_user)
    matrix_customer.send_text(room, "Dobrý den")
    await sync(store, chat)
    waiting = asyncio.ensure_future(asyncio.to_thread(chat.wait_for_news, never, 20))
    await asyncio.sleep(0.5)  # the long-poll is out
    sent_at = time.monotonic()
    news = await asyncio.to_thread(matrix_customer.send_text, room, "Haló, jste tam?")
    assert await waiting is True
    summary = await sync(store, chat)
    seconds = time.monotonic() - sent_at
    assert summary.new_messages == 1
    assert (await messages_of(store, room))[-1] == (news, "Haló, jste tam?")
    assert seconds < 1.0, f"{seconds:.2f} s from the customer's send to the cache"


async def test_waiting_ends_within_a_second_of_stop(chat: MatrixConnector, store: Store) -> None:
    await sync(store, chat)
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    began = time.monotonic()
    assert await asyncio.to_thread(chat.wait_for_news, stop.is_set, 60) is False
    assert time.monotonic() - began < 1.3


async def test_a_reply_is_sent_exactly_once_even_when_retried(
    matrix_user: MatrixUser, matrix_customer: MatrixClient, chat: MatrixConnector, store: Store
) -> None:
    room = open_room(matrix_customer, matrix_user)
    matrix_customer.send_text(room, "Dobrý den, kde je zásilka?")
    await sync(store, chat)
    reply = "Dobrý den, zásilka je na cestě."
    first = await asyncio.to_thread(chat.send_text, room, reply, "outbox-7")
    again = await asyncio.to_thread(chat.send_text, room, reply, "outbox-7")  # a retry
    assert first == again
    seen = [e for e in matrix_customer.messages(room) if e["content"].get("body") == reply]
    assert [e["event_id"] for e in seen] == [first]
    assert seen[0]["sender"] == matrix_user.user_id
    await sync(store, chat)  # our reply comes back as ours
    detail = await store.conversation_detail(room)
    assert detail is not None
    assert [(m.id, m.direction) for m in detail.messages][-1] == (first, Direction.OUTGOING)
    rows = await store.list_queue(EVERYTHING, NOW, 0, 5)
    assert rows[0].waiting_since is None


async def test_read_receipt_and_typing_reach_the_customer(
    synapse: Synapse, matrix_user: MatrixUser, matrix_customer: MatrixClient, store: Store
) -> None:
    room = open_room(matrix_customer, matrix_user)
    question = matrix_customer.send_text(room, "Dobrý den")
    chat = connector(synapse, matrix_user, typing_notices=True)
    try:
        await sync(store, chat)
        since = matrix_customer.sync()["next_batch"]
        await asyncio.to_thread(chat.send_read_receipt, room, question)
        await asyncio.to_thread(chat.set_typing, room, True)
        ephemeral = await asyncio.to_thread(ephemeral_events, matrix_customer, room, since)
    finally:
        chat.close()
    receipts = [e["content"] for e in ephemeral if e["type"] == "m.receipt"]
    assert any(matrix_user.user_id in r.get(question, {}).get("m.read", {}) for r in receipts)
    typing = [e["content"]["user_ids"] for e in ephemeral if e["type"] == "m.typing"]
    assert [matrix_user.user_id] in typing


def ephemeral_events(client: MatrixClient, room: str, since: str) -> list[dict[str, Any]]:
    """Receipts and typing in `room` after `since`, waiting until both have come."""
    found: list[dict[str, Any]] = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and {e["type"] for e in found} < {"m.receipt", "m.typing"}:
        answer = client.sync(since, timeout_ms=2000)
        since = answer["next_batch"]
        joined = answer.get("rooms", {}).get("join", {}).get(room, {})
        found += joined.get("ephemeral", {}).get("events", [])
    return found


async def test_a_long_gap_is_back_filled_exactly_once(
    matrix_user: MatrixUser, matrix_customer: MatrixClient, chat: MatrixConnector, store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    small = matrix_sync.SYNC_FILTER.replace(f'"limit":{matrix_sync.TIMELINE_LIMIT}', '"limit":3')
    monkeypatch.setattr(matrix_sync, "SYNC_FILTER", small)
    monkeypatch.setattr(matrix_sync, "PAGE", 4)
    room = open_room(matrix_customer, matrix_user)
    first = matrix_customer.send_text(room, "zpráva 0")
    await sync(store, chat)
    sent = [first] + [matrix_customer.send_text(room, f"zpráva {n}") for n in range(1, 15)]
    summary = await sync(store, chat)
    assert summary.new_messages == 14
    assert [mid for mid, _ in await messages_of(store, room)] == sent


async def test_a_first_sync_of_a_long_room_reaches_its_start(
    matrix_user: MatrixUser, matrix_customer: MatrixClient, chat: MatrixConnector, store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    small = matrix_sync.SYNC_FILTER.replace(f'"limit":{matrix_sync.TIMELINE_LIMIT}', '"limit":2')
    monkeypatch.setattr(matrix_sync, "SYNC_FILTER", small)
    room = open_room(matrix_customer, matrix_user)
    sent = [matrix_customer.send_text(room, f"Otázka číslo {n}") for n in range(6)]
    await sync(store, chat)
    assert [mid for mid, _ in await messages_of(store, room)] == sent
    rows = await store.list_queue(EVERYTHING, NOW, 0, 5)
    assert rows[0].subject == "Otázka číslo 0"


async def test_a_sync_cut_between_batches_resumes_without_loss_or_doubles(
    synapse: Synapse, matrix_user: MatrixUser, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matrix_sync, "ROOMS_PER_BATCH", 1)
    rooms: dict[str, list[str]] = {}
    for n in range(3):
        with synapse.client(synapse.new_user("customer")) as customer:
            room = open_room(customer, matrix_user)
            rooms[room] = [customer.send_text(room, f"Dotaz {n}.{i}") for i in range(2)]
    crashed = connector(synapse, matrix_user)
    fetched = crashed.fetch({"": await store.cursor("chat")}, never)
    for batch in fetched:  # the app dies right after writing the first room's messages
        await store.apply_batch(batch)
        if batch.messages:
            break
    fetched.close()  # type: ignore[attr-defined]
    crashed.close()
    assert await store.cursor("chat") is not None  # the invites' round: rooms not read yet
    restarted = connector(synapse, matrix_user)
    try:
        await sync(store, restarted)
    finally:
        restarted.close()
    for room, sent in rooms.items():
        assert [mid for mid, _ in await messages_of(store, room)] == sent


async def test_synapse_and_the_app_restarting_lose_and_repeat_nothing(
    start_synapse: Any, store: Store
) -> None:
    server: Synapse = start_synapse()
    support = server.new_user("support")
    with server.client(server.new_user("customer")) as customer:
        room = open_room(customer, support, "telegram")
        sent = [customer.send_text(room, f"před restartem {n}") for n in range(3)]
        chat = connector(server, support)
        await sync(store, chat)
        sent += [customer.send_text(room, "těsně před pádem")]
        server.stop()
        failed = await sync_accounts(store, [chat], never)
        assert (
            failed.failed
            and "cannot connect to" in (failed.failed[0].error or ConnectorError("", "")).message
        )
        chat.close()
        server.start()
        sent += [customer.send_text(room, "po restartu")]
        restarted = connector(server, support)  # the app started again: nothing in memory
        try:
            await sync(store, restarted)
            await sync(store, restarted)
        finally:
            restarted.close()
    assert [mid for mid, _ in await messages_of(store, room)] == sent
    rows = await store.list_queue(EVERYTHING, NOW, 0, 5)
    assert rows[0].network == "telegram"


async def test_a_retry_after_a_synapse_restart_still_sends_once(start_synapse: Any) -> None:
    server: Synapse = start_synapse()
    support = server.new_user("support")
    with server.client(server.new_user("customer")) as customer:
        room = open_room(customer, support)
        chat = connector(server, support)
        try:
            chat.join(room)
            first = chat.send_text(room, "Odpověď", "outbox-1")
            server.restart()
            assert chat.send_text(room, "Odpověď", "outbox-1") == first
        finally:
            chat.close()
        assert [e["event_id"] for e in customer.messages(room) if e["type"] ==
                "m.room.message"] == [first]  # fmt: skip


@pytest.mark.slow
async def test_a_rate_limited_send_waits_and_goes_out(start_synapse: Any) -> None:
    server: Synapse = start_synapse(strict_rate_limits=True)
    support = server.new_user("support")
    with server.client(server.new_user("customer")) as customer:
        room = open_room(customer, support)
        chat = connector(server, support)
        try:
            chat.join(room)
            began = time.monotonic()
            sent = [chat.send_text(room, f"odpověď {n}", f"t{n}") for n in range(4)]
            waited = time.monotonic() - began
        finally:
            chat.close()
        bodies = [e["content"]["body"] for e in customer.messages(room)
                  if e["type"] == "m.room.message"]  # fmt: skip
    assert len(set(sent)) == 4
    assert bodies == [f"odpověď {n}" for n in range(4)]
    assert waited > 1.0  # a 429 was waited out, not failed


async def test_a_logged_out_token_says_to_log_in_again(
    synapse: Synapse, matrix_user: MatrixUser
) -> None:
    device = synapse.login(matrix_user.user_id)
    with synapse.client(device) as client:
        client.request("POST", "/logout", {})
    chat = connector(synapse, device)
    try:
        with pytest.raises(ConnectorError) as caught:
            list(chat.fetch({"": None}, never))
        with pytest.raises(SendError) as refused:
            chat.send_text("!nowhere:test.local", "x", "t1")
    finally:
        chat.close()
    assert "the access token has expired or was revoked; log in again" in caught.value.message
    assert refused.value.permanent


async def test_login_with_the_password_gives_a_working_token(
    synapse: Synapse, matrix_user: MatrixUser
) -> None:
    settings = account(synapse, matrix_user)
    token = await asyncio.to_thread(login, settings, synapse.passwords[matrix_user.user_id])
    chat = MatrixConnector(settings, token=lambda: token)
    try:
        await asyncio.to_thread(chat.check_identity)
    finally:
        chat.close()
    with pytest.raises(ConnectorError, match="refused: wrong password"):
        await asyncio.to_thread(login, settings, "not the password")


async def test_a_formatted_message_fetches_nothing_it_points_at(
    matrix_user: MatrixUser, matrix_customer: MatrixClient, chat: MatrixConnector, store: Store
) -> None:
    with socket.socket() as trap:
        trap.bind(("127.0.0.1", 0))
        trap.listen()
        trap.settimeout(0.5)
        port = trap.getsockname()[1]
        room = open_room(matrix_customer, matrix_user)
        matrix_customer.send_text(room, "Foto", (
            f'<p>Foto <img src="http://127.0.0.1:{port}/pixel.png"> '
            f'<a href="http://127.0.0.1:{port}/x">odkaz</a></p>'
            f'<link rel="stylesheet" href="http://127.0.0.1:{port}/s.css">'
        ))  # fmt: skip
        await sync(store, chat)
        with pytest.raises(TimeoutError):
            trap.accept()
    ((_, text),) = await messages_of(store, room)
    assert text.startswith("Foto") and "odkaz" in text


def test_supportdesk_matrix_login_keeps_the_token_and_not_the_password(
    synapse: Synapse, matrix_user: MatrixUser, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    import keyring

    from supportdesk_tui import cli
    from tests.unit.test_secrets import MemoryKeyring

    config = tmp_path / "config.toml"
    config.write_text(
        f'[[accounts]]\nkind = "matrix"\nname = "chat"\nhomeserver = "{synapse.base_url}"\n'
        f'user_id = "{matrix_user.user_id}"\nallow_plaintext = true\n'
    )
    password = synapse.passwords[matrix_user.user_id]
    monkeypatch.setattr("getpass.getpass", lambda prompt: password)
    previous, ring = keyring.get_keyring(), MemoryKeyring()
    keyring.set_keyring(ring)
    try:
        assert cli.main(["--config", str(config), "matrix-login", "chat"]) == 0
        token = keyring.get_password("supportdesk", "chat")
    finally:
        keyring.set_keyring(previous)
    assert "logged in" in capsys.readouterr().out
    assert token and token != password and password not in config.read_text()
    whoami = MatrixConnector(account(synapse, matrix_user), token=lambda: token)
    try:
        whoami.check_identity()  # the stored token is a working one for this account
    finally:
        whoami.close()


# back-fills of several rooms at once (first sync, and a gap after it), cut and resumed


def long_rooms(
    synapse: Synapse, support: MatrixUser, rooms: int, messages: int
) -> dict[str, tuple[MatrixUser, list[str]]]:
    """Rooms that support has joined already, each with `messages` from its customer: room
    id -> (the customer, the event ids sent)."""
    made: dict[str, tuple[MatrixUser, list[str]]] = {}
    with synapse.client(support) as agent:
        for n in range(rooms):
            user = synapse.new_user("customer")
            with synapse.client(user) as customer:
                room = open_room(customer, support)
                agent.join(room)
                made[room] = (user, [customer.send_text(room, f"Dotaz {n}.{i}")
                                     for i in range(messages)])  # fmt: skip
    return made


def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Timelines of 2 events in /sync and /messages pages of 3: every room is back-filled,
    in several pages."""
    small = matrix_sync.SYNC_FILTER.replace(f'"limit":{matrix_sync.TIMELINE_LIMIT}', '"limit":2')
    monkeypatch.setattr(matrix_sync, "SYNC_FILTER", small)
    monkeypatch.setattr(matrix_sync, "PAGE", 3)


@pytest.mark.parametrize("cut", ["stopped", "killed"])
async def test_a_first_sync_cut_during_back_fills_resumes_without_loss_or_doubles(
    synapse: Synapse, matrix_user: MatrixUser, store: Store, monkeypatch: pytest.MonkeyPatch,
    cut: str,
) -> None:  # fmt: skip
    small_pages(monkeypatch)
    monkeypatch.setattr(matrix_sync, "ROOMS_PER_BATCH", 1)
    rooms = long_rooms(synapse, matrix_user, 5, 8)
    crashed = connector(synapse, matrix_user)
    stop = threading.Event()
    fetched = crashed.fetch({"": None}, stop.is_set)
    stored = 0
    for batch in fetched:  # the first room is written while the next ones are back-filled
        await store.apply_batch(batch)
        stored += len(batch.messages)
        if batch.messages:
            stop.set()  # "stopped": the fetch ends by itself after this batch
            if cut == "killed":
                break  # the app dies right after writing it
    fetched.close()  # type: ignore[attr-defined]
    crashed.close()
    assert 0 < stored < 5 * 8
    assert await store.cursor("chat") is None  # the first sync is not done: asked again
    restarted = connector(synapse, matrix_user)
    try:
        summary = await sync(store, restarted)
        assert summary.new_messages == 5 * 8 - stored
        assert (await sync(store, restarted)).new_messages == 0
    finally:
        restarted.close()
    for room, (_, sent) in rooms.items():
        assert [mid for mid, _ in await messages_of(store, room)] == sent
    rows = await store.list_queue(EVERYTHING, NOW, 0, 10)
    assert sorted(r.subject for r in rows) == [f"Dotaz {n}.0" for n in range(5)]


async def test_gaps_in_several_rooms_are_back_filled_side_by_side_exactly_once(
    synapse: Synapse, matrix_user: MatrixUser, chat: MatrixConnector, store: Store,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    small_pages(monkeypatch)
    rooms = long_rooms(synapse, matrix_user, 4, 3)
    assert (await sync(store, chat)).new_messages == 4 * 3
    for room, (customer, sent) in rooms.items():  # more than a timeline holds, everywhere
        with synapse.client(customer) as client:
            sent += [client.send_text(room, f"Další {i}") for i in range(7)]
    summary = await sync(store, chat)
    assert summary.new_messages == 4 * 7
    for room, (_, sent) in rooms.items():
        assert [mid for mid, _ in await messages_of(store, room)] == sent
