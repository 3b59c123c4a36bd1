"""What an IMAP sync changes besides new messages: read flags, UIDs, vanished mail.

`MailBatch` is a `Batch` with the folder's state changes; `apply_state` writes them before the
batch itself (see imapsync), so a crash in between redoes them idempotently next time.

WORKAROUND: the queries below use the store's private connection and transaction helpers,
because `Store` has no methods for them yet. They belong in `store/` as
`Store.unread_uids`, `Store.message_ids_for_uids`, `Store.unlocated_message_ids` and
`Store.apply_mail_state`; this module then keeps only `MailBatch`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from .domain.models import Batch, Message
from .store import Store
from .store.fetch import chunks, marks, rows
from .store.refresh import refresh_touched


@dataclass(frozen=True)
class MailBatch(Batch):
    folder: str = ""
    read_changes: tuple[tuple[str, bool], ...] = ()
    """(message id, read) for cached messages whose \\Seen flag differs from the server's."""
    forget_uids: bool = False
    """UIDVALIDITY changed: the cached UIDs of this folder mean nothing any more."""
    prune_unlocated: bool = False
    """The folder's resync is done: cached messages not found again left the server."""


async def unread_uids(store: Store, account: str, folder: str) -> set[int]:
    sql = (
        "SELECT uid FROM message WHERE account = ? AND folder = ? AND read = 0 AND uid IS NOT NULL"
    )
    async with store._reading() as db:
        return {int(row[0]) for row in await rows(db, sql, (account, folder))}


async def message_ids_for_uids(
    store: Store, account: str, folder: str, uids: Collection[int]
) -> dict[int, str]:
    found: dict[int, str] = {}
    async with store._reading() as db:
        for part in chunks([str(uid) for uid in sorted(uids)]):
            sql = (
                "SELECT uid, id FROM message WHERE account = ? AND folder = ? "
                f"AND uid IN ({marks(part)})"
            )
            found.update(
                (int(r[0]), str(r[1])) for r in await rows(db, sql, (account, folder, *part))
            )
    return found


async def cached_uids(store: Store, account: str, folder: str) -> set[int]:
    sql = "SELECT uid FROM message WHERE account = ? AND folder = ? AND uid IS NOT NULL"
    async with store._reading() as db:
        return {int(row[0]) for row in await rows(db, sql, (account, folder))}


async def unlocated_message_ids(store: Store, account: str, folder: str) -> list[str]:
    sql = "SELECT id FROM message WHERE account = ? AND folder = ? AND uid IS NULL"
    async with store._reading() as db:
        return [str(row[0]) for row in await rows(db, sql, (account, folder))]


async def apply_state(store: Store, batch: MailBatch) -> None:
    """Read flags, forgotten and moved UIDs, in one transaction (none if nothing changes)."""
    moved = await _moved(store, batch)
    if not (batch.read_changes or batch.forget_uids or moved):
        return
    async with store._writing() as db:
        if batch.forget_uids:
            await db.execute(
                "UPDATE message SET uid = NULL WHERE account = ? AND folder = ?",
                (batch.account, batch.folder),
            )
        await db.executemany(
            "UPDATE message SET folder = ?, uid = ? WHERE id = ? AND account = ?",
            ((m.folder, m.uid, m.id, batch.account) for m in moved),
        )
        await db.executemany(
            "UPDATE message SET read = ? WHERE id = ?",
            ((int(read), mid) for mid, read in batch.read_changes),
        )
        await db.executemany(
            "INSERT OR IGNORE INTO touched (id) SELECT conversation_id FROM message WHERE id = ?",
            ((mid,) for mid, _ in batch.read_changes),
        )
        await refresh_touched(db)


async def _moved(store: Store, batch: MailBatch) -> list[Message]:
    """Fetched messages already cached under another folder or UID (found again after a new
    UIDVALIDITY, or moved between synced folders): they take their new place, so an
    expunge in the old one does not remove them."""
    wanted = {m.id: m for m in batch.messages if m.uid is not None}
    moved: list[Message] = []
    async with store._reading() as db:
        for part in chunks(list(wanted)):
            sql = f"SELECT id, folder, uid FROM message WHERE id IN ({marks(part)})"
            for mid, folder, uid in await rows(db, sql, part):
                new = wanted[mid]
                if (folder, uid) != (new.folder, new.uid):
                    moved.append(new)
    return moved
