"""`supportdesk sync` as cron runs it: quiet on success, a clear line and exit code otherwise."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from supportdesk_tui.compose.outgoing import Identity, new_reply
from supportdesk_tui.domain.models import Direction, Status
from supportdesk_tui.store import Store
from tests.connectors.imap_helpers import SHOP, cached, mail
from tests.imapserver import Dovecot, MailUser


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_STATE_HOME": str(home / "state"), "PATH": "/usr/bin:/bin"}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "supportdesk_tui", *args],
        capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def config(tmp_path: Path, dovecot: Dovecot, user: MailUser, password: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        f"""
[cache]
path = "{tmp_path / "cache.sqlite3"}"

[[accounts]]
kind = "imap"
name = "shop"
host = "{dovecot.host}"
port = {dovecot.imaps_port}
user = "{user.name}"
folders = ["INBOX"]
ca_file = "{dovecot.ca_file}"
password_command = ["{sys.executable}", "-c", "print('{password}')"]
""",
        encoding="utf-8",
    )
    return path


@pytest.mark.imap
def test_sync_is_quiet_on_success_and_fetches_only_once(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser
) -> None:
    dovecot.append(imap_user.name, "INBOX", mail(1))
    path = config(tmp_path, dovecot, imap_user, imap_user.password)
    first = run(tmp_path, "--config", str(path), "sync")
    assert (first.returncode, first.stdout, first.stderr) == (0, "", "")
    assert (tmp_path / "cache.sqlite3").stat().st_size > 0
    assert run(tmp_path, "--config", str(path), "sync").returncode == 0


@pytest.mark.imap
def test_stats_say_what_a_sync_did_and_where_its_time_went(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser
) -> None:
    dovecot.append(imap_user.name, "INBOX", mail(1))
    dovecot.append(imap_user.name, "INBOX", mail(2))
    path = config(tmp_path, dovecot, imap_user, imap_user.password)
    began = time.time()
    first = run(tmp_path, "--config", str(path), "sync", "--stats")
    stats = json.loads(first.stdout)
    assert began < stats["queue_ready_at"] < time.time()
    assert (stats["new_messages"], stats["bodies_parsed"], stats["failed"]) == (2, 2, [])
    assert 0 < stats["imap_seconds"] <= stats["headers_seconds"]
    again = json.loads(run(tmp_path, "--config", str(path), "sync", "--stats").stdout)
    assert (again["new_messages"], again["bodies_parsed"]) == (0, 0)
    assert 0 < again["imap_seconds"] <= again["headers_seconds"]


@pytest.mark.imap
def test_wrong_password_exits_1_naming_the_account(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser
) -> None:
    path = config(tmp_path, dovecot, imap_user, "wrong-one")
    result = run(tmp_path, "--config", str(path), "sync")
    assert result.returncode == 1
    assert "shop: login" in result.stderr and "wrong user name or password" in result.stderr
    assert "wrong-one" not in result.stderr


def test_no_accounts_or_an_unknown_one_is_a_config_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.toml"
    empty.write_text("", encoding="utf-8")
    result = run(tmp_path, "--config", str(empty), "sync")
    assert result.returncode == 2
    assert "no [[accounts]]" in result.stderr
    shop = tmp_path / "shop.toml"
    shop.write_text('[[accounts]]\nname = "shop"\nhost = "h"\nuser = "u"\n', encoding="utf-8")
    result = run(tmp_path, "--config", str(shop), "sync", "--account", "other")
    assert result.returncode == 2
    assert "no account named other" in result.stderr


def test_an_unusable_cache_exits_3(tmp_path: Path) -> None:
    shop = tmp_path / "shop.toml"
    shop.write_text('[[accounts]]\nname = "shop"\nhost = "h"\nuser = "u"\n', encoding="utf-8")
    not_a_db = tmp_path / "cache.sqlite3"
    not_a_db.write_bytes(b"this is not an SQLite file, it is something else entirely" * 100)
    result = run(tmp_path, "--config", str(shop), "--cache", str(not_a_db), "sync")
    assert result.returncode == 3, result.stderr
    assert "supportdesk sync:" in result.stderr


def test_help_documents_the_exit_codes(tmp_path: Path) -> None:
    result = run(tmp_path, "sync", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    for code in ("0 all accounts synced", "1 an account failed", "2 configuration error",
                 "3 cache error"):  # fmt: skip
        assert code in text


@pytest.mark.imap
async def test_kill_9_mid_sync_then_the_next_sync_completes_without_doubles(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser
) -> None:
    total = 1500
    dovecot.append_many(imap_user.name, "INBOX", [(mail(n, subject=f"S{n}"), (), None)
                                                   for n in range(total)])  # fmt: skip
    path = config(tmp_path, dovecot, imap_user, imap_user.password)
    env = {"HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"), "PATH": "/usr/bin"}
    await (await Store.open(tmp_path / "cache.sqlite3")).close()  # no two processes migrating
    process = subprocess.Popen(
        [sys.executable, "-m", "supportdesk_tui", "--config", str(path), "sync"],
        env=env, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        await _wait_for_a_cursor(tmp_path / "cache.sqlite3", process)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert process.returncode == -signal.SIGKILL
    store = await Store.open(tmp_path / "cache.sqlite3")
    try:
        partial = len(await cached(store))
    finally:
        await store.close()
    assert 0 < partial < total, "the kill did not land mid-sync"

    assert run(tmp_path, "--config", str(path), "sync").returncode == 0
    store = await Store.open(tmp_path / "cache.sqlite3")
    try:
        assert len(await cached(store)) == total == dovecot.count(imap_user.name, "INBOX")
    finally:
        await store.close()


async def _wait_for_a_cursor(cache: Path, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        store = await Store.open(cache)
        try:
            if await store.cursor("shop", "INBOX"):
                return
        finally:
            await store.close()
        await asyncio.sleep(0.02)
    raise AssertionError("no batch was written before the sync ended")


@pytest.mark.imap
def test_on_a_terminal_sync_shows_progress_and_a_summary(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser
) -> None:
    for n in range(3):
        dovecot.append(imap_user.name, "INBOX", mail(n, subject=f"S{n}"))
    path = config(tmp_path, dovecot, imap_user, imap_user.password)
    env = {"HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"), "PATH": "/usr/bin"}
    leader, follower = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "supportdesk_tui", "--config", str(path), "sync"],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=follower,
            timeout=120, check=False,
        )  # fmt: skip
        os.close(follower)
        shown = _read_all(leader)
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert done.stdout == b""  # stdout stays clean for data
    assert "shop  3/3 [" in shown
    assert "shop: 3 new messages, 3 new conversations" in shown


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the other side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.imap
@pytest.mark.smtp
async def test_sync_sends_replies_left_in_the_outbox(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, start_smtp_peer: Any
) -> None:
    """The app was closed inside a reply's undo window: the next cron sync sends it."""
    peer = start_smtp_peer(tls="starttls")
    customer = dovecot.new_user("customer")
    dovecot.append(imap_user.name, "INBOX", mail(1, sender=f"{customer.name}@customer.example"))
    dovecot.create_folder(imap_user.name, "Sent")
    path = config(tmp_path, dovecot, imap_user, imap_user.password)
    with path.open("a", encoding="utf-8") as file:
        file.write(
            f'folders = ["INBOX", "Sent"]\n'
            f'[accounts.smtp]\nhost = "{peer.host}"\nport = {peer.port}\ntls = "starttls"\n'
            f'user = "{peer.user}"\nca_file = "{peer.ca_file}"\n'
            f'password_command = ["{sys.executable}", "-c", "print(\'{peer.password}\')"]\n'
        )
    path.write_text(path.read_text().replace('folders = ["INBOX"]\n', "", 1))
    assert run(tmp_path, "--config", str(path), "sync").returncode == 0

    store = await Store.open(tmp_path / "cache.sqlite3")
    [(conversation_id, _)] = await store.unguessed_languages()
    detail = await store.conversation_detail(conversation_id)
    assert detail is not None
    now = datetime.now(UTC)
    draft_id = await store.save_draft(conversation_id, "Dobrý den,\n\nje na cestě.", now)
    draft = await store.draft(conversation_id)
    assert draft is not None and draft.id == draft_id
    identity = Identity("shop", "Eva", SHOP)
    await store.queue_reply(
        new_reply(detail, draft, identity, "Re: Objednávka 1001", now, 0, Status.PENDING)
    )
    await store.close()

    done = run(tmp_path, "--config", str(path), "sync", "--stats")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["replies_sent"] == 1
    assert [a.recipients for a in peer.accepted] == [(f"{customer.name}@customer.example",)]
    assert dovecot.count(customer.name, "INBOX") == 1
    assert dovecot.count(imap_user.name, "Sent") == 1
    store = await Store.open(tmp_path / "cache.sqlite3")
    detail = await store.conversation_detail(conversation_id)
    outbox = await store.outbox()
    await store.close()
    assert outbox == []
    assert detail is not None
    [reply] = [m for m in detail.messages if m.direction is Direction.OUTGOING]
    assert reply.folder == "Sent"  # the same run synced its copy onto it
