"""One logged-in IMAP connection: TLS as configured, extensions enabled, the selected folder.

The certificate is accepted or refused as tls.py says, before the password is asked for; a
refused one is described (why, its fingerprint, the config line that would accept it).

Not thread-safe: `ImapConnector` holds its lock around every call. Any library, socket or TLS
error drops the connection (the next call connects again) and becomes a ConnectorError.
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import ssl
import time
from collections.abc import Callable
from typing import Any

from imapclient import IMAPClient
from imapclient.tls import IMAP4_TLS

from ..config import ImapAccount, current_tls_fingerprint
from ..errors import ConnectorError
from . import tls
from .base import Stop
from .imap_errors import connector_error

log = logging.getLogger(__name__)

IDLE_POLL = 0.25
"""Seconds between looks at `stop()` while idling."""
NEWS = (b"EXISTS", b"EXPUNGE", b"FETCH", b"VANISHED")


class Session:
    def __init__(self, settings: ImapAccount, password: Callable[[], str], timeout: float) -> None:
        self.settings = settings
        self.where = f"{settings.host}:{settings.effective_port}"
        self.extensions = True
        self._password = password
        self._timeout = timeout
        self._client: IMAPClient | None = None
        self._caps: frozenset[bytes] = frozenset()
        self.selected: str | None = None
        self.selected_info: dict[bytes, Any] = {}
        self._validity: dict[str, int] = {}

    def _has(self, capability: bytes) -> bool:
        return self.extensions and capability in self._caps

    @property
    def condstore(self) -> bool:
        return self._has(b"CONDSTORE") or self.qresync

    @property
    def qresync(self) -> bool:
        return self._has(b"QRESYNC")

    @property
    def esearch(self) -> bool:
        return self._has(b"ESEARCH")

    def run(
        self, folder: str | None, action: Callable[[IMAPClient], Any], fresh: bool = False
    ) -> Any:
        try:
            client = self.client()
            if folder is not None and (fresh or folder != self.selected):
                self._select(client, folder)
            return action(client)
        except ConnectorError:
            raise
        except Exception as error:  # imapclient, imaplib, socket and ssl errors alike
            self.drop()
            raise connector_error(self.settings.name, self.where, error) from error

    def client(self) -> IMAPClient:
        if self._client is None:
            try:
                self._client = self._open()
            except ConnectorError:
                raise
            except ssl.SSLCertVerificationError as error:
                raise self._refused(error) from error
            except Exception as error:
                raise connector_error(self.settings.name, self.where, error) from error
        return self._client

    def _refused(self, error: ssl.SSLCertVerificationError) -> ConnectorError:
        """The certificate was refused (before the login): why, and how to accept it."""
        s = self.settings
        der = None
        if not isinstance(error, tls.CertificateChanged):
            preamble: tls.Preamble = "imap" if s.tls == "starttls" else None
            der = tls.peer_certificate(s.host, s.effective_port, preamble, self._timeout)
        table = f'the [[accounts]] table "{s.name}"'
        refusal = tls.refusal_message(error, s.host, s.effective_port, der, table)
        return ConnectorError(s.name, refusal.message, title=refusal.title)

    def _open(self) -> IMAPClient:
        s = self.settings
        context = tls.client_context(s.ca_file, current_tls_fingerprint(s))
        implicit = s.tls == "implicit"
        client = _Client(
            s.host, port=s.effective_port, ssl=implicit, ssl_context=context, timeout=self._timeout
        )
        try:
            if s.tls == "starttls":
                client.starttls(context)
            client.login(s.user, self._password())
            self._caps = frozenset(bytes(c).upper() for c in client.capabilities())
            wanted = [c for c in ("QRESYNC", "CONDSTORE") if self._has(c.encode())]
            if wanted and self._has(b"ENABLE"):
                client.enable(*wanted[:1])  # QRESYNC implies CONDSTORE
        except BaseException:
            _shutdown(client)
            raise
        log.info("%s: connected to %s (%s)", s.name, self.where, s.tls)
        return client

    def _select(self, client: IMAPClient, folder: str) -> None:
        self.selected = None
        info = client.select_folder(folder)
        validity = int(info[b"UIDVALIDITY"])
        known = self._validity.setdefault(folder, validity)
        self.selected, self.selected_info = folder, info
        if known != validity:
            self._validity[folder] = validity
            raise ConnectorError(
                self.settings.name,
                f"folder {folder!r} was recreated on the server during the sync; run it again",
                title="Folder changed",
            )

    def forget_validity(self) -> None:
        """A new sync: a UIDVALIDITY changed since the last one is the fetch's business."""
        self._validity.clear()

    def wait(self, folder: str, stop: Stop, deadline: float) -> bool:
        """IDLE (or NOOP polling without it) until news, `stop()` or the deadline."""

        def idle(client: IMAPClient) -> bool:
            if not client.has_capability("IDLE"):
                return _poll(client, stop, deadline)
            client.idle()
            gone = False
            try:
                while not stop() and time.monotonic() < deadline:
                    wait = min(IDLE_POLL, max(0.0, deadline - time.monotonic()))
                    answers = client.idle_check(timeout=wait)
                    if any(_is_news(r) for r in answers):
                        return True
                    # idle_check swallows a reset or closed connection and answers nothing:
                    # the app would have waited out the whole IDLE (25 min) for no news
                    if not answers and _closed_by_peer(client):
                        gone = True
                        raise ConnectionResetError("the server closed the connection")
                return False
            finally:
                if not gone:
                    client.idle_done()

        return bool(self.run(folder, idle))

    def drop(self) -> None:
        if self._client is not None:
            _shutdown(self._client)
        self._client, self.selected = None, None

    def abort(self) -> None:
        """From another thread: cut the connection under a round trip that hangs (a stalled
        server), so it ends now with an error and its own thread drops the session."""
        client = self._client
        if client is not None:
            with contextlib.suppress(Exception):
                client.socket().shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.logout()
            except Exception as error:  # the server may be gone already: nothing to undo
                log.debug("%s: logout failed: %r", self.settings.name, error)
        self.drop()


class _TimedTLS(IMAP4_TLS):  # type: ignore[misc]
    """imapclient 3.1 drops the timeout on the way to imaplib: a server that accepts the
    connection and stays silent hung the TLS handshake forever."""

    def _create_socket(self, timeout: float | None) -> Any:
        return super()._create_socket(timeout if timeout is not None else self._timeout)


class _Client(IMAPClient):  # type: ignore[misc]
    def _create_IMAP4(self) -> Any:
        if self.ssl:
            connect = getattr(self._timeout, "connect", None)
            return _TimedTLS(self.host, self.port, self.ssl_context, connect)
        return super()._create_IMAP4()


_HANGUP = select.POLLHUP | select.POLLERR | getattr(select, "POLLRDHUP", 0)


def _closed_by_peer(client: IMAPClient) -> bool:
    """True when the server reset or closed the connection (seen without reading from it)."""
    poller = select.poll()
    poller.register(client.socket().fileno(), select.POLLIN | _HANGUP)
    return any(flags & _HANGUP for _, flags in poller.poll(0))


def _is_news(response: Any) -> bool:
    return isinstance(response, tuple) and len(response) > 1 and response[1] in NEWS


def _poll(client: IMAPClient, stop: Stop, deadline: float) -> bool:
    while not stop() and time.monotonic() < deadline:
        if any(_is_news(r) for r in client.noop()[1]):
            return True
        time.sleep(min(2.0, max(0.0, deadline - time.monotonic())))
    return False


def _shutdown(client: IMAPClient) -> None:
    try:
        client.shutdown()
    except Exception as error:  # closing a broken socket may fail again: nothing to do
        log.debug("closing the connection failed: %r", error)
