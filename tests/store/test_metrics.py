"""Store.report on a small desk where every number is worked out by hand below.

The shop is in Prague, open Monday to Friday 09:00-17:00 (March 2026 is CET, UTC+1). The
week reported is Monday 2 March 00:00 to Monday 9 March 00:00, shop time. All times below
are shop time; "FR" is the first response time, "RES" the resolution time, both in business
seconds (1 h = 3600).

    conv  customer channel lang agent       tags          what happens
    C1    cust-1   email    cs   eva         refund        Mon 10:00 in, 10:30 eva answers,
                                                           resolved 12:00: FR 1800, RES 7200,
                                                           1 reply
    C2    cust-2   email    pl   eva         courier       Mon 23:00 in (night), Tue 09:30
                                                           answered, resolved Tue 10:00:
                                                           FR 1800 (09:00-09:30), RES 3600, 1 reply
    C3    cust-3   chat     pl   tomas       refund, vip   Tue 14:00 in, 14:05 answered, resolved
                                                           14:30; Wed 09:00 the customer writes
                                                           again (reopened), 09:10 answered,
                                                           resolved 09:20: FR 300, RES 3 h Tue +
                                                           20 min Wed = 12000, 2 replies
    C4    cust-4   email    pl   tomas       -             Wed 11:00 in, 11:15 a note (no answer),
                                                           15:00 answered, pending: FR 14400
    C5    cust-5   email    cs   - (note by  -             Thu 16:00 in, 16:30 a note by tomas:
                                    tomas)                 unanswered, agent "" (a note is no
                                                           answer)
    C6    cust-6   chat     cs   eva (first  -             Thu 08:00 in, 09:15 answered by eva,
                                  answer)                  resolved 10:00: FR 900, RES 3600, 1 reply
    C7    cust-1   email    cs   eva         refund        Fri 09:00 in, 09:40 in again, 13:00
                                                           answered: FR 14400; a repeat contact
                                                           (C1 of the same customer resolved Mon)
    C8    cust-8   chat     pl   tomas       -             Sat 10:00 in, answered Mon 9 March 09:45
                                                           (after the week, still counts): FR 2700
    C11   cust-6   email    cs   tomas       -             Thu 09:30 in, 11:30 answered, resolved
                                                           Fri 10:00: FR 7200, RES 7.5 h + 1 h =
                                                           30600, 1 reply; not a repeat (C6 was
                                                           resolved after C11 began)
    C9    cust-9   email    cs   eva         -             Wed 25 Feb in (before the week: not
                                                           counted), resolved Tue 3 March 12:00
    C10   cust-10  email    pl   -           -             Thu 12:00 in, spam 12:05: left out

Totals over C1-C8, C11 (9 conversations): unanswered 1 (C5); resolved 5 (C1 C2 C3 C6 C11);
repeat contacts 1 (C7); reopened 1 (C3).
FR sorted (8): 300 900 1800 1800 2700 7200 14400 14400 -> median rank ceil(8/2)=4: 1800;
p90 rank ceil(7.2)=8: 14400; mean 43500/8 = 5437.5.
RES sorted (5): 3600 3600 7200 12000 30600 -> median rank 3: 7200; p90 rank ceil(4.5)=5:
30600; mean 57000/5 = 11400. Replies sorted: 1 1 1 1 2 -> median 1, p90 2, mean 1.2.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from dataclasses import astuple, replace
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from supportdesk_tui.domain.metrics import (
    BacklogPoint,
    BusinessHours,
    Distribution,
    GroupFigures,
    Grouping,
    Report,
    ReportQuery,
)
from supportdesk_tui.domain.models import (
    Batch,
    Channel,
    Conversation,
    Customer,
    Direction,
    Message,
    Status,
)
from supportdesk_tui.store import Store, migrations
from supportdesk_tui.store.search import fold

PRAGUE = ZoneInfo("Europe/Prague")
HOURS = BusinessHours(timezone="Europe/Prague")  # 09:00-17:00, Monday to Friday
IN, OUT = Direction.INCOMING, Direction.OUTGOING
EMAIL, CHAT = Channel.EMAIL, Channel.CHAT


def p(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """Shop time, March 2026 unless told."""
    return datetime(2026, month, day, hour, minute, tzinfo=PRAGUE)


WEEK = ReportQuery(start=p(2, 0).astimezone(UTC), end=p(9, 0).astimezone(UTC), hours=HOURS)


def message(conv: str, when: datetime, direction: Direction, author: str = "") -> Message:
    return Message(
        id=f"{conv}-{direction.value}-{when.isoformat()}",
        conversation_id=conv,
        channel=EMAIL,
        direction=direction,
        author_name=author or "Zákazník",
        author_address="podpora@shop.example" if direction is OUT else f"{conv}@example.cz",
        sent_at=when,
        body_text="Dobrý den",
    )


async def begin(
    store: Store, conv: str, customer: str, when: datetime, channel: Channel, language: str
) -> None:
    """The customer's first message starts the conversation."""
    await store.apply_batch(
        Batch(
            "shop",
            customers=(Customer(customer, customer, emails=(f"{customer}@example.cz",)),),
            conversations=(Conversation(conv, channel, customer, "Dotaz", language=language),),
            messages=(message(conv, when, IN),),
        )
    )


async def writes(store: Store, conv: str, when: datetime, direction: Direction = IN,
                 author: str = "") -> None:  # fmt: skip
    await store.apply_batch(Batch("shop", messages=(message(conv, when, direction, author),)))


async def build_desk(store: Store) -> None:
    """The table in the module docstring, in the order it happened."""
    resolve = Status.RESOLVED
    await begin(store, "C9", "cust-9", p(25, 10, month=2), EMAIL, "cs")
    await store.assign(["C9"], "eva")
    await begin(store, "C1", "cust-1", p(2, 10), EMAIL, "cs")
    await store.assign(["C1"], "eva")
    await store.add_tag(["C1"], "refund")
    await writes(store, "C1", p(2, 10, 30), OUT, "Eva")
    await store.set_status(["C1"], resolve, at=p(2, 12))
    await begin(store, "C2", "cust-2", p(2, 23), EMAIL, "pl")
    await store.assign(["C2"], "eva")
    await store.add_tag(["C2"], "courier")
    await writes(store, "C2", p(3, 9, 30), OUT, "Eva")
    await store.set_status(["C2"], resolve, at=p(3, 10))
    await store.set_status(["C9"], resolve, at=p(3, 12))
    await begin(store, "C3", "cust-3", p(3, 14), CHAT, "pl")
    await store.assign(["C3"], "tomas")
    await store.add_tag(["C3"], "refund")
    await store.add_tag(["C3"], "vip")
    await writes(store, "C3", p(3, 14, 5), OUT, "Tomáš")
    await store.set_status(["C3"], resolve, at=p(3, 14, 30))
    await writes(store, "C3", p(4, 9))  # the customer again: reopened
    await writes(store, "C3", p(4, 9, 10), OUT, "Tomáš")
    await store.set_status(["C3"], resolve, at=p(4, 9, 20))
    await begin(store, "C4", "cust-4", p(4, 11), EMAIL, "pl")
    await store.assign(["C4"], "tomas")
    await store.add_note("C4", "tomas", "Zjistím u dopravce.", p(4, 11, 15))
    await writes(store, "C4", p(4, 15), OUT, "Tomáš")
    await store.set_status(["C4"], Status.PENDING, at=p(4, 15))
    await begin(store, "C6", "cust-6", p(5, 8), CHAT, "cs")
    await writes(store, "C6", p(5, 9, 15), OUT, "eva")  # unassigned: its answer's author
    await begin(store, "C11", "cust-6", p(5, 9, 30), EMAIL, "cs")
    await store.assign(["C11"], "tomas")
    await store.set_status(["C6"], resolve, at=p(5, 10))
    await writes(store, "C11", p(5, 11, 30), OUT, "Tomáš")
    await begin(store, "C10", "cust-10", p(5, 12), EMAIL, "pl")
    await store.set_status(["C10"], Status.SPAM, at=p(5, 12, 5))
    await begin(store, "C5", "cust-5", p(5, 16), EMAIL, "cs")
    await store.add_note("C5", "tomas", "Počkám na fotky.", p(5, 16, 30))
    await begin(store, "C7", "cust-1", p(6, 9), EMAIL, "cs")
    await store.assign(["C7"], "eva")
    await store.add_tag(["C7"], "refund")
    await writes(store, "C7", p(6, 9, 40))
    await store.set_status(["C11"], resolve, at=p(6, 10))
    await writes(store, "C7", p(6, 13), OUT, "Eva")
    await begin(store, "C8", "cust-8", p(7, 10), CHAT, "pl")
    await store.assign(["C8"], "tomas")
    await writes(store, "C8", p(9, 9, 45), OUT, "Tomáš")


@pytest.fixture
async def desk(store: Store) -> AsyncIterator[Store]:
    await build_desk(store)
    yield store


def figures(
    group: str, counts: tuple[int, int, int, int, int], *distributions: tuple[float, ...]
) -> GroupFigures:
    """counts: conversations, unanswered, resolved, repeat contacts, reopened;
    distributions: (count, median, p90, mean) of first response, resolution, replies."""
    made = [Distribution(int(d[0]), *d[1:]) if d else Distribution() for d in distributions]
    first_response, resolution, replies = made + [Distribution()] * (3 - len(made))
    conversations, unanswered, resolved, repeats, reopened = counts
    return GroupFigures(group, conversations, unanswered, resolved, first_response, resolution,
                        replies, repeats, reopened)  # fmt: skip


def same(found: GroupFigures, expected: GroupFigures) -> bool:
    """Equal, with means compared to a rounding error."""
    for name in ("first_response", "resolution", "replies_to_resolve"):
        got, want = getattr(found, name), getattr(expected, name)
        if astuple(got) != pytest.approx(astuple(want)):
            return False
    return astuple(found)[:4] + astuple(found)[7:] == astuple(expected)[:4] + astuple(expected)[7:]


TOTAL = figures(
    "", (9, 1, 5, 1, 1), (8, 1800, 14400, 5437.5), (5, 7200, 30600, 11400), (5, 1, 2, 1.2)
)


async def report(store: Store, **changes: object) -> Report:
    return await store.report(replace(WEEK, **changes))  # type: ignore[arg-type]


async def test_totals_of_the_week(desk: Store) -> None:
    found = await desk.report(WEEK)
    assert found.query == WEEK
    assert same(found.total, TOTAL), found.total
    assert found.groups == ()


async def test_first_response_histogram(desk: Store) -> None:
    # [0, 15 min): 300; [15 min, 1 h): 900 1800 1800 2700; [1 h, 4 h): 7200;
    # [4 h, 8 h): 14400 14400 (4 h is the first value of its bucket); nothing slower.
    histogram = (await desk.report(WEEK)).first_response_histogram
    assert histogram.edges == (0, 900, 3600, 14400, 28800, 86400, 172800)
    assert histogram.counts == (1, 4, 1, 2, 0, 0, 0)


async def test_busiest_hours_count_customer_messages_in_shop_time(desk: Store) -> None:
    # Customer messages in the week (answers, notes and the spam left out), Monday = 0:
    # Mon 10 (C1), Mon 23 (C2), Tue 14 (C3), Wed 9 (C3 again), Wed 11 (C4), Thu 8 (C6),
    # Thu 9 (C11 at 09:30), Thu 16 (C5), Fri 9 twice (C7 09:00 and 09:40), Sat 10 (C8).
    grid = (await desk.report(WEEK)).busiest_hours
    assert len(grid) == 7 and all(len(day) == 24 for day in grid)
    cells = {(day, hour): n for day, hours in enumerate(grid) for hour, n in enumerate(hours) if n}
    assert cells == {(0, 10): 1, (0, 23): 1, (1, 14): 1, (2, 9): 1, (2, 11): 1, (3, 8): 1,
                     (3, 9): 1, (3, 16): 1, (4, 9): 2, (5, 10): 1}  # fmt: skip


async def test_backlog_at_the_end_of_each_day(desk: Store) -> None:
    # Mon: C9 (open since February) and C2 (23:00); C1 resolved at noon -> 2
    # Tue: C9, C2 and C3 resolved -> 0
    # Wed: C3 reopened and resolved again; C4 pending (waiting counts) -> 1
    # Thu: C4, C5, C11 (C6 resolved, C10 spam) -> 3
    # Fri: C4, C5, C7 (C11 resolved) -> 3;  Sat: + C8 -> 4;  Sun: 4
    backlog = (await desk.report(WEEK)).backlog
    assert backlog == tuple(
        BacklogPoint(date(2026, 3, day), n)
        for day, n in ((2, 2), (3, 0), (4, 1), (5, 3), (6, 3), (7, 4), (8, 4))
    )


async def test_by_channel(desk: Store) -> None:
    # email: C1 C2 C4 C5 C7 C11. FR 1800 1800 7200 14400 14400 -> median rank 3: 7200, p90
    # rank 5: 14400, mean 39600/5 = 7920. RES 3600 7200 30600 -> median 7200, p90 rank
    # ceil(2.7) = 3: 30600, mean 13800. Replies 1 1 1.
    # chat: C3 C6 C8. FR 300 900 2700 -> 900, 2700, mean 1300. RES 3600 12000 -> median
    # rank 1: 3600, p90 rank 2: 12000, mean 7800. Replies 1 2 -> 1, 2, 1.5.
    found = await report(desk, group_by=Grouping.CHANNEL)
    assert same(found.total, TOTAL)
    expected = (
        figures("email", (6, 1, 3, 1, 0), (5, 7200, 14400, 7920), (3, 7200, 30600, 13800),
                (3, 1, 1, 1)),
        figures("chat", (3, 0, 2, 0, 1), (3, 900, 2700, 1300), (2, 3600, 12000, 7800),
                (2, 1, 2, 1.5)),
    )  # fmt: skip
    assert [g.group for g in found.groups] == ["email", "chat"]
    assert all(same(g, e) for g, e in zip(found.groups, expected, strict=True)), found.groups


async def test_by_language(desk: Store) -> None:
    # cs: C1 C5 C6 C7 C11. FR 900 1800 7200 14400 -> median rank 2: 1800, p90 rank 4:
    # 14400, mean 24300/4 = 6075. RES 3600 7200 30600 -> 7200, 30600, 13800. Replies 1 1 1.
    # pl: C2 C3 C4 C8. FR 300 1800 2700 14400 -> 1800, 14400, mean 19200/4 = 4800.
    # RES 3600 12000 -> 3600, 12000, 7800. Replies 1 2 -> 1, 2, 1.5.
    found = await report(desk, group_by=Grouping.LANGUAGE)
    expected = (
        figures("cs", (5, 1, 3, 1, 0), (4, 1800, 14400, 6075), (3, 7200, 30600, 13800),
                (3, 1, 1, 1)),
        figures("pl", (4, 0, 2, 0, 1), (4, 1800, 14400, 4800), (2, 3600, 12000, 7800),
                (2, 1, 2, 1.5)),
    )  # fmt: skip
    assert [g.group for g in found.groups] == ["cs", "pl"]
    assert all(same(g, e) for g, e in zip(found.groups, expected, strict=True)), found.groups


async def test_by_agent_assignee_else_first_answer_and_never_a_note(desk: Store) -> None:
    # eva: C1 C2 C7 (assigned) and C6 (unassigned, answered by eva). FR 900 1800 1800 14400
    # -> 1800, 14400, mean 18900/4 = 4725. RES 3600 3600 7200 -> median rank 2: 3600, p90
    # rank 3: 7200, mean 4800. Replies 1 1 1.
    # tomas: C3 C4 C8 C11. FR 300 2700 7200 14400 -> 2700, 14400, mean 24600/4 = 6150.
    # RES 12000 30600 -> 12000, 30600, mean 21300. Replies 2 1 -> 1, 2, 1.5.
    # "": C5, unassigned and unanswered (tomas only wrote a note): no distributions.
    # eva and tomas tie at 4: alphabetical.
    found = await report(desk, group_by=Grouping.AGENT)
    expected = (
        figures("eva", (4, 0, 3, 1, 0), (4, 1800, 14400, 4725), (3, 3600, 7200, 4800),
                (3, 1, 1, 1)),
        figures("tomas", (4, 0, 2, 0, 1), (4, 2700, 14400, 6150), (2, 12000, 30600, 21300),
                (2, 1, 2, 1.5)),
        figures("", (1, 1, 0, 0, 0)),
    )  # fmt: skip
    assert [g.group for g in found.groups] == ["eva", "tomas", ""]
    assert all(same(g, e) for g, e in zip(found.groups, expected, strict=True)), found.groups


async def test_by_tag_a_conversation_counts_under_each_of_its_tags(desk: Store) -> None:
    # "" (no tag): C4 C5 C6 C8 C11. FR 900 2700 7200 14400 -> 2700, 14400, mean 6300.
    # RES 3600 30600 -> 3600, 30600, 17100. Replies 1 1.
    # refund: C1 C3 C7. FR 300 1800 14400 -> 1800, 14400, mean 5500. RES 7200 12000 ->
    # 7200, 12000, 9600. Replies 1 2 -> 1, 2, 1.5. Repeat C7, reopened C3.
    # courier: C2 (FR 1800, RES 3600). vip: C3 (FR 300, RES 12000, 2 replies, reopened).
    found = await report(desk, group_by=Grouping.TAG)
    assert same(found.total, TOTAL)  # C3 once, although in two tags
    expected = (
        figures("", (5, 1, 2, 0, 0), (4, 2700, 14400, 6300), (2, 3600, 30600, 17100),
                (2, 1, 1, 1)),
        figures("refund", (3, 0, 2, 1, 1), (3, 1800, 14400, 5500), (2, 7200, 12000, 9600),
                (2, 1, 2, 1.5)),
        figures("courier", (1, 0, 1, 0, 0), (1, 1800, 1800, 1800), (1, 3600, 3600, 3600),
                (1, 1, 1, 1)),
        figures("vip", (1, 0, 1, 0, 1), (1, 300, 300, 300), (1, 12000, 12000, 12000),
                (1, 2, 2, 2)),
    )  # fmt: skip
    assert [g.group for g in found.groups] == ["", "refund", "courier", "vip"]
    assert all(same(g, e) for g, e in zip(found.groups, expected, strict=True)), found.groups


async def test_filters_narrow_every_figure(desk: Store) -> None:
    # tomas alone: the figures of his group, his customers' messages (Tue 14, Wed 9, Wed 11,
    # Thu 9, Sat 10) and his backlog: Mon 0; Tue 0 (C3 resolved); Wed C4; Thu C4 C11;
    # Fri C4; Sat, Sun C4 C8.
    found = await report(desk, agent="tomas")
    assert same(
        found.total,
        figures("", (4, 0, 2, 0, 1), (4, 2700, 14400, 6150), (2, 12000, 30600, 21300),
                (2, 1, 2, 1.5)),
    )  # fmt: skip
    cells = {(d, h): n for d, hours in enumerate(found.busiest_hours)
             for h, n in enumerate(hours) if n}  # fmt: skip
    assert cells == {(1, 14): 1, (2, 9): 1, (2, 11): 1, (3, 9): 1, (5, 10): 1}
    assert [point.open for point in found.backlog] == [0, 0, 1, 2, 1, 2, 2]
    assert found.first_response_histogram.counts == (1, 1, 1, 1, 0, 0, 0)
    # the other filters: the same figures as the group's
    assert (await report(desk, channel="chat")).total.conversations == 3
    assert (await report(desk, language="pl")).total.reopened == 1
    refund = await report(desk, tag="refund")
    assert (refund.total.conversations, refund.total.repeat_contacts) == (3, 1)
    assert (await report(desk, tag="nothing-like-it")).total == GroupFigures("")


async def test_a_shorter_repeat_window_and_calendar_time(desk: Store) -> None:
    # C1 was resolved 3 days 21 hours before C7 began: a repeat within 7 days, not 3.
    assert (await report(desk, repeat_window_days=3)).total.repeat_contacts == 0
    # Around the clock, C2's night message answered at 09:30 took 10.5 h, not 30 min.
    always = BusinessHours(timezone="Europe/Prague", always=True)
    night = await report(desk, hours=always, tag="courier")
    assert night.total.first_response.median == 10.5 * 3600


async def test_the_period_is_a_choice_of_conversations(desk: Store) -> None:
    # Thursday alone: C6, C11, C5 began then (C10 is spam); its one backlog day is Thu: 3.
    thursday = await report(desk, start=p(5, 0).astimezone(UTC), end=p(6, 0).astimezone(UTC))
    assert (thursday.total.conversations, thursday.total.unanswered) == (3, 1)
    assert thursday.backlog == (BacklogPoint(date(2026, 3, 5), 3),)
    # A period that ends before it begins holds nothing.
    empty = await report(desk, start=WEEK.end, end=WEEK.start)
    assert empty.total == GroupFigures("") and empty.backlog == ()


async def test_the_reopened_sequence_from_the_queue(store: Store) -> None:
    # open -> resolved -> the customer writes -> open -> resolved, on one conversation:
    # RES runs to the last resolution (Tue 14:00 -> 17:00 and Wed 09:00 -> 09:20 = 12000),
    # replies count up to it (2), and it is reopened once.
    await begin(store, "C3", "cust-3", p(3, 14), CHAT, "pl")
    await writes(store, "C3", p(3, 14, 5), OUT, "Tomáš")
    await store.set_status(["C3"], Status.RESOLVED, at=p(3, 14, 30))
    await writes(store, "C3", p(4, 9))
    await writes(store, "C3", p(4, 9, 10), OUT, "Tomáš")
    await store.set_status(["C3"], Status.RESOLVED, at=p(4, 9, 20))
    await writes(store, "C3", p(4, 9, 30), OUT, "Tomáš")  # a thank-you after resolving
    total = (await store.report(WEEK)).total
    assert (total.resolved, total.reopened) == (1, 1)
    assert (total.resolution.median, total.replies_to_resolve.median) == (12000, 2)


async def test_conversations_resolved_before_the_history_was_kept(tmp_path: Path) -> None:
    # A cache from before schema 6: L1 resolved, its last message (our answer) Mon 10:30.
    # It counts as resolved then (RES 1 h 30 min from 09:00) and is in no backlog after;
    # the same customer's L2 the next day is a repeat contact.
    path = tmp_path / "v5.sqlite3"
    with sqlite3.connect(path) as db:
        db.create_function("fold", 1, fold)  # the search index's, as the store registers it
        db.execute(migrations.CREATE_META)
        for step in migrations.MIGRATIONS[:5]:
            for statement in step:
                db.execute(statement)
        db.execute("INSERT INTO meta VALUES ('schema_version', '5')")
        db.execute("INSERT INTO customer (id, display_name) VALUES ('cust-1', 'Jan')")
        db.execute(
            "INSERT INTO conversation (id, channel, customer_id, status, last_message_at) "
            "VALUES ('L1', 'email', 'cust-1', 'resolved', '2026-03-02T09:30:00.000000Z')"
        )
        db.executemany(
            "INSERT INTO message (id, conversation_id, channel, direction, sent_at) "
            "VALUES (?, 'L1', 'email', ?, ?)",
            [("m1", "in", "2026-03-02T08:00:00.000000Z"),  # Mon 09:00 Prague
             ("m2", "out", "2026-03-02T09:30:00.000000Z")],  # Mon 10:30
        )  # fmt: skip
    store = await Store.open(path)
    try:
        await begin(store, "L2", "cust-1", p(3, 9), EMAIL, "cs")
        found = await store.report(WEEK)
    finally:
        await store.close()
    assert (found.total.conversations, found.total.resolved) == (2, 1)
    assert found.total.resolution.median == 5400
    assert found.total.repeat_contacts == 1
    assert [point.open for point in found.backlog] == [0, 1, 1, 1, 1, 1, 1]


async def test_channel_groups_by_the_bridged_network(store: Store) -> None:
    await store.apply_batch(
        Batch(
            "chat",
            customers=(Customer("cust-w", "W", chat_ids=("@w:shop.example",)),),
            conversations=(Conversation("W1", CHAT, "cust-w", "", network="whatsapp"),),
            messages=(message("W1", p(2, 10), IN),),
        )
    )
    await begin(store, "E1", "cust-e", p(2, 11), EMAIL, "cs")
    found = await report(store, group_by=Grouping.CHANNEL)
    assert sorted(g.group for g in found.groups) == ["email", "whatsapp"]
    assert (await report(store, channel="chat")).total.conversations == 1
    assert (await report(store, channel="whatsapp")).total.conversations == 1
