"""A real SMTP peer for tests: aiosmtpd on 127.0.0.1 that relays into the test Dovecot by LMTP.

`SmtpPeer` runs an aiosmtpd Controller (its own event loop in a thread) that asks for AUTH
PLAIN or LOGIN with one user and password, speaks implicit TLS, STARTTLS (required before
AUTH) or plain text, with the certificate of the Dovecot's test CA (tests/imapcerts.py) or
one given (a certificate a client must refuse). Each
accepted message is handed to Dovecot's LMTP listener (tests/imapconfig.py) before the peer
answers 250, so "accepted" means "in the recipient's INBOX", readable over IMAP. A recipient
is a Dovecot user as `name@any.domain`.

Faults, set on `peer.faults` between sends:
- `refuse`: recipients answered 550 at RCPT;
- `temporary`: the next N transactions answered 451 at RCPT (greylisting);
- `drop_in_data`: the next N DATA commands end with the connection closed after the message
  was received and before any answer (nothing is delivered).
A wrong password is refused with 535.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

from tests.imapserver import Dovecot, free_port

logger = logging.getLogger(__name__)

Tls = Literal["implicit", "starttls", "plain"]


@dataclass
class Faults:
    refuse: set[str] = field(default_factory=set)
    """Addresses (any case) answered 550 at RCPT."""
    temporary: int = 0
    """The next this many RCPT commands are answered 451."""
    drop_in_data: int = 0
    """The next this many DATA commands end with a closed connection and no answer."""


@dataclass(frozen=True)
class Accepted:
    """One message the peer accepted and delivered."""

    sender: str
    recipients: tuple[str, ...]
    data: bytes


class SmtpPeer:
    """An SMTP submission server for one user; `start()` it, `stop()` it."""

    def __init__(
        self,
        dovecot: Dovecot,
        *,
        tls: Tls = "starttls",
        user: str = "agent",
        password: str = "",
        certificate: tuple[Path, Path] | None = None,
    ) -> None:
        """`certificate`: (certificate, key) PEM files to serve instead of the Dovecot's."""
        if dovecot.lmtp_port is None:
            raise RuntimeError("the test Dovecot has no LMTP listener (dovecot-lmtpd missing)")
        self.dovecot = dovecot
        self.host = dovecot.host
        self.port = free_port()
        self.tls = tls
        self.user = user
        self.password = password or "s3cret-smtp"
        self.ca_file = dovecot.ca_file
        self.cert_file, self.key_file = certificate or (dovecot.cert_file, dovecot.key_file)
        self.faults = Faults()
        self.auth_attempts = 0
        """AUTH commands received (a password sent), right or wrong."""
        self.accepted: list[Accepted] = []
        self.dropped = 0
        self.running = False
        """DATA commands answered by closing the connection."""
        self._controller = _Controller(
            tls,
            _Handler(self),
            hostname=self.host,
            port=self.port,
            server_hostname="smtp.test",
            ssl_context=self._server_context() if tls == "implicit" else None,
            tls_context=self._server_context() if tls == "starttls" else None,
            require_starttls=tls == "starttls",
            auth_required=True,
            authenticator=self._authenticate,
        )

    def start(self) -> None:
        if not self.running:
            self._controller.start()
            self.running = True

    def stop(self) -> None:
        """Stop listening (again: no-op); a client then finds the port closed."""
        if self.running:
            self._controller.stop()
            self.running = False

    def __enter__(self) -> SmtpPeer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert_file, self.key_file)
        return context

    def _authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        self.auth_attempts += 1
        ok = (
            isinstance(data, LoginPassword)
            and data.login == self.user.encode()
            and data.password == self.password.encode()
        )
        return AuthResult(success=ok, handled=False)  # unhandled failure: 535


class _Controller(Controller):
    def __init__(self, tls: Tls, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tls = tls

    def factory(self) -> SMTP:
        return _PeerSmtp(self.tls, self.handler, **self.SMTP_kwargs)


class _PeerSmtp(SMTP):
    """aiosmtpd offers AUTH only after STARTTLS (or with a warning for every connection); this
    peer offers it on an implicit-TLS connection too, and in plain mode (tests only)."""

    def __init__(self, tls: Tls, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._peer_tls = tls

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        if self._peer_tls != "starttls":
            self._auth_require_tls = False


class _Handler:
    def __init__(self, peer: SmtpPeer) -> None:
        self.peer = peer

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        faults = self.peer.faults
        if faults.temporary > 0:
            faults.temporary -= 1
            return "451 4.7.1 Greylisted, try again later"
        if address.casefold() in {refused.casefold() for refused in faults.refuse}:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        faults = self.peer.faults
        if faults.drop_in_data > 0:
            faults.drop_in_data -= 1
            self.peer.dropped += 1
            assert isinstance(server.transport, asyncio.Transport)
            server.transport.abort()  # the client never hears whether the message was taken
            return "451 4.3.0 never seen: the connection is gone"
        sender = envelope.mail_from or ""
        recipients = tuple(envelope.rcpt_tos)
        data = envelope.original_content or b""
        try:
            await asyncio.to_thread(self._deliver, sender, recipients, data)
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("LMTP delivery failed: %s", error)
            return f"451 4.3.0 Local delivery failed: {error}"
        self.peer.accepted.append(Accepted(sender, recipients, data))
        return "250 2.0.0 OK: delivered"

    def _deliver(self, sender: str, recipients: tuple[str, ...], data: bytes) -> None:
        port = self.peer.dovecot.lmtp_port
        assert port is not None
        # One transaction per recipient: LMTP answers DATA once per recipient, and smtplib
        # reads only one answer.
        with smtplib.LMTP(self.peer.host, port, local_hostname="smtp.test", timeout=10) as lmtp:
            for recipient in recipients:
                lmtp.sendmail(sender, [recipient], data)
