"""MatrixConnector against a scripted homeserver (httpx.MockTransport, spec-shaped JSON).

The same behaviour against a real Synapse: tests/connectors/test_matrix.py.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from supportdesk_tui.config import MatrixAccount
from supportdesk_tui.connectors import matrix_sync
from supportdesk_tui.connectors.matrix import MatrixConnector
from supportdesk_tui.domain.models import Batch, Channel, Direction, Status
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.errors import ConnectorError, SendError
from supportdesk_tui.imapsync import sync_accounts
from supportdesk_tui.store import Store

SUPPORT = "@podpora:shop.example"
JAN = "@whatsapp_420601234567:shop.example"
EVA = "@eva.kralova:shop.example"
BOT = "@whatsappbot:shop.example"
ROOM = "!wa1:shop.example"
ROOM2 = "!plain:shop.example"
HS = "https://matrix.shop.example"
TS = 1_772_442_000_000
EVERYTHING = QueueFilter(statuses=frozenset(Status))
NOW = datetime(2026, 3, 3, tzinfo=UTC)

Json = dict[str, Any]
Answer = Json | Callable[[httpx.Request], httpx.Response]


def event(eid: str, sender: str, content: Json, kind: str = "m.room.message", ts: int = 0,
          **extra: Any) -> Json:  # fmt: skip
    return {"type": kind, "event_id": eid, "sender": sender, "origin_server_ts": TS + ts,
            "content": content, **extra}  # fmt: skip


def text(eid: str, sender: str, body: str, ts: int = 0) -> Json:
    return event(eid, sender, {"msgtype": "m.text", "body": body}, ts=ts)


def member(user: str, name: str | None = None, membership: str = "join") -> Json:
    content: Json = {"membership": membership}
    if name:
        content["displayname"] = name
    return event(f"$m{abs(hash((user, membership)))}", user, content, "m.room.member",
                 state_key=user)  # fmt: skip


def create(creator: str) -> Json:
    return event("$create", creator, {"room_version": "10"}, "m.room.create", state_key="")


def bridge(protocol: str = "whatsapp") -> Json:
    return event("$bridge", BOT, {"bridgebot": BOT, "protocol": {"id": protocol}}, "m.bridge",
                 state_key=f"{protocol}://x")  # fmt: skip


def room(
    timeline: list[Any],
    *,
    state: Sequence[Json] = (),
    limited: bool = False,
    prev_batch: str = "p0",
    heroes: list[str] | None = None,
    ephemeral: Sequence[Json] = (),
) -> Json:
    data: Json = {
        "state": {"events": list(state)},
        "timeline": {"events": timeline, "limited": limited, "prev_batch": prev_batch},
        "ephemeral": {"events": list(ephemeral)},
    }
    if heroes is not None:
        data["summary"] = {"m.heroes": heroes, "m.joined_member_count": len(heroes) + 1}
    return data


def answer(next_batch: str, join: Json | None = None, **sections: Json) -> Json:
    return {"next_batch": next_batch, "rooms": {"join": join or {}, **sections}}


class Homeserver:
    """Answers by path like a homeserver; records every request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.syncs: dict[str | None, Answer] = {}
        """since -> /sync answer."""
        self.pages: dict[str, Answer] = {}
        """from token -> /messages answer."""
        self.routes: dict[tuple[str, str], Answer] = {}
        self.user_id = SUPPORT
        self.sleeps: list[float] = []
        self.lock = threading.Lock()

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests.append(request)
        path = request.url.path
        if path == "/_matrix/client/v3/account/whoami":
            return httpx.Response(200, json={"user_id": self.user_id})
        if path == "/_matrix/client/v3/sync":
            return self._reply(self.syncs[request.url.params.get("since")], request)
        if path.endswith("/messages"):
            return self._reply(self.pages[request.url.params["from"]], request)
        if path.endswith("/joined_members") and (request.method, path) not in self.routes:
            return httpx.Response(200, json={"joined": {}})
        return self._reply(self.routes[(request.method, path)], request)

    @staticmethod
    def _reply(found: Answer, request: httpx.Request) -> httpx.Response:
        return found(request) if callable(found) else httpx.Response(200, json=found)

    def paths(self, ending: str = "") -> list[str]:
        return [r.url.path for r in self.requests if r.url.path.endswith(ending)]

    def connector(self, **settings: Any) -> MatrixConnector:
        account = MatrixAccount(kind="matrix", name="chat", homeserver=HS, user_id=SUPPORT,
                                **settings)  # fmt: skip
        return MatrixConnector(account, token=lambda: "syt_secret",
                               transport=httpx.MockTransport(self.handle),
                               sleep=self.sleeps.append, long_poll=5)  # fmt: skip


@pytest.fixture
def server() -> Homeserver:
    return Homeserver()


@pytest.fixture
async def store() -> AsyncIterator[Store]:
    opened = await Store.open(":memory:")
    yield opened
    await opened.close()


def never() -> bool:
    return False


def fetch_all(connector: MatrixConnector, cursor: str | None = None) -> list[Batch]:
    return list(connector.fetch({"": cursor}, never))


def first_sync(server: Homeserver) -> None:
    server.syncs[None] = answer("s1", {
        ROOM: room([
            create(BOT), member(BOT, "WhatsApp bridge bot"), bridge(),
            member(SUPPORT, "Podpora"), member(JAN, "Jan Novák (WA)"),
            text("$1", JAN, "Dobrý den, kde je moje zásilka 1234?", ts=1000),
            text("$2", SUPPORT, "Dobrý den, hned to zjistím.", ts=2000),
            text("$3", JAN, "Děkuji", ts=3000),
        ]),
        ROOM2: room([member(EVA, "Eva Králová"), text("$4", EVA, "Máte skladem hrnky?")],
                    heroes=[EVA]),
    })  # fmt: skip


async def test_first_sync_puts_rooms_in_the_queue_with_customer_and_network(
    server: Homeserver, store: Store
) -> None:
    first_sync(server)
    connector = server.connector()
    summary = await sync_accounts(store, [connector], never)
    assert summary.failed == []
    rows = {r.conversation_id: r for r in await store.list_queue(EVERYTHING, NOW, 0, 10)}
    assert rows[ROOM].channel is Channel.CHAT and rows[ROOM].network == "whatsapp"
    assert rows[ROOM].customer_name == "Jan Novák (WA)"
    assert rows[ROOM].subject == "Dobrý den, kde je moje zásilka 1234?"
    assert rows[ROOM].preview == "Děkuji" and rows[ROOM].unread
    assert rows[ROOM2].network is None and rows[ROOM2].customer_name == "Eva Králová"
    detail = await store.conversation_detail(ROOM)
    assert detail is not None
    assert [(m.id, m.direction, m.read) for m in detail.messages] == [
        ("$1", Direction.INCOMING, True),  # answered by us: read
        ("$2", Direction.OUTGOING, True),
        ("$3", Direction.INCOMING, False),
    ]
    assert detail.customer.chat_ids == (JAN,)
    assert (detail.customer.first_name, detail.customer.last_name) == ("Jan", "Novák")
    assert await store.cursor("chat") == "s1"
    sync_request = next(r for r in server.requests if r.url.path.endswith("/sync"))
    assert sync_request.headers["Authorization"] == "Bearer syt_secret"
    sent_filter = json.loads(sync_request.url.params["filter"])
    assert sent_filter["room"]["state"]["lazy_load_members"] is True
    assert "m.room.message" in sent_filter["room"]["timeline"]["types"]


async def test_the_next_sync_goes_on_from_the_stored_token_and_repeats_nothing(
    server: Homeserver, store: Store
) -> None:
    first_sync(server)
    server.syncs["s1"] = answer("s2", {ROOM: room([text("$5", JAN, "Haló?", ts=9000)])})
    server.routes[("GET", f"/_matrix/client/v3/rooms/{ROOM}/joined_members")] = {
        "joined": {SUPPORT: {}, BOT: {}, JAN: {"display_name": "Jan Novák (WA)"}}
    }
    await sync_accounts(store, [server.connector()], never)
    assert server.paths("/joined_members") == []
    again = server.connector()  # a restarted app: nothing in memory
    summary = await sync_accounts(store, [again], never)
    assert summary.new_messages == 1
    assert [r.url.params.get("since") for r in server.requests if r.url.path.endswith("/sync")] == [
        None, "s1"
    ]  # fmt: skip
    assert await store.cursor("chat") == "s2"
    detail = await store.conversation_detail(ROOM)
    assert detail is not None and [m.id for m in detail.messages][-1] == "$5"
    assert detail.customer.display_name == "Jan Novák (WA)"  # asked: not in this sync
    assert len(server.paths("/joined_members")) == 1


def test_a_limited_timeline_is_back_filled_down_to_the_last_sync(server: Homeserver) -> None:
    server.syncs["s1"] = answer("s2", {
        ROOM: room([text("$9", JAN, "devátá", ts=9)], limited=True, prev_batch="t9"),
    })  # fmt: skip
    server.pages["t9"] = {"chunk": [text(f"${i}", JAN, f"zpráva {i}", ts=i)
                                    for i in (8, 7, 6)], "start": "t9", "end": "t6",
                          "state": [member(JAN, "Jan Novák")]}  # fmt: skip
    server.pages["t6"] = {"chunk": [text("$5", JAN, "zpráva 5", ts=5)], "start": "t6",
                          "end": "t5"}  # fmt: skip
    server.pages["t5"] = {"chunk": [], "start": "t5"}
    batches = fetch_all(server.connector(), "s1")
    assert [m.id for b in batches for m in b.messages] == ["$5", "$6", "$7", "$8", "$9"]
    pages = [r for r in server.requests if r.url.path.endswith("/messages")]
    assert [(p.url.params["from"], p.url.params["to"], p.url.params["dir"]) for p in pages] == [
        ("t9", "s1", "b"), ("t6", "s1", "b"), ("t5", "s1", "b")
    ]  # fmt: skip
    assert batches[-1].messages[0].author_name == "Jan Novák"
    assert batches[-1].conversations[0].subject == ""  # the room's start was not seen


def test_a_first_sync_back_fills_to_the_room_start(server: Homeserver) -> None:
    server.syncs[None] = answer("s1", {
        ROOM: room([text("$3", JAN, "třetí", ts=3)], limited=True, prev_batch="t3",
                   state=[member(JAN, "Jan Novák")]),
    })  # fmt: skip
    server.pages["t3"] = {"chunk": [text("$2", JAN, "druhá", ts=2), text("$1", JAN, "První "
                          "otázka, dost dlouhá na to, aby se do předmětu nevešla celá.", ts=1),
                          create(JAN)], "start": "t3"}  # fmt: skip
    batches = fetch_all(server.connector())
    assert [m.id for m in batches[-1].messages] == ["$1", "$2", "$3"]
    assert "to" not in server.requests[-1].url.params
    subject = batches[-1].conversations[0].subject
    assert subject.startswith("První otázka") and subject.endswith("…") and len(subject) == 60


def test_back_filling_is_bounded(server: Homeserver, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("supportdesk_tui.connectors.matrix_sync.MAX_BACKFILL", 4)
    server.syncs[None] = answer("s1", {ROOM: room([text("$100", JAN, "x", ts=100)],
                                                  limited=True, prev_batch="t100")})  # fmt: skip
    for n in range(100, 0, -2):
        server.pages[f"t{n}"] = {"chunk": [text(f"${n - 1}", JAN, "x", ts=n - 1),
                                           text(f"${n - 2}", JAN, "x", ts=n - 2)],
                                 "end": f"t{n - 2}"}  # fmt: skip
    batches = fetch_all(server.connector())
    assert len(batches[-1].messages) == 5
    assert batches[-1].cursor == "s1"


def test_progress_counts_messages_as_they_come(server: Homeserver) -> None:
    first_sync(server)
    seen: list[tuple[int, int]] = []
    list(
        server.connector().fetch({"": None}, never, lambda done, total: seen.append((done, total)))
    )
    assert seen[-1] == (4, seen[-1][1]) and seen[-1][1] >= 4
    assert all(done <= total for done, total in seen)


async def test_edits_and_redactions_of_stored_messages(server: Homeserver, store: Store) -> None:
    first_sync(server)
    server.syncs["s1"] = answer("s2", {ROOM: room([
        event("$e", JAN, {"msgtype": "m.text", "body": "* Děkuji moc!",
                          "m.new_content": {"msgtype": "m.text", "body": "Děkuji moc!"},
                          "m.relates_to": {"rel_type": "m.replace", "event_id": "$3"}}, ts=9),
        event("$r", JAN, {}, "m.room.redaction", redacts="$1", ts=10),
    ])})  # fmt: skip
    connector = server.connector()
    await sync_accounts(store, [connector], never)
    await sync_accounts(store, [connector], never)
    detail = await store.conversation_detail(ROOM)
    assert detail is not None
    assert [(m.id, m.body_text) for m in detail.messages] == [
        ("$2", "Dobrý den, hned to zjistím."),
        ("$3", "Děkuji moc!"),
    ]


def test_invites_are_joined_and_their_rooms_come_in_the_same_fetch(server: Homeserver) -> None:
    server.syncs[None] = answer("s1", invite={ROOM2: {"invite_state": {"events": []}}})
    server.routes[("POST", f"/_matrix/client/v3/rooms/{ROOM2}/join")] = {"room_id": ROOM2}
    server.syncs["s1"] = answer("s2", {ROOM2: room([
        member(SUPPORT, "Podpora"), text("$1", EVA, "Dobrý den"),
    ], state=[member(EVA, "Eva Králová")])})  # fmt: skip
    batches = fetch_all(server.connector())
    assert server.paths("/join") == [f"/_matrix/client/v3/rooms/{ROOM2}/join"]
    assert [b.cursor for b in batches] == ["s1", "s2"]
    assert [m.id for m in batches[-1].messages] == ["$1"]


def test_invites_wait_when_auto_join_is_off(server: Homeserver) -> None:
    server.syncs[None] = answer("s1", invite={ROOM2: {"invite_state": {"events": []}}})
    assert [b.cursor for b in fetch_all(server.connector(auto_join_invites=False))] == ["s1"]
    assert server.paths("/join") == []


def test_our_read_receipt_marks_what_the_agent_read_elsewhere(server: Homeserver) -> None:
    receipt = {
        "type": "m.receipt",
        "content": {"$2": {"m.read": {SUPPORT: {"ts": TS}}}, "$3": {"m.read": {JAN: {"ts": TS}}}},
    }
    server.syncs[None] = answer("s1", {ROOM: room([
        member(JAN, "Jan"), text("$1", JAN, "a"), text("$2", JAN, "b"), text("$3", JAN, "c"),
    ], ephemeral=[receipt])})  # fmt: skip
    batch = fetch_all(server.connector())[-1]
    assert [(m.id, m.read) for m in batch.messages] == [("$1", True), ("$2", True), ("$3", False)]


def test_a_malformed_answer_is_skipped_not_fatal(server: Homeserver) -> None:
    server.syncs[None] = {"next_batch": "s1", "rooms": {
        "join": {"!broken:x": "nonsense", ROOM: {"timeline": "nope", "state": [1, 2]},
                 ROOM2: room([None, {"type": 5}, member(EVA, "Eva"), text("$ok", EVA, "ok")])},
        "invite": ["not", "a", "dict"], "leave": None}}  # fmt: skip
    batches = fetch_all(server.connector())
    assert [m.id for b in batches for m in b.messages] == ["$ok"]
    assert batches[-1].cursor == "s1"


def test_a_room_with_only_our_messages_asks_who_else_is_there(server: Homeserver) -> None:
    server.syncs["s5"] = answer("s6", {ROOM2: room([text("$1", SUPPORT, "Dobrý den")])})
    server.routes[("GET", f"/_matrix/client/v3/rooms/{ROOM2}/joined_members")] = {
        "joined": {SUPPORT: {"display_name": "Podpora"}, EVA: {"display_name": "Eva Králová"}}
    }
    batch = fetch_all(server.connector(), "s5")[-1]
    assert [c.display_name for c in batch.customers] == ["Eva Králová"]
    assert batch.conversations[0].customer_id == batch.customers[0].id


def test_a_token_of_another_user_is_refused(server: Homeserver) -> None:
    server.user_id = "@someone.else:shop.example"
    with pytest.raises(ConnectorError, match="belongs to '@someone.else:shop.example'"):
        fetch_all(server.connector())


def test_an_expired_token_says_to_log_in_again(server: Homeserver) -> None:
    server.syncs[None] = lambda _: httpx.Response(
        401, json={"errcode": "M_UNKNOWN_TOKEN", "error": "Invalid access token passed."}
    )
    with pytest.raises(ConnectorError) as caught:
        fetch_all(server.connector())
    message = caught.value.message
    assert message.startswith("chat: the access token has expired or was revoked; log in again")
    assert "matrix-login chat" in message and "syt_secret" not in message
    assert "no restart needed" in message


def test_send_text_puts_with_the_transaction_id(server: Homeserver) -> None:
    sent: dict[str, str] = {}

    def send(request: httpx.Request) -> httpx.Response:
        txn = request.url.path.rsplit("/", 1)[1]
        sent.setdefault(txn, f"$ev{len(sent)}")  # the server's dedupe by transaction id
        return httpx.Response(200, json={"event_id": sent[txn]})

    url = f"/_matrix/client/v3/rooms/{ROOM}/send/m.room.message/out-17"
    server.routes[("PUT", url)] = send
    connector = server.connector()
    assert connector.send_text(ROOM, "Dobrý den, zásilka je na cestě.", "out-17") == "$ev0"
    assert connector.send_text(ROOM, "Dobrý den, zásilka je na cestě.", "out-17") == "$ev0"
    put = server.requests[-1]
    assert put.method == "PUT"
    assert json.loads(put.content) == {
        "msgtype": "m.text",
        "body": "Dobrý den, zásilka je na cestě.",
    }
    assert put.url.raw_path.decode().endswith(
        "/rooms/%21wa1%3Ashop.example/send/m.room.message/out-17"
    )


def test_send_waits_as_a_429_asks_then_sends(server: Homeserver) -> None:
    answers = iter([
        httpx.Response(429, json={"errcode": "M_LIMIT_EXCEEDED", "retry_after_ms": 1500}),
        httpx.Response(429, json={"errcode": "M_LIMIT_EXCEEDED", "retry_after_ms": 999_999}),
        httpx.Response(200, json={"event_id": "$sent"}),
    ])  # fmt: skip
    url = f"/_matrix/client/v3/rooms/{ROOM}/send/m.room.message/t1"
    server.routes[("PUT", url)] = lambda _: next(answers)
    assert server.connector().send_text(ROOM, "Dobrý den", "t1") == "$sent"
    waited = sum(server.sleeps)
    assert 1.5 + 29 <= waited <= 1.5 + 30.5  # the second wait capped at 30 s


def test_send_failures_say_whether_trying_again_can_help(server: Homeserver) -> None:
    base = f"/_matrix/client/v3/rooms/{ROOM}/send/m.room.message/"
    server.routes[("PUT", base + "a")] = lambda _: httpx.Response(
        401, json={"errcode": "M_UNKNOWN_TOKEN", "error": "Token expired", "soft_logout": True}
    )
    server.routes[("PUT", base + "b")] = lambda _: httpx.Response(
        403, json={"errcode": "M_FORBIDDEN", "error": "You are not in this room."}
    )
    server.routes[("PUT", base + "c")] = lambda _: httpx.Response(
        429, json={"errcode": "M_LIMIT_EXCEEDED", "retry_after_ms": 10}
    )

    def unreachable(_: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused")

    server.routes[("PUT", base + "d")] = unreachable
    connector = server.connector()
    outcomes = {}
    for txn in "abcd":
        with pytest.raises(SendError) as caught:
            connector.send_text(ROOM, "x", txn)
        outcomes[txn] = (caught.value.permanent, caught.value.message)
    assert outcomes["a"][0] and "log in again" in outcomes["a"][1]
    assert outcomes["b"][0] and "You are not in this room." in outcomes["b"][1]
    assert not outcomes["c"][0] and "limiting the rate" in outcomes["c"][1]
    assert (
        not outcomes["d"][0]
        and "cannot connect to https://matrix.shop.example" in (outcomes["d"][1])
    )
    assert all(message.startswith("chat: ") for _, message in outcomes.values())


def test_read_receipt_and_typing_notice(server: Homeserver) -> None:
    receipt = f"/_matrix/client/v3/rooms/{ROOM}/receipt/m.read/$3"
    typing = f"/_matrix/client/v3/rooms/{ROOM}/typing/{SUPPORT}"
    server.routes[("POST", receipt)] = {}
    server.routes[("PUT", typing)] = {}
    server.connector().send_read_receipt(ROOM, "$3")
    server.connector().set_typing(ROOM, True)  # typing_notices off: nothing sent
    assert server.paths() == [receipt]
    server.connector(typing_notices=True).set_typing(ROOM, True)
    assert server.paths()[-1] == typing
    assert json.loads(server.requests[-1].content) == {"typing": True, "timeout": 30000}


def test_files_download_only_on_request_through_authenticated_media(server: Homeserver) -> None:
    server.syncs[None] = answer("s1", {ROOM: room([member(JAN, "Jan"), event("$f", JAN, {
        "msgtype": "m.file", "body": "faktura.pdf", "url": "mxc://shop.example/AbC-d_1",
        "info": {"mimetype": "application/pdf", "size": 5}})])})  # fmt: skip
    media = "/_matrix/client/v1/media/download/shop.example/AbC-d_1"
    server.routes[("GET", media)] = lambda _: httpx.Response(200, content=b"%PDF-")
    connector = server.connector()
    fetch_all(connector)
    assert not any("/media/" in p for p in server.paths())
    assert connector.download("mxc://shop.example/AbC-d_1") == b"%PDF-"
    assert server.requests[-1].headers["Authorization"] == "Bearer syt_secret"
    with pytest.raises(ConnectorError, match="larger than"):
        connector.download("mxc://shop.example/AbC-d_1", max_bytes=3)
    with pytest.raises(ConnectorError, match="not a Matrix media address"):
        connector.download("https://evil.example/x.png")


def test_formatted_bodies_fetch_nothing(server: Homeserver) -> None:
    html = '<p>Foto: <img src="https://tracker.example/p.png"></p><link href="https://x.example/s">'
    server.syncs[None] = answer("s1", {ROOM: room([member(JAN, "Jan"), event("$h", JAN, {
        "msgtype": "m.text", "body": "Foto", "format": "org.matrix.custom.html",
        "formatted_body": html})])})  # fmt: skip
    batch = fetch_all(server.connector())[-1]
    assert batch.messages[0].body_text.startswith("Foto")
    assert {r.url.host for r in server.requests} == {"matrix.shop.example"}


def test_news_from_the_long_poll_is_not_fetched_twice(server: Homeserver) -> None:
    first_sync(server)
    released = threading.Event()

    def long_poll(request: httpx.Request) -> httpx.Response:
        assert request.url.params["timeout"] == "5000"
        released.wait(5)
        return httpx.Response(200, json=answer("s2", {ROOM: room([text("$5", JAN, "Haló?")])}))

    server.syncs["s1"] = long_poll
    connector = server.connector()
    batches = fetch_all(connector)
    threading.Timer(0.2, released.set).start()
    began = time.monotonic()
    assert connector.wait_for_news(never, 10) is True
    assert time.monotonic() - began < 1.0
    news = list(connector.fetch({"": batches[-1].cursor}, never))
    assert [m.id for b in news for m in b.messages] == ["$5"]
    assert [r.url.params.get("since") for r in server.requests if r.url.path.endswith("/sync")] == [
        None, "s1"
    ]  # fmt: skip


def test_waiting_stops_within_a_second_while_the_server_holds_the_poll(
    server: Homeserver,
) -> None:
    first_sync(server)
    hold = threading.Event()
    server.syncs["s1"] = lambda _: (hold.wait(5), httpx.Response(200, json=answer("s1")))[1]
    connector = server.connector()
    fetch_all(connector)
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    began = time.monotonic()
    assert connector.wait_for_news(stop.is_set, 60) is False
    assert time.monotonic() - began < 1.0
    hold.set()
    connector.close()


def test_an_answer_with_nothing_to_keep_moves_the_poll_on(server: Homeserver) -> None:
    first_sync(server)
    receipt_only = answer(
        "s2", {ROOM: {"ephemeral": {"events": [{"type": "m.receipt", "content": {}}]}}}
    )
    server.syncs["s1"] = receipt_only
    server.syncs["s2"] = answer("s3", {ROOM: room([text("$5", JAN, "Haló?")])})
    connector = server.connector()
    stored = fetch_all(connector)[-1].cursor
    assert connector.wait_for_news(never, 10) is True
    news = list(connector.fetch({"": stored}, never))
    assert [m.id for b in news for m in b.messages] == ["$5"]
    assert news[-1].cursor == "s3"
    # a cache that did not keep "s1" (another process) is asked from its own token
    server.syncs["s0"] = answer("s9")
    assert fetch_all(connector, "s0")[-1].cursor == "s9"


# back-fills of several rooms run side by side, handed out in the answer's order


def long_rooms(server: Homeserver, count: int, respond: Callable[[str, Json], Answer]) -> list[str]:
    """A first sync of `count` limited rooms, each with one event in /sync and two older ones
    on one /messages page, answered by `respond(room id, page)`."""
    rooms = [f"!long{n}:shop.example" for n in range(count)]
    join: Json = {}
    for n, room_id in enumerate(rooms):
        join[room_id] = room([text(f"${n}.3", JAN, "třetí", ts=n * 10 + 3)], limited=True,
                             prev_batch=f"t{n}", state=[member(JAN, "Jan Novák")])  # fmt: skip
        page = {"chunk": [text(f"${n}.2", JAN, "druhá", ts=n * 10 + 2),
                          text(f"${n}.1", JAN, "první", ts=n * 10 + 1), create(JAN)]}  # fmt: skip
        server.pages[f"t{n}"] = respond(room_id, page)
    server.syncs[None] = answer("s1", join)
    return rooms


def ids_by_room(batches: list[Batch]) -> list[tuple[str, list[str]]]:
    found: dict[str, list[str]] = {}
    for batch in batches:
        for message in batch.messages:
            found.setdefault(message.conversation_id, []).append(message.id)
    return list(found.items())


def test_rooms_are_back_filled_side_by_side_and_come_in_order(server: Homeserver) -> None:
    together = threading.Barrier(2, timeout=5)
    in_flight, most = 0, 0
    lock = threading.Lock()

    def respond(room_id: str, page: Json) -> Answer:
        def reply(request: httpx.Request) -> httpx.Response:
            nonlocal in_flight, most
            with lock:
                in_flight += 1
                most = max(most, in_flight)
            if room_id.startswith("!long0") or room_id.startswith("!long1"):
                together.wait()  # one room at a time would never get past this
            if room_id.startswith("!long0"):
                time.sleep(0.2)  # the first room's history comes last
            with lock:
                in_flight -= 1
            return httpx.Response(200, json=page)

        return reply

    rooms = long_rooms(server, 6, respond)
    batches = fetch_all(server.connector())
    assert ids_by_room(batches) == [(r, [f"${n}.1", f"${n}.2", f"${n}.3"])
                                    for n, r in enumerate(rooms)]  # fmt: skip
    assert 2 <= most <= matrix_sync.BACKFILL_THREADS
    assert [b.cursor for b in batches][-1] == "s1"
    assert all(c.subject == "první" for b in batches for c in b.conversations)


def test_a_failed_back_fill_fails_the_fetch_before_the_cursor(server: Homeserver) -> None:
    def respond(room_id: str, page: Json) -> Answer:
        if room_id.startswith("!long2"):
            return lambda _: httpx.Response(502, text="Bad Gateway")
        return page

    long_rooms(server, 5, respond)
    got: list[Batch] = []
    with pytest.raises(ConnectorError) as failed:
        for batch in server.connector().fetch({"": None}, never):
            got.append(batch)
    assert "try again later" in failed.value.message
    assert all(b.cursor is None for b in got)


def test_back_fills_run_only_a_few_rooms_ahead(
    server: Homeserver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matrix_sync, "BACKFILL_AHEAD", 2)
    monkeypatch.setattr(matrix_sync, "ROOMS_PER_BATCH", 1)
    asked: list[str] = []

    def respond(room_id: str, page: Json) -> Answer:
        def reply(request: httpx.Request) -> httpx.Response:
            asked.append(room_id)
            return httpx.Response(200, json=page)

        return reply

    rooms = long_rooms(server, 8, respond)
    fetched = server.connector().fetch({"": None}, never)
    first = next(fetched)
    time.sleep(0.2)  # whatever the pool would do meanwhile
    assert [m.conversation_id for m in first.messages][0] == rooms[0]
    assert len(asked) <= 1 + 2  # the room read and two ahead
    fetched.close()  # type: ignore[attr-defined]


def test_a_stop_during_back_fills_gives_no_cursor_and_leaves_no_thread(
    server: Homeserver,
) -> None:
    stop = threading.Event()

    def respond(room_id: str, page: Json) -> Answer:
        def reply(request: httpx.Request) -> httpx.Response:
            if room_id.startswith("!long1"):
                stop.set()
            return httpx.Response(200, json=page)

        return reply

    long_rooms(server, 8, respond)
    before = set(threading.enumerate())
    batches = list(server.connector().fetch({"": None}, stop.is_set))
    assert all(b.cursor is None for b in batches)
    left = [t for t in set(threading.enumerate()) - before if t.name.startswith("matrix-backfill")]
    assert left == []


def test_a_back_fill_cut_by_stop_is_not_handed_out_in_part(
    server: Homeserver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matrix_sync, "ROOMS_PER_BATCH", 1)
    stop = threading.Event()
    server.syncs[None] = answer("s1", {ROOM: room([text("$3", JAN, "třetí", ts=3)],
                                                  limited=True, prev_batch="t3")})  # fmt: skip

    def first_page(request: httpx.Request) -> httpx.Response:
        stop.set()  # the agent quits while the room's history is coming
        return httpx.Response(200, json={"chunk": [text("$2", JAN, "druhá", ts=2)], "end": "t2"})

    server.pages["t3"] = first_page
    server.pages["t2"] = {"chunk": [text("$1", JAN, "první", ts=1), create(JAN)]}
    assert list(server.connector().fetch({"": None}, stop.is_set)) == []
    assert "t2" not in [r.url.params.get("from") for r in server.requests]
