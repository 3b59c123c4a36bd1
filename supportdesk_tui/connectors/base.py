"""The one small protocol every channel (IMAP, SMTP, Matrix, the in-memory fake) speaks.

Connectors are blocking and are called from a worker thread only. They translate library objects
into our domain types and library exceptions into `ConnectorError` naming the account.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from enum import Flag, auto
from typing import Protocol

from ..domain.models import Batch

Stop = Callable[[], bool]
"""Polled between round trips; True means the user or the app wants the work to end now."""
Progress = Callable[[int, int], None]
"""(done, total) in messages; total may grow as folders are discovered."""


class Capability(Flag):
    NONE = 0
    LIVE = auto()
    """Can wait for new messages (IMAP IDLE, Matrix long-poll)."""
    SEND = auto()
    FLAGS_BACK = auto()
    """Read state can be written back to the server."""


class Connector(Protocol):
    account: str
    capabilities: Capability

    def cursor_keys(self) -> list[str]:
        """The cursors this account keeps (IMAP: one per folder); known after `connect`."""
        ...

    def fetch(
        self, cursors: Mapping[str, str | None], stop: Stop, progress: Progress | None = None
    ) -> Iterator[Batch]:
        """Everything new since `cursors`, as batches each carrying its own new cursor.

        A batch is applied with its cursor in one transaction, so a crash between batches
        resumes after the last applied one and never loses or doubles a message.
        """
        ...

    def wait_for_news(self, stop: Stop, timeout: float) -> bool:
        """Block until the server says something changed (True) or `timeout` passes (False)."""
        ...

    def close(self) -> None: ...
