"""Reading rows in one hop to the database thread (execute + fetch + close together)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence, Sized
from typing import TypeVar

import aiosqlite

T = TypeVar("T")

CHUNK = 500
"""Ids per IN (...) list, well under SQLite's parameter limit."""


async def rows(
    db: aiosqlite.Connection, sql: str, params: Iterable[object] = ()
) -> list[aiosqlite.Row]:
    return list(await db.execute_fetchall(sql, tuple(params)))


async def one(
    db: aiosqlite.Connection, sql: str, params: Iterable[object] = ()
) -> aiosqlite.Row | None:
    found = await rows(db, sql, params)
    return found[0] if found else None


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def marks(items: Sized) -> str:
    """'?, ?, ?' for an IN list."""
    return ", ".join("?" * len(items))
