"""IMAP: folders into batches of our Messages, read flags both ways, IDLE for live news.

`imapclient` is not thread-safe: every use of the client holds `self._lock`. A fetch is a
generator that takes the lock per round trip, and selects its folder again if
`wait_for_news` selected another one in between.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import replace
from datetime import datetime
from typing import Any

from imapclient import IMAPClient

from ..config import ImapAccount
from ..domain.models import Batch, MailBatch, Message
from ..errors import ConnectorError
from ..secrets import password_for, update_hint
from .base import Capability, Progress, Stop
from .imap_cursor import FolderCursor
from .imap_errors import LoginRefused
from .imap_fetch import fetch_messages
from .imap_parse import Fetched, HeaderParser
from .imap_session import Session
from .imap_state import (
    LocalIndex,
    Reconciled,
    modseq_after_push,
    reconcile,
    search_uids,
    server_changes,
    unseen_uids,
)

log = logging.getLogger(__name__)

CHUNK = 500
"""UIDs per FETCH: big enough to amortise round trips, small enough to keep memory flat."""
CLOSE_WAIT = 1.0
"""Seconds `close` (the app quitting) waits for a round trip before cutting its connection."""
PROCESS_THRESHOLD = 2000
"""New messages in a folder from which headers are parsed in a worker process."""


class ImapConnector:
    capabilities = Capability.LIVE | Capability.FLAGS_BACK

    def __init__(
        self,
        settings: ImapAccount,
        password: Callable[[], str] | None = None,
        *,
        timeout: float = 30.0,
        chunk: int = CHUNK,
        extensions: bool = True,
    ) -> None:
        """`extensions=False` ignores CONDSTORE, QRESYNC and ESEARCH (the plain IMAP path)."""
        self.account = settings.name
        self.settings = settings
        self.index: LocalIndex | None = None
        """Set by the sync runner; without it, flags and expunges of cached mail are not synced."""
        self._session = Session(settings, password or self._password_from_config, timeout)
        self._session.extensions = extensions
        self._lock = threading.Lock()
        self._chunk = max(1, chunk)
        self.our_addresses = frozenset(a.casefold() for a in settings.our_addresses)
        self.imap_seconds = 0.0
        """Time in round trips with the server so far (connecting included; IDLE not)."""

    def _password_from_config(self) -> str:
        return password_for(self.settings.name, self.settings.password_command)

    def connect(self) -> None:
        self._call(None, lambda client: None)

    def cursor_keys(self) -> list[str]:
        return list(self.settings.folders)

    def _call(
        self, folder: str | None, action: Callable[[IMAPClient], Any], fresh: bool = False
    ) -> Any:
        """One locked round trip (in `folder`), library errors as ConnectorError."""
        with self._lock:
            began = time.perf_counter()
            try:
                return self._session.run(folder, action, fresh=fresh)
            except LoginRefused as error:
                hint = update_hint(self.account, self.settings.password_command)
                raise LoginRefused(
                    self.account,
                    f"{error.reason}. If the password changed, {hint}; the next sync uses it",
                    title=error.title,
                ) from error
            finally:
                self.imap_seconds += time.perf_counter() - began

    def fetch(
        self, cursors: Mapping[str, str | None], stop: Stop, progress: Progress | None = None
    ) -> Iterator[Batch]:
        counter = _Counter(progress)
        with self._lock:
            self._session.forget_validity()
        missing: list[str] = []
        for folder in self.settings.folders:
            if stop():
                return
            if not self._call(None, _exists(folder)):
                missing.append(folder)
                continue
            yield from self._fetch_folder(
                folder, FolderCursor.decode(cursors.get(folder)), stop, counter
            )
        if missing:
            names = self._call(None, lambda c: [name for _, _, name in c.list_folders()])
            raise ConnectorError(
                self.account,
                f"no folder {', '.join(map(repr, missing))} on the server; "
                f"it has: {', '.join(map(str, names))}",
                title="Folder not found",
            )

    def _fetch_folder(
        self, folder: str, cursor: FolderCursor | None, stop: Stop, counter: _Counter
    ) -> Iterator[Batch]:
        info = self._call(folder, lambda c: self._session.selected_info, fresh=True)
        validity, highest = info[b"UIDVALIDITY"], info.get(b"HIGHESTMODSEQ", 0)
        if not self._session.condstore:
            highest = 0
        if cursor is not None and cursor.uidvalidity != validity:
            log.warning(
                "%s/%s: UIDVALIDITY changed; fetching the folder again", self.account, folder
            )
            cursor = FolderCursor(validity, 0, highest, resyncing=True)
            yield MailBatch(self.account, cursor_key=folder, folder=folder, forget_uids=True,
                            cursor=cursor.encode())  # fmt: skip
        elif cursor is None:
            cursor = FolderCursor(validity, 0, highest)
        elif cursor.last_uid:
            yield self._state_batch(folder, cursor, highest)
            cursor = replace(cursor, modseq=highest)
        yield from self._new_messages(folder, cursor, info.get(b"UIDNEXT"), stop, counter)

    def _state_batch(self, folder: str, cursor: FolderCursor, highest: int) -> MailBatch:
        """Flags and expunges of the cached mail; `_new_messages` then continues from it."""
        if self.index is None:
            done = replace(cursor, modseq=highest).encode()
            return MailBatch(self.account, cursor_key=folder, folder=folder, cursor=done)
        result, modseq = self._call(folder, self._compare(folder, cursor, highest, self.index))
        log.info("%s/%s: %d read changes in, %d out, %d gone", self.account, folder,
                 len(result.read_changes), len(result.push_seen) + len(result.push_unseen),
                 len(result.removed))  # fmt: skip
        return MailBatch(self.account, cursor_key=folder, folder=folder,
                         cursor=replace(cursor, modseq=modseq).encode(),
                         read_changes=tuple(result.read_changes),
                         removed_message_ids=tuple(result.removed))  # fmt: skip

    def _compare(
        self, folder: str, cursor: FolderCursor, highest: int, index: LocalIndex
    ) -> Callable[[IMAPClient], tuple[Reconciled, int]]:
        session, last = self._session, cursor.last_uid

        def compare(client: IMAPClient) -> tuple[Reconciled, int]:
            state = server_changes(client, last, cursor.modseq, highest, session.qresync,
                                   index, folder)  # fmt: skip
            unseen = unseen_uids(client, last, session.esearch)
            local = {uid for uid in index.unread_uids(folder) if uid <= last}
            result = reconcile(state, unseen, local, index, folder)
            if result.push_seen:
                client.add_flags(result.push_seen, [b"\\Seen"], silent=True)
            if result.push_unseen:
                client.remove_flags(result.push_unseen, [b"\\Seen"], silent=True)
            pushed = [*result.push_seen, *result.push_unseen]
            return result, modseq_after_push(client, last, highest, pushed)

        return compare

    def _new_messages(
        self, folder: str, cursor: FolderCursor, uidnext: int | None, stop: Stop, counter: _Counter
    ) -> Iterator[Batch]:
        last = cursor.last_uid
        uids: list[int] = []
        if uidnext is None or uidnext > last + 1:
            found = self._call(folder, lambda c: search_uids(c, "UID", f"{last + 1}:*"))
            uids = sorted(uid for uid in found if uid > last)
        counter.grow(len(uids))
        parser = HeaderParser(self.account, folder, self.our_addresses,
                              process=len(uids) >= PROCESS_THRESHOLD)  # fmt: skip
        pending: deque[tuple[int, Future[list[Message]]]] = deque()
        try:
            for start in range(0, len(uids), self._chunk):
                if stop():
                    return
                part = uids[start : start + self._chunk]
                try:
                    raw = self._fetch_raw(folder, part)
                except ConnectorError:
                    while pending:  # what was fetched before the server went is kept
                        yield self._batch(folder, cursor, *pending.popleft(), counter)
                    raise
                pending.append((part[-1], parser.submit(raw)))
                if len(pending) > 1:  # one chunk parsed there while the next is fetched here
                    yield self._batch(folder, cursor, *pending.popleft(), counter)
            while pending:
                yield self._batch(folder, cursor, *pending.popleft(), counter)
        finally:
            parser.close()
        if cursor.resyncing:
            done = replace(cursor, last_uid=max([last, *uids]), resyncing=False)
            yield MailBatch(self.account, cursor_key=folder, folder=folder,
                            prune_unlocated=True, cursor=done.encode())  # fmt: skip

    def _fetch_raw(self, folder: str, uids: list[int]) -> list[Fetched]:
        fetched: list[Fetched] = self._call(folder, lambda c: fetch_messages(c, uids))
        return fetched

    def _batch(
        self, folder: str, cursor: FolderCursor, last_uid: int,
        parsed: Future[list[Message]], counter: _Counter,
    ) -> MailBatch:  # fmt: skip
        messages = tuple(parsed.result())
        counter.add(len(messages))
        return MailBatch(self.account, messages=messages, folder=folder, cursor_key=folder,
                         cursor=replace(cursor, last_uid=last_uid).encode())  # fmt: skip

    def set_seen(self, folder: str, uids: list[int], seen: bool) -> None:
        """Write read state back at once (the agent opened or unmarked a conversation)."""
        if not uids:
            return

        def store(client: IMAPClient) -> None:
            if seen:
                client.add_flags(uids, [b"\\Seen"], silent=True)
            else:
                client.remove_flags(uids, [b"\\Seen"], silent=True)

        self._call(folder, store)

    def append(
        self,
        folder: str,
        raw: bytes,
        flags: Sequence[str] = ("\\Seen",),
        when: datetime | None = None,
    ) -> None:
        """Store `raw` in `folder` (a sent reply's copy), creating the folder when missing."""

        def store(client: IMAPClient) -> None:
            if not client.folder_exists(folder):
                client.create_folder(folder)
            client.append(folder, raw, flags=tuple(flags), msg_time=when)

        try:
            self._call(None, store)
        except ConnectorError as error:
            reason = error.message.removeprefix(f"{self.account}: ")
            raise ConnectorError(
                self.account, f"could not store a copy in {folder!r}: {reason}", title=error.title
            ) from error

    def wait_for_news(self, stop: Stop, timeout: float) -> bool:
        """IDLE on the first folder; True as soon as the server reports a change."""
        deadline = time.monotonic() + timeout
        with self._lock:
            return self._session.wait(self.settings.folders[0], stop, deadline)

    def close(self) -> None:
        if not self._lock.acquire(timeout=CLOSE_WAIT):
            self._session.abort()  # a round trip hangs (a stalled server): end it now
            self._lock.acquire()
        try:
            self._session.close()
        finally:
            self._lock.release()


def _exists(folder: str) -> Callable[[IMAPClient], bool]:
    return lambda client: bool(client.folder_exists(folder))


class _Counter:
    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.done = 0
        self.total = 0

    def grow(self, more: int) -> None:
        self.total += more
        self._report()

    def add(self, more: int) -> None:
        self.done += more
        self._report()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total)
