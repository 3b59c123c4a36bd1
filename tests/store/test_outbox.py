"""Drafts and the outbox: nothing the agent wrote is lost, at any step of a reply's life."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from supportdesk_tui.domain.models import Channel, Direction, Status
from supportdesk_tui.domain.outbox import NewReply, OutboxState
from supportdesk_tui.errors import StoreError
from supportdesk_tui.store import Store

from .store_builders import at, message, thread

IN = Direction.INCOMING


def reply(draft_id: int, **changes: object) -> NewReply:
    base = NewReply(
        draft_id=draft_id,
        account="shop",
        channel=Channel.EMAIL,
        message_id="reply-1@shop.example",
        raw=b"Message-ID: <reply-1@shop.example>\r\nSubject: Re: x\r\n\r\nDobry den\r\n",
        sender="shop@shop.example",
        recipients=("jan@example.cz",),
        subject="Re: Objednávka 1234",
        body_text="Dobrý den, pane Nováku,",
        created_at=at(2),
        send_after=at(2) + timedelta(seconds=10),
        status_after=Status.PENDING,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


async def status_of(store: Store, cid: str = "conv-1") -> Status:
    detail = await store.conversation_detail(cid)
    assert detail is not None
    return detail.conversation.status


async def test_a_draft_is_saved_as_typed_and_read_back_with_its_files(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    assert await store.draft("conv-1") is None
    first = await store.save_draft("conv-1", "Dobrý", at(1))
    again = await store.save_draft("conv-1", "Dobrý den,", at(1.1), subject="Re: jiný")
    assert first == again  # one open draft per conversation, updated in place
    await store.attach("conv-1", "faktura.pdf", "application/pdf", b"%PDF-1.4", at(1.2))
    draft = await store.draft("conv-1")
    assert draft is not None
    assert (draft.body, draft.subject, draft.updated_at) == ("Dobrý den,", "Re: jiný", at(1.1))
    assert [(a.filename, a.data) for a in draft.attachments] == [("faktura.pdf", b"%PDF-1.4")]
    assert draft.attachments[0].id is not None
    await store.detach(draft.attachments[0].id)
    draft = await store.draft("conv-1")
    assert draft is not None and draft.attachments == ()


async def test_a_draft_survives_closing_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    store = await Store.open(path)
    await store.apply_batch(thread("conv-1", IN))
    await store.save_draft("conv-1", "Vážený pane Nováku,\nposíláme", at(1))
    await store.close()
    reopened = await Store.open(path)
    draft = await reopened.draft("conv-1")
    await reopened.close()
    assert draft is not None and draft.body == "Vážený pane Nováku,\nposíláme"


async def test_queueing_moves_the_conversation_on_and_undo_puts_everything_back(
    store: Store,
) -> None:
    await store.apply_batch(thread("conv-1", IN))
    draft_id = await store.save_draft("conv-1", "Dobrý den, pane Nováku,", at(1))
    await store.attach("conv-1", "stitek.pdf", "application/pdf", b"label", at(1))
    outbox_id = await store.queue_reply(reply(draft_id))
    assert await status_of(store) is Status.PENDING
    assert await store.draft("conv-1") is None  # the editor starts empty for a next reply
    [entry] = await store.outbox("conv-1")
    assert (entry.id, entry.state, entry.status_before) == (outbox_id, OutboxState.WAITING, "open")
    assert entry.undoable(at(2) + timedelta(seconds=5))
    assert not entry.undoable(at(2) + timedelta(seconds=10))

    assert await store.take_back(outbox_id) == "conv-1"
    assert await store.outbox() == []
    assert await status_of(store) is Status.OPEN
    draft = await store.draft("conv-1")
    assert draft is not None and draft.body == "Dobrý den, pane Nováku,"
    assert [a.filename for a in draft.attachments] == ["stitek.pdf"]


async def test_undo_keeps_text_begun_after_queueing(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    outbox_id = await store.queue_reply(reply(await store.save_draft("conv-1", "První", at(1))))
    await store.save_draft("conv-1", "P.S. Druhá", at(1.5))
    await store.take_back(outbox_id)
    draft = await store.draft("conv-1")
    assert draft is not None and draft.body == "První\n\nP.S. Druhá"


async def test_a_reply_that_has_left_cannot_be_taken_back(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    outbox_id = await store.queue_reply(reply(await store.save_draft("conv-1", "x", at(1))))
    assert await store.claim_reply(outbox_id, at(2))
    assert not await store.claim_reply(outbox_id, at(2))  # never handed to two senders
    with pytest.raises(StoreError, match="already gone"):
        await store.take_back(outbox_id)


async def test_due_replies_wait_for_the_undo_window_and_the_retry_time(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    outbox_id = await store.queue_reply(reply(await store.save_draft("conv-1", "x", at(1))))
    assert await store.due_replies(at(2) + timedelta(seconds=9)) == []
    assert [e.id for e in await store.due_replies(at(2) + timedelta(seconds=10))] == [outbox_id]

    assert await store.claim_reply(outbox_id, at(2))
    await store.reply_failed(outbox_id, "connection refused", retry_at=at(3))
    [entry] = await store.outbox()
    assert (entry.state, entry.attempts, entry.last_error) == (
        OutboxState.WAITING, 1, "connection refused"
    )  # fmt: skip
    assert await store.due_replies(at(2.9)) == []
    assert [e.id for e in await store.due_replies(at(3))] == [outbox_id]


async def test_a_refused_reply_waits_for_the_agent_with_its_reason(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    outbox_id = await store.queue_reply(reply(await store.save_draft("conv-1", "Text", at(1))))
    assert await store.claim_reply(outbox_id, at(2))
    await store.reply_failed(outbox_id, "550 no such user: jan@example.cz", retry_at=None)
    assert await store.due_replies(at(100)) == []  # never retried by itself
    [entry] = await store.outbox()
    assert entry.state is OutboxState.FAILED and "550" in (entry.last_error or "")
    assert await status_of(store) is Status.OPEN  # unanswered after all: back in the queue
    # the agent fixes it: back to the editor with the text
    await store.take_back(outbox_id)
    draft = await store.draft("conv-1")
    assert draft is not None and draft.body == "Text"
    # or retries it as it is (e.g. after fixing the password)
    outbox_id = await store.queue_reply(reply(draft.id))
    assert await store.claim_reply(outbox_id, at(2))
    await store.reply_failed(outbox_id, "auth", retry_at=None)
    await store.retry_reply(outbox_id, at(5))
    assert [e.id for e in await store.due_replies(at(5))] == [outbox_id]


async def test_a_sent_reply_joins_its_thread_and_its_draft_is_done(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    outbox_id = await store.queue_reply(reply(await store.save_draft("conv-1", "Text", at(1))))
    assert await store.claim_reply(outbox_id, at(2))
    sent = message(
        "reply-1@shop.example", "conv-1", 2.01, Direction.OUTGOING, body="Dobrý den, pane Nováku,"
    )
    await store.reply_sent(outbox_id, sent)
    detail = await store.conversation_detail("conv-1")
    assert detail is not None
    assert [m.direction for m in detail.messages] == [IN, Direction.OUTGOING]
    assert detail.conversation.waiting_since is None  # answered: no longer waiting
    assert await store.draft("conv-1") is None
    # the copy to Sent is still owed, then the outbox forgets it
    assert [e.state for e in await store.due_replies(at(2))] == [OutboxState.SENT]
    await store.reply_copied(outbox_id)
    assert await store.outbox() == []


async def test_a_reply_caught_mid_send_by_a_crash_is_sent_again(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    store = await Store.open(path)
    await store.apply_batch(thread("conv-1", IN))
    outbox_id = await store.queue_reply(reply(await store.save_draft("conv-1", "x", at(1))))
    assert await store.claim_reply(outbox_id, at(2))
    await store.close()  # as if killed while the server was answering

    store = await Store.open(path)
    assert await store.due_replies(at(3)) == []  # still "sending" until recovered
    # claimed at 2 h: at 2 h + 1 min another process may still be sending it
    assert await store.recover_interrupted_replies(at(2) - timedelta(minutes=4)) == 0
    assert await store.recover_interrupted_replies(at(2) + timedelta(minutes=1)) == 1
    [entry] = await store.due_replies(at(3))
    await store.close()
    assert entry.id == outbox_id and "interrupted" in (entry.last_error or "")


async def test_a_customer_writing_again_while_a_reply_waits_keeps_both(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    outbox_id = await store.queue_reply(reply(await store.save_draft("conv-1", "x", at(1))))
    later = replace(thread("conv-1", IN), messages=(message("m-new", "conv-1", 3),))
    await store.apply_batch(later)
    assert await status_of(store) is Status.OPEN  # reopened by the customer
    [entry] = await store.outbox()
    assert entry.id == outbox_id and entry.state is OutboxState.WAITING
