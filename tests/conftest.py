"""Fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.imapserver import Dovecot, MailUser, dovecot_available
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
