"""The queue's derived fields (waiting since, last activity, preview, unread) computed by the
store in SQL, checked against the domain's rule over random conversations."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from supportdesk_tui.domain.models import Batch, Direction, Message, Status
from supportdesk_tui.domain.queue import QueueFilter, waiting_since
from supportdesk_tui.store import Store
from supportdesk_tui.store.codec import from_db, to_db

from .store_builders import at, conversation, customer, message

EVERY_STATUS = QueueFilter(statuses=frozenset(Status))

# Few distinct hours, so equal times (ordered by arrival) are common.
_messages = st.lists(
    st.tuples(
        st.sampled_from(list(Direction)),
        st.integers(0, 4),
        st.booleans(),
        st.text(alphabet="ab \n\t", max_size=200),
    ),
    max_size=8,
)


def _expected(messages: list[Message]) -> tuple[object, ...]:
    ordered = sorted(messages, key=lambda m: m.sent_at)  # stable: arrival order within a time
    shown = [m for m in ordered if m.direction is not Direction.NOTE] or ordered
    last = shown[-1] if shown else None
    return (
        waiting_since(ordered),
        last.sent_at if last else None,
        " ".join(last.body_text.split())[:160] if last else "",
        any(m.direction is Direction.INCOMING and not m.read for m in ordered),
    )


async def _derived_after(batches: list[list[Message]]) -> tuple[object, ...]:
    store = await Store.open(":memory:")
    try:
        await store.apply_batch(
            Batch("shop", customers=(customer(),), conversations=(conversation(),))
        )
        for part in batches:
            await store.apply_batch(Batch("shop", messages=tuple(part)))
        (row,) = await store.list_queue(EVERY_STATUS, at(100), 0, 10)
        return row.waiting_since, row.last_message_at, row.preview, row.unread
    finally:
        await store.close()


@settings(max_examples=150, deadline=None)
@given(_messages, st.integers(1, 3))
def test_derived_fields_follow_the_domain_rule(
    drawn: list[tuple[Direction, int, bool, str]], parts: int
) -> None:
    messages = [
        replace(message(f"m{i}", hours=hour, direction=direction, body=body), read=read)
        for i, (direction, hour, read, body) in enumerate(drawn)
    ]
    size = max(1, -(-len(messages) // parts))
    batches = [messages[start : start + size] for start in range(0, len(messages), size)]
    assert asyncio.run(_derived_after(batches)) == _expected(messages)


@given(st.datetimes(timezones=st.just(UTC)), st.datetimes(timezones=st.just(UTC)))
def test_stored_times_sort_as_text_in_time_order_and_read_back(a: datetime, b: datetime) -> None:
    """The queue and these derived fields compare stored times as text."""
    assert (to_db(a) < to_db(b)) == (a < b)
    assert from_db(to_db(a)) == a
