"""The sync runner: every account's new mail, flags and expunges into the cache. No Textual.

Each connector's blocking `fetch` runs in a thread, one batch at a time, and the next batch
is fetched while the current one is written. Each batch goes in with its cursor, so a sync
stopped at any point (error, kill -9) resumes after the last batch written.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from .bodies import Progress, parse_pending_bodies
from .connectors.base import Connector, Stop
from .domain.models import Batch, MailBatch
from .errors import ConnectorError, StoreError, SupportDeskError
from .store import Store
from .sync import LanguageGuess, apply_fetched

log = logging.getLogger(__name__)

AccountProgress = Callable[[str, int, int], None]
"""(account, done, total) in messages."""
T = TypeVar("T")


@dataclass
class AccountResult:
    account: str
    new_messages: int = 0
    new_conversations: int = 0
    removed_messages: int = 0
    read_changes: int = 0
    error: SupportDeskError | None = None


@dataclass
class SyncSummary:
    accounts: list[AccountResult] = field(default_factory=list)
    bodies_parsed: int = 0
    headers_seconds: float = 0.0
    """From the start until every account's new mail was in the queue."""
    bodies_seconds: float = 0.0
    """Parsing the bodies after that."""
    imap_seconds: float = 0.0
    """Of headers_seconds, the round trips with IMAP servers (summed over accounts)."""
    queue_ready_at: float = 0.0
    """Wall clock (time.time()) when the headers step ended, for timing the whole process."""

    @property
    def new_messages(self) -> int:
        return sum(a.new_messages for a in self.accounts)

    @property
    def failed(self) -> list[AccountResult]:
        return [a for a in self.accounts if a.error is not None]

    @property
    def store_failed(self) -> bool:
        return any(isinstance(a.error, StoreError) for a in self.accounts)


async def sync_accounts(
    store: Store,
    connectors: Sequence[Connector],
    stop: Stop,
    progress: AccountProgress | None = None,
    *,
    our_addresses: frozenset[str] = frozenset(),
    guess_language: LanguageGuess | None = None,
    body_progress: Progress | None = None,
) -> SyncSummary:
    """Sync all accounts side by side, then parse the new mail's bodies (the queue has the
    headers by then). One account's failure is reported, not raised."""
    started = time.perf_counter()
    imap_before = _imap_seconds(connectors)
    jobs = [_sync_one(store, c, stop, progress, our_addresses, guess_language) for c in connectors]
    summary = SyncSummary(list(await asyncio.gather(*jobs)))
    summary.headers_seconds = time.perf_counter() - started
    summary.imap_seconds = _imap_seconds(connectors) - imap_before
    summary.queue_ready_at = time.time()
    try:
        summary.bodies_parsed = await parse_pending_bodies(
            store, stop=stop, progress=body_progress, guess_language=guess_language
        )
    except StoreError as error:
        log.warning("parsing bodies failed: %s", error.message)
        summary.accounts.append(AccountResult("cache", error=error))
    summary.bodies_seconds = time.perf_counter() - started - summary.headers_seconds
    try:  # after a rebuild: what was salvaged from the old cache, into the conversations back now
        await store.carry_salvaged()
    except StoreError as error:
        log.warning("carrying salvaged items failed: %s", error.message)
        summary.accounts.append(AccountResult("cache", error=error))
    return summary


async def _sync_one(
    store: Store, connector: Connector, stop: Stop, progress: AccountProgress | None,
    ours: frozenset[str], guess_language: LanguageGuess | None,
) -> AccountResult:  # fmt: skip
    result = AccountResult(connector.account)
    ours = ours | frozenset(getattr(connector, "our_addresses", ()))
    try:
        if hasattr(connector, "index"):
            connector.index = StoreIndex(store, connector.account, asyncio.get_running_loop())
        cursors = {key: await store.cursor(connector.account, key) for key in _keys(connector)}

        def report(done: int, total: int) -> None:
            if progress is not None:
                progress(connector.account, done, total)

        iterator = connector.fetch(cursors, stop, report)
        async for batch in _prefetched(iterator):
            await _apply(store, batch, result, ours, guess_language)
    except SupportDeskError as error:
        log.warning("sync of %s failed: %s", connector.account, error.message)
        result.error = error
    except Exception as error:  # a bug must not stop the other accounts; it is logged in full
        log.exception("sync of %s failed unexpectedly", connector.account)
        result.error = ConnectorError(
            connector.account, f"unexpected error: {type(error).__name__}: {error}"
        )
    return result


def _imap_seconds(connectors: Sequence[Connector]) -> float:
    return sum(float(getattr(c, "imap_seconds", 0.0)) for c in connectors)


def _keys(connector: Connector) -> list[str]:
    return connector.cursor_keys()


async def _prefetched(iterator: Iterator[Batch]) -> Any:
    """The batches of `iterator`, the next one fetched in a thread while the caller works."""
    pending = asyncio.ensure_future(asyncio.to_thread(next, iterator, None))
    try:
        while (batch := await pending) is not None:
            pending = asyncio.ensure_future(asyncio.to_thread(next, iterator, None))
            yield batch
    finally:
        if not pending.done():
            try:
                await pending  # a generator cannot be closed while it runs
            except SupportDeskError as error:
                log.debug("fetch after a failed write also failed: %s", error.message)
        await asyncio.to_thread(_close, iterator)


def _close(iterator: Iterator[Batch]) -> None:
    close = getattr(iterator, "close", None)
    if close is None:
        return
    try:
        close()
    except ValueError:  # cancelled (the app quits) while a round trip still runs in its
        # thread: "generator already executing"; closing the connector ends that round trip
        log.debug("the fetch was left running at cancellation")


async def _apply(
    store: Store, batch: Batch, result: AccountResult, ours: frozenset[str],
    guess_language: LanguageGuess | None,
) -> None:  # fmt: skip
    if isinstance(batch, MailBatch):
        if batch.prune_unlocated:
            gone = await store.unlocated_message_ids(batch.account, batch.folder)
            batch = replace(batch, removed_message_ids=(*batch.removed_message_ids, *gone))
        await store.apply_mail_state(batch)
        result.read_changes += len(batch.read_changes)
    applied = await apply_fetched(store, batch, our_addresses=ours, guess_language=guess_language)
    result.new_messages += applied.new_messages
    result.new_conversations += applied.new_conversations
    result.removed_messages += len(batch.removed_message_ids)


class StoreIndex:
    """The cache's view of one account's folders, for the connector's thread (blocking)."""

    def __init__(self, store: Store, account: str, loop: asyncio.AbstractEventLoop) -> None:
        self._store, self._account, self._loop = store, account, loop

    def _wait(self, job: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(job, self._loop).result()

    def unread_uids(self, folder: str) -> set[int]:
        return self._wait(self._store.unread_uids(self._account, folder))

    def cached_uids(self, folder: str) -> set[int]:
        return self._wait(self._store.cached_uids(self._account, folder))

    def message_ids(self, folder: str, uids: Any) -> dict[int, str]:
        return self._wait(self._store.message_ids_for_uids(self._account, folder, uids))


__all__ = ["AccountResult", "ConnectorError", "StoreIndex", "SyncSummary", "sync_accounts"]
