"""Opening the cache file: directory, pragmas, sanity checks, migrations; errors with advice."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from ..domain.metrics import agent_key
from ..errors import CacheDamaged, DiskFull, StoreError
from .migrations import CREATE_META, MIGRATIONS, SCHEMA_VERSION
from .refresh import CREATE_TOUCHED, preview_text
from .search import fold

log = logging.getLogger(__name__)

MEMORY = ":memory:"
RESET_ADVICE = "Move it aside and rebuild the cache from the server: supportdesk --reset-cache"


def error_for(path: str | Path, error: BaseException) -> StoreError:
    """A StoreError that says what is wrong with the file and what to do about it."""
    text = str(error)
    lowered = text.lower()
    if "disk is full" in lowered or getattr(error, "sqlite_errorname", "") == "SQLITE_FULL":
        return DiskFull(
            f"The disk is full: the cache database {path} could not be written ({text}). "
            "Free some space, then do it again; everything saved before is kept."
        )
    if getattr(error, "sqlite_errorname", "") in ("SQLITE_IOERR_WRITE", "SQLITE_IOERR_FSYNC"):
        return DiskFull(
            f"The cache database {path} could not be written ({text}): the disk may be full "
            "or failing. Free some space (or check the disk), then do it again; everything "
            "saved before is kept.",
            title="Cannot write to the disk",
        )
    kind = StoreError
    if "locked" in lowered or "busy" in lowered:
        advice = "Another supportdesk seems to be using it; close that one and try again."
    elif "disk i/o" in lowered:
        advice = "Check the disk (is it full, or failing?) and try again."
    elif "readonly" in lowered or "unable to open" in lowered or isinstance(error, OSError):
        advice = "Check that the file and its folder exist and are readable and writable."
    else:
        kind, advice = CacheDamaged, RESET_ADVICE
    return kind(f"The cache database {path} cannot be used ({text}). {advice}")


def move_aside(path: Path) -> Path:
    """Rename the file and its -wal/-shm to '<name>.corrupt-<timestamp>'; return the new path."""
    path = Path(path)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    try:
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
        if path.exists():
            path.rename(target)
    except OSError as error:
        raise error_for(path, error) from error
    log.warning("moved the cache database aside to %s", target)
    return target


async def connect(path: str | Path) -> aiosqlite.Connection:
    name = str(path)
    if name != MEMORY:
        _prepare_location(Path(path))
    try:
        db = await aiosqlite.connect(name, isolation_level=None)
    except sqlite3.Error as error:
        raise error_for(name, error) from error
    try:
        await _configure(db, name)
        await _migrate(db, name)
    except BaseException as error:
        await db.close()
        if isinstance(error, sqlite3.Error):
            raise error_for(name, error) from error
        if isinstance(error, ValueError):  # damaged text in the schema (not UTF-8)
            message = f"The cache database {name} is damaged ({error}). {RESET_ADVICE}"
            raise CacheDamaged(message) from error
        raise
    return db


def _prepare_location(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"The cache database path {path} is a folder, not a file.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise error_for(path, error) from error


async def _pragma(db: aiosqlite.Connection, statement: str) -> object:
    """Run a statement and finish it: an unfinished one would hold a transaction open."""
    async with db.execute(statement) as cursor:
        row = await cursor.fetchone()
    return None if row is None else row[0]


def _agent_key_or_null(name: str | None) -> str | None:
    return None if name is None else agent_key(name)


async def _configure(db: aiosqlite.Connection, name: str) -> None:
    db.row_factory = aiosqlite.Row
    await db.create_function("fold", 1, fold, deterministic=True)
    await db.create_function("preview_text", 1, preview_text, deterministic=True)
    # Who a conversation's agent is (reports, the review list): domain.metrics.agent_key
    await db.create_function("agent_key", 1, _agent_key_or_null, deterministic=True)
    await _pragma(db, "PRAGMA busy_timeout = 5000")
    # Reading the header: a file that is not SQLite (or encrypted, or random) fails here.
    await _pragma(db, "SELECT count(*) FROM sqlite_master")
    if name != MEMORY:
        await _pragma(db, "PRAGMA journal_mode = WAL")
        await _check_not_truncated(db, Path(name))
    await _pragma(db, "PRAGMA synchronous = FULL")
    await _pragma(db, "PRAGMA temp_store = MEMORY")
    await _pragma(db, "PRAGMA cache_size = -32000")  # KiB: the queue indexes stay in memory
    # Checkpoint every ~40 MB of WAL, not every 4 MB: pages a sync changes in batch after batch
    # (indexes, search, conversations) are copied once per checkpoint, and commits of a 100k
    # first sync took 13.4 s instead of 18.8. The limit trims the WAL file after a checkpoint.
    await _pragma(db, "PRAGMA wal_autocheckpoint = 10000")
    await _pragma(db, "PRAGMA journal_size_limit = 67108864")
    await _pragma(db, CREATE_TOUCHED)


async def _check_not_truncated(db: aiosqlite.Connection, path: Path) -> None:
    """A cut-off file only fails when a missing page is read; catch it at open instead."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return  # pages may legitimately live only in the WAL until the next checkpoint
    pages = await _pragma(db, "PRAGMA page_count")
    page_size = await _pragma(db, "PRAGMA page_size")
    expected = int(str(pages)) * int(str(page_size))
    if path.stat().st_size < expected:
        raise CacheDamaged(
            f"The cache database {path} is truncated ({path.stat().st_size} of {expected} "
            f"bytes). {RESET_ADVICE}"
        )


async def _schema_version(db: aiosqlite.Connection, name: str) -> int:
    async with db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ) as cursor:
        tables = {row[0] for row in await cursor.fetchall()}
    if not tables:
        return 0
    if "meta" not in tables:
        raise CacheDamaged(
            f"{name} is an SQLite database, but not a supportdesk cache. {RESET_ADVICE}"
        )
    async with db.execute("SELECT value FROM meta WHERE key = 'schema_version'") as cursor:
        row = await cursor.fetchone()
    try:
        return int(row[0]) if row else 0
    except ValueError:
        raise CacheDamaged(f"{name} has an unreadable schema version. {RESET_ADVICE}") from None


async def _migrate(db: aiosqlite.Connection, name: str) -> None:
    """Every step after the stored version, in one transaction."""
    version = await _schema_version(db, name)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{name} was written by a newer supportdesk (schema {version}, this one knows "
            f"{SCHEMA_VERSION}). Update supportdesk, or move the cache aside and rebuild it: "
            "supportdesk --reset-cache",
            title="Cache from a newer version",
        )
    if version == SCHEMA_VERSION:
        return
    await db.execute("BEGIN IMMEDIATE")
    try:
        await db.execute(CREATE_META)
        for step in MIGRATIONS[version:]:
            for statement in step:
                await db.execute(statement)
        await db.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(SCHEMA_VERSION),),
        )
        await db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            await db.execute("ROLLBACK")
        raise
    log.info("cache schema migrated from version %d to %d", version, SCHEMA_VERSION)
