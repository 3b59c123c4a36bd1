"""Fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.imapserver import Dovecot, MailUser, dovecot_available
from tests.matrixserver import (
    SKIP_ENV,
    MatrixClient,
    MatrixUser,
    Synapse,
    SynapseUnavailable,
    skip_requested,
)
from tests.smtpserver import SmtpPeer


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    """One private Dovecot on 127.0.0.1 for the whole session (see tests/imapserver.py)."""
    if not dovecot_available():
        pytest.skip(
            "needs Debian's dovecot-imapd (/usr/sbin/dovecot); `make system-deps` installs it"
        )
    server = Dovecot()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def imap_user(dovecot: Dovecot) -> MailUser:
    """A fresh user per test, so tests never see each other's mail."""
    return dovecot.new_user()


@pytest.fixture
def start_smtp_peer(dovecot: Dovecot) -> Iterator[Callable[..., SmtpPeer]]:
    """Starts SMTP peers on 127.0.0.1 that deliver into `dovecot` by LMTP (tests/smtpserver.py);
    keyword arguments as SmtpPeer's (tls, user, password). All are stopped after the test."""
    if dovecot.lmtp_port is None:
        pytest.skip(
            "needs Debian's dovecot-lmtpd (/usr/lib/dovecot/lmtp); `make system-deps` installs it"
        )
    peers: list[SmtpPeer] = []

    def start(**options: Any) -> SmtpPeer:
        peer = SmtpPeer(dovecot, **options)
        peer.start()
        peers.append(peer)
        return peer

    try:
        yield start
    finally:
        for peer in peers:
            peer.stop()


@pytest.fixture
def smtp_peer(start_smtp_peer: Callable[..., SmtpPeer]) -> SmtpPeer:
    """A STARTTLS submission server relaying into the test Dovecot."""
    return start_smtp_peer(tls="starttls")


def _synapse_or_skip(**options: Any) -> Synapse:
    """A (not yet started) Synapse; without Synapse the test fails with what to do, unless
    SUPPORTDESK_SKIP_SYNAPSE=1 outside CI asks to skip."""
    if skip_requested():
        pytest.skip(f"{SKIP_ENV}=1: skipping the tests that need Synapse")
    try:
        return Synapse(**options)
    except SynapseUnavailable as error:
        failure = str(error)
    pytest.fail(failure, pytrace=False)


@pytest.fixture(scope="session")
def synapse() -> Iterator[Synapse]:
    """One private Synapse on 127.0.0.1 for the whole session (see tests/matrixserver.py);
    installed into its own cached venv on first use (about a minute)."""
    server = _synapse_or_skip()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.fixture
def start_synapse() -> Iterator[Callable[..., Synapse]]:
    """Starts extra Synapse servers, e.g. `start_synapse(strict_rate_limits=True)`; keyword
    arguments as Synapse's. All are stopped and removed after the test."""
    servers: list[Synapse] = []

    def start(**options: Any) -> Synapse:
        server = _synapse_or_skip(**options)
        servers.append(server)
        server.start()
        return server

    try:
        yield start
    finally:
        for server in servers:
            server.cleanup()


@pytest.fixture
def matrix_user(synapse: Synapse) -> MatrixUser:
    """A fresh account per test (unique localpart), e.g. the support account a connector uses;
    its password is `synapse.passwords[user.user_id]`."""
    return synapse.new_user("support")


@pytest.fixture
def matrix_customer(synapse: Synapse) -> Iterator[MatrixClient]:
    """A blocking client logged in as a fresh customer account."""
    with synapse.client(synapse.new_user("customer")) as client:
        yield client


# The fault and hostile-input harnesses (tests/reliability) run a few rounds by default and the
# full count (e.g. 100+ kills) with --soak; `make soak` runs them that way.


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--soak",
        action="store_true",
        help="run the reliability harnesses at their full counts (slow)",
    )


def pytest_configure(config: pytest.Config) -> None:
    from tests.reliability import ledger

    ledger.SOAK = bool(config.getoption("--soak"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--soak"):
        return
    skip = pytest.mark.skip(reason="full-count harness: run with --soak (make soak)")
    for item in items:
        if "soak" in item.keywords:
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    from tests.reliability import ledger

    lines = ledger.table()
    if lines:
        terminalreporter.section("reliability figures")
        for line in lines:
            terminalreporter.write_line(line)
        ledger.write_json()
