"""Read-only queries: threading lookups, the queue, one conversation in full."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from ..domain.models import (
    Attachment,
    Channel,
    Conversation,
    ConversationDetail,
    Customer,
    Message,
    QueueRow,
    Status,
)
from ..domain.queue import QueueFilter
from .batch import chunks
from .codec import (
    CONVERSATION_COLUMNS,
    CUSTOMER_COLUMNS,
    MESSAGE_COLUMNS,
    conversation_from_row,
    customer_from_row,
    from_db,
    message_from_row,
    to_db,
)
from .queue_sql import count_sql, page_sql

PREVIOUS_LIMIT = 20


async def conversation_for_message_ids(
    db: aiosqlite.Connection, message_ids: Sequence[str]
) -> str | None:
    """The conversation of the first of these ids that is stored (callers pass best first)."""
    for part in chunks([mid.strip() for mid in message_ids if mid.strip()]):
        marks = ", ".join("?" * len(part))
        sql = f"SELECT id, conversation_id FROM message WHERE id IN ({marks})"
        async with db.execute(sql, part) as cursor:
            found = {row[0]: row[1] for row in await cursor.fetchall()}
        for mid in part:
            if mid in found:
                return str(found[mid])
    return None


async def conversation_for_subject(
    db: aiosqlite.Connection, subject_key: str, address: str, since: datetime
) -> str | None:
    if not subject_key or not address.strip():
        return None
    async with db.execute(
        "SELECT c.id FROM customer_address a JOIN conversation c ON c.customer_id = a.customer_id "
        "WHERE a.address_key = ? AND c.subject_key = ? AND c.channel = 'email' "
        "AND c.last_message_at >= ? ORDER BY c.last_message_at DESC LIMIT 1",
        (address.strip().casefold(), subject_key, to_db(since)),
    ) as cursor:
        row = await cursor.fetchone()
    return None if row is None else str(row[0])


async def customer(db: aiosqlite.Connection, customer_id: str) -> Customer | None:
    async with db.execute(
        f"SELECT {CUSTOMER_COLUMNS} FROM customer WHERE id = ?", (customer_id,)
    ) as cursor:
        row = await cursor.fetchone()
    if row is None:
        return None
    addresses: dict[str, list[str]] = defaultdict(list)
    async with db.execute(
        "SELECT kind, address FROM customer_address WHERE customer_id = ? ORDER BY rowid",
        (customer_id,),
    ) as cursor:
        for kind, address in await cursor.fetchall():
            addresses[kind].append(address)
    return customer_from_row(row, tuple(addresses["email"]), tuple(addresses["chat"]))


async def customer_for_address(db: aiosqlite.Connection, address: str) -> Customer | None:
    async with db.execute(
        "SELECT customer_id FROM customer_address WHERE address_key = ?",
        (address.strip().casefold(),),
    ) as cursor:
        row = await cursor.fetchone()
    return None if row is None else await customer(db, row[0])


async def count_queue(db: aiosqlite.Connection, f: QueueFilter, now: datetime) -> int:
    sql, params = count_sql(f, now)
    async with db.execute(sql, params) as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def list_queue(
    db: aiosqlite.Connection, f: QueueFilter, now: datetime, offset: int, limit: int
) -> list[QueueRow]:
    sql, params = page_sql(f, now, offset, limit)
    async with db.execute(sql, params) as cursor:
        rows = await cursor.fetchall()
    return [_queue_row(row, now) for row in rows]


def _queue_row(row: aiosqlite.Row, now: datetime) -> QueueRow:
    status = Status(row["status"])
    snoozed_until = from_db(row["snoozed_until"])
    if status is Status.SNOOZED and snoozed_until is not None and snoozed_until <= now:
        status = Status.OPEN
    return QueueRow(
        conversation_id=row["id"],
        channel=Channel(row["channel"]),
        customer_name=row["customer_name"],
        language=row["language"],
        subject=row["subject"],
        preview=row["preview"],
        status=status,
        assignee=row["assignee"],
        tags=tuple(sorted(row["tags"].split("\x1f"))) if row["tags"] else (),
        waiting_since=from_db(row["waiting_since"]),
        last_message_at=from_db(row["last_message_at"]),
        unread=bool(row["unread"]),
        network=row["network"],
    )


async def conversation(db: aiosqlite.Connection, conversation_id: str) -> Conversation | None:
    async with db.execute(
        f"SELECT {CONVERSATION_COLUMNS} FROM conversation WHERE id = ?", (conversation_id,)
    ) as cursor:
        row = await cursor.fetchone()
    return None if row is None else conversation_from_row(row, await tags_of(db, conversation_id))


async def tags_of(db: aiosqlite.Connection, conversation_id: str) -> tuple[str, ...]:
    async with db.execute(
        "SELECT tag FROM conversation_tag WHERE conversation_id = ? ORDER BY tag",
        (conversation_id,),
    ) as cursor:
        return tuple(row[0] for row in await cursor.fetchall())


async def conversation_detail(
    db: aiosqlite.Connection, conversation_id: str
) -> ConversationDetail | None:
    found = await conversation(db, conversation_id)
    if found is None:
        return None
    who = await customer(db, found.customer_id) or Customer(found.customer_id, found.customer_id)
    return ConversationDetail(
        conversation=found,
        customer=who,
        messages=await _messages(db, conversation_id),
        previous=await _previous(db, found),
    )


async def _messages(db: aiosqlite.Connection, conversation_id: str) -> tuple[Message, ...]:
    attachments: dict[str, list[Attachment]] = defaultdict(list)
    async with db.execute(
        "SELECT a.id, a.message_id, a.filename, a.content_type, a.size FROM message m "
        "JOIN attachment a ON a.message_id = m.id WHERE m.conversation_id = ? ORDER BY a.id",
        (conversation_id,),
    ) as cursor:
        for aid, mid, filename, content_type, size in await cursor.fetchall():
            attachments[mid].append(Attachment(filename, content_type, size, id=aid))
    async with db.execute(
        f"SELECT {MESSAGE_COLUMNS} FROM message WHERE conversation_id = ? ORDER BY sent_at, rowid",
        (conversation_id,),
    ) as cursor:
        rows = await cursor.fetchall()
    return tuple(message_from_row(row, tuple(attachments[row["id"]])) for row in rows)


async def _previous(db: aiosqlite.Connection, current: Conversation) -> tuple[Conversation, ...]:
    async with db.execute(
        f"SELECT {CONVERSATION_COLUMNS} FROM conversation WHERE customer_id = ? AND id != ? "
        "ORDER BY last_message_at DESC LIMIT ?",
        (current.customer_id, current.id, PREVIOUS_LIMIT),
    ) as cursor:
        rows = await cursor.fetchall()
    return tuple([conversation_from_row(row, await tags_of(db, row["id"])) for row in rows])


async def distinct_values(db: aiosqlite.Connection, sql: str) -> list[str]:
    async with db.execute(sql) as cursor:
        return [str(row[0]) for row in await cursor.fetchall()]
