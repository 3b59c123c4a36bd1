"""SQL for what an IMAP sync changes besides new messages: read flags, UIDs, vanished mail.

`apply_state` is written before the batch itself (see imapsync), so a crash in between redoes
it idempotently next time.
"""

from __future__ import annotations

from collections.abc import Collection

import aiosqlite

from ..domain.models import MailBatch, Message
from .fetch import chunks, marks, rows
from .refresh import refresh_touched


async def unread_uids(db: aiosqlite.Connection, account: str, folder: str) -> set[int]:
    sql = (
        "SELECT uid FROM message WHERE account = ? AND folder = ? AND read = 0 AND uid IS NOT NULL"
    )
    return {int(row[0]) for row in await rows(db, sql, (account, folder))}


async def message_ids_for_uids(
    db: aiosqlite.Connection, account: str, folder: str, uids: Collection[int]
) -> dict[int, str]:
    found: dict[int, str] = {}
    for part in chunks([str(uid) for uid in sorted(uids)]):
        sql = (
            "SELECT uid, id FROM message WHERE account = ? AND folder = ? "
            f"AND uid IN ({marks(part)})"
        )
        found.update((int(r[0]), str(r[1])) for r in await rows(db, sql, (account, folder, *part)))
    return found


async def cached_uids(db: aiosqlite.Connection, account: str, folder: str) -> set[int]:
    sql = "SELECT uid FROM message WHERE account = ? AND folder = ? AND uid IS NOT NULL"
    return {int(row[0]) for row in await rows(db, sql, (account, folder))}


async def unlocated_message_ids(db: aiosqlite.Connection, account: str, folder: str) -> list[str]:
    sql = "SELECT id FROM message WHERE account = ? AND folder = ? AND uid IS NULL"
    return [str(row[0]) for row in await rows(db, sql, (account, folder))]


async def moved_messages(db: aiosqlite.Connection, batch: MailBatch) -> list[Message]:
    """Fetched messages already cached under another folder or UID (found again after a new
    UIDVALIDITY, or moved between synced folders): they take their new place, so an
    expunge in the old one does not remove them."""
    wanted = {m.id: m for m in batch.messages if m.uid is not None}
    moved: list[Message] = []
    for part in chunks(list(wanted)):
        sql = f"SELECT id, folder, uid FROM message WHERE id IN ({marks(part)})"
        for mid, folder, uid in await rows(db, sql, part):
            new = wanted[mid]
            if (folder, uid) != (new.folder, new.uid):
                moved.append(new)
    return moved


async def apply_state(db: aiosqlite.Connection, batch: MailBatch, moved: list[Message]) -> None:
    """Read flags, forgotten and moved UIDs; the caller holds the transaction."""
    if batch.forget_uids:
        await db.execute(
            "UPDATE message SET uid = NULL WHERE account = ? AND folder = ?",
            (batch.account, batch.folder),
        )
    # A mail found again (new UIDVALIDITY) or moved takes its new place and the server's read
    # state as fetched there: flags changed on the server since the last sync are known
    # nowhere else (the folder's MODSEQ starts afresh with the new place).
    await db.executemany(
        "UPDATE message SET folder = ?, uid = ?, read = ? WHERE id = ? AND account = ?",
        ((m.folder, m.uid, int(m.read), m.id, batch.account) for m in moved),
    )
    await db.executemany(
        "UPDATE message SET read = ? WHERE id = ?",
        ((int(read), mid) for mid, read in batch.read_changes),
    )
    await db.executemany(
        "INSERT OR IGNORE INTO touched (id) SELECT conversation_id FROM message WHERE id = ?",
        [*((mid,) for mid, _ in batch.read_changes), *((m.id,) for m in moved)],
    )
    await refresh_touched(db)
