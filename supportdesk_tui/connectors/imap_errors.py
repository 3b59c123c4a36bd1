"""imapclient, socket and ssl failures as a ConnectorError that tells the agent what to do."""

from __future__ import annotations

import imaplib
import socket
import ssl

from imapclient import exceptions as imap_exceptions

from ..errors import ConnectorError


class LoginRefused(ConnectorError):
    """The server refused the user name or password (the connector adds where to fix it)."""

    def __init__(self, account: str, reason: str, title: str | None = None) -> None:
        super().__init__(account, reason, title)
        self.reason = reason


def connector_error(account: str, where: str, error: BaseException) -> ConnectorError:
    """`where` is "host:port"; server text is kept short and never contains the password."""
    message, title = _describe(where, error)
    if isinstance(error, imap_exceptions.LoginError):
        return LoginRefused(account, message, title=title)
    return ConnectorError(account, message, title=title)


def _describe(where: str, error: BaseException) -> tuple[str, str]:
    if isinstance(error, imap_exceptions.LoginError):
        return (
            f"login to {where} refused: wrong user name or password? "
            f"(server: {_server_text(error)})",
            "Login failed",
        )
    if isinstance(error, ssl.SSLCertVerificationError):
        return (
            f"the TLS certificate of {where} is not trusted ({error.verify_message}); "
            "if the server uses its own CA, set ca_file",
            "TLS certificate not trusted",
        )
    if isinstance(error, ssl.SSLEOFError | ssl.SSLZeroReturnError):  # closed under TLS
        return f"connection to {where} lost; the sync will resume where it stopped", _LOST
    if isinstance(error, ssl.SSLError):
        return (
            f"TLS with {where} failed ({error.reason or error}); check tls and port",
            "TLS failed",
        )
    if isinstance(error, imap_exceptions.CapabilityError):
        return f"{where} does not offer {_server_text(error)}", "Server lacks a feature"
    if isinstance(error, ConnectionRefusedError):
        return f"connection to {where} refused: is the server running, the port right?", _LOST
    if isinstance(error, socket.gaierror):
        return f"host of {where} not found ({error.strerror})", _LOST
    if isinstance(error, TimeoutError | socket.timeout):
        return f"no answer from {where} in time; the sync will resume where it stopped", _LOST
    if isinstance(error, ConnectionError | EOFError | imaplib.IMAP4.abort):
        return f"connection to {where} lost; the sync will resume where it stopped", _LOST
    if isinstance(error, imaplib.IMAP4.error):
        return f"{where} refused a command: {_server_text(error)}", "Server error"
    if isinstance(error, OSError):
        return f"network error with {where}: {error.strerror or error}", _LOST
    return f"unexpected error with {where}: {type(error).__name__}: {error}", "Connection error"


_LOST = "Connection lost"


def _server_text(error: BaseException, limit: int = 200) -> str:
    text = str(error).strip()
    for prefix in ("b'", 'b"'):
        text = text.replace(prefix, "'")
    return text[:limit] or type(error).__name__
