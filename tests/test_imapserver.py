"""The private Dovecot fixture behaves like the real server the IMAP tests rely on."""

from __future__ import annotations

import imaplib
import socket
import ssl
from datetime import UTC, datetime

import pytest

from tests.imapserver import Dovecot, MailUser

pytestmark = pytest.mark.imap

MAIL = (
    b"From: Jana Novakova <jana@example.cz>\r\n"
    b"To: support@shop.example\r\n"
    b"Subject: =?utf-8?q?Objedn=C3=A1vka_1234?=\r\n"
    b"Message-ID: <fixture-1@example.cz>\r\n"
    b"Date: Tue, 24 Nov 2026 10:00:00 +0100\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n"
    b"\r\n"
    b"Dobry den, kde je moje objednavka?\r\n"
)


def capabilities_after_login(imap: imaplib.IMAP4) -> set[str]:
    typ, data = imap.capability()
    assert typ == "OK"
    return set(data[0].decode().upper().split())


def test_starttls_login_verifies_the_private_ca(dovecot: Dovecot, imap_user: MailUser) -> None:
    imap = imaplib.IMAP4(dovecot.host, dovecot.imap_port)
    imap.starttls(ssl_context=dovecot.ssl_context())
    assert imap.login(imap_user.name, imap_user.password)[0] == "OK"
    imap.logout()


def test_imaps_login_verifies_the_private_ca(dovecot: Dovecot, imap_user: MailUser) -> None:
    imap = imaplib.IMAP4_SSL(dovecot.host, dovecot.imaps_port, ssl_context=dovecot.ssl_context())
    assert imap.login(imap_user.name, imap_user.password)[0] == "OK"
    imap.logout()


def test_a_client_without_the_ca_rejects_the_certificate(dovecot: Dovecot) -> None:
    with pytest.raises(ssl.SSLCertVerificationError):
        imaplib.IMAP4_SSL(
            dovecot.host, dovecot.imaps_port, ssl_context=ssl.create_default_context()
        )


def test_capabilities_include_idle_condstore_qresync(dovecot: Dovecot, imap_user: MailUser) -> None:
    with dovecot.session(imap_user.name) as imap:
        assert {"IDLE", "CONDSTORE", "QRESYNC"} <= capabilities_after_login(imap)


def test_appended_message_is_seen_after_select(dovecot: Dovecot, imap_user: MailUser) -> None:
    when = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    uid = dovecot.append(imap_user.name, "INBOX", MAIL, flags=(r"\Seen",), date=when)
    with dovecot.session(imap_user.name) as imap:
        typ, data = imap.select("INBOX")
        assert (typ, data[0]) == ("OK", b"1")
        typ, fetched = imap.uid("FETCH", str(uid), "(FLAGS INTERNALDATE BODY.PEEK[])")
    meta, body = fetched[0]
    assert body == MAIL
    assert b"\\Seen" in meta
    assert b'"24-Nov-2026 09:00:00 +0000"' in meta


def test_users_do_not_see_each_other(dovecot: Dovecot, imap_user: MailUser) -> None:
    other = dovecot.new_user()
    dovecot.append(imap_user.name, "INBOX", MAIL)
    assert dovecot.count(imap_user.name, "INBOX") == 1
    assert dovecot.count(other.name, "INBOX") == 0


def test_restart_keeps_mail(dovecot: Dovecot, imap_user: MailUser) -> None:
    dovecot.append(imap_user.name, "Sent", MAIL)
    before = dovecot.status(imap_user.name, "Sent")
    dovecot.restart()
    assert dovecot.status(imap_user.name, "Sent") == before


def test_wrong_password_is_refused(dovecot: Dovecot, imap_user: MailUser) -> None:
    imap = imaplib.IMAP4_SSL(dovecot.host, dovecot.imaps_port, ssl_context=dovecot.ssl_context())
    with pytest.raises(imaplib.IMAP4.error, match="AUTHENTICATIONFAILED"):
        imap.login(imap_user.name, imap_user.password + "x")


def test_changed_password_replaces_the_old_one(dovecot: Dovecot, imap_user: MailUser) -> None:
    dovecot.change_password(imap_user.name, "new-secret-1")
    imap = imaplib.IMAP4_SSL(dovecot.host, dovecot.imaps_port, ssl_context=dovecot.ssl_context())
    with pytest.raises(imaplib.IMAP4.error):
        imap.login(imap_user.name, imap_user.password)
    imap = imaplib.IMAP4_SSL(dovecot.host, dovecot.imaps_port, ssl_context=dovecot.ssl_context())
    assert imap.login(imap_user.name, "new-secret-1")[0] == "OK"
    imap.logout()


def test_recreated_folder_has_a_new_uidvalidity(dovecot: Dovecot, imap_user: MailUser) -> None:
    dovecot.append(imap_user.name, "Archive", MAIL)
    old = dovecot.uidvalidity(imap_user.name, "Archive")
    new = dovecot.recreate_folder(imap_user.name, "Archive")
    assert new != old
    assert dovecot.status(imap_user.name, "Archive") | {"MESSAGES": 0} == dovecot.status(
        imap_user.name, "Archive"
    )


def test_set_uidvalidity_keeps_the_messages(dovecot: Dovecot, imap_user: MailUser) -> None:
    uid = dovecot.append(imap_user.name, "INBOX", MAIL)
    dovecot.set_uidvalidity(imap_user.name, "INBOX", 4242)
    status = dovecot.status(imap_user.name, "INBOX")
    assert (status["UIDVALIDITY"], status["MESSAGES"], status["UIDNEXT"]) == (4242, 1, uid + 1)


def test_expunge_removes_only_the_given_uids(dovecot: Dovecot, imap_user: MailUser) -> None:
    uids = [dovecot.append(imap_user.name, "INBOX", MAIL) for _ in range(3)]
    dovecot.expunge(imap_user.name, "INBOX", uids[:2])
    with dovecot.session(imap_user.name) as imap:
        imap.select("INBOX")
        typ, data = imap.uid("SEARCH", "ALL")
    assert data[0].split() == [str(uids[2]).encode()]


def test_set_flags_raises_highestmodseq(dovecot: Dovecot, imap_user: MailUser) -> None:
    uid = dovecot.append(imap_user.name, "INBOX", MAIL)
    before = dovecot.status(imap_user.name, "INBOX")["HIGHESTMODSEQ"]
    dovecot.set_flags(imap_user.name, "INBOX", [uid], [r"\Answered"])
    assert dovecot.status(imap_user.name, "INBOX")["HIGHESTMODSEQ"] > before


def test_bulk_append_loads_every_message_in_order(dovecot: Dovecot, imap_user: MailUser) -> None:
    messages = [
        (MAIL.replace(b"fixture-1", f"bulk-{n}".encode()), (r"\Seen",) if n % 2 else (), None)
        for n in range(1200)
    ]
    assert dovecot.append_many(imap_user.name, "INBOX", messages) == 1200
    with dovecot.session(imap_user.name) as imap:
        imap.select("INBOX", readonly=True)
        typ, data = imap.uid("FETCH", "1200", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        _, unseen = imap.search(None, "UNSEEN")
    assert b"<bulk-1199@example.cz>" in data[0][1]
    assert b"\\Seen" in data[0][0]
    assert len(unseen[0].split()) == 600


class FromOtherLoopback(imaplib.IMAP4):
    """Connects from 127.0.0.2: Dovecot counts 127.0.0.1 -> 127.0.0.1 as secure, this not."""

    def _create_socket(self, timeout: float | None) -> socket.socket:
        return socket.create_connection(
            (self.host, self.port), timeout, source_address=("127.0.0.2", 0)
        )


def test_plaintext_login_is_refused_without_tls(dovecot: Dovecot, imap_user: MailUser) -> None:
    imap = FromOtherLoopback(dovecot.host, dovecot.imap_port)
    assert "LOGINDISABLED" in imap.capabilities
    with pytest.raises(imaplib.IMAP4.error, match="PRIVACYREQUIRED"):
        imap.login(imap_user.name, imap_user.password)
    imap.starttls(ssl_context=dovecot.ssl_context())
    assert imap.login(imap_user.name, imap_user.password)[0] == "OK"
    imap.logout()


def test_stop_ends_open_sessions(imap_user: MailUser, dovecot: Dovecot) -> None:
    with dovecot.session(imap_user.name) as imap:
        imap.select("INBOX")
        dovecot.stop()
        try:
            with pytest.raises((imaplib.IMAP4.abort, OSError)):
                imap.noop()
        finally:
            dovecot.start()
    assert dovecot.count(imap_user.name, "INBOX") == 0
