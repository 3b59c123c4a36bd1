"""Bodies of mail stored with its headers only, parsed from the raw mail in the cache. No Textual.

A sync fills the queue from headers (`mime.parse_headers`, 0.25-0.3 ms a mail) and leaves the
bodies (`mime.parse_body`, 1.5-2.1 ms: MIME walk, charset guessing, HTML to text) to this pass,
which runs right after it and never holds the queue up: a few hundred mails per transaction,
conversation by conversation. `body_pending` is cleared only in the transaction that fills
the body, so a pass stopped anywhere (quit, kill -9) is continued by the next one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from weakref import WeakKeyDictionary

from .domain.models import ParsedBody, PendingBody
from .mime import join_warnings, parse_body
from .store import Store

log = logging.getLogger(__name__)

BATCH = 250
"""Mails per transaction: ~0.4 s of parsing, so the queue's reads never wait long."""
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
    total = await store.count_pending_bodies() if progress is not None else 0
    done = 0
    while not stop():
        pending = await store.pending_bodies(batch, conversation_id)
        if not pending:
            break
        parsed = await asyncio.to_thread(parse_bodies, pending, guess_language)
        await store.fill_bodies(parsed)
        done += len(parsed)
        if progress is not None:
            progress(done, max(total, done))
    if done:
        log.info("parsed %d pending bodies", done)
    return done


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
