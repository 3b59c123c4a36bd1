"""Keeps the open app in step with the servers: a sync at start, then IDLE, then a sync again.

One loop per account, so a quiet account's IDLE never delays a busy one's fetch. The loops only
call the headless runner (`imapsync.sync_accounts`) and post messages; they touch no widget.

A failed sync (server down, wrong password) is tried again after RETRY_FIRST seconds, then
twice as late each time up to RETRY_SECONDS, or at once on a nudge (the user's "Sync now");
a connection lost while waiting for news (IDLE, the Matrix long-poll) is said and a sync
follows at once, so a server that is back is back in the app without a restart.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from textual.message import Message
from textual.message_pump import MessagePump

from ..connectors.base import Capability, Connector, Stop
from ..errors import SupportDeskError
from ..imapsync import SyncSummary, sync_accounts
from ..store import Store

log = logging.getLogger(__name__)

IDLE_SECONDS = 25 * 60
"""RFC 2177: re-issue IDLE at least every 29 minutes."""
RETRY_FIRST = 5.0
"""After a failed sync (network gone, wrong password), the first try again this much later ..."""
RETRY_SECONDS = 60.0
"""... and each next one twice as late as the last, up to this."""
RECONNECT_PAUSE = 1.0
"""After the connection dropped while waiting for news, sync again this much later."""


class Nudge:
    """Wakes every account loop out of IDLE for a sync now (it pushes read state made here)."""

    def __init__(self) -> None:
        self._listeners: list[threading.Event] = []

    def listener(self) -> threading.Event:
        """One per account loop: each loop clears its own when it syncs."""
        event = threading.Event()
        self._listeners.append(event)
        return event

    def __call__(self) -> None:
        for event in self._listeners:
            event.set()


@dataclass
class SyncProgressed(Message):
    account: str
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SyncProgressed) and message.account == self.account


@dataclass
class BodiesProgressed(Message):
    """Bodies of newly synced mail parsed so far (the queue already shows their headers)."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, BodiesProgressed)


@dataclass
class SyncFinished(Message):
    summary: SyncSummary
    retry_in: float | None = None
    """After a failure: seconds until the sync is tried again (a nudge tries at once)."""


@dataclass
class ConnectionLost(Message):
    """The connection that waited for news (IDLE, a long-poll) broke; a sync follows."""

    account: str
    reason: str
    title: str = "Connection lost"


async def keep_in_sync(
    target: MessagePump,
    store: Store,
    connectors: Sequence[Connector],
    stop: Stop,
    our_addresses: frozenset[str] = frozenset(),
    nudge: Nudge | None = None,
) -> None:
    """Run until `stop()`: every account synced, then woken by its server's news or a nudge."""
    nudge = nudge or Nudge()
    await asyncio.gather(
        *(
            _account_loop(target, store, c, stop, our_addresses, nudge.listener())
            for c in connectors
        )
    )


async def _account_loop(
    target: MessagePump, store: Store, connector: Connector, stop: Stop, ours: frozenset[str],
    nudged: threading.Event,
) -> None:  # fmt: skip
    def progress(account: str, done: int, total: int) -> None:
        target.post_message(SyncProgressed(account, done, total))

    def body_progress(done: int, total: int) -> None:
        target.post_message(BodiesProgressed(done, total))

    def stop_or_nudged() -> bool:
        return stop() or nudged.is_set()

    failures = 0
    while not stop():
        nudged.clear()  # this sync pushes what the nudge was for
        summary = await sync_accounts(
            store, [connector], stop, progress, our_addresses=ours, body_progress=body_progress
        )
        failures = failures + 1 if summary.failed else 0
        retry = retry_delay(failures) if failures else None
        target.post_message(SyncFinished(summary, retry))
        if stop():
            return
        if retry is not None or Capability.LIVE not in connector.capabilities:
            await _pause(RETRY_SECONDS if retry is None else retry, stop_or_nudged)
            continue
        try:
            await asyncio.to_thread(connector.wait_for_news, stop_or_nudged, IDLE_SECONDS)
        except Exception as error:  # noqa: BLE001 - a dropped IDLE is retried by the next sync
            reason = error.message if isinstance(error, SupportDeskError) else repr(error)
            log.info("%s: waiting for news failed: %s", connector.account, reason)
            if not stop():
                title = error.title if isinstance(error, SupportDeskError) else "Connection lost"
                target.post_message(ConnectionLost(connector.account, reason, title))
            await _pause(RECONNECT_PAUSE, stop)


def retry_delay(failures: int) -> float:
    """Seconds before trying again after `failures` failed syncs in a row (1 or more)."""
    return min(RETRY_SECONDS, RETRY_FIRST * float(2 ** min(failures - 1, 16)))


async def _pause(seconds: float, stop: Stop) -> None:
    """Sleep in short steps so quitting the app (or a nudge) is never held up."""
    for _ in range(max(1, round(seconds * 4))):
        if stop():
            return
        await asyncio.sleep(0.25)
