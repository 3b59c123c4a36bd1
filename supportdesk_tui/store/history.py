"""The status history of conversations (schema 6): recorded where a status changes (triage,
sync, outbox), read for reports, and written as given for data that comes with its own past
(the demo, benchmarks, imports).

Each function runs inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

import aiosqlite

from ..domain.metrics import StatusChange
from ..domain.models import Status
from .codec import from_db, to_db
from .fetch import chunks, marks, one, rows


async def record(
    db: aiosqlite.Connection, ids: Sequence[str], status: Status, at: datetime
) -> None:
    """Call before the status is set: only conversations whose status differs get a line."""
    for part in chunks(list(dict.fromkeys(ids))):
        await db.execute(
            "INSERT INTO status_change (conversation_id, status, at) "
            f"SELECT id, ?, ? FROM conversation WHERE id IN ({marks(part)}) AND status != ?",
            [status.value, to_db(at), *part, status.value],
        )


async def record_new(db: aiosqlite.Connection, ids: Collection[str], now: datetime) -> None:
    """The first status of new conversations, from their first message (else `now`)."""
    for part in chunks(sorted(ids)):
        await db.execute(
            "INSERT INTO status_change (conversation_id, status, at) "
            "SELECT c.id, c.status, coalesce((SELECT min(m.sent_at) FROM message m "
            "WHERE m.conversation_id = c.id), ?) "
            f"FROM conversation c WHERE c.id IN ({marks(part)})",
            [to_db(now), *part],
        )


async def record_reopened(
    db: aiosqlite.Connection, reopened: Sequence[tuple[str, Status, datetime]]
) -> None:
    """(conversation, new status, the customer's message that brought it back). Never
    before the last recorded change: a message synced late still reopens after it."""
    await db.executemany(
        "INSERT INTO status_change (conversation_id, status, at) SELECT ?, ?, max(?, coalesce("
        "(SELECT max(at) FROM status_change WHERE conversation_id = ?), ''))",
        ((cid, status.value, to_db(at), cid) for cid, status, at in reopened),
    )


async def withdraw(db: aiosqlite.Connection, conversation_id: str, made_at: datetime) -> bool:
    """Removes the change made at `made_at` if it is still the conversation's latest and its
    status is still the conversation's (a reply taken back or refused never reached the
    customer: the history reads as if it was never queued). True if withdrawn."""
    latest = await one(
        db,
        "SELECT s.id FROM status_change s JOIN conversation c ON c.id = s.conversation_id "
        "WHERE s.conversation_id = ? AND s.at = ? AND s.status = c.status "
        "AND NOT EXISTS (SELECT 1 FROM status_change later WHERE later.conversation_id = "
        "s.conversation_id AND (later.at, later.id) > (s.at, s.id))",
        (conversation_id, to_db(made_at)),
    )
    if latest is None:
        return False
    await db.execute("DELETE FROM status_change WHERE id = ?", (latest[0],))
    return True


async def add_changes(
    db: aiosqlite.Connection, changes: Sequence[StatusChange], replace: bool = False
) -> None:
    if replace:
        ids = sorted({c.conversation_id for c in changes})
        for part in chunks(ids):
            await db.execute(
                f"DELETE FROM status_change WHERE conversation_id IN ({marks(part)})", part
            )
    await db.executemany(
        "INSERT INTO status_change (conversation_id, status, at) VALUES (?, ?, ?)",
        ((c.conversation_id, c.status.value, to_db(c.at)) for c in changes),
    )


async def changes_of(db: aiosqlite.Connection, conversation_id: str) -> list[StatusChange]:
    sql = (
        "SELECT conversation_id, status, at FROM status_change WHERE conversation_id = ? "
        "ORDER BY at, id"
    )
    found = []
    for cid, status, at in await rows(db, sql, (conversation_id,)):
        moment = from_db(at)
        assert moment is not None
        found.append(StatusChange(cid, Status(status), moment))
    return found
