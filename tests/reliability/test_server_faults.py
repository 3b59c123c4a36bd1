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

import asyncio
import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from supportdesk_tui.config import Config
from supportdesk_tui.connectors.imap import ImapConnector
from supportdesk_tui.domain.models import Direction, Status
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.errors import ConnectorError
from supportdesk_tui.services import Services
from supportdesk_tui.store import Store
from supportdesk_tui.ui import live_sync
from supportdesk_tui.ui.app import SupportDeskApp, build_app
from supportdesk_tui.ui.screens.error_screen import ErrorScreen
from supportdesk_tui.ui.screens.inbox_screen import InboxScreen
from supportdesk_tui.ui.widgets.queue_pane import QueuePane
from tests.connectors.imap_helpers import SHOP, account, mail
from tests.faultproxy import FaultProxy
from tests.imapserver import Dovecot, MailUser
from tests.matrixserver import SKIP_ENV, Synapse, SynapseUnavailable, skip_requested
from tests.reliability import ledger
from tests.ui.conftest import SIZE, Clock
from tests.ui.test_live_sync import wait_until

AREA = "server faults"
EVERYTHING = QueueFilter(statuses=frozenset(Status))
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)

pytestmark = pytest.mark.reliability


@pytest.fixture(autouse=True)
def short_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app tries a failed sync again after 1 s (2 s at most), not 5-60 s."""
    monkeypatch.setattr(live_sync, "RETRY_FIRST", 1.0)
    monkeypatch.setattr(live_sync, "RETRY_SECONDS", 2.0)
    monkeypatch.setattr(live_sync, "RECONNECT_PAUSE", 0.25)


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


def told_once(
    result: subprocess.CompletedProcess[str], *phrases: str, account: str = "shop"
) -> str:
    """The CLI failed with exit status 1 and one `supportdesk sync:` line saying `phrases`."""
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"supportdesk sync: {account}: "), lines
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
@pytest.mark.soak
async def test_cli_imap_cut_again_and_again_resumes_to_the_end(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, proxy: FaultProxy, timed: None
) -> None:
    """Every connection cut somewhere in its first 0.15-0.45 MB: each run keeps what it got,
    the next goes on from there, and the cache ends equal to the server, nothing doubled."""
    total = 6000
    load(dovecot, imap_user, total)
    path = imap_config(tmp_path, dovecot, imap_user, proxy.port)
    chance = random.Random(9)
    cuts, kept = 0, 0
    while True:
        proxy.cut_after = chance.randrange(150_000, 450_000)
        result = run_cli(tmp_path, path)
        _, messages, distinct = await counts(tmp_path / "cache.sqlite3")
        assert messages == distinct >= kept, "lost or doubled"
        kept = messages
        if result.returncode == 0:
            break
        told_once(result, "connection to 127.0.0.1", "lost", "resume where it stopped")
        cuts += 1
        assert cuts < 200, f"{kept} of {total} after 200 cuts"
    assert kept == total == dovecot.count(imap_user.name, "INBOX")
    assert cuts >= 5
    print(f"{cuts} cuts, each run went on from the last; {total} mails, none lost or doubled")
    survived(cuts)


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


@pytest.mark.imap
def test_a_connection_reset_while_idling_ends_the_wait_at_once(
    dovecot: Dovecot, imap_user: MailUser, proxy: FaultProxy, timed: None
) -> None:
    """imapclient's idle_check answers nothing on a reset connection: the wait went on to its
    end (25 minutes in the app) and new mail stayed away meanwhile."""
    settings = account(dovecot, imap_user, port=proxy.port, folders=["INBOX"])
    imap = ImapConnector(settings, lambda: imap_user.password, timeout=3)
    try:
        imap.connect()
        threading.Timer(0.5, proxy.reset).start()
        began = time.monotonic()
        with pytest.raises(ConnectorError, match="connection to 127.0.0.1:[0-9]+ lost"):
            imap.wait_for_news(lambda: False, 20)
        assert time.monotonic() - began < 5
    finally:
        imap.close()
    survived()


# the app ---------------------------------------------------------------------------------------


def imap_app(
    tmp_path: Path, dovecot: Dovecot, user: MailUser, port: int, **options: Any
) -> SupportDeskApp:
    """The app on a fresh cache, syncing `user`'s INBOX through `port`, its password read from
    a file by password_command at each login (as `pass` would). `options`: the connector's
    timeout (3 s) and chunk."""
    secret = tmp_path / "password"
    secret.write_text(user.password + "\n", encoding="utf-8")
    settings = account(dovecot, user, port=port, folders=["INBOX"],
                       password_command=["cat", str(secret)])  # fmt: skip
    imap = ImapConnector(settings, timeout=options.pop("timeout", 3.0), **options)
    services = Services(
        store_path=str(tmp_path / "cache.sqlite3"), agent_id="eva", clock=Clock(),
        connectors=[imap], our_addresses=frozenset({SHOP}),
    )  # fmt: skip
    return build_app(Config(), services=services)


async def queue_of(app: SupportDeskApp) -> QueuePane:
    await wait_until(lambda: bool(app.screen.query(QueuePane)), 30)
    return app.screen.query_one(QueuePane)


def status(app: SupportDeskApp) -> str:
    """The sync state at the end of the queue's filter bar."""
    inbox = next(s for s in app.screen_stack if isinstance(s, InboxScreen))
    return inbox.sync_text


def told(app: SupportDeskApp) -> list[str]:
    """Every notification so far, title and text."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def was_told(app: SupportDeskApp, *phrases: str, timeout: float = 30) -> str:
    """The first notification that says all `phrases` (waited for)."""

    def found() -> str | None:
        return next((t for t in told(app) if all(p in t for p in phrases)), None)

    await wait_until(lambda: found() is not None, timeout)
    text = found()
    assert text is not None
    return text


def still_fine(app: SupportDeskApp) -> None:
    """No crash, no error screen: the app goes on."""
    assert app.is_running and app.return_code is None
    assert not any(isinstance(s, ErrorScreen) for s in app.screen_stack), told(app)


async def sync_now(app: SupportDeskApp, pilot: Any) -> None:
    """What the user does after fixing the fault: Ctrl+P, "Sync now"."""
    await pilot.press("ctrl+p", *"sync now")
    await pilot.pause(0.5)
    await pilot.press("enter")
    await pilot.pause(0.1)


@pytest.mark.imap
async def test_app_imap_server_stopped_mid_fetch_then_back(
    tmp_path: Path, dovecot_back: Dovecot, imap_user: MailUser, proxy: FaultProxy, timed: None
) -> None:
    dovecot, total = dovecot_back, 1500
    load(dovecot, imap_user, total)
    proxy.delay = 0.1  # a fetch that takes a few seconds, so the server can go in the middle
    app = imap_app(tmp_path, dovecot, imap_user, proxy.port, chunk=100)
    async with app.run_test(size=SIZE):
        queue = await queue_of(app)
        await wait_until(lambda: status(app).startswith("shop: syncing 3"), 60)
        dovecot.stop()
        await wait_until(lambda: "sync failed: shop, trying again in" in status(app), 30)
        text = await was_told(app, "Connection lost", "connection to 127.0.0.1", "lost")
        assert "Nothing in the cache is lost; trying again in 1 s" in text
        await wait_until(lambda: queue.total > 0, 10)
        partial = queue.total
        assert partial < total, "the server went before the end of the fetch"
        still_fine(app)
        dovecot.start()
        proxy.heal()
        await wait_until(lambda: queue.total == total and status(app).startswith("synced"), 60)
        still_fine(app)
    print(f"{partial} of {total} kept when the server stopped; the rest after it came back")
    assert await counts(tmp_path / "cache.sqlite3") == (total, total, total)
    survived()


@pytest.mark.imap
async def test_app_imap_connection_reset_while_idling_reconnects(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, proxy: FaultProxy, timed: None
) -> None:
    load(dovecot, imap_user, 1)
    app = imap_app(tmp_path, dovecot, imap_user, proxy.port)
    async with app.run_test(size=SIZE):
        queue = await queue_of(app)
        await wait_until(lambda: queue.total == 1 and status(app).startswith("synced"), 30)
        await asyncio.sleep(0.5)  # idling now
        assert proxy.reset() >= 1
        await was_told(app, "Connection lost", "shop: connection to 127.0.0.1", "Reconnecting")
        load(dovecot, imap_user, 1, first=1)
        await wait_until(lambda: queue.total == 2, 30)
        await wait_until(lambda: status(app).startswith("synced"), 10)
        still_fine(app)
    survived()


@pytest.mark.imap
async def test_app_imap_slow_server_keeps_keys_quick_and_a_stalled_one_times_out(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, proxy: FaultProxy, timed: None
) -> None:
    load(dovecot, imap_user, 20)
    app = imap_app(tmp_path, dovecot, imap_user, proxy.port)
    async with app.run_test(size=SIZE) as pilot:
        queue = await queue_of(app)
        await wait_until(lambda: queue.total == 20 and status(app).startswith("synced"), 30)
        queue.focus()
        load(dovecot, imap_user, 1, first=20)
        proxy.delay = 1.5  # each reply of the server 1.5 s late
        await sync_now(app, pilot)
        began = time.monotonic()
        await wait_until(lambda: not status(app).startswith("synced"), 30)
        keys = []
        for _ in range(5):  # the sync is waiting for the server meanwhile
            before, pressed = queue.cursor, time.monotonic()
            await pilot.press("j")
            await wait_until(lambda: queue.cursor == before + 1, 5)  # noqa: B023
            keys.append(time.monotonic() - pressed)
        assert not status(app).startswith("synced"), "the keys came after the sync"
        assert max(keys) < 1.0, keys
        await wait_until(lambda: queue.total == 21 and status(app).startswith("synced"), 60)
        print(f"keys during a slow sync: max {max(keys) * 1000:.0f} ms; "
              f"the sync took {time.monotonic() - began:.1f} s")  # fmt: skip
        ledger.count(AREA, faults_injected=1, faults_survived=1)

        proxy.delay = 30  # the server stops answering: the 3 s timeout ends the wait
        await sync_now(app, pilot)
        # the nudge ends the IDLE, whose DONE gets no answer: told as a lost connection
        await was_told(app, "Connection lost", "no answer from 127.0.0.1", "in time")
        await wait_until(lambda: "sync failed: shop, trying again in" in status(app), 30)
        still_fine(app)
        proxy.heal()
        load(dovecot, imap_user, 1, first=21)
        await wait_until(lambda: queue.total == 22 and status(app).startswith("synced"), 60)
        still_fine(app)
    survived()


@pytest.mark.imap
async def test_quitting_while_the_server_stalls_a_fetch_is_quick_and_clean(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, proxy: FaultProxy,
    caplog: pytest.LogCaptureFixture, timed: None,
) -> None:  # fmt: skip
    """Quitting waited for the stalled round trip to time out (30 s in the app), and closing
    the fetch still running in its thread raised "generator already executing", logged as an
    unexpected sync failure with a traceback."""
    load(dovecot, imap_user, 300)
    app = imap_app(tmp_path, dovecot, imap_user, proxy.port, timeout=10, chunk=50)
    async with app.run_test(size=SIZE):
        await queue_of(app)
        await wait_until(lambda: status(app).startswith("shop: syncing ")
                         and not status(app).startswith("shop: syncing 0/"), 30)  # fmt: skip
        proxy.delay = 30  # the next round trip hangs
        await asyncio.sleep(0.5)
        began = time.monotonic()
        app.exit()
    quit_took = time.monotonic() - began
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == []
    assert quit_took < 5, f"quitting waited {quit_took:.1f} s for the stalled server"
    survived()


@pytest.mark.imap
async def test_app_imap_password_changed_is_told_and_fixed_without_a_restart(
    tmp_path: Path, dovecot_back: Dovecot, imap_user: MailUser, timed: None
) -> None:
    dovecot = dovecot_back
    load(dovecot, imap_user, 1)
    app = imap_app(tmp_path, dovecot, imap_user, dovecot.imaps_port)
    async with app.run_test(size=SIZE) as pilot:
        queue = await queue_of(app)
        await wait_until(lambda: queue.total == 1 and status(app).startswith("synced"), 30)
        dovecot.change_password(imap_user.name, "new-secret-1")
        dovecot.restart()  # the server drops its sessions: the app logs in again
        text = await was_told(app, "Login failed", "wrong user name or password",
                              "fix what password_command ('cat') prints")  # fmt: skip
        assert "new-secret-1" not in text and imap_user.password not in text
        await wait_until(lambda: "sync failed: shop" in status(app), 10)
        still_fine(app)
        (tmp_path / "password").write_text("new-secret-1\n", encoding="utf-8")
        load(dovecot, imap_user, 1, first=1)
        await sync_now(app, pilot)
        await wait_until(lambda: queue.total == 2 and status(app).startswith("synced"), 30)
        still_fine(app)
    survived()


@pytest.mark.imap
async def test_app_imap_uidvalidity_changed_keeps_triage_and_goes_on(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, timed: None
) -> None:
    load(dovecot, imap_user, 3)
    app = imap_app(tmp_path, dovecot, imap_user, dovecot.imaps_port)
    async with app.run_test(size=SIZE) as pilot:
        queue = await queue_of(app)
        await wait_until(lambda: queue.total == 3 and status(app).startswith("synced"), 30)
        queue.focus()
        resolved = queue.current_id
        assert resolved is not None and app.store is not None
        await pilot.press("e")  # resolve and go on
        await wait_until(lambda: queue.total == 2, 10)
        await app.store.add_note(resolved, "eva", "Volala, posláno znovu.", datetime.now(UTC))

        old = dovecot.uidvalidity(imap_user.name, "INBOX")
        dovecot.set_uidvalidity(imap_user.name, "INBOX", old + 7)
        load(dovecot, imap_user, 1, first=3)
        await sync_now(app, pilot)
        await wait_until(lambda: queue.total == 3 and status(app).startswith("synced"), 30)
        still_fine(app)
        detail = await app.store.conversation_detail(resolved)
        assert detail is not None and detail.conversation.status is Status.RESOLVED
        assert [m.body_text for m in detail.messages if m.direction is Direction.NOTE] == [
            "Volala, posláno znovu."
        ]
    assert await counts(tmp_path / "cache.sqlite3") == (4, 4, 4)
    survived()


# Matrix --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def homeserver() -> Iterator[Synapse]:
    """A Synapse of these tests' own: they stop and start it."""
    if skip_requested():
        pytest.skip(f"{SKIP_ENV}=1: skipping the tests that need Synapse")
    try:
        server = Synapse()
    except SynapseUnavailable as error:
        pytest.fail(str(error), pytrace=False)
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def synapse_back(homeserver: Synapse) -> Iterator[Synapse]:
    try:
        yield homeserver
    finally:
        homeserver.start()


def chat_settings(tmp_path: Path, server: Synapse, support: str, homeserver: str) -> dict[str, Any]:
    """A chat account whose token_command reads a file (as `pass` or the keyring would):
    a new login writes a new token there."""
    token = tmp_path / "token"
    device = server.login(support)
    if not token.exists():
        token.write_text(device.access_token + "\n", encoding="utf-8")
    return {
        "kind": "matrix", "name": "chat", "homeserver": homeserver, "user_id": support,
        "allow_plaintext": True, "token_command": ["cat", str(token)],
    }  # fmt: skip


def chat_config(tmp_path: Path, settings: dict[str, Any], name: str = "config.toml") -> Path:
    path = tmp_path / name
    command = ", ".join(f'"{part}"' for part in settings["token_command"])
    path.write_text(
        f"""
[cache]
path = "{tmp_path / "cache.sqlite3"}"

[[accounts]]
kind = "matrix"
name = "chat"
homeserver = "{settings["homeserver"]}"
user_id = "{settings["user_id"]}"
allow_plaintext = true
token_command = [{command}]
""",
        encoding="utf-8",
    )
    return path


def chat_app(tmp_path: Path, settings: dict[str, Any]) -> SupportDeskApp:
    config = Config.model_validate(
        {
            "accounts": [settings],
            "agent": {"id": "eva", "name": "Eva Horáková"},
            "cache": {"path": str(tmp_path / "cache.sqlite3")},
        }
    )
    return build_app(config, services=Services.from_config(config))


async def chat_texts(cache: Path, room: str) -> list[str]:
    store = await Store.open(cache)
    try:
        detail = await store.conversation_detail(room)
    finally:
        await store.close()
    return [] if detail is None else [m.body_text for m in detail.messages]


@pytest.mark.matrix
async def test_cli_matrix_server_down_or_reset_fails_clearly_then_syncs(
    tmp_path: Path, synapse_back: Synapse, timed: None
) -> None:
    server = synapse_back
    support = server.new_user("support").user_id
    with server.client(server.new_user("customer")) as customer:
        room = customer.create_room(invite=[support])
        customer.send_text(room, "Dobrý den, jedna otázka.")
        with FaultProxy(server.port) as proxy:
            settings = chat_settings(tmp_path, server, support, f"http://127.0.0.1:{proxy.port}")
            path = chat_config(tmp_path, settings)
            cache = tmp_path / "cache.sqlite3"
            assert run_cli(tmp_path, path).returncode == 0

            proxy.refuse = True
            line = told_once(run_cli(tmp_path, path), f"127.0.0.1:{proxy.port}", account="chat")
            # reset before or after the request went: either is said plainly
            assert "cannot connect to" in line or ("lost (" in line and "resume" in line), line
            proxy.heal()

            direct = chat_config(
                tmp_path, settings | {"homeserver": server.base_url}, "direct.toml"
            )
            server.stop()
            told_once(run_cli(tmp_path, direct), f"cannot connect to {server.base_url}",
                      "is the address right, the network up?", account="chat")  # fmt: skip
            assert await chat_texts(cache, room) == ["Dobrý den, jedna otázka."]
            server.start()
            customer.send_text(room, "A ještě druhá.")
            result = run_cli(tmp_path, path)
            assert (result.returncode, result.stderr) == (0, "")
    assert await chat_texts(cache, room) == ["Dobrý den, jedna otázka.", "A ještě druhá."]
    survived(2)


@pytest.mark.matrix
async def test_app_matrix_synapse_restarted_while_long_polling(
    tmp_path: Path, synapse_back: Synapse, timed: None
) -> None:
    server = synapse_back
    support = server.new_user("support").user_id
    with server.client(server.new_user("customer")) as customer:
        room = customer.create_room(invite=[support])
        customer.send_text(room, "Dobrý den, jedna otázka.")
        app = chat_app(tmp_path, chat_settings(tmp_path, server, support, server.base_url))
        async with app.run_test(size=SIZE):
            queue = await queue_of(app)
            await wait_until(lambda: queue.total == 1 and status(app).startswith("synced"), 30)
            await asyncio.sleep(0.5)  # long-polling now
            server.stop()
            await was_told(app, "Connection lost", "chat: ", "Reconnecting")
            await wait_until(lambda: "sync failed: chat, trying again in" in status(app), 30)
            await was_told(app, "cannot connect to http://127.0.0.1:", "trying again in")
            still_fine(app)
            server.start()
            await asyncio.to_thread(customer.send_text, room, "Jste tam?")
            cache = tmp_path / "cache.sqlite3"
            await wait_until(lambda: status(app).startswith("synced"), 60)
            store = app.store
            assert store is not None

            async def texts() -> list[str]:
                detail = await store.conversation_detail(room)
                return [m.body_text for m in detail.messages] if detail else []

            began = time.monotonic()
            while await texts() != ["Dobrý den, jedna otázka.", "Jste tam?"]:
                assert time.monotonic() - began < 30, await texts()
                await asyncio.sleep(0.2)
            still_fine(app)
    assert await chat_texts(cache, room) == ["Dobrý den, jedna otázka.", "Jste tam?"]
    survived()


@pytest.mark.matrix
async def test_app_matrix_reset_and_a_revoked_token_recover_without_a_restart(
    tmp_path: Path, homeserver: Synapse, timed: None
) -> None:
    server = homeserver
    support = server.new_user("support").user_id
    with server.client(server.new_user("customer")) as customer, FaultProxy(server.port) as proxy:
        room = customer.create_room(invite=[support])
        customer.send_text(room, "První.")
        settings = chat_settings(tmp_path, server, support, f"http://127.0.0.1:{proxy.port}")
        app = chat_app(tmp_path, settings)
        async with app.run_test(size=SIZE) as pilot:
            queue = await queue_of(app)
            await wait_until(lambda: queue.total == 1 and status(app).startswith("synced"), 30)
            store = app.store
            assert store is not None

            async def arrived(text: str) -> None:
                began = time.monotonic()
                while True:
                    detail = await store.conversation_detail(room)
                    if detail and text in [m.body_text for m in detail.messages]:
                        return
                    assert time.monotonic() - began < 30, f"{text!r} did not arrive"
                    await asyncio.sleep(0.2)

            await asyncio.sleep(0.5)  # long-polling now
            assert proxy.reset() >= 1
            await was_told(app, "Connection lost", "chat: connection to", "Reconnecting")
            await asyncio.to_thread(customer.send_text, room, "Druhá.")
            await arrived("Druhá.")
            ledger.count(AREA, faults_injected=1, faults_survived=1)

            old = (tmp_path / "token").read_text().strip()  # the password changed: logged out
            await asyncio.to_thread(
                lambda: httpx_post(server.base_url, "/_matrix/client/v3/logout", old)
            )
            text = await was_told(app, "Logged out of Matrix", "supportdesk matrix-login chat")
            assert old not in text
            await wait_until(lambda: "sync failed: chat" in status(app), 30)
            still_fine(app)
            fresh = await asyncio.to_thread(server.login, support)  # matrix-login again
            (tmp_path / "token").write_text(fresh.access_token + "\n", encoding="utf-8")
            await asyncio.to_thread(customer.send_text, room, "Třetí.")
            await sync_now(app, pilot)
            await arrived("Třetí.")
            await wait_until(lambda: status(app).startswith("synced"), 30)
            still_fine(app)
    survived()


def httpx_post(base_url: str, path: str, token: str) -> None:
    import httpx

    with httpx.Client(base_url=base_url, trust_env=False, timeout=30) as http:
        http.post(path, json={}, headers={"Authorization": f"Bearer {token}"}).raise_for_status()
