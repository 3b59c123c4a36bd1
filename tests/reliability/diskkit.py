"""Disk faults for the harnesses: a full disk made deterministic, and damage to a closed cache.

A full disk is SQLite's own: `PRAGMA max_page_count` at the file's current size makes every
write that needs one more page fail with SQLITE_FULL ("database or disk is full"), exactly as
a full file system does, on any machine and without root. The cache is vacuumed first, so no
free page is left to reuse, and what is written is big enough to need a page (a long reply, a
note of a page or more, many conversations at once).
"""

from __future__ import annotations

import os
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

from supportdesk_tui.store import Store

NO_LIMIT = 1_073_741_823


async def _pragma(store: Store, statement: str) -> int:
    async with store._db.execute(statement) as cursor:  # fault injection only
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def fill_disk(store: Store) -> None:
    pages = await _pragma(store, "PRAGMA page_count")
    await _pragma(store, f"PRAGMA max_page_count = {pages}")


async def free_space(store: Store) -> None:
    await _pragma(store, f"PRAGMA max_page_count = {NO_LIMIT}")


def vacuum(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("VACUUM")
        assert db.execute("PRAGMA freelist_count").fetchone()[0] == 0


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


# -- damage to a closed cache ------------------------------------------------------------------


def page_size(path: Path) -> int:
    with path.open("rb") as file:
        file.seek(16)
        size = int.from_bytes(file.read(2), "big")
    return 65536 if size == 1 else size


def leaf_pages(path: Path, table: str) -> list[int]:
    with sqlite3.connect(path) as db:
        found = db.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,)
        ).fetchall()
    return sorted(page for (page,) in found)


def deleted(path: Path) -> None:
    path.unlink()


def zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def header_overwritten(path: Path) -> None:
    with path.open("r+b") as file:
        file.write(os.urandom(100))


def truncated(fraction: float) -> Callable[[Path], None]:
    def cut(path: Path) -> None:
        with path.open("r+b") as file:
            file.truncate(int(path.stat().st_size * fraction))

    cut.__name__ = f"truncated_at_{int(fraction * 100)}pct"
    return cut


def pages_overwritten(seed: int, count: int = 3) -> Callable[[Path], None]:
    """Random bytes over `count` random pages (not the first: that is header_overwritten)."""

    def spoil(path: Path) -> None:
        size = page_size(path)
        pages = path.stat().st_size // size
        rng = random.Random(seed)
        with path.open("r+b") as file:
            for page in rng.sample(range(1, pages), min(count, pages - 1)):
                file.seek(page * size)
                file.write(rng.randbytes(size))

    spoil.__name__ = f"pages_overwritten_seed{seed}"
    return spoil


def message_pages_overwritten(path: Path) -> None:
    """Random bytes over three of the pages that hold mail: damage the salvage must step over."""
    size = page_size(path)
    with path.open("r+b") as file:
        leaves = leaf_pages(path, "message")
        for page in random.Random(3).sample(leaves, min(3, len(leaves) - 1)):
            file.seek((page - 1) * size)
            file.write(os.urandom(size))


DAMAGE: list[Callable[[Path], None]] = [
    deleted,
    zero_bytes,
    header_overwritten,
    truncated(0.25),
    truncated(0.5),
    truncated(0.9),
    pages_overwritten(1),
    pages_overwritten(2),
    pages_overwritten(3),
    message_pages_overwritten,
]
