"""Derived conversation fields and search documents, recomputed for touched conversations.

Writers put conversation ids into the temp table `touched`; `refresh_touched` then brings
waiting_since, last_message_at, preview, unread and the search document up to date, inside
the writer's transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import aiosqlite

from ..domain.models import Channel, Direction, Message
from ..domain.queue import waiting_since
from .codec import from_db, to_db_or_none
from .fetch import chunks, marks, rows
from .migrations import SEARCH_DOCUMENT_SELECT

PREVIEW_LENGTH = 160
SEARCH_CHUNK = 100
_SPACES = re.compile(r"\s+")

CREATE_TOUCHED = "CREATE TEMP TABLE IF NOT EXISTS touched (id TEXT PRIMARY KEY)"


async def touch(db: aiosqlite.Connection, conversation_ids: Iterable[str]) -> None:
    await db.executemany(
        "INSERT OR IGNORE INTO touched (id) VALUES (?)", ((cid,) for cid in conversation_ids)
    )


async def touch_customer_conversations(db: aiosqlite.Connection, customer_ids: list[str]) -> None:
    """A customer's name is part of the search document of each of their conversations."""
    await db.executemany(
        "INSERT OR IGNORE INTO touched (id) SELECT id FROM conversation WHERE customer_id = ?",
        ((cid,) for cid in customer_ids),
    )


@dataclass
class _Derived:
    messages: list[Message] = field(default_factory=list)
    last_at: datetime | None = None
    preview: str = ""
    unread: bool = False
    has_reply_or_customer_message: bool = False


async def refresh_touched(db: aiosqlite.Connection) -> None:
    derived = await _derive(db)
    await db.executemany(
        "UPDATE conversation SET waiting_since = ?, waiting = ?, last_message_at = ?, "
        "preview = ?, unread = ? WHERE id = ?",
        (_derived_params(cid, d) for cid, d in derived.items()),
    )
    await _refresh_search(db, list(derived))
    await db.execute("DELETE FROM touched")


async def _refresh_search(db: aiosqlite.Connection, conversation_ids: list[str]) -> None:
    """Rewrites each touched conversation's document, a few at a time: the one database
    thread also serves the queue, and no single statement should hold it for long."""
    for part in chunks(conversation_ids, SEARCH_CHUNK):
        await db.execute(
            "DELETE FROM conversation_search WHERE rowid IN "
            f"(SELECT rowid FROM conversation WHERE id IN ({marks(part)}))",
            part,
        )
        await db.execute(
            "INSERT INTO conversation_search (rowid, subject, names, body) "
            f"{SEARCH_DOCUMENT_SELECT} WHERE c.id IN ({marks(part)})",
            part,
        )


def _derived_params(cid: str, d: _Derived) -> tuple[object, ...]:
    waiting = waiting_since(d.messages)
    return (
        to_db_or_none(waiting), int(waiting is not None), to_db_or_none(d.last_at), d.preview,
        int(d.unread), cid,
    )  # fmt: skip


async def _derive(db: aiosqlite.Connection) -> dict[str, _Derived]:
    """Notes never count as the last message nor as an answer (waiting_since skips them)."""
    derived = {row[0]: _Derived() for row in await rows(db, "SELECT id FROM touched")}
    for cid, direction, sent_text, read, body in await rows(
        db,
        "SELECT m.conversation_id, m.direction, m.sent_at, m.read, substr(m.body_text, 1, 400) "
        "FROM touched t JOIN message m ON m.conversation_id = t.id "
        "ORDER BY m.conversation_id, m.sent_at, m.rowid",
    ):
        _add_message(derived[cid], cid, Direction(direction), from_db(sent_text), read, body)
    return derived


def _add_message(
    d: _Derived, cid: str, direction: Direction, sent_at: datetime | None, read: int, body: str
) -> None:
    assert sent_at is not None  # NOT NULL column
    d.messages.append(Message("", cid, Channel.EMAIL, direction, "", "", sent_at))
    if direction is Direction.INCOMING and not read:
        d.unread = True
    # Rows come oldest first: the last non-note wins; notes count only while nothing else has.
    if direction is not Direction.NOTE or not d.has_reply_or_customer_message:
        d.last_at = sent_at
        d.preview = _SPACES.sub(" ", body).strip()[:PREVIEW_LENGTH]
    if direction is not Direction.NOTE:
        d.has_reply_or_customer_message = True
