"""Raw mail bytes -> our Message, in two steps: headers for the queue, then the body. Never raises.

`parse_headers` reads only the header block (0.25-0.3 ms a mail), so a first sync fills the
queue at once; `parse_body` walks the MIME tree (1.5-2.1 ms: stdlib parsing, charset guessing,
HTML to text) and runs afterwards, off the queue's path. `parse_message` does both.

The stdlib `email` parser finds the structure and undoes transfer encodings. It runs with
policy.compat32 first: header values are taken raw (`raw_items`) and decoded here anyway, and
policy.default re-parses every header on access, which made a 10,000-part mail take 2.9 s instead
of 0.3 s. If compat32 trips, policy.default gets a second try; if that fails too, the raw text is
shown. Charsets are guessed in `charsets`. Whatever had to be guessed is named in
`Message.decode_warning`. A missing or unreadable Date falls back to the first (newest) Received
header, then to 1970-01-01 UTC, with a warning either way: `Message.sent_at` cannot be None.
"""

from __future__ import annotations

import email.utils
import hashlib
import logging
import mimetypes
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email import policy
from email.message import Message as StdMessage
from email.parser import BytesParser
from email.policy import Policy

from supportdesk_tui.bodytext import unflow
from supportdesk_tui.charsets import decode_bytes, decode_header, has_raw_bytes
from supportdesk_tui.domain.models import Attachment, Channel, Direction, Message

logger = logging.getLogger(__name__)

MAX_PARTS = 1000
MAX_DEPTH = 20
MAX_BODY_CHARS = 2 * 1024 * 1024
BODY_TRUNCATED_NOTE = "[… truncated: the body is longer than 2 MB; the raw message is kept whole]"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_MAX_REFERENCES = 100


@dataclass
class _Walk:
    """What walking the MIME tree found so far."""

    pieces: list[tuple[str, str]] = field(default_factory=list)
    """(content type, text) of the body parts to show, in order; HTML is converted at the end."""
    html: str | None = None
    """The first HTML part, kept as Message.body_html."""
    attachments: list[Attachment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parts: int = 0

    def warn(self, warning: str) -> None:
        if warning not in self.warnings:
            self.warnings.append(warning)


@dataclass(frozen=True)
class Body:
    """What `parse_body` read: the text to show, the first HTML part, the files."""

    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()
    warnings: tuple[str, ...] = ()


def parse_message(
    raw: bytes,
    *,
    account: str = "",
    folder: str = "",
    uid: int | None = None,
    our_addresses: frozenset[str] = frozenset(),
) -> Message:
    """Our Message for `raw`; a broken mail gives what could be read and a decode_warning."""
    headers = parse_headers(
        raw, account=account, folder=folder, uid=uid, our_addresses=our_addresses
    )
    return with_body(headers, parse_body(raw))


def with_body(message: Message, body: Body) -> Message:
    """`message` (from parse_headers) completed with its parsed body."""
    return replace(
        message,
        body_text=body.text,
        body_html=body.html,
        attachments=body.attachments,
        decode_warning=join_warnings(message.decode_warning, body.warnings),
        body_pending=False,
    )


def join_warnings(first: str | None, more: tuple[str, ...]) -> str | None:
    """`first` and those of `more` it does not say already (both steps may retry a policy)."""
    found = [first] if first else []
    found += [warning for warning in more if not first or warning not in first]
    return "; ".join(found) or None


def parse_headers(
    raw: bytes,
    *,
    account: str = "",
    folder: str = "",
    uid: int | None = None,
    our_addresses: frozenset[str] = frozenset(),
) -> Message:
    """Everything but the body, read from the header block alone; `body_pending` is set."""
    try:
        return _parse_headers(raw, account, folder, uid, our_addresses)
    except Exception as error:  # last line of defence: a stranger's bytes must not stop a sync
        logger.warning("unparseable headers %s/%s uid=%s: %r", account, folder, uid, error)
        return _unparseable(raw, account, folder, uid, error)


def parse_body(raw: bytes) -> Body:
    """The body of `raw`: text to show, HTML, attachments; never raises."""
    try:
        return _parse_body(raw, policy.compat32)
    except Exception as error:
        logger.info("retrying a body with policy.default: %r", error)
    try:
        return _parse_body(raw, policy.default)
    except Exception as error:
        logger.warning("unparseable body: %r", error)
        text, _ = decode_bytes(raw[:MAX_BODY_CHARS], None)
        return Body(text, warnings=(_unparseable_warning(error),))


def recipients(raw: bytes) -> tuple[str, ...]:
    """Lower-cased To, Cc and Bcc addresses of `raw`, in order, without duplicates."""
    try:
        return _recipients(_Headers(header_items(header_block(raw))))
    except Exception as error:
        logger.warning("unreadable recipients: %r", error)
        return ()


def _recipients(headers: _Headers) -> tuple[str, ...]:
    found: list[str] = []
    for name in ("to", "cc", "bcc"):
        for value in headers.all(name):
            found += [address for _, address in _addresses(value)]
    return tuple(dict.fromkeys(found))


def header_block(raw: bytes) -> bytes:
    """The header lines up to the blank line that ends them (all of `raw` if there is none).
    Parsing only these is what makes headers cheap: the body is most of a mail's bytes."""
    crlf = raw.find(b"\n\r\n")
    # A bare-LF end is looked for only before the CRLF one: a mail is not read to its end twice.
    lf = raw.find(b"\n\n", 0, crlf + 1 if crlf >= 0 else len(raw))
    end = lf if lf >= 0 else crlf
    return raw[: end + 1] if end >= 0 else raw


def _parse_headers(
    raw: bytes, account: str, folder: str, uid: int | None, our_addresses: frozenset[str]
) -> Message:
    walk = _Walk()
    headers = _Headers(header_items(header_block(raw)))
    author_name, author_address = _author(headers, walk)
    ours = {address.lower() for address in our_addresses}
    return Message(
        id=_message_id(headers.plain("message-id"), raw),
        conversation_id="",
        channel=Channel.EMAIL,
        direction=Direction.OUTGOING if author_address in ours else Direction.INCOMING,
        author_name=author_name,
        author_address=author_address,
        sent_at=_sent_at(headers, walk),
        to=_recipients(headers),
        subject=_header_text(headers.first("subject"), "Subject", walk),
        in_reply_to=next(iter(_message_ids(headers.plain("in-reply-to"))), None),
        references=_references(headers.plain("references")),
        raw=raw,
        account=account,
        folder=folder,
        uid=uid,
        decode_warning="; ".join(walk.warnings) or None,
        body_pending=True,
    )


# The stdlib's header rules (email.feedparser, policy.compat32) without its per-line
# machinery: 0.25-0.28 ms a mail against 0.06-0.08 ms here, with the usual 20 headers of Received,
# DKIM and the like. Lines break at CRLF, CR or LF; a header is a line and the continuation
# lines after it. test_mime checks both agree, broken headers included.
_HEADER_START = re.compile(r"From |[\041-\071\073-\176]*:")
_BETWEEN_HEADERS = re.compile(r"(?:\r\n|\r(?!\n)|\n)(?![ \t])")
_BETWEEN_LF_HEADERS = re.compile(r"\n(?![ \t])")
"""The same split, four times faster, for text with no bare CR (each header keeps its CR)."""


def header_items(block: bytes) -> list[tuple[str, str]]:
    """(name, raw value) of each header in `block`, as `Message.raw_items()` gives them."""
    items: list[tuple[str, str]] = []
    text = block.decode("ascii", "surrogateescape")
    between = _BETWEEN_LF_HEADERS if text.count("\r") == text.count("\r\n") else _BETWEEN_HEADERS
    for number, header in enumerate(between.split(text)):
        if number == 0 and header[:1] in (" ", "\t"):
            continue  # continuation lines with nothing to continue
        if not _HEADER_START.match(header):
            break  # the blank line, or body text without one before it
        colon = header.find(":")
        if colon > 0 and not header.startswith("From "):  # not an mbox envelope line
            items.append((header[:colon], header[colon + 1 :].lstrip(" \t").rstrip("\r\n")))
    return items


def _parse_body(raw: bytes, mail_policy: Policy) -> Body:
    walk = _Walk()
    if mail_policy is not policy.compat32:
        walk.warn("malformed MIME structure; read a second time")
    std, complete = _read_structure(raw, walk, mail_policy)
    text, html = _body(std, walk) if complete else (_raw_body(raw), None)
    return Body(text, html, tuple(walk.attachments), tuple(walk.warnings))


def _read_structure(raw: bytes, walk: _Walk, mail_policy: Policy) -> tuple[StdMessage, bool]:
    """The parsed mail, and False when only its headers could be parsed."""
    parser = BytesParser(policy=mail_policy)
    try:
        return parser.parsebytes(raw), True
    except RecursionError:
        walk.warn("MIME structure nested too deeply; shown as raw text")
        return parser.parsebytes(raw, headersonly=True), False


class _Headers:
    """Raw header values by lower-cased name, as they were in the mail."""

    def __init__(self, items: list[tuple[str, str]]) -> None:
        self._values: dict[str, list[str]] = {}
        for name, value in items:
            self._values.setdefault(name.lower(), []).append(value)

    def first(self, name: str) -> str:
        values = self._values.get(name)
        return values[0] if values else ""

    def plain(self, name: str) -> str:
        """The first value with any raw 8-bit bytes decoded, for ids and dates."""
        return decode_header(self.first(name), encoded_words=False)[0]

    def all(self, name: str) -> list[str]:
        return self._values.get(name, [])


def _header_text(value: str, name: str, walk: _Walk) -> str:
    text, warning = decode_header(value)
    if warning:
        walk.warn(f"{name}: {warning}")
    return " ".join(text.split())


# One mailbox in its commonest shapes ("Name" <a@b>, Name <a@b>, a@b): read here, 30 times
# faster than getaddresses, which gets everything else (lists, comments, quoted locals).
# Unlike getaddresses, an unquoted name keeps its square brackets and dots as written
# ("Jan [Shop] Novak" is shown so by mail programs; getaddresses reads "[Shop]" as a domain
# literal and leaves the name "Novak" with four empty addresses before it).
_ADDRESS = r"[^<>\s\"\\,;:()@\[\]]+@[^<>\s\"\\,;:()@\[\]]+"
_ONE_MAILBOX = re.compile(
    rf'[ \t]*(?:"([^"\\]*)"|([^"\\<>,;:()@]*?))[ \t]*<({_ADDRESS})>[ \t]*'
    rf"|[ \t]*({_ADDRESS})[ \t]*"
)


def split_addresses(value: str) -> list[tuple[str, str]]:
    """(raw display name, address) pairs of an unfolded address header: email.utils.getaddresses
    but for the brackets of a single mailbox's name (see _ONE_MAILBOX)."""
    simple = _ONE_MAILBOX.fullmatch(value)
    if simple is None:
        return email.utils.getaddresses([value])
    quoted, bare, address, alone = simple.groups()
    if alone is not None:
        return [("", alone)]
    return [(quoted if quoted is not None else " ".join(bare.split()), address)]


def _addresses(value: str, walk: _Walk | None = None) -> list[tuple[str, str]]:
    """(display name, lower-cased address) pairs; names decoded after splitting on commas."""
    unfolded, warning = decode_header(value, encoded_words=False)
    pairs = split_addresses(unfolded)
    found = []
    for name, address in pairs:
        text, name_warning = decode_header(name)
        found.append((" ".join(text.split()), address.strip().lower()))
        warning = warning or name_warning
    if walk is not None and warning:
        walk.warn(f"From: {warning}")
    return found


def _author(headers: _Headers, walk: _Walk) -> tuple[str, str]:
    raw_from = headers.first("from") or headers.first("sender") or headers.first("reply-to")
    pairs = _addresses(raw_from, walk) if raw_from else []
    with_address = [pair for pair in pairs if "@" in pair[1]]
    if not with_address:
        walk.warn("no readable sender address")
        name = pairs[0][0] if pairs else ""
        return name or _header_text(raw_from, "From", walk), ""
    return with_address[0]


def _message_id(value: str, raw: bytes) -> str:
    ids = _message_ids(value)
    if ids:
        return ids[0]
    token = value.strip().strip("<>").split()
    return token[0] if token else missing_id(raw)


def missing_id(raw: bytes) -> str:
    """The id of a mail without a Message-ID: the same whenever the same bytes are read."""
    return f"{hashlib.sha1(raw).hexdigest()}@missing"


def _message_ids(value: str) -> list[str]:
    return _MESSAGE_ID.findall(value)


def _references(value: str) -> tuple[str, ...]:
    ids = list(dict.fromkeys(_message_ids(value)))
    if len(ids) > _MAX_REFERENCES:  # keep the thread root and the newest ones
        ids = ids[:1] + ids[-(_MAX_REFERENCES - 1) :]
    return tuple(ids)


def _sent_at(headers: _Headers, walk: _Walk) -> datetime:
    parsed = _parse_date(headers.plain("date"))
    if parsed is not None:
        return parsed
    received = headers.plain("received")
    parsed = _parse_date(received.rsplit(";", 1)[-1]) if ";" in received else None
    if parsed is not None:
        walk.warn("Date missing or unreadable; used the time the server received it")
        return parsed
    walk.warn("Date missing or unreadable; shown as 1970-01-01")
    return EPOCH


def _parse_date(value: str) -> datetime | None:
    value = " ".join(value.split())
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except (ValueError, TypeError, IndexError, OverflowError):
        return None


def _raw_body(raw: bytes) -> str:
    separator = b"\r\n\r\n" if b"\r\n\r\n" in raw else b"\n\n"
    text, _ = decode_bytes(raw.split(separator, 1)[-1], None)
    return _cap(text)


def _body(std: StdMessage, walk: _Walk) -> tuple[str, str | None]:
    _collect(std, 0, walk)
    from supportdesk_tui.htmltext import html_to_text  # lxml: only when bodies are parsed

    texts = (text if kind == "text/plain" else html_to_text(text) for kind, text in walk.pieces)
    body = "\n\n".join(text.strip("\n") for text in texts if text.strip())
    return _cap(body), _cap(walk.html) if walk.html is not None else None


def _cap(text: str) -> str:
    if len(text) <= MAX_BODY_CHARS:
        return text
    cut = text.rfind("\n", 0, MAX_BODY_CHARS)
    return text[: cut if cut > 0 else MAX_BODY_CHARS] + "\n" + BODY_TRUNCATED_NOTE


def _collect(part: StdMessage, depth: int, walk: _Walk) -> None:
    """Walk the tree: text goes to walk.plain/html, files to walk.attachments."""
    walk.parts += 1
    if walk.parts > MAX_PARTS:
        walk.warn(f"more than {MAX_PARTS} MIME parts; the rest is not shown")
        return
    if part.get_content_type() == "message/rfc822":
        _add_attachment(part, walk)
    elif part.is_multipart():
        _collect_children(part, depth, walk)
    else:
        _collect_leaf(part, walk)


def _collect_children(part: StdMessage, depth: int, walk: _Walk) -> None:
    if depth >= MAX_DEPTH:
        walk.warn(f"MIME parts nested deeper than {MAX_DEPTH}; inner parts not shown")
        return
    payload = part.get_payload()
    children = [child for child in payload if isinstance(child, StdMessage)]
    if part.get_content_subtype() != "alternative":
        for child in children:
            _collect(child, depth + 1, walk)
        return
    outer, walk.pieces = walk.pieces, []
    for child in children:
        _collect(child, depth + 1, walk)
    walk.pieces = outer + _chosen_alternative(walk.pieces)


def _chosen_alternative(pieces: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Plain text unless it is empty, else the HTML."""
    plain = [piece for piece in pieces if piece[0] == "text/plain" and piece[1].strip()]
    return plain[:1] or [piece for piece in pieces if piece[0] == "text/html"][:1]


def _collect_leaf(part: StdMessage, walk: _Walk) -> None:
    content_type = part.get_content_type()
    filename = _filename(part, walk)
    disposition = part.get_content_disposition()
    if content_type in ("text/plain", "text/html") and not filename and disposition != "attachment":
        text = _part_text(part, walk)
        if content_type == "text/html" and walk.html is None:
            walk.html = text
        walk.pieces.append((content_type, _unflowed(part, text)))
    elif filename or disposition == "attachment":
        _add_attachment(part, walk)


def _part_text(part: StdMessage, walk: _Walk) -> str:
    data = _payload_bytes(part, walk)
    try:
        charset = part.get_content_charset()
    except Exception:  # a mangled Content-Type parameter list
        charset = None
    text, warning = decode_bytes(data, charset)
    if warning:
        walk.warn(f"body: {warning}")
    return text.replace("\r\n", "\n")


def _payload_bytes(part: StdMessage, walk: _Walk) -> bytes:
    payload = part.get_payload(decode=True)
    if any("Base64" in type(defect).__name__ for defect in part.defects):
        walk.warn("broken base64 in a part; decoded what could be read")
    if isinstance(payload, bytes):
        return payload
    return b""


def _unflowed(part: StdMessage, text: str) -> str:
    """RFC 3676 format=flowed text joined back into paragraphs."""
    if part.get_content_type() != "text/plain":
        return text
    try:
        flowed = str(part.get_param("format", "")).lower() == "flowed"
        delsp = str(part.get_param("delsp", "")).lower() == "yes"
    except Exception:  # a mangled Content-Type parameter list
        return text
    return unflow(text, delsp=delsp) if flowed else text


def _filename(part: StdMessage, walk: _Walk) -> str:
    try:
        name = _with_8bit_decoded(part).get_filename() or ""
    except Exception:  # a broken RFC 2231 parameter
        walk.warn("an attachment name could not be read")
        return ""
    text, warning = decode_header(str(name))
    if warning:
        walk.warn(f"attachment name: {warning}")
    return text.strip()


def _with_8bit_decoded(part: StdMessage) -> StdMessage:
    """`part`, or a copy of its Content-* headers with raw 8-bit bytes (a bare UTF-8 file name)
    decoded first: compat32 would turn them into U+FFFD."""
    wanted = ("content-type", "content-disposition")
    headers = [(name, str(value)) for name, value in part.raw_items() if name.lower() in wanted]
    if not any(has_raw_bytes(value) for _, value in headers):
        return part
    view = StdMessage()
    for name, value in headers:
        view[name] = decode_header(value, encoded_words=False)[0]
    return view


def _add_attachment(part: StdMessage, walk: _Walk) -> None:
    content_type = part.get_content_type()
    if content_type == "message/rfc822":
        data = _attached_message_bytes(part, walk)
    else:
        data = _payload_bytes(part, walk)
    name = _filename(part, walk) or "attachment" + (mimetypes.guess_extension(content_type) or "")
    walk.attachments.append(Attachment(name, content_type, len(data), data=data))


def _attached_message_bytes(part: StdMessage, walk: _Walk) -> bytes:
    payload = part.get_payload()
    inner = payload[0] if isinstance(payload, list) and payload else None
    if not isinstance(inner, StdMessage):
        return b""
    try:
        return inner.as_bytes(policy=policy.compat32)
    except Exception:
        walk.warn("an attached message could not be re-encoded")
        return b""


def _unparseable(
    raw: bytes, account: str, folder: str, uid: int | None, error: Exception
) -> Message:
    """Headers that could not be read: the message still goes in, its body shows the raw text."""
    return Message(
        id=missing_id(raw),
        conversation_id="",
        channel=Channel.EMAIL,
        direction=Direction.INCOMING,
        author_name="",
        author_address="",
        sent_at=EPOCH,
        raw=raw,
        account=account,
        folder=folder,
        uid=uid,
        decode_warning=_unparseable_warning(error),
        body_pending=True,
    )


def _unparseable_warning(error: Exception) -> str:
    return f"the message could not be parsed ({type(error).__name__}); raw text shown"
