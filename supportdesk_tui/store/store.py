"""The local cache: every conversation in one SQLite file. The only module that speaks SQL
(with its helpers in this package).

One aiosqlite connection. WAL journal so readers never wait for the sync writer; and
synchronous=FULL: notes, statuses and assignments exist only here (no server can give them
back), so each commit is fsynced and survives a power cut, not only a crash or kill -9.
Triage commits are tiny, and sync batches amortise the one fsync per transaction.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Collection, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite

from ..domain.metrics import Report, ReportQuery, StatusChange
from ..domain.models import (
    Batch,
    ConversationDetail,
    Customer,
    MailBatch,
    Message,
    ParsedBody,
    PendingBody,
    QueueRow,
    Status,
)
from ..domain.outbox import Draft, NewReply, OutboxEntry
from ..domain.queue import QueueFilter
from ..domain.reviews import ExportedReview, Review, ReviewFilter, ReviewRow
from ..errors import CacheDamaged, StoreError
from . import (
    bodies,
    history,
    lookups,
    mailstate,
    metrics_sql,
    outbox,
    reads,
    reviews,
    salvage,
    triage,
)
from .batch import ApplyResult, apply_batch
from .fetch import one, rows
from .lookups import SubjectIndex
from .opening import RESET_ADVICE, connect, error_for, move_aside
from .queue_sql import count_sql, page_sql

log = logging.getLogger(__name__)

__all__ = ["ApplyResult", "Store", "SubjectIndex"]


class Store:
    def __init__(self, db: aiosqlite.Connection, path: str) -> None:
        self._db = db
        self.path = path
        self._write_lock = asyncio.Lock()
        self._closed = False
        self._report_lock = asyncio.Lock()  # a report's SQL functions are its own shop's

    @classmethod
    async def open(cls, path: str | Path) -> Store:
        """Open (creating it and its directory if missing) and migrate; StoreError if unusable."""
        db = await connect(path)
        return cls(db, str(path))

    async def close(self) -> None:
        """Waits for a write in progress; closing twice is harmless."""
        async with self._write_lock:
            if not self._closed:
                self._closed = True
                await self._db.close()

    move_aside = staticmethod(move_aside)

    @staticmethod
    def move_aside_and_salvage(path: str | Path) -> salvage.Rebuilt:
        """The damaged cache renamed aside, and what the agents wrote read out of it into a
        JSON file beside it (store/salvage.py). Blocking: call it in a thread."""
        return salvage.move_aside_and_salvage(Path(path), move_aside)

    async def adopt_salvage(self, rebuilt: salvage.Rebuilt) -> dict[str, int]:
        """Keep what was salvaged from the old cache, and carry back what can be now."""
        if rebuilt.salvaged is None or rebuilt.salvaged.empty():
            return {}
        async with self._writing() as db:
            await salvage.keep_pending(db, salvage.pending_json(rebuilt.salvaged))
            return await salvage.carry(db)

    async def carry_salvaged(self) -> dict[str, int]:
        """Salvaged items whose conversation a sync has brought back go into it (the rest
        wait for the next sync). How many of each kind; {} when nothing waits."""
        async with self._reading() as db:
            if not await salvage.has_pending(db):
                return {}
        async with self._writing() as db:
            return await salvage.carry(db)

    async def limit_cache(self, kib: int) -> None:
        """A smaller page cache, for a process that only writes (headless sync: no queue to
        keep in memory; mail passes through once)."""
        async with self._reading() as db:
            await db.execute(f"PRAGMA cache_size = -{int(kib)}")

    @asynccontextmanager
    async def _reading(self) -> AsyncIterator[aiosqlite.Connection]:
        try:
            yield self._db
        except sqlite3.Error as error:
            raise error_for(self.path, error) from error
        except ValueError as error:  # a stored value damaged on disk (a time, a status)
            raise CacheDamaged(
                f"The cache database {self.path} holds a value that cannot be read ({error}): "
                f"it is damaged. {RESET_ADVICE}"
            ) from error

    @asynccontextmanager
    async def _writing(self) -> AsyncIterator[aiosqlite.Connection]:
        """One transaction, committed at once; nothing of it is kept if anything fails."""
        async with self._write_lock:
            try:
                await self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    if self._db.in_transaction:  # SQLite may have rolled back already
                        await self._db.execute("ROLLBACK")
                    raise
                await self._db.execute("COMMIT")
            except sqlite3.Error as error:
                raise error_for(self.path, error) from error
            except UnicodeDecodeError as error:  # damaged text met on the way
                raise CacheDamaged(
                    f"The cache database {self.path} is damaged ({error}). {RESET_ADVICE}"
                ) from error

    # sync side

    async def apply_batch(self, batch: Batch) -> ApplyResult:
        async with self._writing() as db:
            return await apply_batch(db, batch)

    async def cursor(self, account: str, key: str = "") -> str | None:
        sql = "SELECT value FROM sync_cursor WHERE account = ? AND key = ?"
        async with self._reading() as db:
            row = await one(db, sql, (account, key))
        return None if row is None else str(row[0])

    async def conversation_for_message_ids(self, message_ids: Sequence[str]) -> str | None:
        async with self._reading() as db:
            return await reads.conversation_for_message_ids(db, message_ids)

    async def conversation_for_subject(
        self, normalized_subject: str, customer_address: str, since: datetime
    ) -> str | None:
        async with self._reading() as db:
            return await reads.conversation_for_subject(
                db, normalized_subject, customer_address, since
            )

    async def customer_for_address(self, address: str) -> Customer | None:
        async with self._reading() as db:
            return await reads.customer_for_address(db, address)

    async def customer(self, customer_id: str) -> Customer | None:
        async with self._reading() as db:
            return await reads.customer(db, customer_id)

    # the same lookups for a whole batch: one hop per few hundred keys, not per message

    async def conversations_for_message_ids(self, message_ids: Collection[str]) -> dict[str, str]:
        """Stored message id -> conversation id, for those of these ids that are stored."""
        async with self._reading() as db:
            return await lookups.conversations_for_message_ids(db, message_ids)

    async def customers_for_addresses(self, addresses: Collection[str]) -> dict[str, Customer]:
        """Lower-cased address -> stored customer, for the known ones."""
        async with self._reading() as db:
            return await lookups.customers_for_addresses(db, addresses)

    async def subject_index(self, wanted: Collection[tuple[str, str]]) -> SubjectIndex:
        """Mail conversations by (customer address, subject key), answering
        conversation_for_subject in memory."""
        async with self._reading() as db:
            return await lookups.subject_index(db, wanted)

    # bodies parsed after the headers (a big first sync stores headers and raw mail first)

    async def pending_bodies(
        self, limit: int, conversation_id: str | None = None, after: tuple[str, str] | None = None
    ) -> list[PendingBody]:
        async with self._reading() as db:
            return await bodies.pending_bodies(db, limit, conversation_id, after)

    async def count_pending_bodies(self) -> int:
        async with self._reading() as db:
            return await bodies.count_pending_bodies(db)

    async def fill_bodies(self, parsed: Sequence[ParsedBody]) -> int:
        """Bodies, attachments, guessed languages, previews and search documents, together."""
        async with self._writing() as db:
            return await bodies.fill_bodies(db, parsed)

    async def unguessed_languages(self, limit: int = 500) -> list[tuple[str, str]]:
        async with self._reading() as db:
            return await bodies.unguessed_languages(db, limit)

    async def set_guessed_languages(self, guessed: Sequence[tuple[str, str | None]]) -> None:
        async with self._writing() as db:
            await bodies.set_guessed_languages(db, guessed)

    # queue

    async def count_queue(self, f: QueueFilter, now: datetime) -> int:
        async with self._reading() as db:
            return await reads.count_queue(db, f, now)

    async def list_queue(
        self, f: QueueFilter, now: datetime, offset: int, limit: int
    ) -> list[QueueRow]:
        async with self._reading() as db:
            return await reads.list_queue(db, f, now, offset, limit)

    async def queue_plans(self, f: QueueFilter, now: datetime) -> dict[str, list[str]]:
        """EXPLAIN QUERY PLAN of the page and count queries, for tests and the bench."""
        plans: dict[str, list[str]] = {}
        for name, (sql, params) in (
            ("page", page_sql(f, now, 1000, 60)),
            ("count", count_sql(f, now)),
        ):
            async with self._reading() as db:
                plans[name] = [
                    str(row[3]) for row in await rows(db, "EXPLAIN QUERY PLAN " + sql, params)
                ]
        return plans

    async def wake_expired_snoozes(self, now: datetime) -> list[str]:
        """Back to open, each as of the end of its snooze (kept in the status history)."""
        async with self._writing() as db:
            return await triage.wake_expired_snoozes(db, now)

    # thread

    async def conversation_detail(self, conversation_id: str) -> ConversationDetail | None:
        async with self._reading() as db:
            return await reads.conversation_detail(db, conversation_id)

    async def attachment_data(self, attachment_id: int) -> bytes:
        async with self._reading() as db:
            row = await one(db, "SELECT data FROM attachment WHERE id = ?", (attachment_id,))
        if row is None or row[0] is None:
            raise StoreError(f"Attachment {attachment_id} is not in the cache (fetch again).")
        return bytes(row[0])

    async def attachment_origin(self, attachment_id: int) -> tuple[str, bytes | None] | None:
        """(account, raw message) of an attachment whose bytes stay on the server (chat
        files): what is needed to fetch them. None: no such attachment."""
        async with self._reading() as db:
            row = await one(
                db,
                "SELECT m.account, r.raw FROM attachment a JOIN message m ON m.id = a.message_id "
                "LEFT JOIN message_raw r ON r.message_id = m.id WHERE a.id = ?",
                (attachment_id,),
            )
        return None if row is None else (str(row[0]), None if row[1] is None else bytes(row[1]))

    async def keep_attachment_data(self, attachment_id: int, data: bytes) -> None:
        """A fetched file's bytes, so the next save needs no network."""
        async with self._writing() as db:
            await db.execute(
                "UPDATE attachment SET data = ?, size = ? WHERE id = ?",
                (data, len(data), attachment_id),
            )

    async def raw_message(self, message_id: str) -> bytes | None:
        async with self._reading() as db:
            row = await one(db, "SELECT raw FROM message_raw WHERE message_id = ?", (message_id,))
        return None if row is None else bytes(row[0])

    # mail state (IMAP): read flags, UIDs, vanished mail

    async def unread_uids(self, account: str, folder: str) -> set[int]:
        async with self._reading() as db:
            return await mailstate.unread_uids(db, account, folder)

    async def cached_uids(self, account: str, folder: str) -> set[int]:
        async with self._reading() as db:
            return await mailstate.cached_uids(db, account, folder)

    async def message_ids_for_uids(
        self, account: str, folder: str, uids: Collection[int]
    ) -> dict[int, str]:
        async with self._reading() as db:
            return await mailstate.message_ids_for_uids(db, account, folder, uids)

    async def unlocated_message_ids(self, account: str, folder: str) -> list[str]:
        async with self._reading() as db:
            return await mailstate.unlocated_message_ids(db, account, folder)

    async def apply_mail_state(self, batch: MailBatch) -> None:
        """Read flags, forgotten and moved UIDs, in one transaction (none if nothing changes)."""
        async with self._reading() as db:
            moved = await mailstate.moved_messages(db, batch)
        if not (batch.read_changes or batch.forget_uids or moved):
            return
        async with self._writing() as db:
            await mailstate.apply_state(db, batch, moved)

    # triage: each writes and commits at once

    async def set_status(
        self, ids: Sequence[str], status: Status, at: datetime | None = None
    ) -> None:
        """`at`: when it changed, for the status history (default: now)."""
        async with self._writing() as db:
            await triage.set_status(db, ids, status, at or datetime.now(UTC))

    async def report(self, query: ReportQuery) -> Report:
        """The managers' numbers for a period (definitions: domain/metrics.py)."""
        async with self._report_lock, self._reading() as db:
            return await metrics_sql.report(db, query)

    async def status_history(self, conversation_id: str) -> list[StatusChange]:
        """Oldest first."""
        async with self._reading() as db:
            return await history.changes_of(db, conversation_id)

    async def import_status_history(
        self, changes: Sequence[StatusChange], *, replace: bool = False
    ) -> None:
        """History from elsewhere (demo, benchmarks): stored as given, status left alone.
        `replace`: these conversations' recorded history (such as the first status recorded
        when a batch created them) is dropped first."""
        async with self._writing() as db:
            await history.add_changes(db, changes, replace)

    async def assign(self, ids: Sequence[str], assignee: str | None) -> None:
        async with self._writing() as db:
            await triage.update_each(db, ids, "assignee = ?", [assignee or None])

    async def add_tag(self, ids: Sequence[str], tag: str) -> None:
        async with self._writing() as db:
            await triage.add_tag(db, ids, tag)

    async def remove_tag(self, ids: Sequence[str], tag: str) -> None:
        async with self._writing() as db:
            await triage.remove_tag(db, ids, tag)

    async def snooze(self, ids: Sequence[str], until: datetime, at: datetime | None = None) -> None:
        async with self._writing() as db:
            await triage.snooze(db, ids, until, at or datetime.now(UTC))

    async def add_note(
        self, conversation_id: str, author: str, text: str, now: datetime
    ) -> Message:
        async with self._writing() as db:
            return await triage.add_note(db, conversation_id, author, text, now)

    async def mark_read(self, conversation_id: str, read: bool = True) -> None:
        async with self._writing() as db:
            await triage.mark_read(db, conversation_id, read)

    async def update_customer(self, customer_id: str, **fields: object) -> Customer:
        """Sets gender/language/formality/script/notes (and names); each is kept from syncs."""
        async with self._writing() as db:
            await triage.update_customer(db, customer_id, fields)
            updated = await reads.customer(db, customer_id)
        assert updated is not None  # update_customer raised if missing
        return updated

    async def tags(self) -> list[str]:
        async with self._reading() as db:
            return await reads.distinct_values(
                db, "SELECT DISTINCT tag FROM conversation_tag ORDER BY tag"
            )

    async def assignees(self) -> list[str]:
        async with self._reading() as db:
            return await reads.distinct_values(
                db,
                "SELECT DISTINCT assignee FROM conversation WHERE assignee IS NOT NULL "
                "ORDER BY assignee",
            )

    async def languages(self) -> list[str]:
        async with self._reading() as db:
            return await reads.distinct_values(
                db,
                "SELECT DISTINCT language FROM conversation WHERE language != '' ORDER BY language",
            )

    # the review of past threads (domain/reviews.py)

    async def count_resolved(self, f: ReviewFilter) -> int:
        async with self._reading() as db:
            return await reviews.count_resolved(db, f)

    async def list_resolved(
        self, f: ReviewFilter, reviewer: str, after: tuple[datetime, str] | None, limit: int
    ) -> list[ReviewRow]:
        """A page, newest resolution first, after the `position` of the last row shown."""
        async with self._reading() as db:
            return await reviews.list_resolved(db, f, reviewer, after, limit)

    async def save_review(self, review: Review) -> None:
        async with self._writing() as db:
            await reviews.save_review(db, review)

    async def delete_review(self, conversation_id: str, reviewer: str) -> None:
        async with self._writing() as db:
            await reviews.delete_review(db, conversation_id, reviewer)

    async def all_reviews(self) -> list[ExportedReview]:
        async with self._reading() as db:
            return await reviews.all_reviews(db)

    # drafts and the outbox (the life of a reply: domain/outbox.py)

    async def draft(self, conversation_id: str) -> Draft | None:
        """The conversation's open draft (not queued), with its attachments."""
        async with self._reading() as db:
            return await outbox.open_draft(db, conversation_id)

    async def save_draft(
        self,
        conversation_id: str,
        body: str,
        now: datetime,
        subject: str | None = None,
        overrides: frozenset[str] = frozenset(),
    ) -> int:
        async with self._writing() as db:
            return await outbox.save_draft(db, conversation_id, body, now, subject, overrides)

    async def discard_draft(self, conversation_id: str) -> None:
        async with self._writing() as db:
            await outbox.discard_draft(db, conversation_id)

    async def attach(
        self, conversation_id: str, filename: str, content_type: str, data: bytes, now: datetime
    ) -> int:
        async with self._writing() as db:
            return await outbox.attach(db, conversation_id, filename, content_type, data, now)

    async def detach(self, attachment_id: int) -> None:
        async with self._writing() as db:
            await outbox.detach(db, attachment_id)

    async def queue_reply(self, reply: NewReply) -> int:
        async with self._writing() as db:
            return await outbox.queue_reply(db, reply)

    async def take_back(self, outbox_id: int, at: datetime | None = None) -> str:
        async with self._writing() as db:
            return await outbox.take_back(db, outbox_id, at or datetime.now(UTC))

    async def outbox(self, conversation_id: str | None = None) -> list[OutboxEntry]:
        async with self._reading() as db:
            return await outbox.outbox(db, conversation_id)

    async def next_reply_due(self) -> datetime | None:
        async with self._reading() as db:
            return await outbox.next_due(db)

    async def due_replies(self, now: datetime) -> list[OutboxEntry]:
        async with self._reading() as db:
            return await outbox.due(db, now)

    async def claim_reply(self, outbox_id: int, now: datetime) -> bool:
        async with self._writing() as db:
            return await outbox.claim(db, outbox_id, now)

    async def reply_sent(self, outbox_id: int, message: Message) -> None:
        async with self._writing() as db:
            await outbox.sent(db, outbox_id, message)

    async def reply_copied(self, outbox_id: int) -> None:
        async with self._writing() as db:
            await outbox.copied(db, outbox_id)

    async def reply_failed(
        self, outbox_id: int, error: str, retry_at: datetime | None, at: datetime | None = None
    ) -> None:
        async with self._writing() as db:
            await outbox.failed(db, outbox_id, error, retry_at, at or datetime.now(UTC))

    async def retry_reply(self, outbox_id: int, now: datetime) -> None:
        async with self._writing() as db:
            await outbox.retry_now(db, outbox_id, now)

    async def recover_interrupted_replies(self, stale_before: datetime) -> int:
        async with self._writing() as db:
            return await outbox.recover_interrupted(db, stale_before)
