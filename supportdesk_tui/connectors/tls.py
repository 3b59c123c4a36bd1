"""TLS for IMAP, SMTP and Matrix: whose certificates are accepted, and why one was refused.

`client_context(ca_file, pin)` is the context every connection is made with:
- without a pin, OpenSSL checks the chain against the system's authorities (or only
  `ca_file`) and the host name, as `ssl.create_default_context` does;
- with a pin (an account's `tls_fingerprint`), neither chain nor name is checked, but the
  handshake fails unless the server's own (leaf) certificate has exactly that SHA-256
  fingerprint. The connection is encrypted all the same (TLS 1.2 or later). The check runs
  at the end of the handshake (`do_handshake` of the context's socket and object classes, so
  blocking sockets and asyncio alike), before the caller can send a byte: no password or
  token ever reaches a server whose certificate was refused.

There is no switch that turns checking off. The pin is read from the config file again for
each new connection (config.current_tls_fingerprint; `following_context` for a client that
keeps its context), so accepting a certificate needs no restart of the app.

A refusal (`ssl.SSLCertVerificationError`, or its `CertificateChanged` for a pin that no
longer matches) is explained by `refusal_message` in words a shop owner understands: expired
on which day, made for which other host, self-signed or from an authority this computer does
not trust, with the certificate's fingerprint and the config line that would accept it.
OpenSSL's failed handshake keeps no certificate to look at, so `peer_certificate` fetches it
once more over a connection that verifies nothing and sends nothing but the handshake (and,
for STARTTLS, the plain-text commands before it); it is only read, never trusted.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar

log = logging.getLogger(__name__)

Preamble = Literal["imap", "smtp"] | None
"""What is said in plain text before the handshake: IMAP or SMTP STARTTLS, or nothing."""

# OpenSSL's X509_V_ERR_* codes (x509_vfy.h) that a shop owner can be told apart
_NOT_YET_VALID = 9
_EXPIRED = 10
_SELF_SIGNED = {18, 19}
_UNKNOWN_ISSUER = {2, 20, 21}
_WRONG_HOST = {62, 64}


def fingerprint(der: bytes) -> str:
    """The certificate's SHA-256 fingerprint as the config writes it: "sha256:AB:CD:…"."""
    return "sha256:" + ":".join(f"{byte:02X}" for byte in hashlib.sha256(der).digest())


class CertificateChanged(ssl.SSLCertVerificationError):
    """The server showed another certificate than the pinned one."""

    def __init__(self, pinned: str, der: bytes) -> None:
        self.pinned = pinned
        self.der = der
        self.found = fingerprint(der)
        self.verify_code = 0
        self.verify_message = f"certificate {self.found} is not the pinned {pinned}"
        self.reason = "CERTIFICATE_CHANGED"
        self.library = "SSL"
        super().__init__(1, self.verify_message)


def _check_pin(connection: ssl.SSLSocket | ssl.SSLObject) -> None:
    pinned: str = getattr(connection.context, "pin", "")
    if not pinned:  # a following context without a pin: OpenSSL has verified it
        return
    der = connection.getpeercert(binary_form=True)
    if not der or fingerprint(der) != pinned:
        raise CertificateChanged(pinned, der or b"")


class _PinnedSocket(ssl.SSLSocket):
    def do_handshake(self, block: bool = False) -> None:
        super().do_handshake(block)
        _check_pin(self)


class _PinnedObject(ssl.SSLObject):
    def do_handshake(self) -> None:
        super().do_handshake()
        _check_pin(self)


class _PinnedContext(ssl.SSLContext):
    sslsocket_class = _PinnedSocket
    sslobject_class = _PinnedObject
    pin = ""


class _FollowingContext(_PinnedContext):
    """Verifies as the pin says at each new connection: pinned, or OpenSSL's checks."""

    pin_source: Callable[[], str | None]
    lock: threading.Lock

    def wrap_socket(self, *args: Any, **kwargs: Any) -> ssl.SSLSocket:
        with self.lock:  # the handshake included: its end checks the pin it began with
            self._follow()
            return super().wrap_socket(*args, **kwargs)

    def _follow(self) -> None:
        pin = self.pin_source()
        if pin:
            self.check_hostname = False
            self.verify_mode = ssl.CERT_NONE
        else:
            self.verify_mode = ssl.CERT_REQUIRED
            self.check_hostname = True
        self.pin = pin or ""


def client_context(ca_file: Path | None, pin: str | None) -> ssl.SSLContext:
    """The context a connection to one server is made with (see the module's docstring).
    `pin` is a normalized "sha256:…" fingerprint (config.py checks and writes it so).
    OSError or ssl.SSLError when `ca_file` cannot be read."""
    if pin is None:
        return ssl.create_default_context(cafile=str(ca_file) if ca_file else None)
    context = _PinnedContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the pin decides, in _check_pin
    context.pin = pin
    return context


def following_context(ca_file: Path | None, pin: Callable[[], str | None]) -> ssl.SSLContext:
    """As `client_context`, for a client that keeps its context and connects many times
    (Matrix's HTTP pool): `pin()` is asked at each new connection, so a pin written into the
    config while the app runs counts from the next one. Blocking sockets only."""
    context = _FollowingContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if ca_file:
        context.load_verify_locations(cafile=str(ca_file))
    else:
        context.load_default_certs()
    context.pin_source = pin
    context.lock = threading.Lock()
    return context


# --- why a certificate was refused -------------------------------------------------------


@dataclass(frozen=True)
class Certificate:
    """What a shop owner may want to know of a certificate."""

    fingerprint: str
    names: tuple[str, ...]
    """The host names and addresses it is for (its subjectAltName, else its common name)."""
    issuer: str
    self_signed: bool
    not_before: datetime
    not_after: datetime

    def is_for(self, host: str) -> bool:
        return any(_name_matches(name, host) for name in self.names)


def read_certificate(der: bytes) -> Certificate | None:
    """The certificate's facts; None if it cannot be parsed."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    try:
        cert = x509.load_der_x509_certificate(der)
        names: list[str] = []
        try:
            san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            names += san.get_values_for_type(x509.DNSName)
            names += [str(ip) for ip in san.get_values_for_type(x509.IPAddress)]
        except x509.ExtensionNotFound:
            pass
        if not names:
            names = [str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)]
        issuer_cn = cert.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
        issuer = str(issuer_cn[0].value) if issuer_cn else cert.issuer.rfc4514_string()
        return Certificate(
            fingerprint=fingerprint(der),
            names=tuple(dict.fromkeys(names)),
            issuer=issuer[:100],
            self_signed=cert.issuer == cert.subject,
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
        )
    except (ValueError, TypeError) as error:
        log.info("cannot read the server's certificate: %s", error)
        return None


def _name_matches(name: str, host: str) -> bool:
    """RFC 6125 in short: the same address, the same name, or *.rest for one more label."""
    host = host.strip("[]").lower().rstrip(".")
    name = name.lower().rstrip(".")
    try:
        return ipaddress.ip_address(host) == ipaddress.ip_address(name)
    except ValueError:
        pass
    if name.startswith("*."):
        first, _, rest = host.partition(".")
        return bool(first) and rest == name[2:]
    return name == host


TAKES_EFFECT = "The next connection reads it: the app need not be restarted."
"""How a changed tls_fingerprint takes effect (read again at each new connection)."""


@dataclass(frozen=True)
class Refusal:
    message: str
    title: str


def refusal_message(
    error: ssl.SSLCertVerificationError,
    host: str,
    port: int,
    der: bytes | None,
    table: str,
    now: datetime | None = None,
) -> Refusal:
    """Why the certificate of `host`:`port` was refused and how to accept it, for a message
    that the connector prefixes with the account's name. `der`: the certificate, if it could
    be fetched; `table`: where in the config the pin goes, e.g. '[[accounts]] "shop"'."""
    where = f"{host}:{port}"
    now = now or datetime.now(UTC)
    if isinstance(error, CertificateChanged):
        return _changed(error, where, table)
    cert = read_certificate(der) if der else None
    code = getattr(error, "verify_code", 0)
    if cert is None:  # OpenSSL's first complaint only, without a fingerprint to pin
        why, title = f"is not trusted ({_verify_message(error)})", "TLS certificate not trusted"
        if code == _EXPIRED:
            why, title = "has expired", "TLS certificate expired"
        elif code in _WRONG_HOST:
            why, title = f"is not for {host.strip('[]')}", "TLS certificate for another host"
        return Refusal(
            f"the TLS certificate of {where} {why}, so the connection was refused and nothing "
            "was sent. If the server uses its own certificate authority, set ca_file",
            title,
        )
    reasons: list[str] = []
    title = "TLS certificate not trusted"
    advice = ""
    if code in _SELF_SIGNED or (code in _UNKNOWN_ISSUER and cert.self_signed):
        reasons.append("is self-signed: no authority this computer trusts vouches for it")
        advice = "If the server uses its own certificate authority, set ca_file to its certificate."
    elif code in _UNKNOWN_ISSUER:
        reasons.append(f'is issued by "{cert.issuer}", an authority this computer does not trust')
        advice = "If the server uses its own certificate authority, set ca_file to its certificate."
    elif code not in (_EXPIRED, _NOT_YET_VALID, *_WRONG_HOST):
        reasons.append(f"could not be verified ({_verify_message(error)})")
    if cert.not_after < now:
        reasons.append(f"has expired (on {_day(cert.not_after)})")
        title = "TLS certificate expired" if len(reasons) == 1 else title
        advice = advice or "Better: have the server's certificate renewed."
    elif cert.not_before > now:
        reasons.append(
            f"is not valid before {_day(cert.not_before)} (is this computer's clock right?)"
        )
    if not cert.is_for(host):
        reasons.append(f"is for {_names(cert.names)}, not {host.strip('[]')}")
        title = "TLS certificate for another host" if len(reasons) == 1 else title
        advice = advice or (
            "If that is the same server, set host to one of its names instead."
            if cert.names
            else ""
        )
    if not reasons:  # OpenSSL saw a fault these facts do not show
        reasons.append(f"could not be verified ({_verify_message(error)})")
    text = (
        f"the TLS certificate of {where} {_and(reasons)}, so the connection was refused and "
        f"nothing was sent. Its fingerprint is {cert.fingerprint}. If you have checked that "
        f"this is your server's certificate, accept it with this line in {table} of the config:"
        f'\n    tls_fingerprint = "{cert.fingerprint}"'
    )
    return Refusal(f"{text}\n{' '.join(filter(None, [advice, TAKES_EFFECT]))}", title)


def _changed(error: CertificateChanged, where: str, table: str) -> Refusal:
    cert = read_certificate(error.der) if error.der else None
    about = ""
    if cert is not None:
        about = (
            f" (issued by {cert.issuer} for {_names(cert.names)}, valid until "
            f"{_day(cert.not_after)})"
        )
    text = (
        f"the TLS certificate of {where} has changed: the config accepts {error.pinned}, the "
        f"server now shows {error.found}{about}. The connection was refused and nothing was "
        "sent. If the server's certificate was renewed (ask whoever runs it to confirm the "
        f"new fingerprint), replace the line in {table} of the config with:"
        f'\n    tls_fingerprint = "{error.found}"\n'
        "If nobody renewed it, someone may be intercepting the connection: do not accept it. "
        + TAKES_EFFECT
    )
    return Refusal(text, "TLS certificate changed")


def _verify_message(error: ssl.SSLCertVerificationError) -> str:
    return str(getattr(error, "verify_message", "") or error.reason or error)


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _names(names: tuple[str, ...]) -> str:
    if not names:
        return "no host name"
    shown = ", ".join(names[:4])
    return shown + (f" and {len(names) - 4} more" if len(names) > 4 else "")


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


# --- the refused certificate, fetched to be described -------------------------------------


def peer_certificate(
    host: str, port: int, preamble: Preamble = None, timeout: float = 10.0
) -> bytes | None:
    """The certificate `host`:`port` shows, read over a connection that checks nothing and
    sends no credentials: only the handshake, after `preamble`'s STARTTLS. None if it cannot
    be had."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    for attempt in (1, 2):  # a busy server may drop one connection; the message is worth two
        try:
            with socket.create_connection((host, port), timeout=timeout) as sock:
                if preamble == "imap":
                    _imap_starttls(sock)
                elif preamble == "smtp":
                    _smtp_starttls(sock)
                with context.wrap_socket(sock, server_hostname=host.strip("[]")) as tls:
                    return tls.getpeercert(binary_form=True)
        except (OSError, ValueError) as error:
            log.info("cannot fetch the certificate of %s:%s (%d): %r", host, port, attempt, error)
    return None


def _imap_starttls(sock: socket.socket) -> None:
    lines = _Lines(sock)
    lines.read()  # greeting
    sock.sendall(b"c1 STARTTLS\r\n")
    while not (line := lines.read()).startswith(b"c1 "):
        pass
    if not line.upper().startswith(b"C1 OK"):
        raise ValueError(f"STARTTLS refused: {line[:100]!r}")


def _smtp_starttls(sock: socket.socket) -> None:
    lines = _Lines(sock)
    lines.reply()  # greeting
    sock.sendall(b"EHLO supportdesk\r\n")
    lines.reply()
    sock.sendall(b"STARTTLS\r\n")
    if not lines.reply().startswith(b"220"):
        raise ValueError("STARTTLS refused")


class _Lines:
    """Lines read a byte at a time: nothing past the server's answer may be taken from the
    socket, as the TLS handshake follows on it."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def read(self) -> bytes:
        line = bytearray()
        while not line.endswith(b"\n"):
            byte = self.sock.recv(1)
            if not byte or len(line) > 4096:
                raise ValueError("the server closed the connection or sent a too long line")
            line += byte
        return bytes(line)

    def reply(self) -> bytes:
        """An SMTP reply's last line (the others are "250-…")."""
        while (line := self.read())[3:4] == b"-":
            pass
        return line


_E = TypeVar("_E", bound=BaseException)


def cause(error: BaseException | None, kind: type[_E]) -> _E | None:
    """`error` or the first of its causes that is a `kind`; None if none is."""
    for _ in range(10):
        if error is None or isinstance(error, kind):
            return error
        error = error.__cause__ or error.__context__
    return None
