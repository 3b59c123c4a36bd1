"""TLS under attack and misconfiguration (issue 9), against real servers on 127.0.0.1.

Dovecot (IMAP, implicit TLS and STARTTLS), the SMTP peer (both) and, for Matrix, a TLS proxy in
front of the test Synapse each serve a certificate a client must refuse: self-signed, expired,
or for another host. By default each is refused before any password or token leaves, with a
message saying why in plain words, the certificate's fingerprint and the config line that
accepts it; pinned with that line, each is accepted (and still encrypted). A pinned server that
shows another certificate ("certificate changed": renewed, or someone intercepting) is refused
with both fingerprints, until the pin is updated.

Each refusal and each pinned acceptance is one fault injected and survived in the figures
(area "tls"): survived means refused with the clear message and nothing sent, or accepted and
synced when pinned.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from supportdesk_tui.config import ImapAccount, MatrixAccount, SmtpSettings
from supportdesk_tui.connectors.imap import ImapConnector
from supportdesk_tui.connectors.matrix import MatrixConnector
from supportdesk_tui.connectors.smtp import SmtpSender
from supportdesk_tui.errors import ConnectorError, SendError
from supportdesk_tui.imapsync import sync_accounts
from supportdesk_tui.store import Store
from tests.connectors.imap_helpers import SHOP, cached, mail
from tests.imapcerts import EXPIRED_ON, OTHER_HOST, CertKind, CertSet, pin_of
from tests.imapserver import Dovecot, MailUser, dovecot_available
from tests.matrixserver import MatrixClient, MatrixUser, Synapse
from tests.reliability import ledger
from tests.smtpserver import SmtpPeer
from tests.tlsproxy import TlsProxy

pytestmark = pytest.mark.reliability

AREA = "tls"
BAD: tuple[CertKind, ...] = ("self-signed", "expired", "wrong-host")
MODES = ("implicit", "starttls")
WHY = {
    "self-signed": "is self-signed: no authority this computer trusts vouches for it",
    "expired": f"has expired (on {EXPIRED_ON:%Y-%m-%d}",
    "wrong-host": f"is for {OTHER_HOST}, not 127.0.0.1",
}
TITLE = {
    "self-signed": "TLS certificate not trusted",
    "expired": "TLS certificate expired",
    "wrong-host": "TLS certificate for another host",
}


def pin_line(pin: str) -> str:
    return f'tls_fingerprint = "{pin}"'


def assert_refused_clearly(message: str, kind: CertKind, served: Path, table: str) -> None:
    """Why, which certificate, and the one line that would accept it, where it goes."""
    pin = pin_of(served)
    assert WHY[kind] in message, message
    assert "the connection was refused and nothing was sent" in message
    assert f"Its fingerprint is {pin}." in message
    assert f"this line in {table} of the config:\n    {pin_line(pin)}" in message


def assert_changed_clearly(message: str, old: Path, new: Path, table: str) -> None:
    assert "has changed" in message, message
    assert f"the config accepts {pin_of(old)}, the server now shows {pin_of(new)}" in message
    assert f"replace the line in {table} of the config with:\n    {pin_line(pin_of(new))}" in (
        message
    )
    assert "someone may be intercepting" in message


# --- IMAP ----------------------------------------------------------------------------------


class Server:
    """A private Dovecot whose certificate the tests change (the session's one is left alone)."""

    def __init__(self) -> None:
        self.dovecot = Dovecot()
        self.dovecot.start()

    def serve(self, kind: CertKind) -> Path:
        """Serve a new certificate of `kind` (a restart, as after renewing one); its file."""
        self.dovecot.use_certificate(kind)
        self.dovecot.restart()
        return self.dovecot.cert_file

    def keep(self, kind: CertKind) -> Path:
        """As `serve`, but keep the certificate being served if it is of that kind already."""
        return self.dovecot.cert_file if self.dovecot.certificate == kind else self.serve(kind)

    def login_log(self, since: int, seen: str = "no auth attempts") -> str:
        """What the server logged since byte `since` of its log, once it has logged `seen`
        (the login process writes it when it notices the client gone, a moment later)."""
        deadline = time.monotonic() + 15
        while True:
            text = self.dovecot.log_file.read_bytes()[since:].decode(errors="replace")
            if seen in text or time.monotonic() > deadline:
                return text
            time.sleep(0.05)

    def log_size(self) -> int:
        return self.dovecot.log_file.stat().st_size


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    if not dovecot_available():
        pytest.skip("needs Debian's dovecot-imapd (/usr/sbin/dovecot)")
    made = Server()
    try:
        yield made
    finally:
        made.dovecot.cleanup()


class Counting:
    """A password source that counts how often the password was asked for."""

    def __init__(self, password: str) -> None:
        self.password, self.asked = password, 0

    def __call__(self) -> str:
        self.asked += 1
        return self.password


def imap_account(dovecot: Dovecot, user: MailUser, mode: str, **changes: Any) -> ImapAccount:
    port = dovecot.imaps_port if mode == "implicit" else dovecot.imap_port
    fields: dict[str, Any] = {
        "name": "shop", "host": dovecot.host, "port": port, "tls": mode, "user": user.name,
        "ca_file": dovecot.ca_file, "folders": ["INBOX"], "our_addresses": [SHOP], **changes,
    }  # fmt: skip
    return ImapAccount(**fields)


async def imap_sync(
    store: Store, settings: ImapAccount, password: Counting
) -> ConnectorError | None:
    connector = ImapConnector(settings, password, timeout=10)
    try:
        summary = await sync_accounts(store, [connector], lambda: False)
    finally:
        connector.close()
    return summary.failed[0].error if summary.failed else None


@pytest.fixture
async def store() -> Any:
    opened = await Store.open(":memory:")
    yield opened
    await opened.close()


IMAP_TABLE = 'the [[accounts]] table "shop"'


@pytest.mark.imap
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", BAD)
async def test_imap_refuses_a_bad_certificate_before_the_login_and_says_why(
    kind: CertKind, mode: str, server: Server, store: Store
) -> None:
    with ledger.timed(AREA):
        served = server.keep(kind)
        user = server.dovecot.new_user()
        server.dovecot.append(user.name, "INBOX", mail(1))
        password = Counting(user.password)
        logged = server.log_size()
        error = await imap_sync(store, imap_account(server.dovecot, user, mode), password)
        assert error is not None
        assert error.title == TITLE[kind]
        assert error.message.startswith("shop: the TLS certificate of 127.0.0.1:")
        assert_refused_clearly(error.message, kind, served, IMAP_TABLE)
        # the password was never even read, and the server saw no login
        assert password.asked == 0
        log = server.login_log(logged)
        assert "no auth attempts" in log and f"user=<{user.name}>" not in log, log
        assert await cached(store) == {}
    ledger.count(AREA, faults_injected=1, faults_survived=1)


@pytest.mark.imap
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", BAD)
async def test_imap_accepts_a_bad_certificate_pinned_by_its_fingerprint(
    kind: CertKind, mode: str, server: Server, store: Store
) -> None:
    with ledger.timed(AREA):
        served = server.keep(kind)
        user = server.dovecot.new_user()
        server.dovecot.append(user.name, "INBOX", mail(1))
        settings = imap_account(server.dovecot, user, mode, tls_fingerprint=pin_of(served))
        assert await imap_sync(store, settings, Counting(user.password)) is None
        assert list(await cached(store)) == ["m1@test.example"]
    ledger.count(AREA, faults_injected=1, faults_survived=1)


@pytest.mark.imap
async def test_a_pin_accepts_no_other_certificate_not_even_a_valid_one(
    server: Server, store: Store
) -> None:
    with ledger.timed(AREA):
        pinned, _ = CertSet(server.dovecot.root / "other").make("trusted")
        served = server.keep("trusted")
        user = server.dovecot.new_user()
        password = Counting(user.password)
        # the served certificate is valid (ca_file trusts it), but it is not the pinned one
        settings = imap_account(server.dovecot, user, "implicit", tls_fingerprint=pin_of(pinned))
        error = await imap_sync(store, settings, password)
        assert error is not None and error.title == "TLS certificate changed"
        assert_changed_clearly(error.message, pinned, served, IMAP_TABLE)
        assert password.asked == 0
    ledger.count(AREA, faults_injected=1, faults_survived=1)


@pytest.mark.imap
@pytest.mark.parametrize("mode", MODES)
async def test_certificate_changed_is_refused_until_the_pin_is_updated(
    mode: str, server: Server, store: Store
) -> None:
    """Server fault "certificate changed": a pinned self-signed server restarts with another
    certificate. Refused, saying so with both fingerprints; with the new pin the sync goes on
    where it was: the new mail comes, the old is not doubled."""
    with ledger.timed(AREA):
        first = server.serve("self-signed")
        first_copy = first.with_name("pinned.pem")
        first_copy.write_bytes(first.read_bytes())
        user = server.dovecot.new_user()
        server.dovecot.append(user.name, "INBOX", mail(1))
        settings = imap_account(server.dovecot, user, mode, tls_fingerprint=pin_of(first_copy))
        assert await imap_sync(store, settings, Counting(user.password)) is None

        renewed = server.serve("self-signed")
        server.dovecot.append(user.name, "INBOX", mail(2))
        password = Counting(user.password)
        logged = server.log_size()
        error = await imap_sync(store, settings, password)
        assert error is not None and error.title == "TLS certificate changed"
        assert_changed_clearly(error.message, first_copy, renewed, IMAP_TABLE)
        assert password.asked == 0 and f"user=<{user.name}>" not in server.login_log(logged)
        assert list(await cached(store)) == ["m1@test.example"]

        updated = settings.model_copy(update={"tls_fingerprint": pin_of(renewed)})
        assert await imap_sync(store, updated, Counting(user.password)) is None
        assert sorted(await cached(store)) == ["m1@test.example", "m2@test.example"]
    ledger.count(AREA, faults_injected=1, faults_survived=1)


@pytest.mark.imap
async def test_ca_file_still_verifies_a_private_authority(server: Server, store: Store) -> None:
    server.keep("trusted")
    user = server.dovecot.new_user()
    server.dovecot.append(user.name, "INBOX", mail(1))
    settings = imap_account(server.dovecot, user, "starttls")
    assert await imap_sync(store, settings, Counting(user.password)) is None
    assert list(await cached(store)) == ["m1@test.example"]
    without = settings.model_copy(update={"ca_file": None})  # the system does not know the CA
    error = await imap_sync(store, without, Counting(user.password))
    assert error is not None and error.title == "TLS certificate not trusted"
    assert 'is issued by "supportdesk test CA", an authority this computer does not trust' in (
        error.message
    )
    assert "set ca_file" in error.message


# --- SMTP ----------------------------------------------------------------------------------


SMTP_TABLE = 'the [accounts.smtp] table of "shop"'


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> CertSet:
    return CertSet(tmp_path_factory.mktemp("certs"))


def smtp_sender(peer: SmtpPeer, ca_file: Path, password: Counting, **changes: Any) -> SmtpSender:
    settings = SmtpSettings(host=peer.host, port=peer.port, tls=peer.tls, user=peer.user,
                            ca_file=ca_file, **changes)  # fmt: skip
    return SmtpSender("shop", settings, password, timeout=10)


def reply_to(user: MailUser, subject: str) -> bytes:
    return (
        f"From: {SHOP}\r\nTo: {user.name}@test.example\r\nSubject: {subject}\r\n"
        f"Message-ID: <{subject.replace(' ', '-')}@eshop.cz>\r\n\r\nDobry den.\r\n"
    ).encode()


@pytest.mark.smtp
@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", BAD)
async def test_smtp_refuses_a_bad_certificate_before_auth_and_sends_with_the_pin(
    kind: CertKind, mode: str, certs: CertSet, start_smtp_peer: Callable[..., SmtpPeer],
    imap_user: MailUser,
) -> None:  # fmt: skip
    with ledger.timed(AREA):
        served, key = certs.make(kind)
        peer = start_smtp_peer(tls=mode, certificate=(served, key))
        password = Counting(peer.password)
        to = [f"{imap_user.name}@test.example"]
        with pytest.raises(SendError) as caught:
            await smtp_sender(peer, certs.ca_file, password).send(
                reply_to(imap_user, "a"), SHOP, to
            )
        assert caught.value.permanent and caught.value.title == TITLE[kind]
        assert_refused_clearly(caught.value.message, kind, served, SMTP_TABLE)
        assert (password.asked, peer.auth_attempts, peer.accepted) == (0, 0, [])

        pinned = smtp_sender(peer, certs.ca_file, password, tls_fingerprint=pin_of(served))
        await pinned.send(reply_to(imap_user, "b"), SHOP, to)
        assert [accepted.recipients for accepted in peer.accepted] == [tuple(to)]
        assert peer.auth_attempts == 1
    ledger.count(AREA, faults_injected=2, faults_survived=2)


@pytest.mark.smtp
async def test_smtp_refuses_a_changed_certificate_before_auth(
    certs: CertSet, start_smtp_peer: Callable[..., SmtpPeer], imap_user: MailUser
) -> None:
    with ledger.timed(AREA):
        old, _ = certs.make("self-signed")
        new, key = certs.make("self-signed")
        peer = start_smtp_peer(tls="starttls", certificate=(new, key))
        password = Counting(peer.password)
        sender = smtp_sender(peer, certs.ca_file, password, tls_fingerprint=pin_of(old))
        with pytest.raises(SendError) as caught:
            await sender.send(reply_to(imap_user, "c"), SHOP, [f"{imap_user.name}@test.example"])
        assert caught.value.permanent and caught.value.title == "TLS certificate changed"
        assert_changed_clearly(caught.value.message, old, new, SMTP_TABLE)
        assert (password.asked, peer.auth_attempts, peer.accepted) == (0, 0, [])
    ledger.count(AREA, faults_injected=1, faults_survived=1)


# --- Matrix --------------------------------------------------------------------------------


MATRIX_TABLE = 'the [[accounts]] table "chat"'


@pytest.fixture
def proxy(synapse: Synapse, certs: CertSet) -> Iterator[TlsProxy]:
    """https://127.0.0.1:<port> in front of the test Synapse; a trusted certificate at first."""
    with TlsProxy(synapse.port, *certs.make("trusted")) as started:
        yield started


def chat_connector(
    proxy: TlsProxy, user: MatrixUser, ca_file: Path, token: Counting, **changes: Any
) -> MatrixConnector:
    settings = MatrixAccount(kind="matrix", name="chat", homeserver=proxy.url,
                             user_id=user.user_id, ca_file=ca_file, **changes)  # fmt: skip
    return MatrixConnector(settings, token=token)


async def chat_sync(store: Store, connector: MatrixConnector) -> ConnectorError | None:
    try:
        summary = await sync_accounts(store, [connector], lambda: False)
    finally:
        connector.close()
    return summary.failed[0].error if summary.failed else None


@pytest.mark.matrix
@pytest.mark.parametrize("kind", BAD)
async def test_matrix_refuses_a_bad_certificate_before_any_request_and_syncs_with_the_pin(
    kind: CertKind, proxy: TlsProxy, certs: CertSet, matrix_user: MatrixUser,
    matrix_customer: MatrixClient, store: Store,
) -> None:  # fmt: skip
    with ledger.timed(AREA):
        room = matrix_customer.create_room(invite=[matrix_user.user_id])
        matrix_customer.send_text(room, "Dobrý den, kde je moje zásilka?")
        served, key = certs.make(kind)
        proxy.restart(served, key)
        token = Counting(matrix_user.access_token)
        error = await chat_sync(store, chat_connector(proxy, matrix_user, certs.ca_file, token))
        assert error is not None and error.title == TITLE[kind]
        assert error.message.startswith(f"chat: the TLS certificate of 127.0.0.1:{proxy.port} ")
        assert_refused_clearly(error.message, kind, served, MATRIX_TABLE)
        assert proxy.requests == 0  # no request, so no access token, reached the server

        pinned = chat_connector(
            proxy, matrix_user, certs.ca_file, token, tls_fingerprint=pin_of(served)
        )
        assert await chat_sync(store, pinned) is None
        assert await store.conversation_detail(room) is not None
        assert proxy.requests > 0
    ledger.count(AREA, faults_injected=2, faults_survived=2)


@pytest.mark.matrix
async def test_matrix_certificate_changed_is_refused_until_the_pin_in_the_config_is_updated(
    proxy: TlsProxy, certs: CertSet, matrix_user: MatrixUser, matrix_customer: MatrixClient,
    store: Store, tmp_path: Path,
) -> None:  # fmt: skip
    """One connector throughout, as in the open app: its homeserver renews the certificate
    (the pooled connection is closed); refused as changed, with no request sent; the new pin
    written into the config file counts from the next connection."""
    from supportdesk_tui.config import load

    def write_config(pin: str) -> Path:
        path = tmp_path / "config.toml"
        path.write_text(
            f'[[accounts]]\nkind = "matrix"\nname = "chat"\nhomeserver = "{proxy.url}"\n'
            f'user_id = "{matrix_user.user_id}"\ntls_fingerprint = "{pin}"\n',
            encoding="utf-8",
        )
        return path

    with ledger.timed(AREA):
        room = matrix_customer.create_room(invite=[matrix_user.user_id])
        matrix_customer.send_text(room, "První zpráva")
        first, key = certs.make("self-signed")
        proxy.restart(first, key)
        [settings] = load(write_config(pin_of(first))).accounts
        assert isinstance(settings, MatrixAccount)
        connector = MatrixConnector(settings, token=Counting(matrix_user.access_token))
        try:
            assert (await sync_accounts(store, [connector], lambda: False)).failed == []

            renewed, key = certs.make("self-signed")
            proxy.restart(renewed, key)
            matrix_customer.send_text(room, "Druhá zpráva")
            requests = proxy.requests
            [failed] = (await sync_accounts(store, [connector], lambda: False)).failed
            assert failed.error is not None and failed.error.title == "TLS certificate changed"
            assert_changed_clearly(failed.error.message, first, renewed, MATRIX_TABLE)
            assert proxy.requests == requests

            write_config(pin_of(renewed))
            assert (await sync_accounts(store, [connector], lambda: False)).failed == []
        finally:
            connector.close()
        detail = await store.conversation_detail(room)
        assert detail is not None
        assert [m.body_text for m in detail.messages] == ["První zpráva", "Druhá zpráva"]
    ledger.count(AREA, faults_injected=1, faults_survived=1)


# --- what the user sees: supportdesk sync and the app ------------------------------------------


def pin_lines(text: str) -> list[str]:
    """The tls_fingerprint lines a message offers, as the user would copy them."""
    return re.findall(r'^    (tls_fingerprint = "sha256(?::[0-9A-F]{2}){32}")$', text, re.M)


def run_sync(home: Path, config: Path) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_STATE_HOME": str(home / "state"), "PATH": "/usr/bin:/bin"}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-m", "supportdesk_tui", "--config", str(config), "sync", "--stats"],
        capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def cli_config(path: Path, dovecot: Dovecot, user: MailUser, pin: str = "") -> Path:
    path.write_text(
        f"""
[cache]
path = "{path.parent / "cache.sqlite3"}"

[[accounts]]
name = "shop"
host = "{dovecot.host}"
port = {dovecot.imap_port}
tls = "starttls"
user = "{user.name}"
folders = ["INBOX"]
password_command = ["{sys.executable}", "-c", "print('{user.password}')"]
{pin}
""",
        encoding="utf-8",
    )
    return path


@pytest.mark.imap
def test_supportdesk_sync_says_why_and_syncs_once_the_offered_line_is_in_the_config(
    server: Server, tmp_path: Path
) -> None:
    """The shop owner's way: the refusal on stderr (exit 1) offers a line; with it in the
    config the next run syncs. The certificate changes: refused again, saying so; with the
    new line the sync goes on where it was, nothing doubled."""
    with ledger.timed(AREA):
        first = server.serve("self-signed")
        user = server.dovecot.new_user()
        server.dovecot.append(user.name, "INBOX", mail(1))
        config = cli_config(tmp_path / "config.toml", server.dovecot, user)
        refused = run_sync(tmp_path, config)
        assert (refused.returncode, json.loads(refused.stdout)["failed"]) == (1, ["shop"])
        assert refused.stderr.startswith(
            f"supportdesk sync: shop: the TLS certificate of 127.0.0.1:{server.dovecot.imap_port}"
            f" {WHY['self-signed']}"
        )
        assert user.password not in refused.stderr
        assert pin_lines(refused.stderr) == [pin_line(pin_of(first))]

        cli_config(config, server.dovecot, user, pin_lines(refused.stderr)[0])
        synced = run_sync(tmp_path, config)
        assert (synced.returncode, synced.stderr) == (0, "")
        assert json.loads(synced.stdout)["new_messages"] == 1

        old = first.with_name("first.pem")
        old.write_bytes(first.read_bytes())
        renewed = server.serve("self-signed")
        server.dovecot.append(user.name, "INBOX", mail(2))
        changed = run_sync(tmp_path, config)
        assert changed.returncode == 1
        assert_changed_clearly(changed.stderr, old, renewed, IMAP_TABLE)
        assert "the app need not be restarted" in changed.stderr

        cli_config(config, server.dovecot, user, pin_lines(changed.stderr)[0])
        again = run_sync(tmp_path, config)
        assert (again.returncode, again.stderr) == (0, "")
        assert json.loads(again.stdout)["new_messages"] == 1  # only the new mail
    ledger.count(AREA, faults_injected=2, faults_survived=2)


async def wait_until(condition: Callable[[], bool], timeout: float) -> None:
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            raise AssertionError(f"not within {timeout} s")
        await asyncio.sleep(0.05)


def app_with(config_file: Path) -> Any:
    """The app as `supportdesk` starts it with this config file (accounts from it)."""
    from supportdesk_tui.config import load
    from supportdesk_tui.connectors.registry import build_connectors
    from supportdesk_tui.services import Services
    from supportdesk_tui.ui.app import build_app
    from tests.ui.conftest import Clock

    config = load(config_file)
    services = Services(
        store_path=str(config.cache.path), agent_id="eva", clock=Clock(),
        connectors=build_connectors(config), our_addresses=frozenset({SHOP}),
    )  # fmt: skip
    return build_app(config, services=services)


def notes(app: Any) -> list[tuple[str, str]]:
    return [(note.title, note.message) for note in app._notifications]


async def nudging(app: Any, condition: Callable[[], bool], timeout: float = 90) -> None:
    """Wait for `condition`, asking the app to sync now and then (as Sync now does); without
    asking, a failed sync is tried again within a minute anyway."""
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            raise AssertionError(f"not within {timeout} s: {notes(app)}")
        app.sync_nudge()
        await asyncio.sleep(1)


@pytest.mark.imap
async def test_the_app_tells_a_refused_and_a_changed_certificate_and_takes_the_new_pin_live(
    server: Server, tmp_path: Path
) -> None:
    """In the app: the refusal is a notification with the reason and the line to add; with
    the line in the config the open app syncs (no restart). The server's certificate changes
    while the app is open: told with both fingerprints, the cache as it was; with the new line
    the new mail comes and nothing doubles."""
    from supportdesk_tui.ui.widgets.queue_pane import QueuePane
    from tests.ui.conftest import SIZE

    with ledger.timed(AREA):
        first = server.serve("self-signed")
        user = server.dovecot.new_user()
        server.dovecot.append(user.name, "INBOX", mail(1))
        config = cli_config(tmp_path / "config.toml", server.dovecot, user)
        app = app_with(config)
        async with app.run_test(size=SIZE):
            queue = app.screen.query_one(QueuePane)
            bar = app.screen.query_one("#filter-bar")
            await wait_until(lambda: "sync failed: shop" in str(bar.render()), timeout=30)
            [(title, message)] = notes(app)
            assert title == TITLE["self-signed"]
            assert_refused_clearly(message, "self-signed", first, IMAP_TABLE)
            assert "the app need not be restarted" in message

            cli_config(config, server.dovecot, user, pin_lines(message)[0])
            await nudging(app, lambda: queue.total == 1)

            old = first.with_name("first.pem")
            old.write_bytes(first.read_bytes())
            renewed = await asyncio.to_thread(server.serve, "self-signed")
            server.dovecot.append(user.name, "INBOX", mail(2, subject="Jiná objednávka"))
            await nudging(app, lambda: any(t == "TLS certificate changed" for t, _ in notes(app)))
            [message] = [m for t, m in notes(app) if t == "TLS certificate changed"]
            assert_changed_clearly(message, old, renewed, IMAP_TABLE)
            assert queue.total == 1  # the cache as it was

            cli_config(config, server.dovecot, user, pin_lines(message)[0])
            await nudging(app, lambda: queue.total == 2)
            await nudging(app, lambda: "synced" in str(bar.render()))
    ledger.count(AREA, faults_injected=2, faults_survived=2)
