"""Fetched raw mail -> Messages with their headers read; bodies are parsed later.

Measured on 2 cores, a generated support mailbox (median 6 KB, 20% HTML, 12% attachments),
CPU time per message: fetching 0.18 ms, `mime.parse_headers` 0.25-0.3 ms, `mime.parse_message`
(stdlib email, whole MIME tree) 1.9 ms. Parsing whole messages in two worker processes took a
10k first sync to 15.7-19.8 s and ~270 MB. Now only headers are read during the sync, and for
a big folder in one worker process, which gets each mail's header block alone (a third of its
bytes): the fetching thread and the cache writer then have this process's GIL to themselves.
Bodies are parsed afterwards (`bodies.parse_pending_bodies`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from imapclient.datetime_util import parse_to_datetime

from ..domain.models import Message
from ..mime import EPOCH, header_block, missing_id, parse_headers
from ..workers import process_pool

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fetched:
    uid: int
    raw: bytes
    seen: bool
    internaldate: bytes | None
    """When the server got it, as the server wrote it; stands in for a missing Date (and is
    read only then: parsing it for every mail took a third of the fetch loop's time)."""


def received_at(internaldate: bytes | None) -> datetime | None:
    if internaldate is None:
        return None
    try:
        moment: datetime = parse_to_datetime(internaldate, normalise=False)
    except ValueError:
        return None
    return moment.astimezone(UTC)


def parse_fetched(
    items: Sequence[Fetched], account: str, folder: str, ours: frozenset[str]
) -> list[Message]:
    """Top level, so the worker process can run it (on header blocks, see HeaderParser)."""
    parsed = []
    for item in items:
        message = parse_headers(
            item.raw, account=account, folder=folder, uid=item.uid, our_addresses=ours
        )
        sent_at = message.sent_at
        if sent_at == EPOCH:
            sent_at = received_at(item.internaldate) or EPOCH
        parsed.append(message.copy_with(read=item.seen, sent_at=sent_at))
    return parsed


class HeaderParser:
    """`submit` a chunk, get a Future of its messages: inline, or in one worker process."""

    def __init__(self, account: str, folder: str, ours: frozenset[str], process: bool) -> None:
        self._args = (account, folder, ours)
        self._pool: Executor | None = None
        if process:
            self._pool = process_pool(1)

    def submit(self, items: Sequence[Fetched]) -> Future[list[Message]]:
        if self._pool is None:
            done: Future[list[Message]] = Future()
            done.set_result(parse_fetched(items, *self._args))
            return done
        headers = [replace(item, raw=header_block(item.raw)) for item in items]
        job = self._pool.submit(parse_fetched, headers, *self._args)
        result: Future[list[Message]] = Future()

        def with_raw(finished: Future[list[Message]]) -> None:
            error = finished.exception()
            if isinstance(error, BrokenProcessPool):  # the worker died (OOM killer?): go on here
                log.warning("header parser process died; parsing here: %r", error)
                result.set_result(parse_fetched(items, *self._args))
            elif error is not None:
                result.set_exception(error)
            else:
                messages = finished.result()
                result.set_result(
                    [_with_raw(m, i, h) for m, i, h in zip(messages, items, headers, strict=True)]
                )

        job.add_done_callback(with_raw)
        return result

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


def _with_raw(message: Message, item: Fetched, headers: Fetched) -> Message:
    """The whole mail back in; an id made from the bytes is made from all of them."""
    if message.id.endswith("@missing") and message.id == missing_id(headers.raw):
        return message.copy_with(raw=item.raw, id=missing_id(item.raw))
    return message.copy_with(raw=item.raw)
