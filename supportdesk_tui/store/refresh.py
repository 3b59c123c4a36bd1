"""Derived conversation fields and search documents, recomputed for touched conversations.

Writers put conversation ids into the temp table `touched`; `refresh_touched` then brings
waiting_since, last_message_at, preview, unread and the search document up to date, inside
the writer's transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import aiosqlite

from ..domain.models import Direction
from .fetch import chunks, marks, rows
from .migrations import SEARCH_DOCUMENT_SELECT

PREVIEW_LENGTH = 160
SEARCH_CHUNK = 100
_SPACES = re.compile(r"\s+")

CREATE_TOUCHED = "CREATE TEMP TABLE IF NOT EXISTS touched (id TEXT PRIMARY KEY)"

_IN, _OUT, _NOTE = (
    f"'{d.value}'" for d in (Direction.INCOMING, Direction.OUTGOING, Direction.NOTE)
)

# Messages are ordered by (sent_at, rowid): sent_at is fixed-width UTC text, and rowid keeps
# equal times in arrival order.
_REPLIED_AFTER = f"""EXISTS (SELECT 1 FROM message r WHERE r.conversation_id = m.conversation_id
    AND r.direction = {_OUT} AND r.sent_at >= m.sent_at
    AND (r.sent_at, r.rowid) > (m.sent_at, m.rowid))"""
_SHOWN_LAST = f"""FROM message m WHERE m.conversation_id = t.id
    ORDER BY m.direction = {_NOTE}, m.sent_at DESC, m.rowid DESC LIMIT 1"""

REFRESH_DERIVED = f"""
WITH d AS MATERIALIZED (
    SELECT t.id AS id,
        (SELECT min(m.sent_at) FROM message m WHERE m.conversation_id = t.id
         AND m.direction = {_IN} AND NOT {_REPLIED_AFTER}) AS waiting_since,
        (SELECT m.sent_at {_SHOWN_LAST}) AS last_at,
        (SELECT substr(m.body_text, 1, 400) {_SHOWN_LAST}) AS body,
        EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = t.id
                AND m.direction = {_IN} AND m.read = 0) AS unread
    FROM touched t
)
UPDATE conversation AS c
SET waiting_since = d.waiting_since, waiting = d.waiting_since IS NOT NULL,
    last_message_at = d.last_at, preview = preview_text(d.body), unread = d.unread
FROM d WHERE c.id = d.id
"""
"""The rules of domain.queue.waiting_since (the oldest customer message no reply of ours
answered; notes are no answer), computed here so a big sync builds no Message per row.
The last message shown is the newest one that is not a note, or the newest note if the
conversation has only notes."""


def preview_text(body: str | None) -> str:
    """The SQL function `preview_text`: a body's start on one line."""
    return _SPACES.sub(" ", body or "").strip()[:PREVIEW_LENGTH]


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


async def refresh_touched(db: aiosqlite.Connection) -> None:
    await db.execute(REFRESH_DERIVED)
    touched = [str(row[0]) for row in await rows(db, "SELECT id FROM touched")]
    await _refresh_search(db, touched)
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
