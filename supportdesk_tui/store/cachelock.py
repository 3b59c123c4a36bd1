"""One writer per cache: an advisory lock file next to the cache database.

The app and `supportdesk sync` each hold `<cache>.lock` (fcntl.flock, exclusive) while they
use the cache; a second one finds it taken and is told who has it (the pid and what it is,
written into the file). Readers (`supportdesk report`, `reviews export`) take no lock: SQLite's
WAL lets them read beside the writer. The kernel lets go of a flock when its process dies, so a
kill -9 never leaves a lock behind that blocks the next start.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError

APP = "app"
SYNC = "sync"
WHAT = {APP: "the supportdesk app", SYNC: "a supportdesk sync"}


@dataclass(frozen=True)
class Holder:
    pid: int | None
    role: str

    def describe(self) -> str:
        what = WHAT.get(self.role, "another supportdesk")
        return f"{what} (pid {self.pid})" if self.pid else what


class CacheInUse(StoreError):
    title = "Cache in use"

    def __init__(self, path: Path, holder: Holder) -> None:
        self.holder = holder
        if holder.role == APP:
            advice = (
                "Switch to that window, or quit it and start again. "
                "`supportdesk report` and `supportdesk reviews export` work meanwhile."
            )
        else:
            advice = "It ends by itself; try again in a moment."
        super().__init__(f"{holder.describe()} is using the cache {path}. {advice}")


def lock_path(cache: str | Path) -> Path:
    path = Path(cache)
    return path.with_name(path.name + ".lock")


class CacheLock:
    """Held from `acquire` until `release` (or the process ends)."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, cache: str | Path, role: str) -> CacheLock:
        """CacheInUse when another process holds it; StoreError when it cannot be made."""
        path = lock_path(cache)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        except OSError as error:
            raise StoreError(
                f"The lock file {path} cannot be made ({error.strerror or error}). Check that "
                "the cache's folder exists and is writable."
            ) from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise CacheInUse(Path(cache), holder) from None
        except OSError as error:  # a file system without locks: go on unguarded
            os.close(fd)
            raise StoreError(f"The lock file {path} cannot be locked ({error}).") from error
        with contextlib.suppress(OSError):  # who holds it: only a courtesy for the message
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {role}\n".encode(), 0)
        return cls(path, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        """Releasing twice is harmless. The file stays (removing it would race a newcomer)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
        os.close(fd)  # closing the descriptor lets go of the flock


def _read_holder(fd: int) -> Holder:
    try:
        text = os.pread(fd, 200, 0).decode("ascii", "replace").split()
    except OSError:
        text = []
    pid = int(text[0]) if text and text[0].isdigit() else None
    role = text[1] if len(text) > 1 else ""
    return Holder(pid, role)
