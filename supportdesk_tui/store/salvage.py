"""What the agents wrote, read out of a damaged cache and carried into the rebuilt one.

Mail and chat come back from the servers; some things exist only in the cache: drafts and
their files, replies still in the outbox, internal notes, the triage (status and its history,
assignee, snooze, tags), hand corrections of customers and reviews. All of them are the agents'
work, so all are salvaged: a rebuilt cache whose resolved conversations come back open would
flood the queue and lose who was handling what.

`salvage(path)` reads the moved-aside file table by table and, where a table is damaged, row
by row (by rowid, stepping over what cannot be read), with plain sqlite3 and no `.recover`
(the sqlite3 shell is not always installed). A file whose 100-byte header was overwritten is
read through a copy with a rebuilt header. The result is written next to the moved file as
JSON (`export`), which is the readable record; the rebuilt cache keeps the items not carried
yet in its meta table and `carry` puts each back once a sync has brought its conversation
(conversation ids are derived from the servers' message ids, so they are the same again).

Replies from the outbox come back as drafts, never queued again: their undo window is gone and
one "sending" when the cache broke may have left; the agent sends them again on purpose.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import shutil
import sqlite3
import struct
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from ..domain.metrics import StatusChange
from ..domain.models import Status
from . import history
from .codec import encode_corrected, from_db, to_db
from .fetch import one, rows
from .refresh import refresh_touched, touch

log = logging.getLogger(__name__)

FORMAT = "supportdesk-salvage/1"
PENDING_KEY = "salvage_pending"
"""meta key of the rebuilt cache: the JSON of salvaged items not carried back yet."""
TIME_BUDGET = 20.0
"""Seconds a row-by-row walk over a damaged table may take before it gives up."""

Row = dict[str, Any]


@dataclass
class Salvage:
    source: str
    drafts: list[Row] = field(default_factory=list)
    notes: list[Row] = field(default_factory=list)
    triage: list[Row] = field(default_factory=list)
    reviews: list[Row] = field(default_factory=list)
    customers: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """What could not be read (a table, some rows)."""
    readable: bool = True
    """False: nothing could be read at all (not SQLite, no schema)."""

    def counts(self) -> dict[str, int]:
        return {
            "drafts": len(self.drafts),
            "notes": len(self.notes),
            "triage": len(self.triage),
            "reviews": len(self.reviews),
            "customers": len(self.customers),
        }

    def empty(self) -> bool:
        return not any(self.counts().values())

    def summary(self) -> str:
        """'2 drafts, 1 note, triage of 40 conversations' (nothing said for none)."""
        counts = self.counts()
        parts = [
            _plural(counts["drafts"], "draft"),
            _plural(counts["notes"], "internal note"),
            _plural(counts["triage"], "conversation's triage", "conversations' triage"),
            _plural(counts["reviews"], "review"),
            _plural(counts["customers"], "customer correction"),
        ]
        return ", ".join(part for part in parts if part) or "nothing"

    def items(self) -> dict[str, list[Row]]:
        return {
            "drafts": self.drafts,
            "notes": self.notes,
            "triage": self.triage,
            "reviews": self.reviews,
            "customers": self.customers,
        }


def _plural(n: int, one: str, many: str | None = None) -> str:
    if not n:
        return ""
    return f"{n} {one if n == 1 else (many or one + 's')}"


# -- reading a damaged file ------------------------------------------------------------------------


def salvage(path: Path) -> Salvage:
    """Everything agent-written that can still be read from `path` (never raises for a
    damaged file; what could not be read is listed in `problems`)."""
    result = Salvage(source=str(path))
    if not path.exists() or path.stat().st_size == 0:
        result.readable = False
        return result
    try:
        with _readable(path, result) as db:
            if db is None:
                result.readable = False
                return result
            _read_everything(db, result)
    except (sqlite3.Error, OSError, ValueError) as error:  # gone, or unreadable at all
        result.problems.append(f"the file cannot be read: {error}")
        result.readable = False
    return result


class _readable:
    """A read-only connection to the file, or to a copy with a rebuilt header."""

    def __init__(self, path: Path, result: Salvage) -> None:
        self.path, self.result = path, result
        self.db: sqlite3.Connection | None = None
        self.copy: Path | None = None

    def __enter__(self) -> sqlite3.Connection | None:
        self.db = _open(self.path)
        if self.db is None:
            self.copy = _with_rebuilt_header(self.path)
            if self.copy is not None:
                self.result.problems.append("the file's header was damaged; read with a new one")
                self.db = _open(self.copy)
        return self.db

    def __exit__(self, *exc: object) -> None:
        if self.db is not None:
            self.db.close()
        if self.copy is not None:
            shutil.rmtree(self.copy.parent, ignore_errors=True)


def _open(path: Path) -> sqlite3.Connection | None:
    """Read-only (the moved-aside file is evidence: nothing is written to it); None if it does
    not read as SQLite with our meta table."""
    uri = f"file:{path}?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True, isolation_level=None)
    except (sqlite3.Error, ValueError):
        return None
    db.text_factory = lambda data: data.decode("utf-8", "replace")
    try:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except (sqlite3.Error, ValueError):
        db.close()
        return None
    if "meta" not in names:
        db.close()
        return None
    return db


def _with_rebuilt_header(path: Path) -> Path | None:
    """A copy of the file whose first 100 bytes are a fresh SQLite header, for the page size
    at which the schema reads; None if none does."""
    size = path.stat().st_size
    folder = Path(tempfile.mkdtemp(prefix="supportdesk-salvage-", dir=path.parent))
    copy = folder / "copy.sqlite3"
    try:
        shutil.copyfile(path, copy)
        for page_size in (4096, 1024, 2048, 8192, 16384, 32768, 65536):
            if size % page_size:
                continue
            with copy.open("r+b") as file:
                file.write(_header(page_size, size // page_size))
            db = _open(copy)
            if db is not None:
                db.close()
                return copy
    except OSError as error:
        log.warning("cannot copy %s to rebuild its header: %s", path, error)
    shutil.rmtree(folder, ignore_errors=True)
    return None


def _header(page_size: int, pages: int) -> bytes:
    """The 100-byte database header (https://sqlite.org/fileformat.html, section 1.3) of a
    rollback-journal, UTF-8, schema-format-4 database of `pages` pages."""
    head = b"SQLite format 3\x00"
    head += struct.pack(">H", 1 if page_size == 65536 else page_size)
    head += bytes([1, 1, 0, 64, 32, 32])
    head += struct.pack(">IIIIIIIIIIII", 1, pages, 0, 0, 1, 4, 0, 0, 1, 0, 0, 0)
    head += bytes(20)
    major, minor, patch = sqlite3.sqlite_version_info
    head += struct.pack(">II", 1, major * 1_000_000 + minor * 1000 + patch)
    assert len(head) == 100
    return head


def _tables(db: sqlite3.Connection) -> set[str]:
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _read_everything(db: sqlite3.Connection, result: Salvage) -> None:
    tables = _tables(db)
    reader = _Reader(db, tables, result.problems)
    drafts = reader.rows("draft", "id, conversation_id, body, subject, updated_at, queued")
    files = reader.rows("draft_attachment", "draft_id, filename, content_type, data")
    sent_states = reader.rows(
        "outbox", "draft_id, conversation_id, subject, body_text, state, created_at, last_error"
    )
    result.drafts = _drafts(drafts, files, sent_states)
    result.notes = [
        {"id": r[0], "conversation_id": r[1], "author": r[2], "text": r[3], "at": r[4]}
        for r in reader.rows(
            "message", "id, conversation_id, author_name, body_text, sent_at", "direction = 'note'"
        )
    ]
    result.triage = _triage(reader)
    result.reviews = [
        {"conversation_id": r[0], "reviewer": r[1], "score": r[2], "note": r[3], "at": r[4]}
        for r in reader.rows("review", "conversation_id, reviewer, score, note, at", rowid=False)
    ]
    result.customers = _customers(reader)
    _still_waiting(db, tables, result)
    _drop_unusable(result)


def _identity(kind: str, item: Row) -> object:
    if kind == "notes":
        return item.get("id")
    if kind == "reviews":
        return (item.get("conversation_id"), item.get("reviewer"), item.get("at"))
    return item.get("customer_id" if kind == "customers" else "conversation_id")


def _still_waiting(db: sqlite3.Connection, tables: set[str], result: Salvage) -> None:
    """Items an earlier rebuild salvaged that were still waiting for their conversation in
    this cache (kept in meta, see keep_pending): salvaged again, so a second rebuild before
    the sync brought them back does not drop them. What this cache holds itself wins."""
    if "meta" not in tables:
        return
    try:
        row = db.execute("SELECT value FROM meta WHERE key = ?", (PENDING_KEY,)).fetchone()
        waiting = json.loads(row[0]) if row is not None else {}
    except (sqlite3.Error, ValueError, TypeError) as error:
        result.problems.append(f"the items an earlier rebuild left waiting: {error}")
        return
    if not isinstance(waiting, dict):
        return
    for kind, items in result.items().items():
        have = {_identity(kind, item) for item in items}
        more = waiting.get(kind)
        if isinstance(more, list):
            items.extend(
                item
                for item in more
                if isinstance(item, dict) and _identity(kind, item) not in have
            )


_TEXT_FIELDS = {
    "drafts": ("conversation_id", "body"),
    "notes": ("id", "conversation_id", "text", "at"),
    "triage": ("conversation_id",),
    "reviews": ("conversation_id", "reviewer", "at"),
    "customers": ("customer_id",),
}


def _drop_unusable(result: Salvage) -> None:
    """A damaged row can read back with a number or NULL where text belongs: such an item
    could not be put back (nor shown as what it was), so it is left out and counted."""
    for kind, items in result.items().items():
        usable = [i for i in items if all(isinstance(i.get(f), str) for f in _TEXT_FIELDS[kind])]
        if len(usable) < len(items):
            result.problems.append(f"{kind}: {len(items) - len(usable)} damaged items left out")
            items[:] = usable


class _Reader:
    def __init__(self, db: sqlite3.Connection, tables: set[str], problems: list[str]) -> None:
        self.db, self.tables, self.problems = db, tables, problems

    def rows(
        self, table: str, columns: str, where: str = "", *, rowid: bool = True,
        index: str | None = None,
    ) -> list[tuple[Any, ...]]:  # fmt: skip
        """The whole table at once; if that fails, row by row (rowid tables) or through
        `index` (a covering index of a WITHOUT ROWID table)."""
        if table not in self.tables:
            return []
        condition = f" WHERE {where}" if where else ""
        try:
            return self.db.execute(f"SELECT {columns} FROM {table}{condition}").fetchall()
        except (sqlite3.Error, ValueError) as error:
            log.warning("salvage: %s cannot be read whole: %s", table, error)
        if rowid:
            found, skipped = _walk(self.db, table, columns, where)
            if skipped:
                self.problems.append(f"{table}: {skipped} damaged row ranges were skipped")
            return found
        if index is not None:
            try:
                return self.db.execute(
                    f"SELECT {columns} FROM {table} INDEXED BY {index}{condition}"
                ).fetchall()
            except (sqlite3.Error, ValueError):
                pass
        self.problems.append(f"{table}: could not be read")
        return []


def _walk(
    db: sqlite3.Connection, table: str, columns: str, where: str
) -> tuple[list[tuple[Any, ...]], int]:
    """Rows in rowid order, stepping one rowid at a time over pages that cannot be read.
    Returns the rows and the number of damaged stretches stepped over."""
    condition = f" AND ({where})" if where else ""
    sql = f"SELECT rowid, {columns} FROM {table} WHERE rowid > ?{condition} ORDER BY rowid"
    try:
        high = db.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0]
    except (sqlite3.Error, ValueError):
        high = None
    found: list[tuple[Any, ...]] = []
    last = -(2**63)
    floor = 0
    skipped = 0
    deadline = time.monotonic() + TIME_BUDGET
    while time.monotonic() < deadline:
        failed = False
        try:
            for row in db.execute(sql, (last,)):
                found.append(row[1:])
                last = row[0]
        except (sqlite3.Error, ValueError):
            failed = True
        if not failed:
            break
        skipped += 1
        start = max(last, floor, 0)  # always past the last probe: each round moves on
        limit = (high if high is not None else start + 1_000_000) + 1
        readable = _next_readable(db, table, start, limit, deadline)
        if readable is None:
            break
        last, floor = readable, readable + 1
    return found, skipped


def _next_readable(
    db: sqlite3.Connection, table: str, start: int, limit: int, deadline: float
) -> int | None:
    """The rowid just before the first one after `start` from which a scan can go on."""
    probe = start + 1
    while probe <= limit and time.monotonic() < deadline:
        try:
            db.execute(f"SELECT rowid FROM {table} WHERE rowid >= ? LIMIT 1", (probe,)).fetchone()
            db.execute(f"SELECT * FROM {table} WHERE rowid = ?", (probe,)).fetchone()
            return probe - 1
        except (sqlite3.Error, ValueError):
            probe += 1
    return None


def _drafts(
    drafts: list[tuple[Any, ...]], files: list[tuple[Any, ...]], outbox: list[tuple[Any, ...]]
) -> list[Row]:
    """Open drafts, and the replies of the outbox that have not left (as drafts)."""
    by_draft: defaultdict[int, list[Row]] = defaultdict(list)
    for draft_id, filename, content_type, data in files:
        if isinstance(data, bytes):
            by_draft[draft_id].append({
                "filename": filename, "content_type": content_type,
                "data_base64": base64.b64encode(data).decode("ascii"),
            })  # fmt: skip
    outbox_of = {r[0]: r for r in outbox}
    found: list[Row] = []
    seen_drafts: set[int] = set()
    for draft_id, conversation_id, body, subject, updated_at, queued in drafts:
        entry = outbox_of.get(draft_id)
        if queued and entry is not None and entry[4] == "sent":
            continue  # it reached the server
        seen_drafts.add(draft_id)
        found.append({
            "conversation_id": conversation_id, "body": body or "", "subject": subject,
            "updated_at": updated_at, "attachments": by_draft.get(draft_id, []),
            "from": "outbox" if queued else "draft",
            "outbox_state": entry[4] if entry is not None else None,
        })  # fmt: skip
    for draft_id, conversation_id, subject, body_text, state, created_at, _ in outbox:
        if state == "sent" or draft_id in seen_drafts:
            continue
        found.append({
            "conversation_id": conversation_id, "body": body_text or "", "subject": subject,
            "updated_at": created_at, "attachments": by_draft.get(draft_id, []),
            "from": "outbox", "outbox_state": state,
        })  # fmt: skip
    return found


def _triage(reader: _Reader) -> list[Row]:
    conversations = reader.rows(
        "conversation",
        "id, status, assignee, snoozed_until",
        "status != 'open' OR assignee IS NOT NULL OR snoozed_until IS NOT NULL",
    )
    tags: defaultdict[str, list[str]] = defaultdict(list)
    for conversation_id, tag in reader.rows(
        "conversation_tag", "conversation_id, tag", rowid=False, index="conversation_tag_by_tag"
    ):
        tags[conversation_id].append(tag)
    changes: defaultdict[str, list[Row]] = defaultdict(list)
    for conversation_id, status, at in reader.rows("status_change", "conversation_id, status, at"):
        changes[conversation_id].append({"status": status, "at": at})
    found: dict[str, Row] = {}
    for conversation_id, status, assignee, snoozed_until in conversations:
        found[conversation_id] = {
            "conversation_id": conversation_id, "status": status, "assignee": assignee,
            "snoozed_until": snoozed_until, "tags": [],
        }  # fmt: skip
    for conversation_id, listed in tags.items():
        found.setdefault(conversation_id, {"conversation_id": conversation_id, "tags": []})
        found[conversation_id]["tags"] = sorted(set(listed))
    for conversation_id, row in found.items():
        row["history"] = sorted(changes.get(conversation_id, []), key=lambda c: c["at"])
    return list(found.values())


CUSTOMER_FIELDS = ("gender", "language", "formality", "script", "first_name", "last_name",
                   "display_name")  # fmt: skip


def _customers(reader: _Reader) -> list[Row]:
    found = []
    columns = "id, corrected, notes, " + ", ".join(CUSTOMER_FIELDS)
    for row in reader.rows("customer", columns, "corrected != '' OR notes != ''"):
        corrected = {part for part in str(row[1]).split(",") if part}
        values = dict(zip(CUSTOMER_FIELDS, row[3:], strict=True))
        fields = {name: values[name] for name in CUSTOMER_FIELDS if name in corrected}
        if row[2]:
            fields["notes"] = row[2]
        if fields:
            found.append({"customer_id": row[0], "fields": fields})
    return found


# -- the readable record ---------------------------------------------------------------------------


def export_path(moved: Path) -> Path:
    return moved.with_name(moved.name + ".salvaged.json")


def export(found: Salvage, target: Path) -> Path:
    """The salvage as JSON (UTF-8, readable), written whole or not at all."""
    data = {
        "format": FORMAT,
        "from": found.source,
        "salvaged_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "problems": found.problems,
        **found.items(),
    }
    temporary = target.with_name(target.name + ".part")
    with temporary.open("w", encoding="utf-8") as file:
        json.dump(data, file, ensure_ascii=False, indent=1)
        file.flush()
        os.fsync(file.fileno())
    temporary.replace(target)
    return target


def pending_json(found: Salvage) -> str:
    return json.dumps({"format": FORMAT, **found.items()}, ensure_ascii=False)


# -- carrying back into the rebuilt cache (inside the caller's transaction) --------------------


async def keep_pending(db: aiosqlite.Connection, text: str) -> None:
    await db.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (PENDING_KEY, text),
    )


async def has_pending(db: aiosqlite.Connection) -> bool:
    return await one(db, "SELECT 1 FROM meta WHERE key = ?", (PENDING_KEY,)) is not None


async def carry(db: aiosqlite.Connection) -> dict[str, int]:
    """Puts back each pending item whose conversation (or customer) is in the cache now;
    keeps the rest pending. Returns how many of each kind were carried."""
    row = await one(db, "SELECT value FROM meta WHERE key = ?", (PENDING_KEY,))
    if row is None:
        return {}
    pending: dict[str, list[Row]] = json.loads(row[0])
    pending.pop("format", None)
    wanted = {
        item["conversation_id"]
        for kind in ("drafts", "notes", "triage", "reviews")
        for item in pending.get(kind, [])
    }
    present = await _present(db, "conversation", wanted)
    customers = await _present(
        db, "customer", {item["customer_id"] for item in pending.get("customers", [])}
    )
    carried: dict[str, int] = {}
    left: dict[str, list[Row]] = {}
    for kind, items in pending.items():
        key = "customer_id" if kind == "customers" else "conversation_id"
        known = customers if kind == "customers" else present
        now = [item for item in items if item[key] in known]
        left[kind] = [item for item in items if item[key] not in known]
        for item in now:
            try:
                await _CARRY[kind](db, item)
            except (ValueError, KeyError, TypeError) as error:  # a value damaged on disk
                log.warning("salvaged %s item not carried (%s): %r", kind, error, item)
        if now:
            carried[kind] = len(now)
    touched = present & {
        i["conversation_id"] for k in ("notes", "triage") for i in pending.get(k, [])
    }
    if touched:
        await touch(db, touched)
        await refresh_touched(db)
    if any(left.values()):
        await keep_pending(db, json.dumps({"format": FORMAT, **left}, ensure_ascii=False))
    else:
        await db.execute("DELETE FROM meta WHERE key = ?", (PENDING_KEY,))
    if carried:
        log.info("carried salvaged items into the cache: %s", carried)
    return carried


async def _present(db: aiosqlite.Connection, table: str, ids: set[str]) -> set[str]:
    found: set[str] = set()
    listed = sorted(ids)
    for start in range(0, len(listed), 500):
        part = listed[start : start + 500]
        marks = ", ".join("?" * len(part))
        found.update(
            str(r[0]) for r in await rows(db, f"SELECT id FROM {table} WHERE id IN ({marks})", part)
        )
    return found


async def _carry_draft(db: aiosqlite.Connection, item: Row) -> None:
    conversation_id = item["conversation_id"]
    existing = await one(
        db, "SELECT id, body FROM draft WHERE conversation_id = ? AND queued = 0",
        (conversation_id,),
    )  # fmt: skip
    updated = item.get("updated_at") or to_db(datetime.now(UTC))
    if existing is None:
        cursor = await db.execute(
            "INSERT INTO draft (conversation_id, body, subject, updated_at) VALUES (?, ?, ?, ?)",
            (conversation_id, item["body"], item.get("subject"), updated),
        )
        draft_id = cursor.lastrowid
    else:
        draft_id = existing[0]
        body = str(existing[1])
        if item["body"].strip() and item["body"] not in body:
            body = (body.rstrip() + "\n\n" if body.strip() else "") + item["body"]
        await db.execute("UPDATE draft SET body = ? WHERE id = ?", (body, draft_id))
    for file in item.get("attachments", []):
        await db.execute(
            "INSERT INTO draft_attachment (draft_id, filename, content_type, data) "
            "VALUES (?, ?, ?, ?)",
            (
                draft_id,
                file["filename"],
                file["content_type"],
                base64.b64decode(file["data_base64"]),
            ),
        )


async def _carry_note(db: aiosqlite.Connection, item: Row) -> None:
    await db.execute(
        "INSERT OR IGNORE INTO message (id, conversation_id, channel, direction, author_name, "
        "sent_at, body_text, read, account) SELECT ?, id, channel, 'note', ?, ?, ?, 1, account "
        "FROM conversation WHERE id = ?",
        (item["id"], item.get("author") or "", item["at"], item["text"], item["conversation_id"]),
    )


async def _carry_triage(db: aiosqlite.Connection, item: Row) -> None:
    conversation_id = item["conversation_id"]
    changes = [
        StatusChange(conversation_id, Status(c["status"]), _moment(c["at"]))
        for c in item.get("history", [])
        if c.get("status") in Status._value2member_map_ and c.get("at")
    ]
    status = item.get("status")
    if status in Status._value2member_map_:
        # A customer who wrote after the last change the old cache knew reopened it: the
        # sync's open status stands, and the old history is kept before the reopening.
        last_change = changes[-1].at if changes else None
        newer = await one(
            db,
            "SELECT max(sent_at) FROM message WHERE conversation_id = ? AND direction = 'in'",
            (conversation_id,),
        )
        wrote_since = (
            last_change is not None
            and newer is not None
            and newer[0] is not None
            and _moment(newer[0]) > last_change
        )
        if not wrote_since:
            await db.execute(
                "UPDATE conversation SET status = ?, snoozed_until = ? WHERE id = ?",
                (status, item.get("snoozed_until") if status == "snoozed" else None,
                 conversation_id),
            )  # fmt: skip
            if changes:
                await history.add_changes(db, changes, True)
    if "assignee" in item:
        await db.execute(
            "UPDATE conversation SET assignee = ? WHERE id = ?", (item["assignee"], conversation_id)
        )
    for tag in item.get("tags", []):
        await db.execute(
            "INSERT OR IGNORE INTO conversation_tag (conversation_id, tag) VALUES (?, ?)",
            (conversation_id, tag),
        )


async def _carry_review(db: aiosqlite.Connection, item: Row) -> None:
    await db.execute(
        "INSERT OR IGNORE INTO review (conversation_id, reviewer, score, note, at) "
        "VALUES (?, ?, ?, ?, ?)",
        (item["conversation_id"], item["reviewer"], item["score"], item.get("note") or "",
         item["at"]),
    )  # fmt: skip


async def _carry_customer(db: aiosqlite.Connection, item: Row) -> None:
    fields: dict[str, Any] = dict(item["fields"])
    notes = fields.pop("notes", None)
    allowed = {name: value for name, value in fields.items() if name in CUSTOMER_FIELDS}
    assignments = [f"{name} = ?" for name in allowed]
    values: list[Any] = list(allowed.values())
    if notes is not None:
        assignments.append("notes = ?")
        values.append(notes)
    assignments.append("corrected = ?")
    values.append(encode_corrected(frozenset(allowed)))
    await db.execute(
        f"UPDATE customer SET {', '.join(assignments)} WHERE id = ?",
        [*values, item["customer_id"]],
    )


def _moment(text: str) -> datetime:
    moment = from_db(text)
    assert moment is not None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_CARRY = {
    "drafts": _carry_draft,
    "notes": _carry_note,
    "triage": _carry_triage,
    "reviews": _carry_review,
    "customers": _carry_customer,
}


@dataclass(frozen=True)
class Rebuilt:
    """The old cache moved aside, and what was saved from it."""

    moved: Path | None
    """None: there was no file to move."""
    salvaged: Salvage | None
    exported: Path | None
    """The JSON record of what was salvaged (None: nothing to save, or it could not be
    written: then `export_error` says why)."""
    export_error: str | None = None

    def message(self) -> str:
        """What the user is told: where the old file is, what was saved and where."""
        if self.moved is None:
            return "There was no cache file; a new one is made and filled from the servers."
        text = f"The old cache was kept as {self.moved}."
        found = self.salvaged
        if found is not None and not found.empty():
            text += f" Saved from it: {found.summary()}"
            if self.exported is not None:
                text += f", written to {self.exported}"
            text += "; each comes back as the sync brings its conversation."
        elif found is not None and not found.readable:
            text += " Nothing could be read from it."
        if self.export_error:
            text += f" The record could not be written ({self.export_error})."
        return text + " The mail and chat come back from the servers."


def move_aside_and_salvage(path: Path, move: Any) -> Rebuilt:
    """`move(path)` renames the file aside (opening.move_aside); then its agent-written
    items are read and exported next to it. Blocking: run it in a thread."""
    if not path.exists():
        for suffix in ("-wal", "-shm"):  # a journal left without its file would be replayed
            side = path.with_name(path.name + suffix)
            if side.exists():
                move(path)
                break
        return Rebuilt(None, None, None)
    moved: Path = move(path)
    found = salvage(moved)
    if found.empty():
        return Rebuilt(moved, found, None)
    try:
        exported = export(found, export_path(moved))
    except OSError as error:  # a full disk: the items still go into the new cache
        return Rebuilt(moved, found, None, error.strerror or str(error))
    return Rebuilt(moved, found, exported)
