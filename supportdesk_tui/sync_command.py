"""`supportdesk sync`: every configured account into the cache, headless and cron-friendly.

On a terminal, a progress line on stderr and a summary; otherwise quiet, errors only.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import threading
import time
from collections.abc import Sequence
from typing import TextIO

from .config import Config
from .connectors.base import Connector
from .errors import ConfigError, StoreError
from .imapsync import SyncSummary, sync_accounts
from .outbox import DeliveryReport, deliver_due
from .store.cachelock import CacheInUse

HEADLESS_CACHE_KIB = 12 * 1024
"""SQLite page cache of `supportdesk sync` (the app keeps 32 MB for the queue's indexes).
A 10k first sync peaked at 97 MB with it against 118 MB with 32 MB, in the same time."""

EXIT_OK = 0
EXIT_ACCOUNT = 1
EXIT_CONFIG = 2
EXIT_CACHE = 3
EXIT_INTERRUPTED = 130

EXIT_CODES_HELP = (
    "exit status: 0 all accounts synced; 1 an account failed (wrong password, TLS, network: "
    "the others are synced, the next run resumes); 2 configuration error; 3 cache error "
    "(disk full, unreadable cache); 130 interrupted (the next run resumes). While the app or "
    "another sync has the cache open, a sync does nothing and exits 0 (the app syncs by itself)"
)


def run_sync(
    config: Config,
    store_path: str,
    only: Sequence[str] = (),
    err: TextIO = sys.stderr,
    stats: TextIO | None = None,
    *,
    reset: bool = False,
) -> int:
    """`reset`: move the cache aside first (salvaging what the agents wrote) and rebuild it."""
    from .connectors.registry import build_connectors

    try:
        if not config.accounts:
            raise ConfigError("no [[accounts]] in the config: see config.example.toml")
        connectors = build_connectors(config, list(only) or None)
    except ConfigError as error:
        print(f"supportdesk sync: {error.message}", file=err)
        return EXIT_CONFIG
    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        summary, delivery = asyncio.run(_sync(config, store_path, connectors, stop, err, reset))
    except CacheInUse as error:
        # The app syncs its cache itself (and another sync is on it): nothing to do, and
        # nothing for cron to mail about.
        if err.isatty() or reset:
            print(f"supportdesk sync: {_in_use(error)}", file=err)
        return EXIT_CACHE if reset else EXIT_OK
    except StoreError as error:
        print(f"supportdesk sync: {error.message}", file=err)
        return EXIT_CACHE
    finally:
        signal.signal(signal.SIGINT, previous)
        for connector in connectors:
            connector.close()
    if stats is not None:
        print(json.dumps(_stats(summary, delivery)), file=stats)
    _report_delivery(delivery, err)
    return _report(summary, stop.is_set(), err)


def _in_use(error: CacheInUse) -> str:
    holder = error.holder
    doing = "keeps it in sync itself" if holder.role == "app" else "is syncing it now"
    return f"{holder.describe()} has the cache open and {doing}: nothing was done."


def _stats(summary: SyncSummary, delivery: DeliveryReport) -> dict[str, object]:
    """Seconds until the queue had every new mail (headers; of them, round trips with the
    server), and for the bodies after that."""
    return {
        "new_messages": summary.new_messages,
        "bodies_parsed": summary.bodies_parsed,
        "headers_seconds": round(summary.headers_seconds, 3),
        "bodies_seconds": round(summary.bodies_seconds, 3),
        "imap_seconds": round(summary.imap_seconds, 3),
        "queue_ready_at": round(summary.queue_ready_at, 3),
        "failed": [result.account for result in summary.failed],
        "replies_sent": len(delivery.sent),
        "replies_waiting": len(delivery.retrying) + len(delivery.refused),
    }


async def _sync(
    config: Config, store_path: str, connectors: list[Connector], stop: threading.Event,
    err: TextIO, reset: bool = False,
) -> tuple[SyncSummary, DeliveryReport]:  # fmt: skip
    from .connectors.registry import build_routes
    from .services import Services, system_clock
    from .store.cachelock import SYNC

    services = Services(store_path=store_path)
    if reset:
        rebuilt = await asyncio.to_thread(services.rebuild_cache, SYNC)
        print(f"supportdesk sync: {rebuilt.message()}", file=err)
    try:
        store = await services.open_store(role=SYNC)
    except BaseException:
        services.unlock_cache()
        raise
    await store.limit_cache(HEADLESS_CACHE_KIB)
    bar = ProgressLine(err) if err.isatty() else None
    try:
        # Replies first (the app may have closed with some in the outbox): their copies in
        # Sent are then synced in the same run.
        wanted = {connector.account for connector in connectors}
        routes = {name: r for name, r in build_routes(config).items() if name in wanted}
        delivery = await deliver_due(store, routes, system_clock) if routes else DeliveryReport()
        ours = frozenset({config.agent.email.casefold()} - {""})
        summary = await sync_accounts(
            store,
            connectors,
            stop.is_set,
            bar.update if bar else None,
            our_addresses=ours,
            body_progress=bar.bodies if bar else None,
        )
        return summary, delivery
    finally:
        if bar is not None:
            bar.finish()
        await store.close()
        services.unlock_cache()


def _report_delivery(delivery: DeliveryReport, err: TextIO) -> None:
    for entry, why in delivery.refused:
        print(f"supportdesk sync: reply {entry.subject!r} not sent, kept in the outbox: {why}",
              file=err)  # fmt: skip
    for entry, why in delivery.retrying:
        print(f"supportdesk sync: reply {entry.subject!r} not sent yet (tried again later): "
              f"{why}", file=err)  # fmt: skip
    if delivery.sent and err.isatty():
        print(f"{len(delivery.sent)} repl{'y' if len(delivery.sent) == 1 else 'ies'} sent",
              file=err)  # fmt: skip


def _report(summary: SyncSummary, interrupted: bool, err: TextIO) -> int:
    for result in summary.accounts:
        if result.error is not None:
            print(f"supportdesk sync: {result.error.message}", file=err)
        elif err.isatty():
            print(
                f"{result.account}: {result.new_messages} new messages, "
                f"{result.new_conversations} new conversations, "
                f"{result.read_changes} read changes, {result.removed_messages} removed",
                file=err,
            )
    if summary.store_failed:
        return EXIT_CACHE
    if interrupted:
        print("supportdesk sync: interrupted; the next sync continues from here", file=err)
        return EXIT_INTERRUPTED
    return EXIT_ACCOUNT if summary.failed else EXIT_OK


class ProgressLine:
    """`account  1234/5000 [#####.....]` redrawn in place, at most ten times a second."""

    def __init__(self, out: TextIO, width: int = 30) -> None:
        self.out, self.width = out, width
        self._last = 0.0

    def update(self, account: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last < 0.1 and done < total:
            return
        self._last = now
        filled = self.width * done // total if total else self.width
        bar = "#" * filled + "." * (self.width - filled)
        self.out.write(f"\r{account}  {done}/{total} [{bar}]\x1b[K")
        self.out.flush()

    def bodies(self, done: int, total: int) -> None:
        self.update("message bodies", done, total)

    def finish(self) -> None:
        if self._last:
            self.out.write("\n")
            self.out.flush()
