"""Applying one fetched batch: customers, conversations, messages, cursor. One transaction."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import aiosqlite

from ..domain.models import Batch, Conversation, Customer, Direction, Edit, Message, Status
from ..domain.queue import status_after_customer_message
from ..domain.threads import normalize_subject
from . import history
from .codec import MESSAGE_COLUMNS, encode_corrected, message_params, to_db_or_none
from .fetch import chunks, marks, rows
from .refresh import refresh_touched, touch, touch_customer_conversations

log = logging.getLogger(__name__)

CUSTOMER_FIELDS = (
    "display_name", "first_name", "last_name", "language", "script", "gender", "formality", "notes",
)  # fmt: skip


@dataclass(frozen=True)
class ApplyResult:
    new_messages: int = 0
    new_conversations: int = 0
    reopened: tuple[str, ...] = ()
    """Conversations a new customer message brought back from resolved, snoozed or pending."""


async def existing_ids(db: aiosqlite.Connection, table: str, ids: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for part in chunks(list(dict.fromkeys(ids))):
        sql = f"SELECT id FROM {table} WHERE id IN ({marks(part)})"
        found.update(row[0] for row in await rows(db, sql, part))
    return found


async def apply_batch(db: aiosqlite.Connection, batch: Batch) -> ApplyResult:
    """The caller holds the transaction."""
    await _upsert_customers(db, batch.customers)
    conversations = [
        c if c.account else replace(c, account=batch.account) for c in batch.conversations
    ]
    new_conversations = await _upsert_conversations(db, conversations)
    new_messages = await insert_messages(db, batch.messages, conversations)
    await history.record_new(db, new_conversations, datetime.now(UTC))
    reopened = await _reopen(db, new_messages, new_conversations)
    await _edit_messages(db, batch.edits)
    await _remove_messages(db, batch.removed_message_ids)
    if batch.cursor is not None:
        await db.execute(
            "INSERT INTO sync_cursor (account, key, value) VALUES (?, ?, ?) "
            "ON CONFLICT (account, key) DO UPDATE SET value = excluded.value",
            (batch.account, batch.cursor_key, batch.cursor),
        )
    await refresh_touched(db)
    return ApplyResult(len(new_messages), len(new_conversations), reopened)


def _keep_corrected(name: str) -> str:
    """A field the agent corrected stays; an empty incoming value never erases a known one."""
    return (
        f"{name} = CASE WHEN instr(corrected, ',{name},') > 0 THEN {name} "
        f"ELSE coalesce(nullif(excluded.{name}, ''), {name}) END"
    )


async def _upsert_customers(db: aiosqlite.Connection, customers: Sequence[Customer]) -> None:
    if not customers:
        return
    columns = ", ".join(("id", *CUSTOMER_FIELDS, "corrected"))
    await db.executemany(
        f"INSERT INTO customer ({columns}) VALUES ({', '.join('?' * (len(CUSTOMER_FIELDS) + 2))}) "
        f"ON CONFLICT (id) DO UPDATE SET {', '.join(map(_keep_corrected, CUSTOMER_FIELDS))}",
        (_customer_params(c) for c in customers),
    )
    await db.executemany(
        "INSERT OR IGNORE INTO customer_address (address_key, customer_id, kind, address) "
        "VALUES (?, ?, ?, ?)",
        _address_rows(customers),
    )
    await touch_customer_conversations(db, [c.id for c in customers])


def _customer_params(c: Customer) -> tuple[object, ...]:
    script = c.script.value if c.script else None
    gender = c.gender.value if c.gender else None
    return (
        c.id, c.display_name, c.first_name, c.last_name, c.language, script, gender,
        c.formality.value, c.notes, encode_corrected(c.corrected),
    )  # fmt: skip


def _address_rows(customers: Iterable[Customer]) -> Iterator[tuple[str, str, str, str]]:
    for c in customers:
        for kind, addresses in (("email", c.emails), ("chat", c.chat_ids)):
            for address in addresses:
                if address.strip():
                    yield address.strip().casefold(), c.id, kind, address.strip()


async def _upsert_conversations(
    db: aiosqlite.Connection, conversations: Sequence[Conversation]
) -> set[str]:
    """Agent state (status, assignee, snooze) is set only when a conversation is new."""
    if not conversations:
        return set()
    before = await existing_ids(db, "conversation", (c.id for c in conversations))
    await db.executemany(
        "INSERT OR IGNORE INTO customer (id) VALUES (?)", ((c.customer_id,) for c in conversations)
    )
    await db.executemany(
        "INSERT INTO conversation (id, channel, customer_id, subject, subject_key, status, "
        "assignee, snoozed_until, language, account, network) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT (id) DO UPDATE SET "
        "subject = coalesce(nullif(excluded.subject, ''), subject), "
        "subject_key = CASE WHEN excluded.subject = '' THEN subject_key "
        "ELSE excluded.subject_key END, "
        "language = coalesce(language, excluded.language), "
        "account = coalesce(nullif(excluded.account, ''), account), "
        "network = coalesce(excluded.network, network)",
        (_conversation_params(c) for c in conversations),
    )
    await db.executemany(
        "INSERT OR IGNORE INTO conversation_tag (conversation_id, tag) VALUES (?, ?)",
        ((c.id, tag) for c in conversations for tag in c.tags if tag.strip()),
    )
    await touch(db, (c.id for c in conversations))
    return {c.id for c in conversations} - before


def _conversation_params(c: Conversation) -> tuple[object, ...]:
    return (
        c.id, c.channel.value, c.customer_id, c.subject, normalize_subject(c.subject),
        c.status.value, c.assignee, to_db_or_none(c.snoozed_until), c.language, c.account,
        c.network,
    )  # fmt: skip


async def insert_messages(
    db: aiosqlite.Connection, messages: Sequence[Message], conversations: Sequence[Conversation]
) -> list[Message]:
    """Messages already stored are skipped, so re-applying a batch adds nothing."""
    unique = list({m.id: m for m in messages if m.id.strip()}.values())
    stored = await existing_ids(db, "message", (m.id for m in unique))
    known = {c.id for c in conversations} | await existing_ids(
        db, "conversation", (m.conversation_id for m in unique)
    )
    orphans = [m for m in unique if m.conversation_id not in known]
    if orphans:
        log.warning("skipped %d messages of unknown conversations", len(orphans))
    new = [m for m in unique if m.id not in stored and m.conversation_id in known]
    placeholders = ", ".join("?" * len(MESSAGE_COLUMNS.split(",")))
    await db.executemany(
        f"INSERT INTO message ({MESSAGE_COLUMNS}) VALUES ({placeholders})", map(message_params, new)
    )
    await db.executemany(
        "INSERT INTO attachment (message_id, filename, content_type, size, data) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            (
                m.id,
                a.filename,
                a.content_type,
                len(a.data) if a.data is not None else a.size,
                a.data,
            )
            for m in new
            for a in m.attachments
        ),
    )
    await db.executemany(
        "INSERT OR REPLACE INTO message_raw (message_id, raw) VALUES (?, ?)",
        ((m.id, m.raw) for m in new if m.raw is not None),
    )
    await touch(db, (m.conversation_id for m in new))
    return new


async def _reopen(
    db: aiosqlite.Connection, new_messages: Sequence[Message], created: set[str]
) -> tuple[str, ...]:
    """A customer writing again brings a resolved, snoozed or pending conversation back,
    as of their first new message."""
    came_back: dict[str, datetime] = {}
    for m in new_messages:
        if m.direction is Direction.INCOMING and m.conversation_id not in created:
            came_back[m.conversation_id] = min(
                m.sent_at, came_back.get(m.conversation_id, m.sent_at)
            )
    changes: list[tuple[str, Status, datetime]] = []
    for part in chunks(sorted(came_back)):
        sql = f"SELECT id, status FROM conversation WHERE id IN ({marks(part)})"
        for cid, stored in await rows(db, sql, part):
            status = status_after_customer_message(Status(stored))
            if status.value != stored:
                changes.append((cid, status, came_back[cid]))
    await history.record_reopened(db, changes)
    await db.executemany(
        "UPDATE conversation SET status = ?, snoozed_until = NULL WHERE id = ?",
        ((status.value, cid) for cid, status, _ in changes),
    )
    return tuple(cid for cid, _, _ in changes)


async def _edit_messages(db: aiosqlite.Connection, edits: Sequence[Edit]) -> None:
    """The new text under the original id; an edit by anyone but the author is ignored."""
    for edit in edits:
        await db.execute(
            "INSERT OR IGNORE INTO touched (id) SELECT conversation_id FROM message "
            "WHERE id = ? AND author_address = ?",
            (edit.message_id, edit.author_address),
        )
        await db.execute(
            "UPDATE message SET body_text = ?, body_html = ? WHERE id = ? AND author_address = ?",
            (edit.body_text, edit.body_html, edit.message_id, edit.author_address),
        )


async def _remove_messages(db: aiosqlite.Connection, message_ids: Sequence[str]) -> None:
    for part in chunks(list(message_ids)):
        marks = ", ".join("?" * len(part))
        await db.execute(
            "INSERT OR IGNORE INTO touched (id) "
            f"SELECT conversation_id FROM message WHERE id IN ({marks})",
            part,
        )
        await db.execute(f"DELETE FROM attachment WHERE message_id IN ({marks})", part)
        await db.execute(f"DELETE FROM message_raw WHERE message_id IN ({marks})", part)
        await db.execute(f"DELETE FROM message WHERE id IN ({marks})", part)
