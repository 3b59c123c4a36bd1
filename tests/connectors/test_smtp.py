"""SmtpSender against a real SMTP peer that delivers into the test Dovecot (tests/smtpserver.py).

A reply is built with mailout, sent, and read back from the customer's INBOX over IMAP.
"""

from __future__ import annotations

import email
import logging
import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest

from supportdesk_tui.config import SmtpSettings
from supportdesk_tui.connectors.smtp import SmtpSender
from supportdesk_tui.errors import ConnectorError, SendError
from supportdesk_tui.mailout import OutgoingAttachment, build_reply, envelope, wire_bytes
from tests.connectors.imap_helpers import connector
from tests.imapserver import Dovecot, MailUser
from tests.smtpserver import SmtpPeer

pytestmark = pytest.mark.smtp

NOW = datetime(2026, 3, 2, 10, 30, tzinfo=UTC)
BODY = (
    "Dobrý den, pane Vondráčku,\n\nzásilka č. 1234 je na cestě; příliš žluťoučký kůň.\n\n"
    "Здравствуйте, Мирон! Ваш заказ отправлен.\n\nJiřina Nováková\n"
)
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 64


def address(user: MailUser) -> str:
    return f"{user.name}@example.test"


def reply(customer: MailUser, **changes: Any) -> EmailMessage:
    fields: dict[str, Any] = {
        "from_name": "Jiřina Nováková",
        "from_address": "podpora@eshop.example",
        "to": [("Мирон Vondráček", address(customer))],
        "subject": "Re: Objednávka 1234",
        "body_text": BODY,
        "in_reply_to": "orig-2@example.cz",
        "references": ["orig-1@example.cz"],
        "attachments": [OutgoingAttachment("Faktura č. 1234.pdf", "application/pdf", PDF)],
        "now": NOW,
        **changes,
    }
    return build_reply(**fields)


def sender(peer: SmtpPeer, password: str | None = None, **changes: Any) -> SmtpSender:
    fields: dict[str, Any] = {
        "host": peer.host,
        "port": peer.port,
        "tls": peer.tls,
        "user": peer.user,
        "ca_file": peer.ca_file,
        "allow_plaintext": peer.tls == "plain",
        **changes,
    }
    secret = peer.password if password is None else password
    return SmtpSender("shop", SmtpSettings(**fields), lambda: secret, timeout=5)


async def send(smtp: SmtpSender, message: EmailMessage) -> None:
    mail_from, recipients = envelope(message)
    await smtp.send(wire_bytes(message), mail_from, recipients)


def inbox(dovecot: Dovecot, user: MailUser, folder: str = "INBOX") -> list[EmailMessage]:
    """Every message of `folder`, parsed as a mail program would."""
    found = []
    for raw, _ in fetched(dovecot, user, folder):
        message = email.message_from_bytes(raw, policy=default)
        assert isinstance(message, EmailMessage)
        found.append(message)
    return found


def fetched(dovecot: Dovecot, user: MailUser, folder: str) -> list[tuple[bytes, bytes]]:
    """(raw message, FLAGS response) of every message in `folder`."""
    with dovecot.session(user.name) as imap:
        typ, selected = imap.select(f'"{folder}"', readonly=True)
        assert typ == "OK"
        if not int(selected[0] or 0):
            return []
        typ, data = imap.fetch("1:*", "(FLAGS BODY.PEEK[])")
    assert typ == "OK"
    return [(item[1], item[0]) for item in data if isinstance(item, tuple)]


def messages(dovecot: Dovecot, user: MailUser) -> int:
    return dovecot.count(user.name, "INBOX")


def text(part: Any) -> str:
    assert part is not None
    content = part.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


@pytest.mark.parametrize("tls", ["starttls", "implicit"])
async def test_a_reply_arrives_in_the_customers_inbox(
    tls: str, start_smtp_peer: Callable[..., SmtpPeer], dovecot: Dovecot, imap_user: MailUser
) -> None:
    peer = start_smtp_peer(tls=tls)
    await send(sender(peer), reply(imap_user))
    [got] = inbox(dovecot, imap_user)
    assert got["From"].addresses[0].display_name == "Jiřina Nováková"
    assert str(got["From"]) == "Jiřina Nováková <podpora@eshop.example>"
    assert str(got["To"]) == f"Мирон Vondráček <{address(imap_user)}>"
    assert str(got["Subject"]) == "Re: Objednávka 1234"
    assert str(got["In-Reply-To"]) == "<orig-2@example.cz>"
    assert str(got["References"]).split() == ["<orig-1@example.cz>", "<orig-2@example.cz>"]
    assert text(got.get_body(("plain",))) == BODY
    [attachment] = got.iter_attachments()
    assert attachment.get_filename() == "Faktura č. 1234.pdf"
    assert attachment.get_content() == PDF
    assert len(peer.accepted) == 1
    assert b"=?utf-8?b?SmnFmWluYSBOb3bDoWtvdsOh?=" in peer.accepted[0].data  # encoded name


async def test_bcc_recipients_get_the_reply_without_the_bcc_header(
    smtp_peer: SmtpPeer, dovecot: Dovecot, imap_user: MailUser
) -> None:
    boss = dovecot.new_user("boss")
    message = reply(imap_user)
    message["Bcc"] = address(boss)
    await send(sender(smtp_peer), message)
    for user in (imap_user, boss):
        [got] = inbox(dovecot, user)
        assert got["Bcc"] is None
    assert address(boss).encode() not in smtp_peer.accepted[0].data


async def test_a_refused_recipient_fails_the_whole_reply_and_nothing_is_delivered(
    smtp_peer: SmtpPeer, dovecot: Dovecot, imap_user: MailUser
) -> None:
    smtp_peer.faults.refuse = {"gone@example.test"}
    message = reply(imap_user, to=[("", address(imap_user)), ("Gone", "gone@example.test")])
    with pytest.raises(SendError) as caught:
        await send(sender(smtp_peer), message)
    assert caught.value.permanent
    assert caught.value.refused == ("gone@example.test",)
    assert "gone@example.test" in caught.value.message
    assert "550" in caught.value.message
    assert "nothing was sent" in caught.value.message
    assert isinstance(caught.value, ConnectorError) and caught.value.account == "shop"
    assert smtp_peer.accepted == []
    assert messages(dovecot, imap_user) == 0


async def test_a_temporary_refusal_is_temporary_and_a_retry_delivers(
    smtp_peer: SmtpPeer, dovecot: Dovecot, imap_user: MailUser
) -> None:
    smtp_peer.faults.temporary = 1
    smtp = sender(smtp_peer)
    message = reply(imap_user)
    with pytest.raises(SendError) as caught:
        await send(smtp, message)
    assert not caught.value.permanent
    assert caught.value.refused == (address(imap_user),)
    assert "451" in caught.value.message
    await send(smtp, message)
    assert messages(dovecot, imap_user) == 1


async def test_a_wrong_password_is_a_clear_permanent_error_without_the_password(
    smtp_peer: SmtpPeer, dovecot: Dovecot, imap_user: MailUser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "Wr0ng-Pa55word"
    with pytest.raises(SendError) as caught:
        await send(sender(smtp_peer, password=wrong), reply(imap_user))
    error = caught.value
    assert error.permanent
    assert error.title == "Login failed"
    assert f"refused the password for user '{smtp_peer.user}'" in error.message
    assert wrong not in error.message and wrong not in caplog.text
    assert smtp_peer.password not in caplog.text
    assert messages(dovecot, imap_user) == 0


async def test_a_connection_dropped_in_data_is_temporary_and_a_retry_delivers_one_copy(
    smtp_peer: SmtpPeer, dovecot: Dovecot, imap_user: MailUser
) -> None:
    smtp_peer.faults.drop_in_data = 1
    smtp = sender(smtp_peer)
    message = reply(imap_user)
    with pytest.raises(SendError) as caught:
        await send(smtp, message)
    assert not caught.value.permanent
    assert "connection" in caught.value.message and "lost" in caught.value.message
    assert smtp_peer.dropped == 1
    assert messages(dovecot, imap_user) == 0
    await send(smtp, message)
    [got] = inbox(dovecot, imap_user)
    assert got["Message-ID"] == message["Message-ID"]


@pytest.mark.parametrize("tls", ["starttls", "implicit"])
async def test_a_certificate_from_an_unknown_ca_is_refused_without_ca_file(
    tls: str, start_smtp_peer: Callable[..., SmtpPeer], dovecot: Dovecot, imap_user: MailUser
) -> None:
    peer = start_smtp_peer(tls=tls)
    with pytest.raises(SendError) as caught:
        await send(sender(peer, ca_file=None), reply(imap_user))
    assert caught.value.permanent
    assert caught.value.title == "TLS certificate not trusted"
    assert "an authority this computer does not trust" in caught.value.message
    assert "set ca_file" in caught.value.message
    assert peer.accepted == [] and peer.auth_attempts == 0


async def test_starttls_is_required_once_configured(
    start_smtp_peer: Callable[..., SmtpPeer], dovecot: Dovecot, imap_user: MailUser
) -> None:
    peer = start_smtp_peer(tls="plain")
    with pytest.raises(SendError) as caught:
        await send(sender(peer, tls="starttls", allow_plaintext=False), reply(imap_user))
    assert caught.value.permanent
    assert "does not offer STARTTLS" in caught.value.message
    assert peer.accepted == []


async def test_plain_text_to_a_loopback_host_when_allowed(
    start_smtp_peer: Callable[..., SmtpPeer], dovecot: Dovecot, imap_user: MailUser
) -> None:
    peer = start_smtp_peer(tls="plain")
    await send(sender(peer), reply(imap_user))
    assert messages(dovecot, imap_user) == 1


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield int(listener.getsockname()[1])


async def test_unreachable_or_silent_servers_are_temporary(
    smtp_peer: SmtpPeer, silent_port: int, imap_user: MailUser
) -> None:
    smtp_peer.stop()
    with pytest.raises(SendError) as refused:
        await send(sender(smtp_peer), reply(imap_user))
    assert not refused.value.permanent
    assert "cannot connect" in refused.value.message
    silent = SmtpSender(
        "shop", SmtpSettings(host="127.0.0.1", port=silent_port, tls="starttls"), str, timeout=0.5
    )
    with pytest.raises(SendError) as timed_out:
        await send(silent, reply(imap_user))
    assert not timed_out.value.permanent
    assert "in time" in timed_out.value.message


@pytest.mark.imap
def test_append_puts_the_reply_into_the_sent_folder(dovecot: Dovecot, imap_user: MailUser) -> None:
    message = reply(imap_user)
    message["Bcc"] = "boss@eshop.example"
    imap = connector(dovecot, imap_user)
    try:
        imap.append("Sent Replies", message.as_bytes(), when=NOW)  # missing: created
        imap.append("Sent", message.as_bytes())
    finally:
        imap.close()
    for folder in ("Sent Replies", "Sent"):
        [(raw, flags)] = fetched(dovecot, imap_user, folder)
        assert b"\\Seen" in flags
        assert raw == message.as_bytes()  # the copy keeps Bcc
    with dovecot.session(imap_user.name) as session:
        session.select('"Sent Replies"')
        _, data = session.fetch("1", "(INTERNALDATE)")
    assert isinstance(data[0], bytes) and b"02-Mar-2026 10:30:00 +0000" in data[0]


@pytest.mark.imap
def test_append_to_a_folder_the_server_refuses_names_it(
    dovecot: Dovecot, imap_user: MailUser
) -> None:
    imap = connector(dovecot, imap_user)
    try:
        with pytest.raises(ConnectorError) as caught:
            imap.append("~bad/\x01", b"Subject: x\r\n\r\ny\r\n")
    finally:
        imap.close()
    assert caught.value.message.startswith("shop: could not store a copy in '~bad/\\x01'")


async def test_a_missing_password_is_a_permanent_send_error(
    smtp_peer: SmtpPeer, dovecot: Dovecot, imap_user: MailUser
) -> None:
    def no_password() -> str:
        raise ConnectorError("shop", "password_command 'pass' failed with exit status 1")

    settings = SmtpSettings(host=smtp_peer.host, port=smtp_peer.port, tls="starttls",
                            user=smtp_peer.user, ca_file=smtp_peer.ca_file)  # fmt: skip
    with pytest.raises(SendError) as caught:
        await send(SmtpSender("shop", settings, no_password, timeout=5), reply(imap_user))
    assert caught.value.permanent
    assert caught.value.message == "shop: password_command 'pass' failed with exit status 1"
    assert messages(dovecot, imap_user) == 0
