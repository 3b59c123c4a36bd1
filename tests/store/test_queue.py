"""The queue: order, filters, paging, search, snoozes, and the plans that keep it fast."""

from __future__ import annotations

from dataclasses import replace

import pytest

from supportdesk_tui.domain.models import Batch, Channel, Direction, Status
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.store import Store

from .store_builders import at, message, thread

IN, OUT = Direction.INCOMING, Direction.OUTGOING
NOW = at(100)
EVERYTHING = QueueFilter(statuses=frozenset(Status))


DEFAULT = QueueFilter()


async def ids(store: Store, f: QueueFilter = DEFAULT, offset: int = 0) -> list[str]:
    return [row.conversation_id for row in await store.list_queue(f, NOW, offset, 100)]


async def test_waiting_first_longest_first_then_newest_activity(store: Store) -> None:
    await store.apply_batch(thread("answered-early", IN, OUT, start=0))
    await store.apply_batch(thread("answered-late", IN, OUT, start=20))
    await store.apply_batch(thread("waiting-short", IN, start=30))
    await store.apply_batch(thread("waiting-long", OUT, IN, start=5))
    assert await ids(store) == ["waiting-long", "waiting-short", "answered-late", "answered-early"]


async def test_ties_are_broken_by_id_so_paging_is_stable(store: Store) -> None:
    for name in ("c", "a", "b"):
        await store.apply_batch(thread(name, IN, start=1))
    assert await ids(store) == ["a", "b", "c"]


async def test_pages_follow_each_other_without_gaps(store: Store) -> None:
    for n in range(25):
        await store.apply_batch(thread(f"conv-{n:02d}", IN, start=n))
    pages = [
        [r.conversation_id for r in await store.list_queue(QueueFilter(), NOW, offset, 10)]
        for offset in (0, 10, 20, 30)
    ]
    assert [len(p) for p in pages] == [10, 10, 5, 0]
    assert sum(pages, []) == [f"conv-{n:02d}" for n in range(25)]
    assert await store.count_queue(QueueFilter(), NOW) == 25


async def test_default_queue_hides_resolved_spam_and_sleeping_snoozes(store: Store) -> None:
    for name in ("open", "pending", "resolved", "spam", "asleep", "awake"):
        await store.apply_batch(thread(name, IN))
    await store.set_status(["pending"], Status.PENDING)
    await store.set_status(["resolved"], Status.RESOLVED)
    await store.set_status(["spam"], Status.SPAM)
    await store.snooze(["asleep"], NOW + (at(1) - at(0)))
    await store.snooze(["awake"], at(50))
    assert sorted(await ids(store)) == ["awake", "open", "pending"]
    snoozed = QueueFilter(statuses=frozenset({Status.SNOOZED}))
    assert await ids(store, snoozed) == ["asleep"]
    awake = [
        r for r in await store.list_queue(QueueFilter(), NOW, 0, 10) if r.conversation_id == "awake"
    ]
    assert awake[0].status is Status.OPEN
    assert await store.count_queue(EVERYTHING, NOW) == 6


async def test_wake_expired_snoozes_reopens_them(store: Store) -> None:
    await store.apply_batch(thread("asleep", IN))
    await store.apply_batch(thread("awake", IN))
    await store.snooze(["asleep"], NOW + (at(1) - at(0)))
    await store.snooze(["awake"], at(50))
    assert await store.wake_expired_snoozes(NOW) == ["awake"]
    assert await store.wake_expired_snoozes(NOW) == []
    detail = await store.conversation_detail("awake")
    assert detail is not None
    assert (detail.conversation.status, detail.conversation.snoozed_until) == (Status.OPEN, None)


async def test_filters(store: Store) -> None:
    await store.apply_batch(thread("mail-cs", IN, language="cs"))
    await store.apply_batch(thread("chat-pl", IN, channel=Channel.CHAT, language="pl"))
    await store.apply_batch(thread("mail-pl", IN, language="pl"))
    await store.assign(["mail-cs", "chat-pl"], "alice")
    await store.assign(["chat-pl"], "bob")
    await store.add_tag(["mail-pl", "chat-pl"], "refund")
    assert await ids(store, QueueFilter(assignee="alice")) == ["mail-cs"]
    assert await ids(store, QueueFilter(unassigned=True)) == ["mail-pl"]
    assert await ids(store, QueueFilter(tag="refund")) == ["chat-pl", "mail-pl"]
    assert await ids(store, QueueFilter(channel=Channel.CHAT)) == ["chat-pl"]
    assert await ids(store, QueueFilter(language="pl")) == ["chat-pl", "mail-pl"]
    both = QueueFilter(language="pl", tag="refund", channel=Channel.EMAIL)
    assert await ids(store, both) == ["mail-pl"]
    assert await store.count_queue(both, NOW) == 1
    assert await ids(store, QueueFilter(tag="nothing")) == []


async def test_rows_carry_what_the_queue_pane_shows(store: Store) -> None:
    batch = thread("conv-1", IN, OUT, network="whatsapp", language="cs")
    long_reply = replace(batch.messages[1], body_text="Dobrý   den,\n\nposíláme " + "x" * 300)
    await store.apply_batch(replace(batch, messages=(batch.messages[0], long_reply)))
    await store.add_tag(["conv-1"], "vip")
    await store.add_tag(["conv-1"], "b2b")
    (row,) = await store.list_queue(QueueFilter(), NOW, 0, 10)
    assert row.customer_name == "Jan Novák"
    assert row.preview.startswith("Dobrý den, posíláme xxx")
    assert len(row.preview) <= 160
    assert row.tags == ("b2b", "vip")
    assert (row.network, row.language, row.unread) == ("whatsapp", "cs", True)
    await store.mark_read("conv-1")
    (row,) = await store.list_queue(QueueFilter(), NOW, 0, 10)
    assert row.unread is False


async def test_a_note_does_not_answer_the_customer(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    note = await store.add_note("conv-1", "alice", "Zavolat dopravci", at(5))
    assert note.direction is Direction.NOTE
    (row,) = await store.list_queue(QueueFilter(), NOW, 0, 10)
    assert row.waiting_since == at(0)
    assert row.last_message_at == at(0)
    detail = await store.conversation_detail("conv-1")
    assert detail is not None
    assert [m.body_text for m in detail.messages] == ["Dobrý den", "Zavolat dopravci"]


SEARCH_CASES = [
    ("vondracek", ["c-vondracek"]),  # diacritics folded
    ("VONDRÁČEK", ["c-vondracek"]),
    ("vondr", ["c-vondracek"]),  # last word is a prefix
    ("lodz", ["c-lodz"]),  # ł is not a diacritic to unicode61, folded by us
    ("ёлка", ["c-cyrillic"]),
    ("елка", ["c-cyrillic"]),
    ("reklamace vondracek", ["c-vondracek"]),  # words from subject and name
    ("zásilka rozbitá", ["c-vondracek"]),  # words from two different messages
    ("faktura", []),
]
HOSTILE = ["foo OR", '"unbalanced', "NEAR(", "a AND", "*", "-x", "col:abc", "()", '"" ""', "^"]


async def searchable(store: Store) -> None:
    batch = thread("c-vondracek", IN, IN, name="Jiří Vondráček", subject="Reklamace")
    first, second = batch.messages
    await store.apply_batch(
        replace(
            batch,
            messages=(
                replace(first, body_text="Zásilka přišla"),
                replace(second, body_text="a je rozbitá"),
            ),
        )
    )
    lodz = thread("c-lodz", IN, cust="cust-2", name="Anna Łódzka", subject="Zamówienie")
    await store.apply_batch(lodz)
    cyr = thread("c-cyrillic", IN, cust="cust-3", name="Ольга", subject="Ёлка не пришла")
    await store.apply_batch(cyr)


@pytest.mark.parametrize(("text", "expected"), SEARCH_CASES)
async def test_search(store: Store, text: str, expected: list[str]) -> None:
    await searchable(store)
    assert await ids(store, QueueFilter(text=text)) == expected
    assert await store.count_queue(QueueFilter(text=text), NOW) == len(expected)


@pytest.mark.parametrize("text", HOSTILE)
async def test_hostile_search_text_never_raises(store: Store, text: str) -> None:
    await searchable(store)
    rows = await store.list_queue(QueueFilter(text=text), NOW, 0, 10)
    assert isinstance(rows, list)
    assert await store.count_queue(QueueFilter(text=text), NOW) == len(rows)


async def test_search_follows_new_messages_and_removals(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    late = message("late", hours=3, body="Kde je moje reklamace?")
    await store.apply_batch(Batch("shop", messages=(late,)))
    assert await ids(store, QueueFilter(text="reklamace")) == ["conv-1"]
    await store.apply_batch(Batch("shop", removed_message_ids=("late",)))
    assert await ids(store, QueueFilter(text="reklamace")) == []


# Each queue variant must page over an index, never sort or scan the whole table.
PLAN_CASES = {
    "default": QueueFilter(),
    "everything": EVERYTHING,
    "mine": QueueFilter(assignee="alice"),
    "unassigned": QueueFilter(unassigned=True),
    "resolved": QueueFilter(statuses=frozenset({Status.RESOLVED})),
    "snoozed": QueueFilter(statuses=frozenset({Status.SNOOZED})),
    "channel": QueueFilter(channel=Channel.CHAT),
    "language": QueueFilter(language="pl"),
    "tag": QueueFilter(tag="vip"),
    "text": QueueFilter(text="reklamace"),
}


@pytest.mark.parametrize("name", PLAN_CASES)
async def test_queue_queries_use_indexes(store: Store, name: str) -> None:
    plans = await store.queue_plans(PLAN_CASES[name], NOW)
    page = plans["page"]
    choosing = page[: page.index("SCAN page")]  # the inner query that picks the page's ids
    for steps in (choosing, plans["count"]):
        reads = [s for s in steps if s.startswith(("SCAN conversation", "SEARCH conversation"))]
        assert reads, steps
        assert all("INDEX" in s or "PRIMARY KEY" in s for s in reads), steps
    if name not in ("tag", "text"):  # these sort their few matches; the rest come in order
        assert not any("TEMP B-TREE" in s for s in choosing), choosing
