"""Every status change an agent, a customer or the clock makes is kept, with its time."""

from __future__ import annotations

from datetime import datetime

from supportdesk_tui.domain.metrics import BusinessHours, ReportQuery, StatusChange
from supportdesk_tui.domain.models import Batch, Direction, Status
from supportdesk_tui.store import Store

from .store_builders import at, message, thread
from .test_outbox import reply

IN, OUT = Direction.INCOMING, Direction.OUTGOING
OPEN, PENDING, SNOOZED, RESOLVED = Status.OPEN, Status.PENDING, Status.SNOOZED, Status.RESOLVED
CALENDAR = BusinessHours(always=True)


async def history(store: Store, cid: str = "conv-1") -> list[tuple[Status, datetime]]:
    return [(change.status, change.at) for change in await store.status_history(cid)]


async def customer_writes(store: Store, mid: str, hours: float, cid: str = "conv-1") -> None:
    await store.apply_batch(Batch("shop", messages=(message(mid, cid, hours, IN),)))


async def test_resolved_then_the_customer_writes_again_then_resolved(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN, OUT))  # customer at 0 h, answer at 1 h
    await store.set_status(["conv-1"], RESOLVED, at=at(2))
    await customer_writes(store, "again", 30)
    await store.set_status(["conv-1"], RESOLVED, at=at(31))
    assert await history(store) == [(OPEN, at(0)), (RESOLVED, at(2)), (OPEN, at(30)),
                                    (RESOLVED, at(31))]  # fmt: skip


async def test_setting_the_status_it_already_has_is_no_change(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    await store.set_status(["conv-1"], OPEN, at=at(1))
    await store.set_status(["conv-1"], PENDING, at=at(2))
    await store.set_status(["conv-1"], PENDING, at=at(3))
    assert await history(store) == [(OPEN, at(0)), (PENDING, at(2))]


async def test_without_a_time_the_change_is_made_now(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    before = datetime.now(at(0).tzinfo)
    await store.set_status(["conv-1"], RESOLVED)
    *_, (status, when) = await history(store)
    assert status is RESOLVED and before <= when <= datetime.now(at(0).tzinfo)


async def test_a_snooze_that_runs_out_is_open_again_from_when_it_ended(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    await store.snooze(["conv-1"], until=at(20), at=at(1))
    await store.snooze(["conv-1"], until=at(24), at=at(2))  # a later time: still snoozed
    assert await store.wake_expired_snoozes(at(50)) == ["conv-1"]
    assert await history(store) == [(OPEN, at(0)), (SNOOZED, at(1)), (OPEN, at(24))]


async def test_a_customer_writing_reopens_as_of_their_message(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    await store.set_status(["conv-1"], PENDING, at=at(1))
    await store.apply_batch(
        Batch("shop", messages=(message("b", "conv-1", 6, IN), message("a", "conv-1", 5, IN)))
    )
    assert await history(store) == [(OPEN, at(0)), (PENDING, at(1)), (OPEN, at(5))]


async def test_a_message_synced_late_reopens_after_the_last_change(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    await store.set_status(["conv-1"], RESOLVED, at=at(10))
    await customer_writes(store, "written-before-resolving", 9)  # arrives after it
    assert await history(store) == [(OPEN, at(0)), (RESOLVED, at(10)), (OPEN, at(10))]


async def test_a_new_conversation_starts_with_its_status_at_its_first_message(
    store: Store,
) -> None:
    await store.apply_batch(thread("conv-1", OUT, IN, start=3))  # we wrote first, at 3 h
    await store.apply_batch(thread("conv-2", IN, cust="cust-2", status=PENDING))
    assert await history(store) == [(OPEN, at(3))]
    assert await history(store, "conv-2") == [(PENDING, at(0))]
    await store.apply_batch(thread("conv-1", OUT, IN, start=3))  # synced again: no change
    assert await history(store) == [(OPEN, at(3))]


async def test_queueing_a_reply_records_the_status_it_sets(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    draft = await store.save_draft("conv-1", "Dobrý den", at(1))
    await store.queue_reply(reply(draft, created_at=at(2), status_after=RESOLVED))
    assert await history(store) == [(OPEN, at(0)), (RESOLVED, at(2))]


async def test_undoing_a_resolving_reply_leaves_no_resolution_behind(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    draft = await store.save_draft("conv-1", "Dobrý den", at(1))
    outbox_id = await store.queue_reply(reply(draft, created_at=at(2), status_after=RESOLVED))
    await store.take_back(outbox_id, at=at(2.001))
    assert await history(store) == [(OPEN, at(0))]
    assert (await store.status_history("conv-1"))[-1].status is OPEN


async def test_a_refused_reply_restores_the_old_status(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    draft = await store.save_draft("conv-1", "Dobrý den", at(1))
    outbox_id = await store.queue_reply(reply(draft, created_at=at(2), status_after=PENDING))
    await store.reply_failed(outbox_id, "550 no such user", retry_at=None, at=at(3))
    assert await history(store) == [(OPEN, at(0))]


async def test_a_refused_reply_after_another_change_is_a_change_of_its_own(
    store: Store,
) -> None:
    await store.apply_batch(thread("conv-1", IN))
    draft = await store.save_draft("conv-1", "Dobrý den", at(1))
    outbox_id = await store.queue_reply(reply(draft, created_at=at(2), status_after=PENDING))
    await store.snooze(["conv-1"], until=at(40), at=at(3))  # the agent moved on meanwhile
    await store.reply_failed(outbox_id, "550 no such user", retry_at=None, at=at(4))
    assert await history(store) == [(OPEN, at(0)), (PENDING, at(2)), (SNOOZED, at(3)),
                                    (OPEN, at(4))]  # fmt: skip


async def test_imported_history_can_replace_what_a_batch_recorded(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN, status=RESOLVED))
    past = [StatusChange("conv-1", OPEN, at(0)), StatusChange("conv-1", RESOLVED, at(5))]
    await store.import_status_history(past, replace=True)
    assert await history(store) == [(OPEN, at(0)), (RESOLVED, at(5))]
    await store.import_status_history([StatusChange("conv-1", OPEN, at(9))])
    assert len(await history(store)) == 3


async def test_an_undone_resolving_reply_counts_neither_resolved_nor_reopened(
    store: Store,
) -> None:
    await store.apply_batch(thread("conv-1", IN))
    draft = await store.save_draft("conv-1", "Dobrý den", at(1))
    outbox_id = await store.queue_reply(reply(draft, created_at=at(2), status_after=RESOLVED))
    await store.take_back(outbox_id, at=at(2.001))
    await store.set_status(["conv-1"], RESOLVED, at=at(3))
    total = (await store.report(ReportQuery(at(-1), at(10), hours=CALENDAR))).total
    assert (total.resolved, total.reopened, total.resolution.median) == (1, 0, 3 * 3600)
