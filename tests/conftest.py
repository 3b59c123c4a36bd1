"""Fixtures shared by every test package."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.imapserver import Dovecot, MailUser, dovecot_available


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
