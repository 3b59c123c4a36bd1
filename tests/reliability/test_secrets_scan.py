"""No password or access token is written anywhere, after a whole session with wrong and right
ones (issue 9).

The session, against real servers on 127.0.0.1: `supportdesk sync` with a wrong IMAP password
and an expired Matrix token (both refused), `supportdesk matrix-login` with a wrong then the
right password (the token goes to the keyring), `supportdesk sync` with the right password;
then the app itself, logging at DEBUG: it syncs mail and chat, sends a reply through SMTP with
a password, and meets an unexpected error inside the SMTP login (the error screen shows the
traceback, the log gets it); then `supportdesk sync` once more. Passwords come from
password_command scripts (which also write down the environment they were given) and the token
from a keyring file, all outside the app's directories.

Then everything is read as raw bytes: every file under the app's HOME (config, the SQLite cache
with its -wal/-shm while the app runs and after, logs, the password commands' environments,
temporary files), the CLI's stdout and stderr, what the app printed, its notifications, the
error screen, a screenshot of the last screen. Each secret is looked for as written,
URL-encoded, base64 (alone and as SMTP/IMAP AUTH PLAIN), JSON-escaped and UTF-16, the token
also as `Bearer …`.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import secrets
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterable
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import quote, quote_plus

import keyring
import pytest
from textual.widgets import Input

from supportdesk_tui import log, paths
from supportdesk_tui.config import load
from supportdesk_tui.services import Services
from supportdesk_tui.ui.app import SupportDeskApp, build_app
from supportdesk_tui.ui.screens.compose_screen import ComposeScreen
from supportdesk_tui.ui.screens.error_screen import ErrorScreen
from supportdesk_tui.ui.widgets.queue_pane import QueuePane
from tests.imapserver import Dovecot
from tests.matrixserver import MatrixClient, Synapse
from tests.reliability import ledger
from tests.reliability.file_keyring import FILE_ENV, FileKeyring
from tests.smtpserver import SmtpPeer
from tests.ui.conftest import SIZE
from tests.ui.test_compose import type_text
from tests.ui.test_live_sync import wait_until

pytestmark = [
    pytest.mark.reliability, pytest.mark.imap, pytest.mark.smtp, pytest.mark.matrix
]  # fmt: skip

AREA = "secrets scan"
REPO = Path(__file__).resolve().parents[2]
SHOP = "podpora@eshop.example"


def forms(secret: str, users: Iterable[str] = ()) -> dict[str, bytes]:
    """The ways `secret` could be written: as is, URL-encoded, base64 (alone and as AUTH
    PLAIN for each of `users`), JSON-escaped, UTF-16."""
    raw = secret.encode()
    found = {
        "plain": raw,
        "url": quote(secret, safe="").encode(),
        "url+": quote_plus(secret).encode(),
        "base64": base64.b64encode(raw).rstrip(b"="),
        "json": json.dumps(secret)[1:-1].encode(),
        "utf-16": secret.encode("utf-16-le"),
    }
    for user in users:
        for label, plain in (
            ("", f"\0{user}\0{secret}"),
            (" with authzid", f"{user}\0{user}\0{secret}"),
        ):
            found[f"AUTH PLAIN {user}{label}"] = base64.b64encode(plain.encode()).rstrip(b"=")
    return found


class Scan:
    """Looks for every form of every secret in files and texts; counts what it read."""

    def __init__(self, secrets_by_name: dict[str, dict[str, bytes]]) -> None:
        self.needles = [
            (f"{name} ({form})", value)
            for name, values in secrets_by_name.items()
            for form, value in values.items()
        ]
        self.files: set[Path] = set()
        self.bytes = 0
        self.found: list[str] = []

    def data(self, where: str, data: bytes) -> None:
        self.bytes += len(data)
        self.found += [f"{what} in {where}" for what, value in self.needles if value in data]

    def text(self, where: str, text: str) -> None:
        self.data(where, text.encode("utf-8", "surrogateescape"))

    def tree(self, root: Path) -> None:
        for path in sorted(root.rglob("*")):
            if path.is_file():
                self.files.add(path)
                self.data(str(path), path.read_bytes())


def test_the_scan_finds_a_planted_secret_in_every_form(tmp_path: Path) -> None:
    """The scan itself: a secret planted in a SQLite WAL, a log line, an AUTH PLAIN string,
    a URL and a header is found each time."""
    secret = f"Pw+/{secrets.token_hex(4)}=&% é"
    database = tmp_path / "cache.sqlite3"
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (x TEXT)")
    connection.execute("INSERT INTO t VALUES (?)", (f"error: {secret}",))
    connection.commit()  # left open: the row is in cache.sqlite3-wal only
    assert (tmp_path / "cache.sqlite3-wal").exists()
    auth = base64.b64encode(f"\0agent\0{secret}".encode()).decode()
    (tmp_path / "log").write_text(f"AUTH PLAIN {auth}\nGET /x?p={quote(secret, safe='')}\n")
    (tmp_path / "headers").write_text(f"Authorization: Bearer {json.dumps(secret)}\n")
    scan = Scan({"password": forms(secret, ["agent"])})
    scan.tree(tmp_path)
    connection.close()
    wal = [f for f in scan.found if f.endswith("cache.sqlite3-wal")]
    assert wal and wal[0].startswith("password (plain)")
    assert any(f.startswith("password (AUTH PLAIN agent) in") for f in scan.found)
    assert any(f.startswith("password (url)") for f in scan.found)
    assert any(f.startswith("password (json)") for f in scan.found)
    assert scan.files == {
        database,
        tmp_path / "cache.sqlite3-wal",
        tmp_path / "cache.sqlite3-shm",
        tmp_path / "log",
        tmp_path / "headers",
    }
    # fmt: skip


def customer_mail(number: int, subject: str, dovecot: Dovecot) -> bytes:
    """A customer's question; the customer is a Dovecot user, so the reply can be delivered."""
    customer = dovecot.new_user("customer")
    message = EmailMessage()
    message["From"] = f"Jan Vondráček <{customer.name}@customer.example>"
    message["To"] = SHOP
    message["Subject"] = subject
    message["Message-ID"] = f"<scan-{number}@customer.example>"
    message["Date"] = "Tue, 24 Nov 2026 09:00:00 +0000"
    message.set_content("Dobrý den, kde je moje zásilka?")
    return message.as_bytes()


def password_script(path: Path, secret_file: Path) -> Path:
    """A password_command: writes down the environment it got (into the app's HOME, to be
    scanned), then prints the secret kept outside it."""
    path.write_text(
        f'#!/bin/sh\nenv > "$HOME/password-command-env-$$.txt"\ncat "{secret_file}"\n',
        encoding="utf-8",
    )
    path.chmod(0o700)
    return path


def toml(value: object) -> str:
    return json.dumps(str(value))


async def test_no_secret_is_written_anywhere_in_a_session_with_wrong_and_right_ones(
    dovecot: Dovecot,
    start_smtp_peer: Callable[..., SmtpPeer],
    synapse: Synapse,
    matrix_customer: MatrixClient,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    tag = secrets.token_hex(4)
    imap_name, imap_password = f"scan-{tag}", f"Imap+/{secrets.token_hex(8)}=&%"
    wrong_imap = f"WrongImap+/{secrets.token_hex(8)}="
    dovecot.create_user(imap_name, imap_password)
    dovecot.create_folder(imap_name, "Sent")
    dovecot.append(imap_name, "INBOX", customer_mail(1, "Alfa objednávka 1234", dovecot))
    dovecot.append(imap_name, "INBOX", customer_mail(2, "Beta objednávka 5678", dovecot))
    smtp_password = f"Smtp+/{secrets.token_hex(8)}=&"
    peer = start_smtp_peer(tls="starttls", password=smtp_password)
    matrix_password = f"Mx+/{secrets.token_hex(8)}=&"
    wrong_matrix_password = f"WrongMx+/{secrets.token_hex(8)}"
    support = synapse.register_user(f"scan-{tag}", matrix_password)
    expired_token = f"syt_expired_{secrets.token_hex(12)}"
    room = matrix_customer.create_room(invite=[support.user_id])
    matrix_customer.send_text(room, "Dobrý den, kde je moje zásilka 42?")

    home, vault = tmp_path / "home", tmp_path / "vault"
    home.mkdir()
    vault.mkdir()
    imap_file, smtp_file = vault / "imap", vault / "smtp"
    smtp_file.write_text(smtp_password, encoding="utf-8")
    env = {
        "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"), "XDG_STATE_HOME": str(home / ".local/state"),
        "XDG_DATA_HOME": str(home / ".local/share"), "TMPDIR": str(home / "tmp"),
        "PYTHON_KEYRING_BACKEND": "tests.reliability.file_keyring.FileKeyring",
        FILE_ENV: str(vault / "keyring.json"),
    }  # fmt: skip
    (home / "tmp").mkdir()
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    child_env = {**os.environ, "PYTHONPATH": str(REPO)}
    config_file = paths.config_file()
    assert config_file.is_relative_to(home)
    config_file.parent.mkdir(parents=True)
    imap_command = password_script(vault / "imap-password", imap_file)
    smtp_command = password_script(vault / "smtp-password", smtp_file)
    config_file.write_text(
        f"""[agent]
id = "eva"
name = "Eva Horáková"

[shop]
name = "Eshop"

[compose]
undo_seconds = 0

[[accounts]]
name = "shop"
host = {toml(dovecot.host)}
port = {dovecot.imaps_port}
user = {toml(imap_name)}
ca_file = {toml(dovecot.ca_file)}
our_addresses = [{toml(SHOP)}]
folders = ["INBOX", "Sent"]
password_command = [{toml(imap_command)}]

[accounts.smtp]
host = {toml(peer.host)}
port = {peer.port}
tls = "starttls"
user = {toml(peer.user)}
ca_file = {toml(peer.ca_file)}
password_command = [{toml(smtp_command)}]

[[accounts]]
kind = "matrix"
name = "chat"
homeserver = {toml(synapse.base_url)}
user_id = {toml(support.user_id)}
allow_plaintext = true
""",
        encoding="utf-8",
    )
    secret_forms = {
        "IMAP password": forms(imap_password, [imap_name]),
        "wrong IMAP password": forms(wrong_imap, [imap_name]),
        "SMTP password": forms(smtp_password, [peer.user]),
        "Matrix password": forms(matrix_password),
        "wrong Matrix password": forms(wrong_matrix_password),
        "expired Matrix token": forms(expired_token),
        "registration token": forms(support.access_token),
    }
    scan = Scan(secret_forms)
    outputs: list[tuple[str, bytes]] = []

    def cli(*args: str, stdin: str = "") -> int:
        done = subprocess.run(
            [sys.executable, "-m", "supportdesk_tui", *args], input=stdin.encode(),
            capture_output=True, env=child_env, cwd=home, timeout=120,
            start_new_session=True,  # no terminal: getpass reads standard input
        )  # fmt: skip
        outputs.append((f"supportdesk {' '.join(args)} stdout", done.stdout))
        outputs.append((f"supportdesk {' '.join(args)} stderr", done.stderr))
        return done.returncode

    with ledger.timed(AREA):
        # 1. The CLI with a wrong password and an expired token: both refused, clearly.
        imap_file.write_text(wrong_imap, encoding="utf-8")
        FileKeyring().set_password("supportdesk", "chat", expired_token)
        assert cli("sync") == 1
        refused = outputs[-1][1].decode()
        assert "shop" in refused and "password" in refused.lower(), refused
        assert "chat" in refused and "log in again" in refused, refused
        # 2. matrix-login: a wrong password, then the right one (the token goes to the keyring).
        assert cli("matrix-login", "chat", stdin=wrong_matrix_password + "\n") == 1
        assert "wrong password" in outputs[-1][1].decode()
        assert cli("matrix-login", "chat", stdin=matrix_password + "\n") == 0
        token = FileKeyring().get_password("supportdesk", "chat")
        assert token and token != expired_token
        secret_forms["Matrix token"] = forms(token) | {"Bearer": f"Bearer {token}".encode()}
        scan = Scan(secret_forms)
        # 3. The app, logging everything: the wrong password and the expired token again, then
        # the right ones, a reply by SMTP and an unexpected error in the SMTP login.
        FileKeyring().set_password("supportdesk", "chat", expired_token)
        root = logging.getLogger()
        previous_ring, previous_log = keyring.get_keyring(), (root.level, root.handlers[:])
        keyring.set_keyring(FileKeyring())
        log.setup(paths.log_file(), logging.DEBUG)
        # (the SMTP peer runs in this process: its own log is not the app's)
        monkeypatch.setattr(logging.getLogger("mail.log"), "propagate", False)
        try:
            shown = await app_session(
                scan,
                home,
                peer,
                monkeypatch,
                lambda: right_secrets(imap_file, imap_password, token),
            )
        finally:
            for handler in root.handlers:
                handler.close()
            root.handlers[:] = previous_log[1]
            root.setLevel(previous_log[0])
            keyring.set_keyring(previous_ring)
        # 4. The CLI with the right password and token.
        assert cli("sync") == 0, outputs[-1][1].decode()

        for where, text in shown:
            scan.text(where, text)
        for where, data in outputs:
            scan.data(where, data)
        printed = capfd.readouterr()
        scan.text("the test process's stdout", printed.out)
        scan.text("the test process's stderr", printed.err)
        scan.tree(home)

    names = {path.name for path in scan.files}
    assert "config.toml" in names and "supportdesk.log" in names and "cache.sqlite3" in names
    assert "cache.sqlite3-wal" in names, "the cache was scanned while the app had it open"
    assert sum(name.startswith("password-command-env-") for name in names) >= 4
    log_text = paths.log_file().read_text(encoding="utf-8")
    assert " DEBUG " in log_text and "forced: the SMTP server" in log_text
    if scan.found:
        ledger.count(AREA, secrets_found=len(scan.found))
    assert scan.found == []
    ledger.count(AREA, files_scanned=len(scan.files), bytes_scanned=scan.bytes, secrets_found=0)


def right_secrets(imap_file: Path, imap_password: str, token: str) -> None:
    imap_file.write_text(imap_password, encoding="utf-8")
    FileKeyring().set_password("supportdesk", "chat", token)


async def app_session(
    scan: Scan,
    home: Path,
    peer: SmtpPeer,
    monkeypatch: pytest.MonkeyPatch,
    fix_secrets: Callable[[], None],
) -> list[tuple[str, str]]:
    """The app on the same config: both accounts refused, then (`fix_secrets`, Sync now)
    synced; a reply goes out by SMTP, a second one meets an unexpected error in the SMTP
    login. What it showed, as (where, text)."""
    import aiosmtplib

    config = load(paths.config_file())
    app = build_app(config, services=Services.from_config(config))
    shown: list[tuple[str, str]] = []
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(lambda: bool(app.screen.query(QueuePane)), 30)
        queue = app.screen.query_one(QueuePane)
        bar = app.screen.query_one("#filter-bar")
        await wait_until(lambda: "sync failed" in str(bar.render()), 30)
        await wait_until(lambda: len(app.sync_trouble) == 2, 30)
        refusals = [f"{n.title}: {n.message}" for n in app._notifications]
        shown += [("a notification", text) for text in refusals]
        assert any("shop" in text and "password" in text for text in refusals), refusals
        assert any("chat" in text and "log in again" in text for text in refusals), refusals
        fix_secrets()
        app.sync_now()
        await wait_until(lambda: queue.total == 3 and not app.sync_trouble, 60)
        await reply(app, pilot, "Alfa")
        await wait_until(lambda: len(peer.accepted) == 1, 30)
        scan.tree(home)  # the cache's -wal and -shm exist while the app has it open

        async def broken_login(self: aiosmtplib.SMTP, username: str, password: str) -> None:
            raise RuntimeError("forced: the SMTP server answered something unexpected")

        monkeypatch.setattr(aiosmtplib.SMTP, "login", broken_login)
        await reply(app, pilot, "Beta")
        await wait_until(lambda: isinstance(app.screen, ErrorScreen), 30)
        error = app.screen
        assert isinstance(error, ErrorScreen)
        assert "Traceback" in error.details and "forced: the SMTP server" in error.details
        shown.append(("the error screen", f"{error.title_text}\n{error.details}"))
        shown.append(("a screenshot", app.export_screenshot()))
        await pilot.press("escape")
        shown += [("a notification", f"{n.title}: {n.message}") for n in app._notifications]
        shown.append(("the status bar", str(app.screen.query_one("#filter-bar").render())))
    return shown


async def reply(app: SupportDeskApp, pilot: object, subject: str) -> None:
    """Finds the conversation by its subject, opens it and sends a short reply."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    queue = app.screen.query_one(QueuePane)
    queue.focus()
    await pilot.press("slash")
    app.screen.query_one("#search", Input).value = ""
    await pilot.press(*subject.lower(), "enter")
    await wait_until(lambda: queue.total == 1, 15)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause(0.5)
    await pilot.press("r")
    await wait_until(lambda: isinstance(app.screen, ComposeScreen), 15)
    await pilot.pause(0.5)
    await type_text(pilot, "Zásilka je na cestě.")
    await pilot.pause(0.5)
    await pilot.press("ctrl+s")
    await pilot.pause(0.8)
    await pilot.press("ctrl+s")
    await asyncio.sleep(0.3)
