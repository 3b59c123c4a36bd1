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
from .fetch import chunks, marks, one, rows
from .queue_sql import count_sql, page_sql

PREVIOUS_LIMIT = 20


async def conversation_for_message_ids(
    db: aiosqlite.Connection, message_ids: Sequence[str]
) -> str | None:
    """The conversation of the first of these ids that is stored (callers pass best first)."""
    for part in chunks([mid.strip() for mid in message_ids if mid.strip()]):
        sql = f"SELECT id, conversation_id FROM message WHERE id IN ({marks(part)})"
        found = {row[0]: row[1] for row in await rows(db, sql, part)}
        for mid in part:
            if mid in found:
                return str(found[mid])
    return None


async def conversation_for_subject(
    db: aiosqlite.Connection, subject_key: str, address: str, since: datetime
) -> str | None:
    if not subject_key or not address.strip():
        return None
    row = await one(
        db,
        "SELECT c.id FROM customer_address a JOIN conversation c ON c.customer_id = a.customer_id "
        "WHERE a.address_key = ? AND c.subject_key = ? AND c.channel = 'email' "
        "AND c.last_message_at >= ? ORDER BY c.last_message_at DESC LIMIT 1",
        (address.strip().casefold(), subject_key, to_db(since)),
    )
    return None if row is None else str(row[0])


async def customer(db: aiosqlite.Connection, customer_id: str) -> Customer | None:
    row = await one(db, f"SELECT {CUSTOMER_COLUMNS} FROM customer WHERE id = ?", (customer_id,))
    if row is None:
        return None
    addresses: dict[str, list[str]] = defaultdict(list)
    for kind, address in await rows(
        db,
        "SELECT kind, address FROM customer_address WHERE customer_id = ? ORDER BY rowid",
        (customer_id,),
    ):
        addresses[kind].append(address)
    return customer_from_row(row, tuple(addresses["email"]), tuple(addresses["chat"]))


async def customer_for_address(db: aiosqlite.Connection, address: str) -> Customer | None:
    row = await one(
        db,
        "SELECT customer_id FROM customer_address WHERE address_key = ?",
        (address.strip().casefold(),),
    )
    return None if row is None else await customer(db, row[0])


async def count_queue(db: aiosqlite.Connection, f: QueueFilter, now: datetime) -> int:
    sql, params = count_sql(f, now)
    row = await one(db, sql, params)
    return int(row[0]) if row else 0


async def list_queue(
    db: aiosqlite.Connection, f: QueueFilter, now: datetime, offset: int, limit: int
) -> list[QueueRow]:
    sql, params = page_sql(f, now, offset, limit)
    return [_queue_row(row, now) for row in await rows(db, sql, params)]


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
    sql = f"SELECT {CONVERSATION_COLUMNS} FROM conversation WHERE id = ?"
    row = await one(db, sql, (conversation_id,))
    return None if row is None else conversation_from_row(row, await tags_of(db, conversation_id))


async def tags_of(db: aiosqlite.Connection, conversation_id: str) -> tuple[str, ...]:
    sql = "SELECT tag FROM conversation_tag WHERE conversation_id = ? ORDER BY tag"
    return tuple(row[0] for row in await rows(db, sql, (conversation_id,)))


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
    """Attachments are listed without their bytes: attachment_data() fetches those."""
    attachments: dict[str, list[Attachment]] = defaultdict(list)
    for aid, mid, filename, content_type, size in await rows(
        db,
        "SELECT a.id, a.message_id, a.filename, a.content_type, a.size FROM message m "
        "JOIN attachment a ON a.message_id = m.id WHERE m.conversation_id = ? ORDER BY a.id",
        (conversation_id,),
    ):
        attachments[mid].append(Attachment(filename, content_type, size, id=aid))
    found = await rows(
        db,
        f"SELECT {MESSAGE_COLUMNS} FROM message WHERE conversation_id = ? ORDER BY sent_at, rowid",
        (conversation_id,),
    )
    return tuple(message_from_row(row, tuple(attachments[row["id"]])) for row in found)


async def _previous(db: aiosqlite.Connection, current: Conversation) -> tuple[Conversation, ...]:
    found = await rows(
        db,
        f"SELECT {CONVERSATION_COLUMNS} FROM conversation WHERE customer_id = ? AND id != ? "
        "ORDER BY last_message_at DESC LIMIT ?",
        (current.customer_id, current.id, PREVIOUS_LIMIT),
    )
    return tuple([conversation_from_row(row, await tags_of(db, row["id"])) for row in found])


async def distinct_values(db: aiosqlite.Connection, sql: str) -> list[str]:
    return [str(row[0]) for row in await rows(db, sql)]
