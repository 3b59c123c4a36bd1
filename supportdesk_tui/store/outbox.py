"""Drafts and the outbox (see domain/outbox.py for the life of a reply).

Each function runs inside the caller's transaction; the Store commits at once.
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from ..domain.models import Attachment, Channel, Message, Status
from ..domain.outbox import Draft, NewReply, OutboxEntry, OutboxState
from ..errors import StoreError
from . import history
from .batch import insert_messages
from .codec import decode_corrected, encode_corrected, from_db, to_db
from .fetch import one, rows
from .refresh import refresh_touched
from .triage import apply_status, set_status

OUTBOX_COLUMNS = (
    "id, draft_id, conversation_id, account, channel, message_id, raw, sender, recipients, "
    "subject, body_text, created_at, send_after, state, status_before, attempts, last_error"
)


async def open_draft(db: aiosqlite.Connection, conversation_id: str) -> Draft | None:
    row = await one(
        db,
        "SELECT id, body, subject, overrides, updated_at FROM draft "
        "WHERE conversation_id = ? AND queued = 0",
        (conversation_id,),
    )
    if row is None:
        return None
    return await _draft(db, conversation_id, row)


async def draft_by_id(db: aiosqlite.Connection, draft_id: int) -> Draft | None:
    row = await one(
        db,
        "SELECT id, body, subject, overrides, updated_at, conversation_id FROM draft WHERE id = ?",
        (draft_id,),
    )
    return None if row is None else await _draft(db, row[5], row)


async def _draft(db: aiosqlite.Connection, conversation_id: str, row: aiosqlite.Row) -> Draft:
    files = await rows(
        db,
        "SELECT id, filename, content_type, length(data), data FROM draft_attachment "
        "WHERE draft_id = ? ORDER BY id",
        (row[0],),
    )
    updated = from_db(row[4])
    assert updated is not None  # NOT NULL column
    return Draft(
        id=row[0],
        conversation_id=conversation_id,
        body=row[1],
        subject=row[2],
        overrides=decode_corrected(row[3]),
        updated_at=updated,
        attachments=tuple(
            Attachment(filename=f[1], content_type=f[2], size=f[3], id=f[0], data=bytes(f[4]))
            for f in files
        ),
    )


async def save_draft(
    db: aiosqlite.Connection,
    conversation_id: str,
    body: str,
    now: datetime,
    subject: str | None = None,
    overrides: frozenset[str] = frozenset(),
) -> int:
    """Creates or replaces the conversation's open draft; returns its id."""
    await db.execute(
        "INSERT INTO draft (conversation_id, body, subject, overrides, updated_at) "
        "VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (conversation_id) WHERE queued = 0 DO UPDATE SET "
        "body = excluded.body, subject = excluded.subject, overrides = excluded.overrides, "
        "updated_at = excluded.updated_at",
        (conversation_id, body, subject, encode_corrected(overrides), to_db(now)),
    )
    draft_id = await _open_draft_id(db, conversation_id)
    assert draft_id is not None
    return draft_id


async def discard_draft(db: aiosqlite.Connection, conversation_id: str) -> None:
    draft_id = await _open_draft_id(db, conversation_id)
    if draft_id is not None:
        await _delete_draft(db, draft_id)


async def _open_draft_id(db: aiosqlite.Connection, conversation_id: str) -> int | None:
    row = await one(
        db, "SELECT id FROM draft WHERE conversation_id = ? AND queued = 0", (conversation_id,)
    )
    return None if row is None else int(row[0])


async def _delete_draft(db: aiosqlite.Connection, draft_id: int) -> None:
    await db.execute("DELETE FROM draft_attachment WHERE draft_id = ?", (draft_id,))
    await db.execute("DELETE FROM draft WHERE id = ?", (draft_id,))


async def attach(
    db: aiosqlite.Connection,
    conversation_id: str,
    filename: str,
    content_type: str,
    data: bytes,
    now: datetime,
) -> int:
    """Adds a file to the open draft (creating an empty one); returns the draft's id."""
    draft = await open_draft(db, conversation_id)
    draft_id = await save_draft(db, conversation_id, "", now) if draft is None else draft.id
    await db.execute(
        "INSERT INTO draft_attachment (draft_id, filename, content_type, data) VALUES (?, ?, ?, ?)",
        (draft_id, filename, content_type, data),
    )
    return draft_id


async def detach(db: aiosqlite.Connection, attachment_id: int) -> None:
    await db.execute("DELETE FROM draft_attachment WHERE id = ?", (attachment_id,))


# -- the outbox -------------------------------------------------------------------------------


async def queue_reply(db: aiosqlite.Connection, reply: NewReply) -> int:
    """Queues the draft's reply and moves the conversation on (status_after); returns its id."""
    row = await one(
        db,
        "SELECT d.conversation_id, d.queued, c.status FROM draft d "
        "JOIN conversation c ON c.id = d.conversation_id WHERE d.id = ?",
        (reply.draft_id,),
    )
    if row is None:
        raise StoreError("This draft or its conversation is no longer in the cache.")
    conversation_id, queued, status_before = row
    if queued:
        raise StoreError("This reply is already queued.")
    await db.execute("UPDATE draft SET queued = 1 WHERE id = ?", (reply.draft_id,))
    cursor = await db.execute(
        "INSERT INTO outbox (draft_id, conversation_id, account, channel, message_id, raw, "
        "sender, recipients, subject, body_text, created_at, send_after, state, status_before) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            reply.draft_id, conversation_id, reply.account, reply.channel.value,
            reply.message_id, reply.raw, reply.sender, "\n".join(reply.recipients),
            reply.subject, reply.body_text, to_db(reply.created_at), to_db(reply.send_after),
            OutboxState.WAITING.value, status_before,
        ),
    )  # fmt: skip
    if reply.status_after is not None:
        await set_status(db, [conversation_id], reply.status_after, reply.created_at)
    assert cursor.lastrowid is not None
    return cursor.lastrowid


async def take_back(db: aiosqlite.Connection, outbox_id: int, at: datetime) -> str:
    """Undo, or fix a refused reply: the outbox row goes, its draft is the open draft again
    (after any text begun since), the conversation's status is as before. Returns the
    conversation id; StoreError if the reply has already left."""
    entry = await outbox_entry(db, outbox_id)
    if entry is None:
        raise StoreError("This reply is no longer in the outbox.")
    if not entry.editable():
        raise StoreError("This reply has already gone to the server; it cannot be taken back.")
    newer = await open_draft(db, entry.conversation_id)
    if newer is not None:
        # Text begun after queueing is kept, below the reply that came back.
        old = await draft_by_id(db, entry.draft_id)
        if newer.body.strip() and old is not None:
            await db.execute(
                "UPDATE draft SET body = ? WHERE id = ?",
                (old.body.rstrip() + "\n\n" + newer.body, entry.draft_id),
            )
        await db.execute(
            "UPDATE draft_attachment SET draft_id = ? WHERE draft_id = ?",
            (entry.draft_id, newer.id),
        )
        await db.execute("DELETE FROM draft WHERE id = ?", (newer.id,))
    await db.execute("UPDATE draft SET queued = 0 WHERE id = ?", (entry.draft_id,))
    await db.execute("DELETE FROM outbox WHERE id = ?", (outbox_id,))
    await _status_as_before(db, entry, at)
    return entry.conversation_id


async def _status_as_before(db: aiosqlite.Connection, entry: OutboxEntry, at: datetime) -> None:
    """The reply never reached the customer: the status it set goes back. When nothing has
    changed since, its line in the history is withdrawn too (undoing a resolving reply is
    not a reopening); otherwise the old status is a change made `at`."""
    if await history.withdraw(db, entry.conversation_id, entry.created_at):
        await apply_status(db, [entry.conversation_id], entry.status_before)
    else:
        await set_status(db, [entry.conversation_id], entry.status_before, at)


async def next_due(db: aiosqlite.Connection) -> datetime | None:
    """When the earliest waiting reply is due (undo window or retry), without reading any."""
    row = await one(
        db, "SELECT min(send_after) FROM outbox WHERE state = ?", (OutboxState.WAITING.value,)
    )
    return None if row is None else from_db(row[0])


async def outbox_entry(db: aiosqlite.Connection, outbox_id: int) -> OutboxEntry | None:
    row = await one(db, f"SELECT {OUTBOX_COLUMNS} FROM outbox WHERE id = ?", (outbox_id,))
    return None if row is None else _entry(row)


async def outbox(db: aiosqlite.Connection, conversation_id: str | None = None) -> list[OutboxEntry]:
    where, params = (
        ("WHERE conversation_id = ?", (conversation_id,)) if conversation_id else ("", ())
    )
    found = await rows(db, f"SELECT {OUTBOX_COLUMNS} FROM outbox {where} ORDER BY id", params)
    return [_entry(row) for row in found]


async def due(db: aiosqlite.Connection, now: datetime) -> list[OutboxEntry]:
    """Replies to send now, and sent ones whose copy to the Sent folder is missing."""
    found = await rows(
        db,
        f"SELECT {OUTBOX_COLUMNS} FROM outbox WHERE (state = ? AND send_after <= ?) "
        "OR state = ? ORDER BY id",
        (OutboxState.WAITING.value, to_db(now), OutboxState.SENT.value),
    )
    return [_entry(row) for row in found]


async def claim(db: aiosqlite.Connection, outbox_id: int, now: datetime) -> bool:
    """Marks a waiting reply as being sent (since `now`, kept in send_after); False if it
    was taken back or claimed by another process meanwhile."""
    cursor = await db.execute(
        "UPDATE outbox SET state = ?, attempts = attempts + 1, send_after = ? "
        "WHERE id = ? AND state = ?",
        (OutboxState.SENDING.value, to_db(now), outbox_id, OutboxState.WAITING.value),
    )
    return cursor.rowcount == 1


async def sent(db: aiosqlite.Connection, outbox_id: int, message: Message) -> None:
    """The server accepted it: the reply joins its thread and its draft is done."""
    entry = await outbox_entry(db, outbox_id)
    if entry is None:
        return
    await db.execute(
        "UPDATE outbox SET state = ?, last_error = NULL WHERE id = ?",
        (OutboxState.SENT.value, outbox_id),
    )
    await insert_messages(db, [message], [])
    await refresh_touched(db)
    await _delete_draft(db, entry.draft_id)


async def copied(db: aiosqlite.Connection, outbox_id: int) -> None:
    """In the Sent folder too: nothing more to do (the thread's message keeps the text)."""
    await db.execute(
        "DELETE FROM outbox WHERE id = ? AND state = ?", (outbox_id, OutboxState.SENT.value)
    )


async def failed(
    db: aiosqlite.Connection, outbox_id: int, error: str, retry_at: datetime | None, at: datetime
) -> None:
    """A temporary failure waits for `retry_at`; a permanent one (None) waits for the agent,
    and its conversation is back in the status it had (the customer has no answer)."""
    state = OutboxState.FAILED if retry_at is None else OutboxState.WAITING
    if retry_at is None:
        entry = await outbox_entry(db, outbox_id)
        if entry is not None:
            await _status_as_before(db, entry, at)
    await db.execute(
        "UPDATE outbox SET state = ?, last_error = ?, send_after = coalesce(?, send_after) "
        "WHERE id = ?",
        (state.value, error, None if retry_at is None else to_db(retry_at), outbox_id),
    )


async def retry_now(db: aiosqlite.Connection, outbox_id: int, now: datetime) -> None:
    """The agent fixed the cause (a password, the network): try a refused reply again."""
    await db.execute(
        "UPDATE outbox SET state = ?, send_after = ? WHERE id = ? AND state IN (?, ?)",
        (OutboxState.WAITING.value, to_db(now), outbox_id, OutboxState.FAILED.value,
         OutboxState.WAITING.value),
    )  # fmt: skip


async def recover_interrupted(db: aiosqlite.Connection, stale_before: datetime) -> int:
    """A reply caught while sending by a crash (claimed before `stale_before`, longer ago than
    any send takes) is tried again: it may have left, and a double (with the same Message-ID,
    which mail programs fold) is better than a loss. A younger claim may be another process
    (the app and a cron sync share the cache) still sending it."""
    cursor = await db.execute(
        "UPDATE outbox SET state = ?, last_error = ? WHERE state = ? AND send_after < ?",
        (
            OutboxState.WAITING.value,
            "interrupted while sending; it is sent again",
            OutboxState.SENDING.value,
            to_db(stale_before),
        ),
    )
    return cursor.rowcount


def _entry(row: aiosqlite.Row) -> OutboxEntry:
    created, send_after = from_db(row[11]), from_db(row[12])
    assert created is not None and send_after is not None  # NOT NULL columns
    return OutboxEntry(
        id=row[0],
        draft_id=row[1],
        conversation_id=row[2],
        account=row[3],
        channel=Channel(row[4]),
        message_id=row[5],
        raw=bytes(row[6]),
        sender=row[7],
        recipients=tuple(r for r in row[8].split("\n") if r),
        subject=row[9],
        body_text=row[10],
        created_at=created,
        send_after=send_after,
        state=OutboxState(row[13]),
        status_before=Status(row[14]),
        attempts=row[15],
        last_error=row[16],
    )
