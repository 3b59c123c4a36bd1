"""One /sync answer into Batches: rooms as conversations, gaps back-filled with /messages.

A response's rooms go out in batches of a few rooms each; only the last batch carries the
response's `next_batch` as its cursor, so a sync stopped half-way (or killed) asks the same
`since` again next time, and the store skips what it has. Invites are joined before that
last batch: an invite is reported once, and a cursor stored past it would forget it.

A room whose timeline is limited is back-filled before its batch goes out, and a back-fill
cut short by `stop` is not handed out, so it leaves no state of its own: the cursor is still
before the gap and the next sync fills it again (what was stored is skipped). The back-fills
of one answer run a few rooms at a time, a few rooms ahead of the one being read, and are
handed out in the answer's order.

The first sync is one /sync with whole timelines (TIMELINE_LIMIT), not a thin /sync and then
/messages per room: against the tests' Synapse 1.163 (SQLite, 2 cores), 200 rooms x 50
messages, just started and the machine otherwise idle, the one /sync took 7.5-8.3 s; a
/sync of one event a room 4.7-4.8 s and the /messages for the rest 8.4-10 s more (one or
two at a time); /joined_rooms and /messages alone 10.3-10.7 s. Each /messages has a cost
of its own in Synapse, so back-fill pages are big (PAGE).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ..domain.models import Batch, Channel, Conversation, Customer, Direction, Message
from .base import Progress, Stop
from .matrix_events import STATE_TYPES, TIMELINE_TYPES, EventReader, Room, Timeline
from .matrix_http import MatrixError, MatrixHttp, path

log = logging.getLogger(__name__)

Json = dict[str, Any]

CLIENT = "/_matrix/client/v3"
TIMELINE_LIMIT = 100
"""Events per room in one /sync; a room with more since the last sync is back-filled."""
PAGE = 500
"""Events per /messages page when back-filling (Synapse gives at most 1000). Synapse spends
about as long on a page of 100 as on one of 500: 8 rooms of 400 events back-filled in
4.3-5.0 s with pages of 100, 2.4-3.6 s with pages of 500."""
MAX_BACKFILL = 1000
"""Older events fetched per room and sync at most (a first sync of a long-lived room)."""
BACKFILL_THREADS = 3
"""Rooms back-filled at once; each room's pages follow one another (same 8 rooms, pages of
100: 4.3-5.0 s one room at a time, 3.5-3.8 s three at a time)."""
BACKFILL_AHEAD = 6
"""Limited rooms back-filled ahead of the room being read, at most (bounds the memory)."""
ROOMS_PER_BATCH = 25
MESSAGES_PER_BATCH = 500
SUBJECT_LENGTH = 60

SYNC_FILTER = json.dumps(
    {
        "presence": {"not_types": ["*"]},
        "account_data": {"not_types": ["*"]},
        "room": {
            "state": {"types": list(STATE_TYPES), "lazy_load_members": True},
            "timeline": {"types": list(TIMELINE_TYPES), "limit": TIMELINE_LIMIT},
            "ephemeral": {"types": ["m.receipt"]},
            "account_data": {"not_types": ["*"]},
        },
    },
    separators=(",", ":"),
)
"""Only what a conversation needs: messages, redactions, members (lazy-loaded: those who
speak), the room's creation and bridge info, and read receipts (ours mark messages read)."""
BACKFILL_FILTER = json.dumps(
    {"types": list(TIMELINE_TYPES), "lazy_load_members": True}, separators=(",", ":")
)


@dataclass
class _RoomResult:
    room: Room
    timeline: Timeline
    conversation: Conversation | None
    customer: Customer | None
    messages: list[Message] = field(default_factory=list)


class SyncReader:
    """Reads /sync answers for one connector; `rooms` is what it remembers between them."""

    def __init__(
        self,
        http: MatrixHttp,
        reader: EventReader,
        *,
        auto_join: bool,
        user_id: str,
    ) -> None:
        self.http = http
        self.reader = reader
        self.account = reader.account
        self.user_id = user_id
        self.auto_join = auto_join
        self.rooms: dict[str, Room] = {}
        self.joined = 0
        """Rooms joined so far (invites accepted)."""

    def sync(self, since: str | None, wait: float, stop: Stop | None = None) -> Json:
        params: dict[str, str | int] = {"filter": SYNC_FILTER, "timeout": int(wait * 1000)}
        if since:
            params["since"] = since
        answer = self.http.request("GET", f"{CLIENT}/sync", params=params, wait=wait, stop=stop)
        if not isinstance(answer.get("next_batch"), str) or not answer["next_batch"]:
            raise MatrixError(self.account, f"{self.http.homeserver}: /sync gave no next_batch")
        return answer

    def batches(
        self, answer: Json, since: str | None, stop: Stop, progress: Counter
    ) -> Iterator[Batch]:
        """The answer's rooms as batches, the last one with the cursor; nothing once stopped."""
        rooms = _dict(answer.get("rooms"))
        self._join_invites(_dict(rooms.get("invite")), stop)
        listed = list(_dict(rooms.get("join")).items()) + list(_dict(rooms.get("leave")).items())
        joined: list[tuple[str, Json]] = []
        for room_id, data in listed:
            if isinstance(data, dict) and room_id.startswith("!"):
                joined.append((room_id, data))
            else:
                log.info("%s: skipped a malformed room in /sync", self.account)
        progress.grow(sum(_timeline_size(data) for _, data in joined))
        backfills = _Backfills(self, [self._gap(r, data, since) for r, data in joined], stop)
        try:
            group: list[_RoomResult] = []
            for index, (room_id, data) in enumerate(joined):
                if stop():
                    return
                history = backfills.take(index)
                if stop():
                    return  # its back-fill may have been cut short: not kept, asked again
                group.append(self._room(room_id, data, history, progress))
                if len(group) >= ROOMS_PER_BATCH or sum(len(r.messages) for r in group) >= (
                    MESSAGES_PER_BATCH
                ):
                    yield self._batch(group, None)
                    progress.add(sum(len(r.messages) for r in group))
                    group = []
            if stop():
                return
            yield self._batch(group, answer["next_batch"])
            progress.add(sum(len(r.messages) for r in group))
        finally:
            backfills.close()

    def _join_invites(self, invites: Json, stop: Stop) -> None:
        if not invites:
            return
        if not self.auto_join:
            log.info("%s: %d invites left for you to accept", self.account, len(invites))
            return
        for room_id in invites:
            if stop():
                return
            try:
                self.join(room_id)
            except MatrixError as error:
                if error.retryable:
                    raise  # the cursor stays before the invite: it is seen again next time
                log.warning("%s: could not join %s: %s", self.account, room_id, error.message)

    def join(self, room_id: str) -> None:
        self.http.request("POST", f"{CLIENT}/rooms/{path(room_id)}/join", body={})
        self.joined += 1
        log.info("%s: joined %s", self.account, room_id)

    def _gap(self, room_id: str, data: Json, since: str | None) -> Gap | None:
        """The history a room's /sync entry leaves out; None when nothing is missing."""
        timeline_data = _dict(data.get("timeline"))
        prev = timeline_data.get("prev_batch")
        if timeline_data.get("limited") is not True or not isinstance(prev, str) or not prev:
            return None
        # a room we just joined has no history here yet: back to its start, not to `since`
        events = _list(timeline_data.get("events"))
        return Gap(room_id, prev, None if self._joined_now(events) else since)

    def _room(
        self, room_id: str, data: Json, history: _History | None, progress: Counter
    ) -> _RoomResult:
        room = self.rooms.setdefault(room_id, Room(room_id))
        room.apply_summary(data.get("summary"))
        state = _events(data.get("state"))
        for event in state:
            room.apply_state(event)
        events = _list(_dict(data.get("timeline")).get("events"))
        older: list[Any] = []
        started = False
        if history is not None:
            for event in history.state:  # who the older events' senders were
                if isinstance(event, dict) and event.get("state_key") not in room.names:
                    room.apply_state(event)
            older, started = history.events, history.started
            progress.grow(len(older))
        timeline = self.reader.read(room, older + events)
        timeline.started = timeline.started or started
        for event in (*state, *(e for e in events if isinstance(e, dict) and "state_key" in e)):
            room.apply_state(event)  # back-filled member events were older: current names win
        messages = list(timeline.messages.values())
        _mark_read(messages, _our_receipts(data.get("ephemeral"), self.reader.ours))
        customer = self._customer(room, messages)
        conversation = None
        if customer is not None:
            conversation = Conversation(
                id=room.id,
                channel=Channel.CHAT,
                customer_id=customer.id,
                subject=_subject(messages) if timeline.started else "",
                account=self.account,
                network=room.network,
            )
        elif messages:
            log.warning(
                "%s: %s has nobody but us; its messages are not kept", self.account, room_id
            )
        return _RoomResult(room, timeline, conversation, customer, messages)

    def _joined_now(self, events: list[Any]) -> bool:
        return any(
            isinstance(e, dict)
            and e.get("type") == "m.room.member"
            and e.get("state_key") == self.user_id
            and isinstance(e.get("content"), dict)
            and e["content"].get("membership") == "join"
            for e in events
        )

    def backfill(self, gap: Gap, stop: Stop) -> _History:
        """The events of `gap`. Runs in a back-fill thread: it only asks the server; the
        reading thread applies what it found to the room."""
        room_id, upto = gap.room_id, gap.upto
        pages: list[list[Any]] = []
        state: list[Any] = []
        count, token = 0, gap.start
        while count < MAX_BACKFILL and not stop():
            params: dict[str, str | int] = {
                "dir": "b", "from": token, "limit": PAGE, "filter": BACKFILL_FILTER,
            }  # fmt: skip
            if upto:
                params["to"] = upto
            answer = self.http.request(
                "GET", f"{CLIENT}/rooms/{path(room_id)}/messages", params=params, stop=stop
            )
            chunk = _list(answer.get("chunk"))
            state += _list(answer.get("state"))
            pages.append(chunk)
            count += len(chunk)
            end = answer.get("end")
            if not chunk or not isinstance(end, str) or end == token:
                return _History(_oldest_first(pages), state, started=upto is None)
            token = end
        if count >= MAX_BACKFILL:
            log.warning("%s: %s: history older than %d events not fetched",
                        self.account, room_id, MAX_BACKFILL)  # fmt: skip
        return _History(_oldest_first(pages), state, started=False)

    def _customer(self, room: Room, messages: list[Message]) -> Customer | None:
        """The room's customer: who wrote first, else another member; the server is asked
        (once) who is there when the sync does not say, or not by name."""
        if room.customer is None:
            writers = [m.author_address for m in messages if m.direction is Direction.INCOMING]
            candidates = writers + room.others(self.reader.ours)
            if not candidates:
                self._ask_members(room)
                candidates = room.others(self.reader.ours)
            room.customer = candidates[0] if candidates else None
        if room.customer is not None and room.customer not in room.names:
            self._ask_members(room)  # lazy-loaded members: a restart forgets who is who
        return room.customer_record()

    def _ask_members(self, room: Room) -> None:
        """The joined members and their names, when the sync did not say who is there."""
        if room.asked_members:
            return
        room.asked_members = True
        try:
            answer = self.http.request("GET", f"{CLIENT}/rooms/{path(room.id)}/joined_members")
        except MatrixError as error:
            if error.retryable:
                raise
            log.info("%s: members of %s unknown: %s", self.account, room.id, error.message)
            return
        for user_id, profile in _dict(answer.get("joined")).items():
            if isinstance(user_id, str) and user_id.startswith("@"):
                room.members.setdefault(user_id, "join")
                name = profile.get("display_name") if isinstance(profile, dict) else None
                if isinstance(name, str) and name.strip():
                    room.names.setdefault(user_id, name.strip()[:200])

    def _batch(self, group: list[_RoomResult], cursor: str | None) -> Batch:
        edits = sorted((e for r in group for e in r.timeline.edits), key=lambda pair: pair[0])
        return Batch(
            self.account,
            customers=tuple(r.customer for r in group if r.customer is not None),
            conversations=tuple(r.conversation for r in group if r.conversation is not None),
            messages=tuple(m for r in group for m in r.messages),
            cursor=cursor,
            removed_message_ids=tuple(i for r in group for i in r.timeline.removed),
            edits=tuple(edit for _, edit in edits),
        )


@dataclass(frozen=True)
class Gap:
    """A room's events left out of a limited timeline: /messages from `start` backwards to
    `upto` (the previous sync's token), or to the room's beginning when `upto` is None."""

    room_id: str
    start: str
    upto: str | None


@dataclass
class _History:
    """What a back-fill found: events oldest first, the state it sent along (the senders'
    member events), and whether it reached the room's beginning."""

    events: list[Any]
    state: list[Any]
    started: bool


class _Backfills:
    """The back-fills of one answer's limited rooms, BACKFILL_THREADS at a time and up to
    BACKFILL_AHEAD rooms ahead of the room being read; `take` waits for a room's own."""

    def __init__(self, reader: SyncReader, gaps: list[Gap | None], stop: Stop) -> None:
        self._reader = reader
        self._gaps = gaps
        """Per room of the answer, in its order: the history to fetch, or None."""
        self._limited = [index for index, gap in enumerate(gaps) if gap is not None]
        self._submitted = 0
        """How many of `_limited` have been handed to the pool."""
        self._futures: dict[int, Future[_History]] = {}
        self._closed = threading.Event()
        self._stop = stop
        self._pool: ThreadPoolExecutor | None = None

    def take(self, index: int) -> _History | None:
        """Room `index`'s history (raising what its back-fill raised); None if it has no gap.
        Rooms are taken in order; the back-fills of the next limited rooms start meanwhile."""
        while self._submitted < len(self._limited) and (
            self._limited[self._submitted] <= index or len(self._futures) < BACKFILL_AHEAD
        ):
            self._submit(self._limited[self._submitted])
            self._submitted += 1
        future = self._futures.pop(index, None)
        return None if future is None else future.result()

    def _submit(self, index: int) -> None:
        gap = self._gaps[index]
        assert gap is not None
        if self._pool is None:
            self._pool = ThreadPoolExecutor(BACKFILL_THREADS, "matrix-backfill")
        self._futures[index] = self._pool.submit(self._reader.backfill, gap, self.stopped)

    def stopped(self) -> bool:
        return self._closed.is_set() or self._stop()

    def close(self) -> None:
        """Back-fills not taken are given up (one in the middle of a page ends with it)."""
        self._closed.set()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)


class Counter:
    """(done, total) in messages for the Progress callback; total grows with back-fills."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.done = 0
        self.total = 0

    def grow(self, more: int) -> None:
        if more:
            self.total += more
            self._report()

    def add(self, more: int) -> None:
        self.done = min(self.total, self.done + more)
        self._report()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total)


def has_news(answer: Json) -> bool:
    """Whether a /sync answer holds anything a fetch keeps (a room event, an invite, a room
    left); a receipt or an empty room entry alone is not worth a fetch."""
    rooms = _dict(answer.get("rooms"))
    if _dict(rooms.get("invite")) or _dict(rooms.get("leave")):
        return True
    for data in _dict(rooms.get("join")).values():
        if isinstance(data, dict) and (_events(data.get("timeline")) or _events(data.get("state"))):
            return True
    return False


def _mark_read(messages: list[Message], receipts: set[str]) -> None:
    """Customer messages up to our read receipt, or before our own answer, count as read."""
    last_seen = -1
    for index, message in enumerate(messages):
        if message.id in receipts or message.direction is Direction.OUTGOING:
            last_seen = index
    for index in range(last_seen + 1):
        if not messages[index].read:
            messages[index] = messages[index].copy_with(read=True)


def _our_receipts(ephemeral: Any, ours: frozenset[str]) -> set[str]:
    found: set[str] = set()
    for event in _events(ephemeral):
        if not isinstance(event, dict) or event.get("type") != "m.receipt":
            continue
        for event_id, kinds in _dict(event.get("content")).items():
            for kind in ("m.read", "m.read.private"):
                readers = _dict(kinds.get(kind)) if isinstance(kinds, dict) else {}
                if any(isinstance(u, str) and u.casefold() in ours for u in readers):
                    found.add(event_id)
    return found


def _subject(messages: list[Message]) -> str:
    """Chat has no subjects: the customer's first words (as the demo's rooms have)."""
    first = next(
        (m.body_text for m in messages if m.direction is Direction.INCOMING and m.body_text), ""
    )
    first = " ".join(first.split())
    return first if len(first) <= SUBJECT_LENGTH else first[: SUBJECT_LENGTH - 1].rstrip() + "…"


def _oldest_first(pages: list[list[Any]]) -> list[Any]:
    """Pages of a backwards /messages (each newest first) as one list, oldest first."""
    return [event for page in reversed(pages) for event in reversed(page)]


def _timeline_size(data: Any) -> int:
    return len(_events(data.get("timeline"))) if isinstance(data, dict) else 0


def _events(block: Any) -> list[Any]:
    return _list(block.get("events")) if isinstance(block, dict) else []


def _dict(value: Any) -> Json:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
