"""Server faults against the real test servers on 127.0.0.1, seen as the user sees them.

Each fault is shown twice: to `supportdesk sync` run as a real process (one clear line on
stderr, no traceback, exit status 1, nothing lost in the cache, and the next run after the
fault completes) and to the open app under Pilot with live sync (a notification and the
status line say what happened and what the app does next, no error screen; once the fault
ends the app's next sync gets the new mail or chat without a restart).

Faults: the server stopped in the middle of a fetch, connections reset, a slow server (seconds
per reply) and one that stops answering, the password changed on the server, UIDVALIDITY
changed, Synapse restarted (and the chat connection reset) while the app long-polls. Resets,
slowness and cuts come from tests/faultproxy.py between the client and the real server, the
rest from the servers themselves (Dovecot stopped, its passwd-file changed, doveadm; Synapse
stopped and started). TLS faults (a changed certificate) are tested elsewhere.

Timeouts and retry pauses are set short here (1-3 s) so the faults show within seconds.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from supportdesk_tui.domain.models import Direction, Status
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.store import Store
from tests.connectors.imap_helpers import mail
from tests.faultproxy import FaultProxy
from tests.imapserver import Dovecot, MailUser
from tests.reliability import ledger

AREA = "server faults"
EVERYTHING = QueueFilter(statuses=frozenset(Status))
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)

pytestmark = pytest.mark.reliability


@pytest.fixture
def timed() -> Iterator[None]:
    with ledger.timed(AREA):
        yield


def survived(faults: int = 1) -> None:
    """Counted once the checks of the faults passed."""
    ledger.count(AREA, faults_injected=faults, faults_survived=faults)


# the CLI -------------------------------------------------------------------------------------


def run_cli(home: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_STATE_HOME": str(home / "state"), "PATH": "/usr/bin:/bin"}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "supportdesk_tui", "--config", str(config), "sync"],
        capture_output=True, text=True, env=env, timeout=180, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def imap_config(tmp_path: Path, dovecot: Dovecot, user: MailUser, port: int) -> Path:
    """An IMAP account reached through `port` (a fault proxy), its password from a file."""
    secret = tmp_path / "password"
    if not secret.exists():
        secret.write_text(user.password + "\n", encoding="utf-8")
    path = tmp_path / "config.toml"
    path.write_text(
        f"""
[cache]
path = "{tmp_path / "cache.sqlite3"}"

[[accounts]]
kind = "imap"
name = "shop"
host = "{dovecot.host}"
port = {port}
user = "{user.name}"
folders = ["INBOX"]
ca_file = "{dovecot.ca_file}"
password_command = ["cat", "{secret}"]
""",
        encoding="utf-8",
    )
    return path


def told_once(result: subprocess.CompletedProcess[str], *phrases: str) -> str:
    """The CLI failed with exit status 1 and one `supportdesk sync:` line saying `phrases`."""
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("supportdesk sync: shop: "), lines
    for phrase in phrases:
        assert phrase in lines[0], (phrase, lines[0])
    return lines[0]


async def counts(cache: Path) -> tuple[int, int, int]:
    """(conversations, messages, distinct Message-IDs) in the cache."""
    store = await Store.open(cache)
    try:
        rows = await store.list_queue(EVERYTHING, FAR_FUTURE, 0, 100_000)
        ids: list[str] = []
        for row in rows:
            detail = await store.conversation_detail(row.conversation_id)
            assert detail is not None
            ids += [m.id for m in detail.messages if m.direction is not Direction.NOTE]
    finally:
        await store.close()
    return len(rows), len(ids), len(set(ids))


def load(dovecot: Dovecot, user: MailUser, total: int, first: int = 0) -> None:
    dovecot.append_many(user.name, "INBOX", [(mail(n, subject=f"S{n}"), (), None)
                                             for n in range(first, first + total)])  # fmt: skip


@pytest.fixture
def proxy(dovecot: Dovecot) -> Iterator[FaultProxy]:
    """A fault proxy in front of the test Dovecot's IMAPS port."""
    with FaultProxy(dovecot.imaps_port) as opened:
        yield opened


@pytest.fixture
def dovecot_back(dovecot: Dovecot) -> Iterator[Dovecot]:
    """The session's Dovecot, running again after the test whatever it did to it."""
    try:
        yield dovecot
    finally:
        dovecot.start()


@pytest.mark.imap
async def test_cli_imap_cut_mid_fetch_keeps_the_part_and_the_next_run_completes(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, proxy: FaultProxy, timed: None
) -> None:
    total = 1500
    load(dovecot, imap_user, total)
    path = imap_config(tmp_path, dovecot, imap_user, proxy.port)
    proxy.cut_after = 400_000  # of about 1 MB: the server stops in the second FETCH
    result = run_cli(tmp_path, path)
    told_once(result, "connection to 127.0.0.1", "lost", "resume where it stopped")
    conversations, messages, distinct = await counts(tmp_path / "cache.sqlite3")
    assert 0 < messages == distinct < total, "the part fetched before the cut is kept"

    proxy.heal()
    again = run_cli(tmp_path, path)
    assert (again.returncode, again.stderr) == (0, "")
    assert await counts(tmp_path / "cache.sqlite3") == (total, total, total)
    survived()


@pytest.mark.imap
async def test_cli_imap_reset_or_refused_connections_fail_clearly_then_sync(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, proxy: FaultProxy, timed: None
) -> None:
    load(dovecot, imap_user, 3)
    path = imap_config(tmp_path, dovecot, imap_user, proxy.port)
    assert run_cli(tmp_path, path).returncode == 0
    load(dovecot, imap_user, 2, first=3)
    proxy.refuse = True  # every connection reset as it is accepted
    told_once(run_cli(tmp_path, path), "connection to 127.0.0.1", "lost")
    assert await counts(tmp_path / "cache.sqlite3") == (3, 3, 3)
    proxy.heal()
    assert run_cli(tmp_path, path).returncode == 0
    assert await counts(tmp_path / "cache.sqlite3") == (5, 5, 5)
    survived()


@pytest.mark.imap
async def test_cli_imap_slow_server_still_completes(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, proxy: FaultProxy, timed: None
) -> None:
    load(dovecot, imap_user, 3)
    path = imap_config(tmp_path, dovecot, imap_user, proxy.port)
    proxy.delay = 1.0  # each reply of the server a second late
    began = time.monotonic()
    result = run_cli(tmp_path, path)
    took = time.monotonic() - began
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert took > 5, f"the replies were not slowed ({took:.1f} s)"
    print(f"sync through a server answering 1 s late: {took:.1f} s")
    assert await counts(tmp_path / "cache.sqlite3") == (3, 3, 3)
    survived()


@pytest.mark.imap
async def test_cli_imap_password_changed_says_where_to_fix_it_then_syncs(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, timed: None
) -> None:
    load(dovecot, imap_user, 2)
    path = imap_config(tmp_path, dovecot, imap_user, dovecot.imaps_port)
    assert run_cli(tmp_path, path).returncode == 0
    dovecot.change_password(imap_user.name, "changed-on-the-server")
    load(dovecot, imap_user, 1, first=2)
    line = told_once(
        run_cli(tmp_path, path),
        "refused: wrong user name or password",
        "If the password changed, fix what password_command ('cat') prints",
    )
    assert imap_user.password not in line and "changed-on-the-server" not in line
    assert await counts(tmp_path / "cache.sqlite3") == (2, 2, 2)
    (tmp_path / "password").write_text("changed-on-the-server\n", encoding="utf-8")
    assert run_cli(tmp_path, path).returncode == 0
    assert await counts(tmp_path / "cache.sqlite3") == (3, 3, 3)
    survived()


@pytest.mark.imap
async def test_cli_imap_uidvalidity_changed_refetches_and_keeps_triage(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, timed: None
) -> None:
    load(dovecot, imap_user, 3)
    path = imap_config(tmp_path, dovecot, imap_user, dovecot.imaps_port)
    assert run_cli(tmp_path, path).returncode == 0
    cache = tmp_path / "cache.sqlite3"
    store = await Store.open(cache)
    [kept, *_] = [r.conversation_id for r in await store.list_queue(EVERYTHING, FAR_FUTURE, 0, 9)]
    await store.set_status([kept], Status.RESOLVED)
    await store.add_note(kept, "eva", "Volala, posláno znovu.", datetime.now(UTC))
    await store.close()

    old = dovecot.uidvalidity(imap_user.name, "INBOX")
    dovecot.set_uidvalidity(imap_user.name, "INBOX", old + 7)
    load(dovecot, imap_user, 1, first=3)
    result = run_cli(tmp_path, path)
    assert (result.returncode, result.stderr) == (0, "")
    assert await counts(cache) == (4, 4, 4)
    store = await Store.open(cache)
    try:
        detail = await store.conversation_detail(kept)
    finally:
        await store.close()
    assert detail is not None and detail.conversation.status is Status.RESOLVED
    assert [m.body_text for m in detail.messages if m.direction is Direction.NOTE] == [
        "Volala, posláno znovu."
    ]
    survived()
