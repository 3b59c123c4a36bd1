"""A reply as an RFC 5322 message, ready for SMTP and the Sent folder. Pure: no IO.

Names, subjects and file names come from customers, so each is put on one line first
(controls, CR and LF gone): nothing a customer writes can start a header of its own. Addresses
must be plain addr-specs, or `InvalidAddress` is raised naming the bad one.

Threading follows RFC 5322 §3.6.4: In-Reply-To is the original's Message-ID, References its
References plus that id. A very long chain keeps the thread root and the newest ids.
"""

from __future__ import annotations

import copy
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address, BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.policy import SMTP, EmailPolicy, Policy
from email.utils import format_datetime, make_msgid
from typing import cast

from .domain.threads import has_reply_marker
from .filenames import safe_filename
from .safetext import clean_name

MAX_REFERENCES = 20
"""Ids kept in References: the thread root and the newest 19 (a long thread stays threaded)."""
MAX_ID_LENGTH = 250
"""A longer message id is dropped from References: it could not be folded into a line."""

_MSG_ID = re.compile(r"[!-;=?-~]+@[!-;=?-~]+")  # printable ASCII, no "<", ">" or spaces
_CONTENT_TYPE = re.compile(r"([a-z0-9][a-z0-9!#$&^_.+-]*)/([a-z0-9][a-z0-9!#$&^_.+-]*)")


class InvalidAddress(ValueError):
    """An address that cannot go into a header or an SMTP envelope; the message names it."""


@dataclass(frozen=True)
class OutgoingAttachment:
    filename: str
    content_type: str
    data: bytes


class _IdListHeader(UnstructuredHeader):
    """In-Reply-To and References folded between ids, never as encoded words (which the
    email package makes of a long id in an unstructured header, breaking threading)."""

    def fold(self, *, policy: Policy) -> str:
        name = str(getattr(self, "name", ""))
        return f"{name}: " + f"{policy.linesep} ".join(str(self).split()) + policy.linesep


def _policy() -> EmailPolicy[EmailMessage]:
    registry = HeaderRegistry()
    # The registry mixes BaseHeader into the class it is given.
    header = cast(type[BaseHeader], _IdListHeader)
    registry.map_to_type("references", header)
    registry.map_to_type("in-reply-to", header)
    return SMTP.clone(header_factory=registry)


POLICY = _policy()
"""email.policy.SMTP (CRLF, 78-column folding) with id lists folded between ids."""


def reply_subject(subject: str) -> str:
    """ "Re: " + the subject, unless it already starts with a reply marker; empty stays empty."""
    cleaned = clean_name(subject)
    if not cleaned or has_reply_marker(cleaned):
        return cleaned
    return f"Re: {cleaned}"


def build_reply(
    *,
    from_name: str,
    from_address: str,
    to: Sequence[tuple[str, str]],
    cc: Sequence[tuple[str, str]] = (),
    subject: str,
    body_text: str,
    in_reply_to: str | None,
    references: Sequence[str],
    attachments: Sequence[OutgoingAttachment] = (),
    body_html: str | None = None,
    now: datetime,
    message_id: str | None = None,
) -> EmailMessage:
    """The reply, with `subject` used as given (pass it through `reply_subject` first).

    Ids are accepted with or without angle brackets. `now` must carry a time zone.
    Raises InvalidAddress for an address that is not a plain addr-spec, ValueError for a
    naive `now` or no recipient at all.
    """
    if now.tzinfo is None:
        raise ValueError("build_reply needs an aware datetime for the Date header")
    if not to and not cc:
        raise ValueError("a reply needs at least one recipient")
    sender = mailbox(from_name, from_address)
    message = EmailMessage(policy=POLICY)
    message["From"] = sender
    if to:
        message["To"] = [mailbox(name, address) for name, address in to]
    if cc:
        message["Cc"] = [mailbox(name, address) for name, address in cc]
    message["Subject"] = clean_name(subject)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = _own_id(message_id, sender.domain)
    parent = _clean_id(in_reply_to or "")
    if parent:
        message["In-Reply-To"] = f"<{parent}>"
    chain = thread_references(references, parent)
    if chain:
        message["References"] = " ".join(f"<{ref}>" for ref in chain)
    _set_body(message, body_text, body_html)
    for attachment in attachments:
        _attach(message, attachment)
    _fix_boundaries(message)
    return message


def mailbox(name: str, address: str) -> Address:
    """A header mailbox: the name on one line (RFC 2047-encoded when not ASCII), the address
    checked; an internationalised domain is written in its ASCII (IDNA) form."""
    spec = _addr_spec(address)
    try:
        return Address(display_name=clean_name(name), addr_spec=spec)
    except (ValueError, IndexError) as exc:
        raise InvalidAddress(f"not a valid e-mail address: {address!r}") from exc


def thread_references(references: Sequence[str], parent: str | None) -> list[str]:
    """The original's References plus its own id, deduplicated, malformed ids dropped, cut to
    MAX_REFERENCES keeping the first (the thread root) and the newest."""
    chain: dict[str, None] = {}
    for ref in [*references, parent or ""]:
        cleaned = _clean_id(ref)
        if cleaned:
            chain.pop(cleaned, None)
            chain[cleaned] = None
    ids = list(chain)
    if len(ids) > MAX_REFERENCES:
        ids = ids[:1] + ids[-(MAX_REFERENCES - 1) :]
    return ids


def envelope(message: EmailMessage) -> tuple[str, list[str]]:
    """(MAIL FROM, RCPT TO) for a message: the From address, and To, Cc and Bcc deduplicated.

    Does not change the message; send `wire_bytes(message)`, which leaves Bcc out.
    """
    senders = _addresses(message, "From")
    if not senders:
        raise InvalidAddress("the message has no From address")
    recipients: dict[str, str] = {}
    for field in ("To", "Cc", "Bcc"):
        for address in _addresses(message, field):
            recipients.setdefault(address.casefold(), address)
    if not recipients:
        raise InvalidAddress("the message has no recipients")
    return senders[0], list(recipients.values())


def wire_bytes(message: EmailMessage) -> bytes:
    """The bytes to hand to SMTP: the message without its Bcc header (CRLF line ends).

    Keep `message.as_bytes()` (with Bcc) for the Sent folder, so the agent sees who got a copy.
    """
    without_bcc = copy.copy(message)  # shares the body; `del` gives the copy its own headers
    del without_bcc["Bcc"]
    return without_bcc.as_bytes(policy=POLICY)


def _addresses(message: EmailMessage, field: str) -> list[str]:
    found: list[str] = []
    for header in message.get_all(field, []):
        for address in getattr(header, "addresses", ()):
            if address.addr_spec and address.addr_spec != "<>":
                found.append(str(address.addr_spec))
    return found


def _addr_spec(address: str) -> str:
    spec = address.strip()
    if spec.startswith("<") and spec.endswith(">"):
        spec = spec[1:-1].strip()
    local, at, domain = spec.rpartition("@")
    if (
        not at
        or not local
        or not domain
        or not spec.isprintable()
        or any(c.isspace() for c in spec)
    ):
        raise InvalidAddress(f"not a valid e-mail address: {address!r}")
    if not local.isascii():
        raise InvalidAddress(f"address with a non-ASCII user part (not supported): {address!r}")
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise InvalidAddress(f"address with an invalid domain: {address!r}") from exc
    return f"{local}@{domain}"


def _clean_id(raw: str) -> str:
    value = raw.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1].strip()
    if len(value) > MAX_ID_LENGTH or not _MSG_ID.fullmatch(value):
        return ""
    return value


def _own_id(message_id: str | None, domain: str) -> str:
    if message_id is None:
        return make_msgid(domain=domain or None)
    cleaned = _clean_id(message_id)
    if not cleaned:
        raise ValueError(f"not a valid Message-ID: {message_id!r}")
    return f"<{cleaned}>"


def _set_body(message: EmailMessage, text: str, html: str | None) -> None:
    # Quoted-printable: 7-bit safe for any relay and never a line over 76 characters.
    message.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    if html is not None:
        message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")


def _fix_boundaries(message: EmailMessage) -> None:
    """Boundaries chosen now, so every serialisation (SMTP, the Sent copy) is the same bytes.
    "=_" cannot occur in quoted-printable or base64 text."""
    for part in message.walk():
        if part.is_multipart() and part.get_boundary() is None:
            part.set_boundary(f"=_{secrets.token_hex(16)}")


def _attach(message: EmailMessage, attachment: OutgoingAttachment) -> None:
    maintype, subtype = _content_type(attachment.content_type)
    message.add_attachment(
        attachment.data,
        maintype=maintype,
        subtype=subtype,
        filename=safe_filename(attachment.filename),
    )


def _content_type(value: str) -> tuple[str, str]:
    """A known-good type/subtype; anything else (or multipart/message: those would need a
    parsed body) is sent as application/octet-stream."""
    match = _CONTENT_TYPE.fullmatch(value.split(";", 1)[0].strip().lower())
    if match is None or match.group(1) in {"multipart", "message"}:
        return "application", "octet-stream"
    return match.group(1), match.group(2)
