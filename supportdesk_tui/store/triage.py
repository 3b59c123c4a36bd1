"""The agent's changes: status, assignee, tags, snooze, notes, read state, customer facts.

Each function runs inside the caller's transaction; the Store commits at once.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

import aiosqlite

from ..domain.metrics import StatusChange
from ..domain.models import Direction, Formality, Gender, Message, Script, Status
from ..errors import StoreError
from . import history
from .codec import (
    MESSAGE_COLUMNS,
    decode_corrected,
    encode_corrected,
    from_db,
    message_params,
    to_db,
)
from .fetch import chunks, one, rows
from .reads import conversation
from .refresh import refresh_touched, touch, touch_customer_conversations

EDITABLE_CUSTOMER_FIELDS = frozenset(
    {"gender", "language", "formality", "script", "notes", "first_name", "last_name",
     "display_name"}
)  # fmt: skip
_NAME_FIELDS = frozenset({"first_name", "last_name", "display_name"})


async def update_each(
    db: aiosqlite.Connection, ids: Sequence[str], set_clause: str, params: Sequence[object]
) -> None:
    for part in chunks(list(dict.fromkeys(ids))):
        marks = ", ".join("?" * len(part))
        await db.execute(
            f"UPDATE conversation SET {set_clause} WHERE id IN ({marks})", [*params, *part]
        )


async def set_status(
    db: aiosqlite.Connection, ids: Sequence[str], status: Status, at: datetime
) -> None:
    """Each real change goes into the history, made `at`."""
    await history.record(db, ids, status, at)
    await apply_status(db, ids, status)


async def apply_status(db: aiosqlite.Connection, ids: Sequence[str], status: Status) -> None:
    """The status alone, history untouched. Leaving SNOOZED forgets the snooze time."""
    keep_snooze = "snoozed_until" if status is Status.SNOOZED else "NULL"
    await update_each(db, ids, f"status = ?, snoozed_until = {keep_snooze}", [status.value])


async def snooze(
    db: aiosqlite.Connection, ids: Sequence[str], until: datetime, at: datetime
) -> None:
    await history.record(db, ids, Status.SNOOZED, at)
    await update_each(
        db, ids, "status = ?, snoozed_until = ?", [Status.SNOOZED.value, to_db(until)]
    )


async def wake_expired_snoozes(db: aiosqlite.Connection, now: datetime) -> list[str]:
    """Each comes back open at the time its snooze ran out, even if nobody was watching."""
    sql = (
        "SELECT id, snoozed_until FROM conversation WHERE status = 'snoozed' "
        "AND snoozed_until <= ? ORDER BY id"
    )
    expired = [
        (str(cid), from_db(until) or now) for cid, until in await rows(db, sql, (to_db(now),))
    ]
    await history.add_changes(db, [StatusChange(cid, Status.OPEN, at) for cid, at in expired])
    ids = [cid for cid, _ in expired]
    await apply_status(db, ids, Status.OPEN)
    return ids


async def add_tag(db: aiosqlite.Connection, ids: Sequence[str], tag: str) -> None:
    tag = tag.strip()
    if not tag:
        raise ValueError("a tag needs at least one visible character")
    await db.executemany(
        "INSERT OR IGNORE INTO conversation_tag (conversation_id, tag) "
        "SELECT id, ? FROM conversation WHERE id = ?",
        ((tag, cid) for cid in ids),
    )


async def remove_tag(db: aiosqlite.Connection, ids: Sequence[str], tag: str) -> None:
    await db.executemany(
        "DELETE FROM conversation_tag WHERE conversation_id = ? AND tag = ?",
        ((cid, tag.strip()) for cid in ids),
    )


async def add_note(
    db: aiosqlite.Connection, conversation_id: str, author: str, text: str, now: datetime
) -> Message:
    found = await conversation(db, conversation_id)
    if found is None:
        raise StoreError(f"Conversation {conversation_id} is no longer in the cache.")
    note = Message(
        id=f"note-{uuid.uuid4().hex}",
        conversation_id=conversation_id,
        channel=found.channel,
        direction=Direction.NOTE,
        author_name=author,
        author_address="",
        sent_at=now,
        body_text=text,
        read=True,
        account=found.account,
    )
    marks = ", ".join("?" * len(MESSAGE_COLUMNS.split(",")))
    await db.execute(
        f"INSERT INTO message ({MESSAGE_COLUMNS}) VALUES ({marks})", message_params(note)
    )
    await touch(db, [conversation_id])
    await refresh_touched(db)
    return note


async def mark_read(db: aiosqlite.Connection, conversation_id: str, read: bool) -> None:
    await db.execute(
        "UPDATE message SET read = ? WHERE conversation_id = ? AND direction = 'in'",
        (int(read), conversation_id),
    )
    await db.execute(
        "UPDATE conversation SET unread = ? AND EXISTS (SELECT 1 FROM message "
        "WHERE conversation_id = ? AND direction = 'in') WHERE id = ?",
        (int(not read), conversation_id, conversation_id),
    )


def _customer_value(name: str, value: object) -> object:
    """The column value for one edited field; a wrong value is the caller's bug."""
    if name == "notes":
        return "" if value is None else str(value)
    if value is None or value == "":
        if name in ("formality", "display_name"):
            raise ValueError(f"{name} cannot be empty")
        return None
    converters: dict[str, type[StrEnum]] = {
        "gender": Gender, "formality": Formality, "script": Script
    }  # fmt: skip
    if name in converters:
        return converters[name](str(value)).value
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text, not {type(value).__name__}")
    return value.strip()


async def update_customer(
    db: aiosqlite.Connection, customer_id: str, fields: dict[str, object]
) -> None:
    unknown = set(fields) - EDITABLE_CUSTOMER_FIELDS
    if unknown:
        raise ValueError(f"not editable customer fields: {', '.join(sorted(unknown))}")
    values = {name: _customer_value(name, value) for name, value in fields.items()}
    row = await one(db, "SELECT corrected FROM customer WHERE id = ?", (customer_id,))
    if row is None:
        raise StoreError(f"Customer {customer_id} is no longer in the cache.")
    corrected = encode_corrected(decode_corrected(row[0]) | set(values))
    assignments = ", ".join(f"{name} = ?" for name in values)
    await db.execute(
        f"UPDATE customer SET {assignments}{', ' if values else ''}corrected = ? WHERE id = ?",
        [*values.values(), corrected, customer_id],
    )
    if _NAME_FIELDS & set(values):
        await touch_customer_conversations(db, [customer_id])
        await refresh_touched(db)
