"""The status history of conversations (schema 6): read it, and write it for data that comes
with its own past (the demo, benchmarks, imports). Live changes are recorded where they
happen (triage, sync, outbox)."""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from ..domain.metrics import StatusChange
from ..domain.models import Status
from .codec import from_db, to_db
from .fetch import rows


async def add_changes(db: aiosqlite.Connection, changes: Sequence[StatusChange]) -> None:
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
