"""Raw mail bytes -> our Message: headers, charsets, body, attachments. Never raises.

The stdlib `email` parser finds the structure and undoes transfer encodings. It runs with
policy.compat32 first: header values are taken raw (`raw_items`) and decoded here anyway, and
policy.default re-parses every header on access, which made a 10,000-part mail take 2.9 s instead
of 0.3 s. If compat32 trips, policy.default gets a second try; if that fails too, the raw text is
shown. Our header decoder guesses the charset of 8-bit bytes and mislabelled encoded words the same
way as for bodies (`decode_bytes`). Whatever had to be guessed is named in
`Message.decode_warning`. A missing or unreadable Date falls back to the first (newest) Received
header, then to 1970-01-01 UTC, with a warning either way: `Message.sent_at` cannot be None.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import email
import email.utils
import hashlib
import logging
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import Message as StdMessage
from email.parser import BytesParser
from email.policy import Policy

from supportdesk_tui.bodytext import unflow
from supportdesk_tui.domain.models import Attachment, Channel, Direction, Message
from supportdesk_tui.htmltext import html_to_text

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


def parse_message(
    raw: bytes,
    *,
    account: str = "",
    folder: str = "",
    uid: int | None = None,
    our_addresses: frozenset[str] = frozenset(),
) -> Message:
    """Our Message for `raw`; a broken mail gives what could be read and a decode_warning."""
    try:
        return _parse(raw, account, folder, uid, our_addresses, policy.compat32)
    except Exception as error:  # compat32 tripped on something: policy.default parses differently
        logger.info(
            "retrying message %s/%s uid=%s with policy.default: %r", account, folder, uid, error
        )
    try:
        return _parse(raw, account, folder, uid, our_addresses, policy.default)
    except Exception as error:  # last line of defence: a stranger's bytes must not stop a sync
        logger.warning("unparseable message %s/%s uid=%s: %r", account, folder, uid, error)
        return _unparseable(raw, account, folder, uid, error)


def recipients(raw: bytes) -> tuple[str, ...]:
    """Lower-cased To, Cc and Bcc addresses of `raw`, in order, without duplicates."""
    try:
        return _recipients(
            _Headers(BytesParser(policy=policy.compat32).parsebytes(raw, headersonly=True))
        )
    except Exception as error:
        logger.warning("unreadable recipients: %r", error)
        return ()


def _recipients(headers: _Headers) -> tuple[str, ...]:
    found: list[str] = []
    for name in ("to", "cc", "bcc"):
        for value in headers.all(name):
            found += [address for _, address in _addresses(value)]
    return tuple(dict.fromkeys(found))


def _parse(
    raw: bytes,
    account: str,
    folder: str,
    uid: int | None,
    our_addresses: frozenset[str],
    mail_policy: Policy,
) -> Message:
    walk = _Walk()
    if mail_policy is not policy.compat32:
        walk.warn("malformed MIME structure; read a second time")
    std, complete = _read_structure(raw, walk, mail_policy)
    headers = _Headers(std)
    author_name, author_address = _author(headers, walk)
    body_text, body_html = _body(std, walk) if complete else (_raw_body(raw), None)
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
        body_text=body_text,
        body_html=body_html,
        attachments=tuple(walk.attachments),
        in_reply_to=next(iter(_message_ids(headers.plain("in-reply-to"))), None),
        references=_references(headers.plain("references")),
        raw=raw,
        account=account,
        folder=folder,
        uid=uid,
        decode_warning="; ".join(walk.warnings) or None,
    )


def _read_structure(raw: bytes, walk: _Walk, mail_policy: Policy) -> tuple[StdMessage, bool]:
    """The parsed mail, and False when only its headers could be parsed."""
    try:
        return email.message_from_bytes(raw, policy=mail_policy), True
    except RecursionError:
        walk.warn("MIME structure nested too deeply; shown as raw text")
        return BytesParser(policy=mail_policy).parsebytes(raw, headersonly=True), False


class _Headers:
    """Raw header values by lower-cased name, as they were in the mail."""

    def __init__(self, std: StdMessage) -> None:
        self._values: dict[str, list[str]] = {}
        for name, value in std.raw_items():
            self._values.setdefault(str(name).lower(), []).append(str(value))

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


def _addresses(value: str, walk: _Walk | None = None) -> list[tuple[str, str]]:
    """(display name, lower-cased address) pairs; names decoded after splitting on commas."""
    unfolded, warning = decode_header(value, encoded_words=False)
    pairs = email.utils.getaddresses([unfolded])
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
    return token[0] if token else f"{hashlib.sha1(raw).hexdigest()}@missing"


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
    if not any(_SURROGATE.search(value) for _, value in headers):
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
    text, _ = decode_bytes(raw[:MAX_BODY_CHARS], None)
    return Message(
        id=f"{hashlib.sha1(raw).hexdigest()}@missing",
        conversation_id="",
        channel=Channel.EMAIL,
        direction=Direction.INCOMING,
        author_name="",
        author_address="",
        sent_at=EPOCH,
        body_text=text,
        raw=raw,
        account=account,
        folder=folder,
        uid=uid,
        decode_warning=f"the message could not be parsed ({type(error).__name__}); raw text shown",
    )


# --- charsets -----------------------------------------------------------------------------------
# Declared charsets lie: Czech mail labelled iso-8859-1 is really windows-1250, UTF-8 travels
# under any label, Russian swings between windows-1251 and KOI8-R. Candidates are scored by how
# much the decoded text looks like our ten languages; a declared regional charset is kept unless
# another scores clearly better.

_SINGLE_BYTE = frozenset(
    {"ascii", "iso8859-1", "cp1252", "iso8859-15", "cp1250", "iso8859-2", "cp1251", "koi8-r"}
    | {"koi8-u", "iso8859-5", "mac-cyrillic", "cp866", "mac-latin2", "iso8859-13", "iso8859-16"}
)
_WESTERN = frozenset({"ascii", "iso8859-1", "cp1252", "iso8859-15"})
"""Labels often put on text in our languages by misconfigured mailers: never trusted."""
_CANDIDATES = ("cp1250", "iso8859-2", "cp1251", "koi8-r", "koi8-u", "cp1252")
_REFUSED_CODECS = frozenset(
    {"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode"}
)
_SAMPLE_BYTES = 64 * 1024
_OVERRIDE_MARGIN = 3

_LATIN = "áäčďéěíĺľňóôŕřšťúůýžąćęłńśźżđöüß" + "àâçèêëîïùûñ"  # ours + French, Spanish
_CYR_LOWER = "а-яёіїєґђјљњћџў"
_CYR_UPPER = "А-ЯЁІЇЄҐЂЈЉЊЋЏЎ"
_LETTERS = f"{_LATIN}{_LATIN.upper()}{_CYR_LOWER}{_CYR_UPPER}"
_PUNCTUATION = "\u00a0„“”‚‘’–—…«»€§°•×·"
_EXPECTED = re.compile(f"[{_LETTERS}]")
_STRANGE = re.compile(f"[^\x00-\x7f{_LETTERS}{_PUNCTUATION}]")
_BROKEN = re.compile("[\x80-\x9f\ufffd]")
# A capital right after a small letter ("úÁËÁÚ" is KOI8-R "Заказ" read as cp1250) is mojibake.
_INNER_UPPER = re.compile(
    f"(?<=[{_CYR_LOWER}{_CYR_UPPER}])[{_CYR_UPPER}]|(?<=[{_LATIN}])[{_LATIN.upper()}]"
)
_MIXED_SCRIPT = re.compile(f"[a-zA-Z][{_CYR_LOWER}{_CYR_UPPER}]|[{_CYR_LOWER}{_CYR_UPPER}][a-zA-Z]")
_SURROGATE = re.compile("[\udc80-\udcff]")


def decode_bytes(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """`data` as text, and a warning when the charset had to be guessed."""
    codec = _codec(declared)
    unknown = f"unknown charset {declared!r}" if declared and codec is None else None
    if codec is not None and codec not in _SINGLE_BYTE and codec != "utf-8":
        text = data.decode(codec, errors="replace")
        return text, f"invalid {codec} bytes replaced" if "\ufffd" in text else None
    if data.isascii():
        return data.decode("ascii"), None
    if _is_utf8(data):
        mislabelled = codec not in (None, "utf-8")
        return data.decode("utf-8"), _guessed(declared, unknown, "utf-8", mislabelled)
    if codec in (None, "utf-8") and _mostly_utf8(data[:_SAMPLE_BYTES]):
        return data.decode("utf-8", errors="replace"), _join(
            unknown, "invalid UTF-8 bytes replaced"
        )
    chosen = _best_charset(data[:_SAMPLE_BYTES], codec)
    text = data.decode(chosen, errors="replace")
    return text, None if chosen == codec else _guessed(declared, unknown, chosen, True)


def _guessed(declared: str | None, unknown: str | None, chosen: str, shown: bool) -> str | None:
    if unknown:
        return f"{unknown}; read as {chosen}"
    if not shown:
        return None
    return (
        f"declared {declared} but read as {chosen}" if declared else f"no charset; read as {chosen}"
    )


def _codec(declared: str | None) -> str | None:
    if not declared:
        return None
    name = declared.strip().strip("\"'").lower()
    for candidate in (name, re.sub(r"^(?:x-)?(?:cp|win|windows)[-_]?(\d{3,4})$", r"cp\1", name)):
        try:
            info = codecs.lookup(candidate)
        except (LookupError, ValueError):
            continue
        if getattr(info, "_is_text_encoding", True) and info.name not in _REFUSED_CODECS:
            return info.name
    return None


def _join(*warnings: str | None) -> str:
    return "; ".join(warning for warning in warnings if warning)


def _mostly_utf8(sample: bytes) -> bool:
    """UTF-8 with a few broken bytes (a cut sequence, a bad QP escape), not a legacy charset."""
    text = sample.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    good = sum(not char.isascii() for char in text) - broken
    return good > 0 and good >= broken


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _best_charset(sample: bytes, codec: str | None) -> str:
    order = [codec] if codec and codec != "ascii" else []
    order += [name for name in _CANDIDATES if name != codec]
    scores = {name: _plausibility(sample.decode(name, errors="replace")) for name in order}
    best = max(order, key=lambda name: scores[name])  # max keeps the first of equals
    trusted = codec in scores and codec not in _WESTERN
    if trusted and codec and scores[best] < scores[codec] + _OVERRIDE_MARGIN:
        return codec
    return best


def _plausibility(text: str) -> int:
    """How much `text` looks like one of our languages: letters up, mojibake down."""
    good = len(_EXPECTED.findall(text)) - len(_INNER_UPPER.findall(text))
    bad = len(_STRANGE.findall(text)) + 4 * len(_BROKEN.findall(text))
    return good - bad - 2 * len(_MIXED_SCRIPT.findall(text))


# --- headers ------------------------------------------------------------------------------------

_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=")


def decode_header(value: str, *, encoded_words: bool = True) -> tuple[str, str | None]:
    """A raw header value as text (unfolded, 8-bit bytes and RFC 2047 words decoded)."""
    text = re.sub(r"[\r\n]+", " ", re.sub(r"\r?\n(?=[ \t])", "", value))
    warnings: list[str] = []
    if _SURROGATE.search(text):
        text, warning = decode_bytes(text.encode("utf-8", "surrogateescape"), None)
        warnings += [f"8-bit header: {warning}"] if warning else []
    if encoded_words and "=?" in text:
        text = _decode_words(text, warnings)
    return text, "; ".join(dict.fromkeys(warnings)) or None


def _decode_words(text: str, warnings: list[str]) -> str:
    pieces: list[str] = []
    run: tuple[str, bytes] | None = None
    position = 0
    for match in _ENCODED_WORD.finditer(text):
        gap = text[position : match.start()]
        charset = match.group(1).split("*")[0]
        if run is not None and (gap.strip() or charset.lower() != run[0].lower()):
            pieces.append(_decode_run(run, warnings))
            run = None
        if run is None:
            pieces.append(gap)  # whitespace between adjacent encoded words is dropped
        data = _word_bytes(match.group(2).upper(), match.group(3))
        run = (charset, run[1] + data) if run is not None else (charset, data)
        position = match.end()
    if run is not None:
        pieces.append(_decode_run(run, warnings))
    pieces.append(text[position:])
    return "".join(pieces)


def _decode_run(run: tuple[str, bytes], warnings: list[str]) -> str:
    text, warning = decode_bytes(run[1], run[0])
    if warning:
        warnings.append(warning)
    return text


def _word_bytes(encoding: str, payload: str) -> bytes:
    if encoding == "Q":
        raw = payload.replace("_", " ").encode("utf-8", "surrogateescape")
        return re.sub(rb"=([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
    payload = re.sub(r"[^A-Za-z0-9+/]", "", payload)
    payload = payload[: len(payload) - (len(payload) % 4 == 1)]
    try:
        return base64.b64decode(payload + "=" * (-len(payload) % 4))
    except (binascii.Error, ValueError):
        return b""
