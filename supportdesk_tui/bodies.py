"""Bodies of mail stored with its headers only, parsed from the raw mail in the cache. No Textual.

A sync fills the queue from headers (`mime.parse_headers`, 0.25-0.3 ms a mail) and leaves the
bodies (`mime.parse_body`, 1.5-2.1 ms: MIME walk, charset guessing, HTML to text) to this pass,
which runs right after it and never holds the queue up: a few hundred mails per transaction,
conversation by conversation; a big pass is parsed in worker processes, a few batches ahead
of the writer (100k bodies: 157 s with two workers, ~330 s in one thread). `body_pending` is
cleared only in the transaction that fills the body, so a pass stopped anywhere (quit,
kill -9) is continued by the next one.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from weakref import WeakKeyDictionary

from .domain.models import ParsedBody, PendingBody
from .mime import join_warnings, parse_body
from .store import Store
from .workers import process_pool

log = logging.getLogger(__name__)

BATCH = 250
"""Mails per transaction: ~0.4 s of parsing, so the queue's reads never wait long."""
PROCESS_THRESHOLD = 1000
"""Pending bodies from which worker processes parse them: at 2-3 ms a mail, a 100k first
sync's bodies took four minutes on one core."""
MAX_WORKERS = 2
MISSING_RAW = "the raw message is not in the cache; sync again to read its body"

_passes: WeakKeyDictionary[Store, asyncio.Lock] = WeakKeyDictionary()

LanguageGuess = Callable[[str], str | None]
Progress = Callable[[int, int], None]


async def parse_pending_bodies(
    store: Store,
    *,
    stop: Callable[[], bool] = lambda: False,
    progress: Progress | None = None,
    guess_language: LanguageGuess | None = None,
    conversation_id: str | None = None,
    batch: int = BATCH,
) -> int:
    """Parse and store every pending body (of one conversation, if given); returns how many.
    progress(done, total) after each transaction. One whole pass per store at a time (each
    account's sync ends with one); a conversation's own pass (its thread was opened) goes
    ahead of it."""
    if conversation_id is not None:
        return await _parse(store, stop, progress, guess_language, conversation_id, batch)
    lock = _passes.setdefault(store, asyncio.Lock())
    async with lock:
        return await _parse(store, stop, progress, guess_language, None, batch)


async def _parse(
    store: Store,
    stop: Callable[[], bool],
    progress: Progress | None,
    guess_language: LanguageGuess | None,
    conversation_id: str | None,
    batch: int,
) -> int:
    total = await store.count_pending_bodies() if conversation_id is None else 0
    parser = _BodyParser(total >= PROCESS_THRESHOLD and guess_language is None)
    in_flight: deque[asyncio.Future[list[ParsedBody]]] = deque()
    after: tuple[str, str] | None = None
    done, exhausted = 0, False
    try:
        while not stop():
            while not exhausted and len(in_flight) < parser.depth:
                pending = await store.pending_bodies(batch, conversation_id, after)
                if not pending:
                    exhausted = True
                    break
                after = (pending[-1].conversation_id, pending[-1].message_id)
                in_flight.append(parser.submit(pending, guess_language))
            if not in_flight:
                break
            parsed = await in_flight.popleft()
            await store.fill_bodies(parsed)
            done += len(parsed)
            if progress is not None:
                progress(done, max(total, done))
    finally:
        for job in in_flight:
            job.cancel()
        parser.close()
    if done:
        log.info("parsed %d pending bodies", done)
    return done


class _BodyParser:
    """Batches parsed in this process's default thread, or for a big pass in one worker
    process a core, a few batches ahead of the writer.
    A worker that dies (the OOM killer?) leaves its batch to be parsed here."""

    def __init__(self, processes: bool) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self.depth = 1
        if processes:
            workers = min(MAX_WORKERS, os.cpu_count() or 1)
            self._pool = process_pool(workers)
            self.depth = workers + 1

    def submit(
        self, pending: Sequence[PendingBody], guess_language: LanguageGuess | None
    ) -> asyncio.Future[list[ParsedBody]]:
        if self._pool is None:
            return asyncio.ensure_future(asyncio.to_thread(parse_bodies, pending, guess_language))
        return asyncio.ensure_future(self._in_worker(pending))

    async def _in_worker(self, pending: Sequence[PendingBody]) -> list[ParsedBody]:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool, parse_bodies, pending)
        except BrokenProcessPool as error:
            log.warning("body parser process died; parsing here: %r", error)
            return await asyncio.to_thread(parse_bodies, pending)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


def parse_bodies(
    pending: Sequence[PendingBody], guess_language: LanguageGuess | None = None
) -> list[ParsedBody]:
    return [_parsed(item, guess_language) for item in pending]


def _parsed(item: PendingBody, guess_language: LanguageGuess | None) -> ParsedBody:
    if item.raw is None:
        return ParsedBody(item.message_id, "", decode_warning=join_warnings(
            item.decode_warning, (MISSING_RAW,)))  # fmt: skip
    body = parse_body(item.raw)
    return ParsedBody(
        item.message_id,
        body.text,
        body.html,
        body.attachments,
        join_warnings(item.decode_warning, body.warnings),
        guess_language(body.text) if guess_language is not None else None,
    )
