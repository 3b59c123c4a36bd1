"""Two supportdesk processes on one cache (issue 9): a second app is refused with who has it,
a sync while the app runs does nothing (the app syncs itself), overlapping syncs never double
anything, readers read beside a writer, a kill -9 leaves no lock behind, and even writers that
bypass the lock never corrupt the database (SQLite's own locking, WAL, busy_timeout).
"""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from supportdesk_tui.services import EVERYTHING
from supportdesk_tui.store import Store
from supportdesk_tui.store.cachelock import APP, SYNC, CacheInUse, CacheLock, lock_path
from supportdesk_tui.ui.app import SupportDeskApp
from supportdesk_tui.ui.screens.cache_problem_screen import CacheProblemScreen
from tests.connectors.imap_helpers import mail
from tests.connectors.test_sync_command import config as imap_config
from tests.imapserver import Dovecot, MailUser
from tests.reliability import ledger
from tests.reliability.diskkit import integrity
from tests.ui import test_tmux as tm
from tests.ui.conftest import NOW, SIZE

pytestmark = pytest.mark.reliability

AREA = "two instances"
FAR = NOW.replace(year=2100)

HOLDER = """
import sys, time
from supportdesk_tui.store.cachelock import CacheLock
lock = CacheLock.acquire(sys.argv[1], sys.argv[2])
print("held", flush=True)
time.sleep(120)
"""


def hold_lock(cache: Path, role: str) -> subprocess.Popen[str]:
    """Another process holding the cache's lock (as the app or a sync would)."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(cache), role], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


def free_when_gone(cache: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            CacheLock.acquire(cache, APP).release()
            return
        except CacheInUse:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_STATE_HOME": str(home / "state"), "PATH": "/usr/bin:/bin"}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "supportdesk_tui", *args],
        capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def start(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_STATE_HOME": str(home / "state"), "PATH": "/usr/bin:/bin"}  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-m", "supportdesk_tui", *args], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=env, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_the_lock_names_its_holder_and_a_kill_9_leaves_none_behind(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite3"
    with ledger.timed(AREA):
        child = hold_lock(cache, APP)
        try:
            with pytest.raises(CacheInUse) as caught:
                CacheLock.acquire(cache, APP)
            assert caught.value.holder.pid == child.pid
            assert (
                f"the supportdesk app (pid {child.pid}) is using the cache" in caught.value.message
            )
            assert "supportdesk report" in caught.value.message  # what works meanwhile
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
            assert child.stdout is not None
            child.stdout.close()
        assert lock_path(cache).exists()  # the file stays; the kernel let go of the lock
        lock = CacheLock.acquire(cache, APP)
        lock.release()
    ledger.count(AREA, faults_injected=2, faults_survived=2)


@tm.needs_tmux
@tm.needs_command
@pytest.mark.tmux
def test_a_second_app_is_refused_with_the_first_ones_pid_and_opens_once_it_is_gone(
    tmp_path: Path,
) -> None:
    """Two real `supportdesk --demo` in tmux on one home; `report` reads beside the first."""
    with ledger.timed(AREA):
        first = tm.start_demo(tmp_path)
        second = ""
        try:
            tm.wait_for(first, r"Open queue · [1-9]\d* conversations")
            cache = tmp_path / "cache" / "supportdesk" / "demo.sqlite3"
            pid = int(lock_path(cache).read_text().split()[0])
            second = tm.start_demo(tmp_path)
            screen = tm.wait_for(second, r"The cache is in use")
            assert f"pid {pid}" in screen and "r  try again" in screen, screen

            report = run(tmp_path, "--demo", "report", "--days", "365")
            assert report.returncode == 0, report.stderr  # a reader is welcome meanwhile
            assert "Conversations" in report.stdout or "conversations" in report.stdout

            subprocess.run(["kill", "-9", str(pid)], check=True)  # no clean exit, no unlock
            free_when_gone(cache)  # the kernel lets go as the process finishes dying
            tm.send(second, "r")
            tm.wait_for(second, r"Open queue · [1-9]\d* conversations", timeout=30)
        finally:
            tm.stop(first)
            if second:
                tm.stop(second)
        assert integrity(cache) == "ok"
    ledger.count(AREA, faults_injected=2, faults_survived=2)


async def message_count(cache: Path) -> tuple[int, int]:
    """(messages, distinct message ids) over every conversation."""
    store = await Store.open(cache)
    try:
        ids: list[str] = []
        for row in await store.list_queue(EVERYTHING, FAR, 0, 100_000):
            detail = await store.conversation_detail(row.conversation_id)
            assert detail is not None
            ids += [m.id for m in detail.messages]
    finally:
        await store.close()
    return len(ids), len(set(ids))


@pytest.mark.imap
def test_a_sync_while_the_app_has_the_cache_does_nothing_quietly(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser
) -> None:
    with ledger.timed(AREA):
        dovecot.append(imap_user.name, "INBOX", mail(0))
        config = str(imap_config(tmp_path, dovecot, imap_user, imap_user.password))
        cache = tmp_path / "cache.sqlite3"
        assert run(tmp_path, "--config", config, "sync").returncode == 0
        dovecot.append(imap_user.name, "INBOX", mail(1))
        app = hold_lock(cache, APP)
        try:
            cron = run(tmp_path, "--config", config, "sync")
            assert (cron.returncode, cron.stdout, cron.stderr) == (0, "", "")  # nothing to mail
            assert asyncio.run(message_count(cache)) == (1, 1)
            reset = run(tmp_path, "--config", config, "--reset-cache", "sync")
            assert reset.returncode == 3 and f"pid {app.pid}" in reset.stderr
            assert cache.exists(), "nothing is moved aside under a running app"
        finally:
            app.send_signal(signal.SIGKILL)
            app.wait()
            assert app.stdout is not None
            app.stdout.close()
        assert run(tmp_path, "--config", config, "sync").returncode == 0
        assert asyncio.run(message_count(cache)) == (2, 2)
    ledger.count(AREA, faults_injected=2, faults_survived=2, messages_checked=2)


@pytest.mark.imap
def test_overlapping_syncs_never_double_anything(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser
) -> None:
    """Cron runs that overlap: three syncs started at once, round after round."""
    rounds, per_round = ledger.rounds(3, 12), 25
    with ledger.timed(AREA):
        config = str(imap_config(tmp_path, dovecot, imap_user, imap_user.password))
        cache = tmp_path / "cache.sqlite3"
        total = 0
        for r in range(rounds):
            for n in range(per_round):
                dovecot.append(imap_user.name, "INBOX", mail(total + n))
            total += per_round
            syncs = [start(tmp_path, "--config", config, "sync", "--stats") for _ in range(3)]
            outputs = [sync.communicate(timeout=120) for sync in syncs]
            assert [s.returncode for s in syncs] == [0, 0, 0], outputs
            assert all("Traceback" not in err for _, err in outputs)
            ran = [out for out, _ in outputs if out.strip()]
            assert ran, f"round {r}: no sync ran"
            assert asyncio.run(message_count(cache)) == (total, total)
            ledger.count(AREA, faults_injected=len(syncs) - len(ran),
                         faults_survived=len(syncs) - len(ran))  # fmt: skip
        assert integrity(cache) == "ok"
    ledger.count(AREA, messages_checked=total)


WRITER = """
import asyncio, sys
from datetime import datetime
sys.path.insert(0, sys.argv[2])
from store_builders import thread
from supportdesk_tui.domain.models import Direction, Status
from supportdesk_tui.store import Store

async def main():
    store = await Store.open(sys.argv[1])
    me, rounds = sys.argv[3], int(sys.argv[4])
    for n in range(rounds):
        await store.apply_batch(thread(f"{me}-{n}", Direction.INCOMING, Direction.OUTGOING,
                                       cust=f"{me}-c{n}", start=n))
        shared = [f"a-{n // 2}", f"b-{n // 2}"]
        await store.set_status(shared, Status.PENDING if n % 2 else Status.OPEN)
        await store.add_tag(shared, f"from-{me}")
        await store.save_draft(f"{me}-{n}", f"draft {me} {n}", datetime.now())
    await store.close()
    print("done", flush=True)

asyncio.run(main())
"""


async def test_writers_that_bypass_the_lock_still_never_corrupt_the_cache(tmp_path: Path) -> None:
    """What the lock prevents is double work, not damage: two processes writing at once
    (an older supportdesk, a copied command line) while `report` reads; every row once."""
    rounds = ledger.rounds(300, 3000)
    cache = tmp_path / "cache.sqlite3"
    await (await Store.open(cache)).close()
    store_tests = Path(__file__).parents[1] / "store"
    with ledger.timed(AREA):
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(cache), str(store_tests), me, str(rounds)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for me in ("a", "b")
        ]
        reads = 0
        while any(w.poll() is None for w in writers):
            report = run(tmp_path, "--cache", str(cache), "report", "--format", "json")
            assert report.returncode == 0 and "Traceback" not in report.stderr, report.stderr
            reads += 1
            time.sleep(0.2)
        for writer in writers:
            out, err = writer.communicate()
            assert (writer.returncode, out.strip()) == (0, "done"), err
        assert integrity(cache) == "ok"
        with sqlite3.connect(cache) as db:
            conversations = db.execute("SELECT count(*), count(DISTINCT id) FROM conversation")
            assert conversations.fetchone() == (2 * rounds, 2 * rounds)
            messages = db.execute("SELECT count(*), count(DISTINCT id) FROM message").fetchone()
            assert messages == (4 * rounds, 4 * rounds)
            drafts = db.execute("SELECT count(*) FROM draft").fetchone()[0]
            assert drafts == 2 * rounds
            for me in "ab":  # each tagged its own, which always existed by then
                own = db.execute(
                    "SELECT count(*) FROM conversation_tag WHERE conversation_id LIKE ? "
                    "AND tag = ?",
                    (f"{me}-%", f"from-{me}"),
                ).fetchone()[0]
                assert own == len({n // 2 for n in range(rounds)})
    ledger.count(AREA, faults_injected=1, faults_survived=1, inputs_tried=reads)


async def test_the_app_started_during_a_sync_waits_for_it_and_then_opens(
    make_app: Callable[..., SupportDeskApp], cache_file: Path
) -> None:
    with ledger.timed(AREA):
        cron = hold_lock(cache_file, SYNC)
        try:
            app = make_app()
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause(1.0)
                said = "\n".join(n.message for n in app._notifications)
                assert f"a supportdesk sync (pid {cron.pid}) is using the cache" in said
                assert "The queue opens when it is done." in said
                assert app.store is None and not isinstance(app.screen, CacheProblemScreen)
                cron.send_signal(signal.SIGKILL)  # the sync ends (here: dies)
                cron.wait()
                for _ in range(100):
                    await pilot.pause(0.1)
                    if app.store is not None:
                        break
                assert app.store is not None, "the queue opened once the sync was gone"
        finally:
            if cron.poll() is None:
                cron.send_signal(signal.SIGKILL)
                cron.wait()
            assert cron.stdout is not None
            cron.stdout.close()
    ledger.count(AREA, faults_injected=1, faults_survived=1)
