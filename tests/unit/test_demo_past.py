"""The demo's past, as reports and the review of past threads see it through the store."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from supportdesk_tui.demo import load_demo
from supportdesk_tui.demo.people import AGENTS
from supportdesk_tui.domain.metrics import StatusChange
from supportdesk_tui.domain.models import LANGUAGES, Channel, ConversationDetail, Direction, Status
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.store import Store

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
PRAGUE = ZoneInfo("Europe/Prague")


@dataclass
class Past:
    details: list[ConversationDetail]
    histories: dict[str, list[StatusChange]]


async def _load() -> Past:
    store = await Store.open(":memory:")
    try:
        await load_demo(store, NOW)
        rows = await store.list_queue(QueueFilter(statuses=frozenset(Status)), NOW, 0, 5000)
        details, histories = [], {}
        for row in rows:
            detail = await store.conversation_detail(row.conversation_id)
            assert detail is not None
            details.append(detail)
            histories[row.conversation_id] = await store.status_history(row.conversation_id)
        return Past(details, histories)
    finally:
        await store.close()


@pytest.fixture(scope="module")
def past() -> Iterator[Past]:
    """The past conversations: resolved, with a history that went through pending (today's
    desk sets a status once: open -> resolved)."""
    loaded = asyncio.run(_load())
    chosen = [
        d
        for d in loaded.details
        if d.conversation.status is Status.RESOLVED
        and Status.PENDING in {c.status for c in loaded.histories[d.conversation.id]}
    ]
    yield Past(chosen, loaded.histories)


def _customer_messages(past: Past) -> list[datetime]:
    return [
        m.sent_at.astimezone(PRAGUE)
        for d in past.details
        for m in d.messages
        if m.direction is Direction.INCOMING
    ]


def test_hundreds_of_resolved_conversations_in_every_language_and_both_channels(
    past: Past,
) -> None:
    assert 150 <= len(past.details) <= 300
    per_language = Counter((d.conversation.language, d.conversation.channel) for d in past.details)
    for language in LANGUAGES:
        assert per_language[(language, Channel.EMAIL)] >= 3, language
        assert per_language[(language, Channel.CHAT)] >= 2, language
    assert {d.conversation.status for d in past.details} == {Status.RESOLVED}


def test_spread_over_the_last_eight_weeks_and_never_after_now(past: Past) -> None:
    firsts = [d.messages[0].sent_at for d in past.details]
    assert min(firsts) < NOW - timedelta(weeks=7)
    assert max(firsts) > NOW - timedelta(weeks=1)
    assert min(firsts) > NOW - timedelta(weeks=10)
    latest = [c.at for d in past.details for c in past.histories[d.conversation.id]]
    assert max(latest) < NOW


def test_customers_write_mostly_on_weekday_late_mornings_and_evenings(past: Past) -> None:
    sent = _customer_messages(past)
    hours = Counter(moment.hour for moment in sent)
    late_morning = hours[10] + hours[11]
    evening = hours[19] + hours[20]
    night = hours[2] + hours[3]
    assert late_morning > 4 * max(night, 1) and evening > 4 * max(night, 1)
    weekdays = Counter(moment.weekday() for moment in sent)
    assert min(weekdays[day] for day in range(5)) > max(weekdays[5], weekdays[6])


def test_agents_answer_after_minutes_to_a_day_some_overnight(past: Past) -> None:
    delays: list[timedelta] = []
    overnight = 0
    authors = set()
    for detail in past.details:
        waiting: datetime | None = None
        for message in detail.messages:
            if message.direction is Direction.INCOMING and waiting is None:
                waiting = message.sent_at
            elif message.direction is Direction.OUTGOING:
                authors.add(message.author_name.split(" | ")[0])
                if waiting is not None:
                    delays.append(message.sent_at - waiting)
                    local = (waiting.astimezone(PRAGUE), message.sent_at.astimezone(PRAGUE))
                    overnight += local[0].date() != local[1].date()
                    waiting = None
    assert authors == {agent.first_name for agent in AGENTS.values()}
    assert min(delays) < timedelta(minutes=5)
    assert max(delays) > timedelta(hours=20)
    assert min(delays) > timedelta(0)
    assert overnight >= 20
    several = [d for d in past.details
               if sum(m.direction is Direction.OUTGOING for m in d.messages) >= 2]  # fmt: skip
    assert len(several) >= 20


def test_history_is_the_whole_truth_a_few_reopened(past: Past) -> None:
    reopened = 0
    for detail in past.details:
        history = past.histories[detail.conversation.id]
        assert history[-1].status is Status.RESOLVED
        assert history[-1].at >= detail.messages[-1].sent_at
        assert [c.at for c in history] == sorted(c.at for c in history)
        statuses = [c.status for c in history]
        assert all(a != b for a, b in zip(statuses, statuses[1:], strict=False))
        reopened += any(
            a is Status.RESOLVED and b is Status.OPEN
            for a, b in zip(statuses, statuses[1:], strict=False)
        )
    assert 5 <= reopened <= len(past.details) // 5


def test_some_customers_come_back_within_a_week(past: Past) -> None:
    by_customer: dict[str, list[ConversationDetail]] = {}
    for detail in past.details:
        by_customer.setdefault(detail.customer.id, []).append(detail)
    repeats = 0
    for conversations in by_customer.values():
        for earlier in conversations:
            resolved_at = past.histories[earlier.conversation.id][-1].at
            repeats += any(
                timedelta(0) < later.messages[0].sent_at - resolved_at <= timedelta(days=7)
                for later in conversations
            )
    assert repeats >= 5


def test_tags_and_assignees_with_a_few_unassigned(past: Past) -> None:
    assignees = Counter(d.conversation.assignee for d in past.details)
    assert {"eva", "tomas", "olga"} <= set(assignees)
    assert 0 < assignees[None] < len(past.details) // 4
    tags = Counter(tag for d in past.details for tag in d.conversation.tags)
    assert {"damaged", "courier", "refund", "return", "invoice", "wrong-item"} <= set(tags)
