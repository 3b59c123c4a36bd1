"""Sending a reply over SMTP with aiosmtplib: TLS verified, all recipients or none.

One connection per `send`. Every recipient is offered with its own RCPT TO; if the server
refuses any of them, the transaction is reset and nothing is sent: a reply that reaches only
some of its recipients would leave the agent believing it went out. (aiosmtplib's
`send_message` raises only when *all* recipients are refused, so it is not used.)

Every failure is a `SendError` naming the account. `permanent` says whether sending the same
message again can help without a change: refused recipients (5xx), a rejected message, a
wrong password, an untrusted certificate or a server without STARTTLS are permanent; a
refused or dropped connection, a timeout and any 4xx answer are temporary. A connection
dropped after the message was sent but before the server confirmed it is temporary too; a
retry may then deliver a second copy with the same Message-ID.

The password is fetched (in a thread: a password command may take a while) only when the
server offers AUTH, and never appears in a log or a message. The server's certificate is
accepted or refused as tls.py says, before AUTH; a refused one is described (why, its
fingerprint, the [accounts.smtp] line that would accept it).
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Callable, Sequence
from typing import TypeVar

import aiosmtplib

from ..config import SmtpSettings
from ..errors import SendError, SupportDeskError
from . import tls

log = logging.getLogger(__name__)

SERVER_TEXT_LIMIT = 200
"""Characters of a server's answer kept in an error message."""


class SmtpSender:
    def __init__(
        self,
        account: str,
        settings: SmtpSettings,
        password: Callable[[], str],
        timeout: float = 30,
        pin: Callable[[], str | None] | None = None,
    ) -> None:
        """`pin`: the tls_fingerprint as the config says now (default: settings')."""
        self.account = account
        self.settings = settings
        self.where = f"{settings.host}:{settings.effective_port}"
        self._password = password
        self._timeout = timeout
        self._pin = pin or (lambda: settings.tls_fingerprint)

    async def send(self, raw: bytes, sender: str, recipients: Sequence[str]) -> None:
        """Send `raw` (CRLF line ends, Bcc already removed) to every one of `recipients`."""
        if not recipients:
            raise SendError(self.account, "a reply needs at least one recipient", permanent=True)
        client = aiosmtplib.SMTP(
            hostname=self.settings.host,
            port=self.settings.effective_port,
            use_tls=self.settings.tls == "implicit",
            start_tls=False,
            tls_context=self._tls_context() if self.settings.tls != "plain" else None,
            timeout=self._timeout,
        )
        try:
            await self._transaction(client, raw, sender, recipients)
        except SendError:
            raise
        except (aiosmtplib.SMTPException, OSError, ssl.SSLError) as error:
            refused = tls.cause(error, ssl.SSLCertVerificationError)
            if refused is not None:
                raise await self._refused(refused) from error
            raise self._error(error) from error
        finally:
            client.close()
        log.info("%s: reply sent through %s", self.account, self.where)
        log.debug("%s: from %s to %s", self.account, sender, ", ".join(recipients))

    async def _transaction(
        self, client: aiosmtplib.SMTP, raw: bytes, sender: str, recipients: Sequence[str]
    ) -> None:
        await client.connect()
        if self.settings.tls == "starttls":
            await client.ehlo()
            if not client.supports_extension("starttls"):
                raise SendError(
                    self.account,
                    f"{self.where} does not offer STARTTLS, so the reply would travel "
                    'unencrypted; nothing was sent (use tls = "implicit" if the server has it)',
                    permanent=True,
                    title="TLS not offered",
                )
            await client.starttls()
        await client.ehlo()
        if client.supports_extension("auth"):
            await self._login(client)
        await client.mail(sender)
        await self._recipients(client, recipients)
        await client.data(raw)
        try:
            await client.quit()
        except (aiosmtplib.SMTPException, OSError):
            log.debug("%s: QUIT after sending failed; the reply was accepted", self.account)

    async def _login(self, client: aiosmtplib.SMTP) -> None:
        try:
            password = await asyncio.to_thread(self._password)
        except SupportDeskError as error:  # no keyring entry, a failing password_command
            reason = error.message.removeprefix(f"{self.account}: ")
            raise SendError(self.account, reason, permanent=True, title=error.title) from error
        try:
            await client.login(self.settings.user, password)
        except aiosmtplib.SMTPAuthenticationError as error:
            raise SendError(
                self.account,
                f"the SMTP server {self.where} refused the password for user "
                f"{self.settings.user!r} ({_answer(error)}); nothing was sent",
                permanent=True,
                title="Login failed",
            ) from error

    async def _recipients(self, client: aiosmtplib.SMTP, recipients: Sequence[str]) -> None:
        refused: list[aiosmtplib.SMTPRecipientRefused] = []
        for recipient in recipients:
            try:
                await client.rcpt(recipient)
            except aiosmtplib.SMTPRecipientRefused as error:
                refused.append(error)
        if not refused:
            return
        await client.rset()
        permanent = any(error.code >= 500 for error in refused)
        why = "; ".join(f"{error.recipient} ({_answer(error)})" for error in refused)
        later = "" if permanent else ", try again later"
        raise SendError(
            self.account,
            f"{self.where} refused {why}; nothing was sent, to anyone{later}",
            permanent=permanent,
            refused=tuple(error.recipient for error in refused),
            title="Recipient refused",
        )

    async def _refused(self, error: ssl.SSLCertVerificationError) -> SendError:
        s = self.settings
        der = None
        if not isinstance(error, tls.CertificateChanged):
            preamble: tls.Preamble = "smtp" if s.tls == "starttls" else None
            der = await asyncio.to_thread(
                tls.peer_certificate, s.host, s.effective_port, preamble, self._timeout
            )
        table = f'the [accounts.smtp] table of "{self.account}"'
        refusal = tls.refusal_message(error, s.host, s.effective_port, der, table)
        return SendError(self.account, refusal.message, permanent=True, title=refusal.title)

    def _tls_context(self) -> ssl.SSLContext:
        cafile = str(self.settings.ca_file) if self.settings.ca_file else None
        try:
            return tls.client_context(self.settings.ca_file, self._pin())
        except (OSError, ssl.SSLError) as error:
            raise SendError(
                self.account,
                f"cannot read ca_file {cafile}: {getattr(error, 'strerror', None) or error}",
                permanent=True,
                title="TLS failed",
            ) from error

    def _error(self, error: BaseException) -> SendError:
        message, permanent, title = _describe(self.where, error)
        return SendError(self.account, message, permanent=permanent, title=title)


def _describe(where: str, error: BaseException) -> tuple[str, bool, str]:
    """(message, permanent, title) for a library, socket or TLS error."""
    tls = _find(error, ssl.SSLError)
    if isinstance(tls, ssl.SSLCertVerificationError):
        return (
            f"the TLS certificate of {where} is not trusted ({tls.verify_message}); nothing was "
            "sent. If the server uses its own CA, set ca_file in [accounts.smtp]",
            True,
            "TLS certificate not trusted",
        )
    if isinstance(tls, ssl.SSLEOFError | ssl.SSLZeroReturnError):
        return f"the connection to {where} was closed during TLS set-up", False, _LOST
    if tls is not None:
        return (
            f"TLS with {where} failed ({tls.reason or tls}); check tls and port",
            True,
            "TLS failed",
        )
    if isinstance(error, aiosmtplib.SMTPSenderRefused):
        return _answered(where, f"refused the sender {error.sender}", error)
    if isinstance(error, aiosmtplib.SMTPDataError):
        return _answered(where, "rejected the message", error)
    if isinstance(error, aiosmtplib.SMTPResponseException):
        return _answered(where, "refused a command", error)
    if isinstance(error, aiosmtplib.SMTPTimeoutError | TimeoutError):
        return f"no answer from {where} in time; the reply was not sent", False, _LOST
    if isinstance(error, aiosmtplib.SMTPConnectError | ConnectionRefusedError):
        reason = error.message if isinstance(error, aiosmtplib.SMTPException) else str(error)
        return f"cannot connect to {where}: {_short(reason)}", False, _LOST
    if isinstance(error, aiosmtplib.SMTPServerDisconnected | ConnectionError):
        return (
            f"the connection to {where} was lost before the server confirmed the reply",
            False,
            _LOST,
        )
    if isinstance(error, OSError):
        return f"network error with {where}: {error.strerror or error}", False, _LOST
    text = error.message if isinstance(error, aiosmtplib.SMTPException) else str(error)
    return f"{where}: {_short(text)}; nothing was sent", True, "Sending failed"


_LOST = "Connection lost"
_E = TypeVar("_E", bound=BaseException)


def _answered(
    where: str, what: str, error: aiosmtplib.SMTPResponseException
) -> tuple[str, bool, str]:
    permanent = error.code >= 500
    later = "" if permanent else "; try again later"
    return f"{where} {what} ({_answer(error)}){later}", permanent, "Sending failed"


def _answer(error: aiosmtplib.SMTPResponseException) -> str:
    return f"{error.code} {_short(error.message)}"


def _short(text: str) -> str:
    return " ".join(text.split())[:SERVER_TEXT_LIMIT]


def _find(error: BaseException, kind: type[_E]) -> _E | None:
    """`error` or one of its causes of type `kind`."""
    seen: BaseException | None = error
    for _ in range(10):
        if seen is None:
            return None
        if isinstance(seen, kind):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None
