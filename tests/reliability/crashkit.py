"""Killing `supportdesk sync` with SIGKILL at random points, and what must hold afterwards.

The crash harness (test_crash_sync.py) runs the real CLI in a child process against the
test servers: `SyncRunner.run()` lets one finish, `SyncRunner.run(kill_point(rng, last))`
sends it SIGKILL at a random point of the last uninterrupted run `last`: anywhere from its
spawn, more often after its first progress line (it is working), or just after one of its
first writes to the cache. The child is run with `--stats`, whose JSON line comes out only
once everything is written and the cache is closed; a kill that comes after that line is
not a fault injected (the sync had already finished) and is counted apart.

`UserWork` is what only the cache holds (a draft, an internal note, replies in the outbox):
written once, it must read back the same after every kill and resync.

`Tally` keeps the figures of one harness: kills that landed mid-sync (by where the cache
stood when the process died), kills that came too late, messages compared.
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from supportdesk_tui.compose.outgoing import Identity, new_reply
from supportdesk_tui.domain.models import Direction, Message
from supportdesk_tui.domain.outbox import Draft, OutboxEntry
from supportdesk_tui.store import Store

SEED_ENV = "SUPPORTDESK_CRASH_SEED"
"""Set to the seed a failed run printed to replay its kill points and server changes."""
RUN_TIMEOUT = 180.0
AT_A_WRITE = 0.3
WHILE_WORKING = 0.5
"""Shares of kills drawn just after a write to the cache, over the last uninterrupted sync's
work (from its first progress line to its end); the others over its whole run."""
FAR_FUTURE = timedelta(days=3650)
PROGRESS = re.compile(rb"\r\S+  \d+/\d+ \[")
"""The sync's progress line on a terminal (sync_command.ProgressLine): `shop  12/300 [##..]`."""
STATS = re.compile(rb'"new_messages"')


def seed_for_run() -> int:
    """The RNG seed: SUPPORTDESK_CRASH_SEED if set, else a fresh one (printed by the caller)."""
    text = os.environ.get(SEED_ENV, "").strip()
    return int(text) if text else random.SystemRandom().randrange(2**32)


@dataclass
class SyncRun:
    seconds: float
    returncode: int | None
    stats: dict[str, Any] | None
    """The --stats line: present only when the sync finished everything."""
    stderr: str
    killed: bool
    working_at: float | None = None
    """Seconds from the spawn until its first progress line (it had found work to do)."""
    done_at: float | None = None
    """Seconds from the spawn until its --stats line (everything written, the cache closed;
    the interpreter's exit follows)."""

    @property
    def landed(self) -> bool:
        """A kill that came before the sync had finished: a fault injected."""
        return self.killed and self.stats is None


@dataclass(frozen=True)
class KillPoint:
    delay: float
    """Seconds after `start` (the spawn, the first progress line or the n-th write)."""
    start: Literal["spawn", "work", "write"]
    writes: int = 0
    """For "write": how many writes to the cache file to wait for."""


def kill_point(rng: random.Random, measured: SyncRun) -> KillPoint:
    """A point in the last uninterrupted sync's run: anywhere from its spawn (start-up
    included) to its stats line; more often while it works (from its first progress line);
    or a few milliseconds after one of its first writes to the cache (a sync's transactions
    follow one another within milliseconds, which a kill drawn over its whole run would
    rarely fall between)."""
    end = measured.done_at or measured.seconds
    roll = rng.random()
    if roll < AT_A_WRITE:
        return KillPoint(rng.uniform(0, 0.005), "write", rng.randint(1, 4))
    if measured.working_at is not None and roll < AT_A_WRITE + WHILE_WORKING:
        return KillPoint(rng.uniform(0, end - measured.working_at), "work")
    return KillPoint(rng.uniform(0, end), "spawn")


class SyncRunner:
    """Runs `python -m supportdesk_tui --config CONFIG sync --stats` as its own process group,
    with HOME and the XDG folders inside `home`; stderr is a terminal, so the sync draws its
    progress line there and the harness sees when it starts working."""

    def __init__(self, config: Path, cache: Path, home: Path) -> None:
        self.config = config
        self.wal = cache.with_name(cache.name + "-wal")
        self.home = home
        self.env = {
            "HOME": str(home),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "PATH": "/usr/bin:/bin",
        }

    def run(self, kill: KillPoint | None = None) -> SyncRun:
        command = [sys.executable, "-m", "supportdesk_tui", "--config", str(self.config),
                   "sync", "--stats"]  # fmt: skip
        leader, follower = pty.openpty()
        out_read, out_write = os.pipe()
        began = time.monotonic()
        try:
            child = subprocess.Popen(
                command, env=self.env, stdin=subprocess.DEVNULL, stdout=out_write,
                stderr=follower, start_new_session=True,
            )  # fmt: skip
        finally:
            os.close(follower)
            os.close(out_write)
        terminal, out = _Stream(leader, began, PROGRESS), _Stream(out_read, began, STATS)
        killed = False
        try:
            killed = _wait_or_kill(child, terminal, self.wal, kill)
        finally:
            seconds = time.monotonic() - began
            _kill_group(child)  # worker processes or a password command left behind
            terminal.close()
            out.close()
        return SyncRun(seconds, child.returncode, _stats_line(out.text()), terminal.text(),
                       killed, terminal.seen_at, out.seen_at)  # fmt: skip

    def finish(self) -> SyncRun:
        """One sync to completion; it must exit 0."""
        done = self.run()
        assert done.returncode == 0 and done.stats is not None, (
            f"the sync after a kill did not finish cleanly (exit {done.returncode}):\n"
            f"{done.stderr[-3000:]}"
        )
        return done


def _wait_or_kill(
    child: subprocess.Popen[bytes], terminal: _Stream, wal: Path, kill: KillPoint | None
) -> bool:
    """Wait for the child's end, or SIGKILL it at `kill`; True if it was killed."""
    if kill is None:
        try:
            child.wait(timeout=RUN_TIMEOUT)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"supportdesk sync ran over {RUN_TIMEOUT:.0f} s") from None
        return False
    deadline = time.monotonic() + RUN_TIMEOUT
    if kill.start == "work":
        while not terminal.seen.wait(0.002):
            if child.poll() is not None or time.monotonic() > deadline:
                break
    elif kill.start == "write":
        last, writes = _stamp(wal), 0
        while writes < kill.writes and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.0005)
            if (stamp := _stamp(wal)) != last:
                last, writes = stamp, writes + 1
    try:
        child.wait(timeout=kill.delay)
        return False
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)  # the process, as `kill -9 PID` would
        child.wait()
        return True


def _stamp(path: Path) -> tuple[int, int]:
    """(size, mtime) of the cache's write-ahead log: changes with each write to the cache."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return (-1, 0)
    return (found.st_size, found.st_mtime_ns)


class _Stream:
    """One of the child's outputs, read in a thread and kept; `seen` is set (and `seen_at`,
    seconds after the spawn) when `pattern` first shows."""

    def __init__(self, fd: int, began: float, pattern: re.Pattern[bytes]) -> None:
        self._fd, self._began, self._pattern = fd, began, pattern
        self._chunks: list[bytes] = []
        self.seen = threading.Event()
        self.seen_at: float | None = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self._fd, 4096)
            except OSError:  # EIO: a pty whose every writer has closed it
                return
            if not chunk:
                return
            self._chunks.append(chunk)
            if self.seen_at is None and self._pattern.search(b"".join(self._chunks)):
                self.seen_at = time.monotonic() - self._began
                self.seen.set()

    def close(self) -> None:
        self._reader.join(timeout=10)
        os.close(self._fd)

    def text(self) -> str:
        return b"".join(self._chunks).decode("utf-8", "replace")


def _kill_group(child: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(child.pid, signal.SIGKILL)


def _stats_line(text: str) -> dict[str, Any] | None:
    for line in text.splitlines():
        with contextlib.suppress(ValueError):
            found = json.loads(line)
            if isinstance(found, dict) and "new_messages" in found:
                return found
    return None


# the cache as files: read without the app, never while a sync runs ----------------------


@contextlib.contextmanager
def read_only(path: Path) -> Any:
    """The cache file opened read-only (a killed writer's WAL is read, not checkpointed)."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        yield db
    finally:
        db.close()


Fingerprint = tuple[int, int, int, tuple[tuple[str, str], ...]]


def fingerprint(path: Path, channel: str) -> Fingerprint:
    """(messages, bodies still to parse, read messages, cursors): where a sync stands."""
    if not path.exists():
        return (0, 0, 0, ())
    with read_only(path) as db:
        count, pending, read = db.execute(
            "SELECT count(*), coalesce(sum(body_pending), 0), coalesce(sum(read), 0) "
            "FROM message WHERE channel = ? AND direction != 'note'",
            (channel,),
        ).fetchone()
        cursors = tuple(db.execute("SELECT key, value FROM sync_cursor ORDER BY key").fetchall())
    return (int(count), int(pending), int(read), cursors)


def phase(run: SyncRun, before: Fingerprint, after: Fingerprint, final: Fingerprint) -> str:
    """Where a kill landed, told from the cache and the progress line: starting (no progress
    line yet), fetching (the server's answer being read or back-filled; nothing written yet),
    while new mail, chat and state were written, while bodies were parsed, or after its last
    write (closing)."""
    if after == before:
        return "while fetching" if run.working_at is not None else "while starting"
    if after[0] != final[0] or after[2] != final[2] or after[3] != final[3]:
        return "while messages were written"
    if after[1]:
        return "while bodies were parsed"
    return "after the last write"


# what only the cache holds --------------------------------------------------------------


@dataclass
class UserWork:
    """A draft, an internal note and replies in the outbox (one waiting far in the future,
    one refused for good), written into the cache; `check` reads them back."""

    drafts: dict[str, Draft] = field(default_factory=dict)
    notes: dict[str, Message] = field(default_factory=dict)
    outbox: list[OutboxEntry] = field(default_factory=list)

    @classmethod
    async def write(cls, store: Store, conversations: list[str], identity: Identity) -> UserWork:
        """Needs four conversations: a draft, a note, a waiting reply and a refused one."""
        draft_on, note_on, waiting_on, refused_on = conversations[:4]
        now = datetime.now(UTC).replace(microsecond=0)
        work = cls()
        await store.save_draft(draft_on, "Dobrý den,\n\nposíláme náhradní díl.", now,
                               subject="Náhradní díl")  # fmt: skip
        note = await store.add_note(note_on, "Eva", "Volala, chce vrátit peníze.", now)
        work.notes[note_on] = note
        for conversation_id, refuse in ((waiting_on, False), (refused_on, True)):
            await store.save_draft(conversation_id, "Dobrý den,\n\nzásilka je na cestě.", now)
            detail = await store.conversation_detail(conversation_id)
            draft = await store.draft(conversation_id)
            assert detail is not None and draft is not None
            reply = new_reply(detail, draft, identity, "Re: " + detail.conversation.subject,
                              now, int(FAR_FUTURE.total_seconds()), None)  # fmt: skip
            entry_id = await store.queue_reply(reply)
            if refuse:
                assert await store.claim_reply(entry_id, now)
                await store.reply_failed(entry_id, "550 no such user", retry_at=None, at=now)
        saved = await store.draft(draft_on)
        assert saved is not None
        work.drafts[draft_on] = saved
        work.outbox = await store.outbox()
        assert len(work.outbox) == 2
        return work

    async def check(self, store: Store) -> list[str]:
        """What is no longer as written (empty: all intact)."""
        problems: list[str] = []
        for conversation_id, draft in self.drafts.items():
            now = await store.draft(conversation_id)
            if now != draft:
                problems.append(f"draft of {conversation_id}: {draft!r} is now {now!r}")
        for conversation_id, note in self.notes.items():
            detail = await store.conversation_detail(conversation_id)
            found = [] if detail is None else [
                m for m in detail.messages if m.direction is Direction.NOTE
            ]  # fmt: skip
            seen = [(m.id, m.body_text, m.author_name) for m in found]
            if seen != [(note.id, note.body_text, note.author_name)]:
                problems.append(f"note in {conversation_id}: {note.body_text!r} is now {seen!r}")
        outbox = await store.outbox()
        if outbox != self.outbox:
            problems.append(f"outbox: {self.outbox!r} is now {outbox!r}")
        return problems


async def check_user_work(cache: Path, work: UserWork) -> None:
    store = await Store.open(cache)
    try:
        problems = await work.check(store)
    finally:
        await store.close()
    assert not problems, "what the agent wrote changed:\n" + "\n".join(problems)


# figures ----------------------------------------------------------------------------------


@dataclass
class Tally:
    """One harness's kills: landed mid-sync (by phase), too late, and messages compared."""

    name: str
    seed: int
    phases: Counter[str] = field(default_factory=Counter)
    too_late: int = 0
    recovery_kills: int = 0
    messages_checked: int = 0
    rounds: int = 0

    @property
    def injected(self) -> int:
        return sum(self.phases.values())

    def kill(self, run: SyncRun, where: str, recovering: bool = False) -> None:
        if run.landed:
            self.phases[where] += 1
            self.recovery_kills += recovering
        elif run.killed or run.stats is not None:
            self.too_late += 1

    def summary(self) -> str:
        landed = ", ".join(f"{where} {n}" for where, n in sorted(self.phases.items()))
        return (
            f"{self.name} (seed {self.seed}): {self.rounds} rounds, {self.injected} kills "
            f"mid-sync ({landed}; {self.recovery_kills} of them while recovering from the "
            f"last), {self.too_late} after the sync had finished (not counted), "
            f"{self.messages_checked} messages compared with the server"
        )
