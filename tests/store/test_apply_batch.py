"""apply_batch: idempotent, keeps the agent's corrections, reopens on a customer reply."""

from __future__ import annotations

from dataclasses import replace

import pytest

from supportdesk_tui.domain.models import (
    Attachment,
    Batch,
    Direction,
    Formality,
    Gender,
    Status,
)
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.store import ApplyResult, Store
from supportdesk_tui.store import batch as batch_module

from .store_builders import at, conversation, customer, message, thread

IN, OUT = Direction.INCOMING, Direction.OUTGOING
EVERYTHING = QueueFilter(statuses=frozenset(Status))


async def test_a_new_batch_reports_what_it_added(store: Store) -> None:
    result = await store.apply_batch(thread("conv-1", IN, OUT, IN))
    assert result == ApplyResult(new_messages=3, new_conversations=1, reopened=())
    detail = await store.conversation_detail("conv-1")
    assert detail is not None
    assert [m.id for m in detail.messages] == ["conv-1-m0", "conv-1-m1", "conv-1-m2"]


async def test_reapplying_the_same_batch_adds_nothing(store: Store) -> None:
    batch = thread("conv-1", IN, OUT)
    await store.apply_batch(batch)
    again = await store.apply_batch(batch)
    assert again == ApplyResult(0, 0, ())
    detail = await store.conversation_detail("conv-1")
    assert detail is not None and len(detail.messages) == 2
    assert await store.count_queue(EVERYTHING, at(5)) == 1


async def test_duplicate_ids_within_one_batch_are_stored_once(store: Store) -> None:
    batch = thread("conv-1", IN)
    doubled = replace(batch, messages=batch.messages * 2)
    assert (await store.apply_batch(doubled)).new_messages == 1


async def test_the_cursor_is_saved_with_the_batch(store: Store) -> None:
    assert await store.cursor("shop", "INBOX") is None
    await store.apply_batch(replace(thread("conv-1", IN), cursor="uid:42", cursor_key="INBOX"))
    await store.apply_batch(Batch("shop", cursor="uid:50", cursor_key="INBOX"))
    assert await store.cursor("shop", "INBOX") == "uid:50"
    assert await store.cursor("shop") is None


async def test_corrected_customer_fields_survive_a_sync(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    await store.update_customer("cust-1", gender=Gender.FEMALE, formality=Formality.INFORMAL)
    synced = customer("cust-1", "Jana Nováková", gender=Gender.MALE, language="sk")
    await store.apply_batch(Batch("shop", customers=(synced,)))
    stored = await store.customer_for_address("cust-1@example.cz")
    assert stored is not None
    assert stored.gender is Gender.FEMALE
    assert stored.formality is Formality.INFORMAL
    assert stored.display_name == "Jana Nováková"  # not corrected: the sync may update it
    assert stored.language == "sk"
    assert stored.corrected == {"gender", "formality"}


async def test_a_sync_that_knows_less_does_not_erase(store: Store) -> None:
    known = customer("cust-1", "Jan Novák", language="cs", first_name="Jan")
    await store.apply_batch(Batch("shop", customers=(known,)))
    await store.apply_batch(Batch("shop", customers=(customer("cust-1", ""),)))
    stored = await store.customer_for_address("CUST-1@example.cz")
    assert stored is not None
    assert (stored.display_name, stored.language, stored.first_name) == ("Jan Novák", "cs", "Jan")


async def test_customer_addresses_are_merged(store: Store) -> None:
    await store.apply_batch(Batch("shop", customers=(customer("c", emails=("a@x.cz",)),)))
    more = customer("c", emails=("b@x.cz", "a@x.cz"), chat_ids=("@jan:matrix.org",))
    await store.apply_batch(Batch("shop", customers=(more,)))
    stored = await store.customer_for_address("b@x.cz")
    assert stored is not None
    assert stored.emails == ("a@x.cz", "b@x.cz")
    assert stored.chat_ids == ("@jan:matrix.org",)
    assert await store.customer_for_address("nobody@x.cz") is None


async def test_a_customer_reply_reopens_a_resolved_conversation(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN, OUT))
    await store.set_status(["conv-1"], Status.RESOLVED)
    result = await store.apply_batch(Batch("shop", messages=(message("late", hours=30),)))
    assert result.reopened == ("conv-1",)
    rows = await store.list_queue(QueueFilter(), at(31), 0, 10)
    assert [(r.conversation_id, r.status, r.waiting_since) for r in rows] == [
        ("conv-1", Status.OPEN, at(30))
    ]


async def test_a_customer_reply_ends_a_snooze(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN, OUT))
    await store.snooze(["conv-1"], at(100))
    result = await store.apply_batch(Batch("shop", messages=(message("late", hours=30),)))
    assert result.reopened == ("conv-1",)
    detail = await store.conversation_detail("conv-1")
    assert detail is not None
    assert (detail.conversation.status, detail.conversation.snoozed_until) == (Status.OPEN, None)


async def test_our_own_reply_does_not_reopen(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    await store.set_status(["conv-1"], Status.PENDING)
    ours = message("ours", hours=5, direction=OUT)
    assert (await store.apply_batch(Batch("shop", messages=(ours,)))).reopened == ()
    assert (await store.list_queue(EVERYTHING, at(6), 0, 5))[0].status is Status.PENDING


async def test_a_known_message_sent_again_does_not_reopen(store: Store) -> None:
    batch = thread("conv-1", IN)
    await store.apply_batch(batch)
    await store.set_status(["conv-1"], Status.RESOLVED)
    assert (await store.apply_batch(batch)).reopened == ()


async def test_a_sync_keeps_status_assignee_and_tags(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    await store.set_status(["conv-1"], Status.PENDING)
    await store.assign(["conv-1"], "alice")
    await store.add_tag(["conv-1"], "vip")
    await store.apply_batch(thread("conv-1", IN, subject="Nový předmět"))
    detail = await store.conversation_detail("conv-1")
    assert detail is not None
    c = detail.conversation
    assert (c.status, c.assignee, c.tags, c.subject) == (
        Status.PENDING,
        "alice",
        ("vip",),
        "Nový předmět",
    )


async def test_removed_messages_are_deleted_and_waiting_recomputed(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN, OUT, IN))
    await store.apply_batch(Batch("shop", removed_message_ids=("conv-1-m2",)))
    detail = await store.conversation_detail("conv-1")
    assert detail is not None
    assert [m.id for m in detail.messages] == ["conv-1-m0", "conv-1-m1"]
    assert detail.conversation.waiting_since is None
    assert detail.conversation.last_message_at == at(1)


async def test_messages_of_unknown_conversations_are_skipped(store: Store) -> None:
    stray = message("stray", conv="nowhere")
    assert (await store.apply_batch(Batch("shop", messages=(stray,)))).new_messages == 0
    assert await store.conversation_detail("nowhere") is None


async def test_attachments_come_back_without_data_until_asked(store: Store) -> None:
    photo = Attachment("fotka.jpg", "image/jpeg", 0, data=b"\xff\xd8jpeg")
    with_photo = message("m1", attachments=(photo,), raw=b"From: jan\r\n\r\nbody")
    batch = Batch("shop", (customer(),), (with_photo,), (conversation(),))
    await store.apply_batch(batch)
    detail = await store.conversation_detail("conv-1")
    assert detail is not None
    (stored,) = detail.messages[0].attachments
    assert (stored.filename, stored.size, stored.data) == ("fotka.jpg", 6, None)
    assert stored.id is not None
    assert await store.attachment_data(stored.id) == b"\xff\xd8jpeg"
    assert await store.raw_message("m1") == b"From: jan\r\n\r\nbody"
    assert await store.raw_message("unknown") is None


async def test_thread_detail_lists_the_customers_other_conversations(store: Store) -> None:
    await store.apply_batch(thread("old", IN, start=0))
    await store.apply_batch(thread("older", IN, start=-50))
    await store.apply_batch(thread("new", IN, start=10))
    await store.apply_batch(thread("stranger", IN, cust="cust-2", start=20))
    detail = await store.conversation_detail("new")
    assert detail is not None
    assert detail.customer.display_name == "Jan Novák"
    assert [c.id for c in detail.previous] == ["old", "older"]


async def test_waiting_since_is_the_oldest_unanswered_customer_message(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN, OUT, IN, IN))
    detail = await store.conversation_detail("conv-1")
    assert detail is not None
    assert detail.conversation.waiting_since == at(2)
    assert detail.conversation.last_message_at == at(3)


async def test_a_batch_that_fails_midway_leaves_nothing_behind(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(db: object) -> None:
        raise RuntimeError("disk went away")

    monkeypatch.setattr(batch_module, "refresh_touched", broken)
    with pytest.raises(RuntimeError):
        await store.apply_batch(replace(thread("conv-1", IN), cursor="uid:9"))
    monkeypatch.undo()
    assert await store.cursor("shop") is None
    assert await store.conversation_detail("conv-1") is None
    assert (await store.apply_batch(thread("conv-1", IN))).new_messages == 1
