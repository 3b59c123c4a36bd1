"""Bodies parsed after the headers: the pending ones read out, the parsed ones filled in."""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from ..domain.models import ParsedBody, PendingBody
from .fetch import chunks, marks, one, rows
from .refresh import refresh_touched


async def pending_bodies(
    db: aiosqlite.Connection,
    limit: int,
    conversation_id: str | None,
    after: tuple[str, str] | None = None,
) -> list[PendingBody]:
    """Conversation by conversation, so each search document is rewritten once; from after
    (conversation id, message id) on, so several batches can be read before any is filled."""
    where, params = ["m.body_pending = 1"], []
    if conversation_id is not None:
        where.append("m.conversation_id = ?")
        params.append(conversation_id)
    if after is not None:
        where.append("(m.conversation_id, m.id) > (?, ?)")
        params += after
    found = await rows(
        db,
        "SELECT m.id, r.raw, m.decode_warning, m.conversation_id FROM message m "
        "LEFT JOIN message_raw r ON r.message_id = m.id "
        f"WHERE {' AND '.join(where)} ORDER BY m.conversation_id, m.id LIMIT ?",
        (*params, limit),
    )
    return [PendingBody(mid, raw, warning, cid) for mid, raw, warning, cid in found]


async def count_pending_bodies(db: aiosqlite.Connection) -> int:
    row = await one(db, "SELECT count(*) FROM message WHERE body_pending = 1")
    return int(row[0]) if row else 0


async def fill_bodies(db: aiosqlite.Connection, bodies: Sequence[ParsedBody]) -> int:
    """The caller holds the transaction. A body filled in meanwhile (the thread was opened) is
    left as it is. Returns how many were filled."""
    pending: set[str] = set()
    for part in chunks([body.message_id for body in bodies]):
        sql = f"SELECT id FROM message WHERE body_pending = 1 AND id IN ({marks(part)})"
        pending.update(mid for (mid,) in await rows(db, sql, part))
    bodies = [body for body in bodies if body.message_id in pending]
    await db.executemany(
        "UPDATE message SET body_text = ?, body_html = ?, decode_warning = ?, body_pending = 0 "
        "WHERE id = ?",
        ((b.text, b.html, b.decode_warning, b.message_id) for b in bodies),
    )
    await db.executemany(
        "INSERT INTO attachment (message_id, filename, content_type, size, data) "
        "VALUES (?, ?, ?, ?, ?)",
        (
            (b.message_id, a.filename, a.content_type, len(a.data or b""), a.data)
            for b in bodies
            for a in b.attachments
        ),
    )
    guessed = [(b.language, b.message_id) for b in bodies if b.language]
    await db.executemany(
        "UPDATE conversation SET language = ? WHERE language IS NULL "
        "AND id = (SELECT conversation_id FROM message WHERE id = ?)",
        guessed,
    )
    await db.executemany(
        "UPDATE customer SET language = ? WHERE language IS NULL "
        "AND instr(corrected, ',language,') = 0 AND id = (SELECT c.customer_id "
        "FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE m.id = ?)",
        guessed,
    )
    await db.executemany(
        "INSERT OR IGNORE INTO touched (id) SELECT conversation_id FROM message WHERE id = ?",
        ((b.message_id,) for b in bodies),
    )
    await refresh_touched(db)
    return len(bodies)


async def unguessed_languages(db: aiosqlite.Connection, limit: int) -> list[tuple[str, str]]:
    """(conversation id, the customer's first parsed message) of conversations whose
    language nobody knows yet."""
    sql = (
        "SELECT c.id, (SELECT m.body_text FROM message m WHERE m.conversation_id = c.id "
        "AND m.direction = 'in' AND m.body_pending = 0 AND m.body_text != '' "
        "ORDER BY m.sent_at LIMIT 1) AS body "
        "FROM conversation c WHERE c.language IS NULL AND body IS NOT NULL LIMIT ?"
    )
    return [(str(cid), str(body)) for cid, body in await rows(db, sql, (limit,))]


async def set_guessed_languages(
    db: aiosqlite.Connection, guessed: Sequence[tuple[str, str | None]]
) -> None:
    """Each conversation's language, and its customer's where not known or set by hand.
    A conversation nobody could guess gets '' so it is not read again at every start."""
    await db.executemany(
        "UPDATE conversation SET language = ? WHERE id = ? AND language IS NULL",
        ((lang or "", cid) for cid, lang in guessed),
    )
    await db.executemany(
        "UPDATE customer SET language = ? WHERE language IS NULL "
        "AND instr(corrected, ',language,') = 0 "
        "AND id = (SELECT customer_id FROM conversation WHERE id = ?)",
        ((lang, cid) for cid, lang in guessed if lang),
    )
