"""Plain-text mail bodies made readable: flowed lines joined; body, quote, signature apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


def unflow(text: str, *, delsp: bool = False) -> str:
    """Join RFC 3676 format=flowed soft line breaks (a line ending in a space) into paragraphs."""
    out: list[str] = []
    pending: str | None = None
    pending_quote = ""
    for line in text.replace("\r\n", "\n").split("\n"):
        content = line.lstrip(">")
        quote = line[: len(line) - len(content)]
        content = content.removeprefix(" ")  # space-stuffing
        if pending is not None:
            if quote == pending_quote:
                content = pending + content
            else:
                out.append(_requote(pending_quote, pending))
            pending = None
        if content.endswith(" ") and content != "-- ":
            pending, pending_quote = (content[:-1] if delsp else content), quote
        else:
            out.append(_requote(quote, content))
    if pending is not None:
        out.append(_requote(pending_quote, pending))
    return "\n".join(out)


def _requote(quote: str, content: str) -> str:
    return f"{quote} {content}" if quote and content else quote + content


class SegmentKind(StrEnum):
    BODY = "body"
    QUOTE = "quote"
    """Quoted history: '>' lines and everything after a reply or forward header."""
    SIGNATURE = "signature"


@dataclass(frozen=True)
class Segment:
    kind: SegmentKind
    text: str


def segments(text: str) -> list[Segment]:
    """Split a plain-text body into body, quote and signature runs, in order."""
    lines = text.replace("\r\n", "\n").split("\n")
    kinds = _line_kinds(lines)
    result: list[Segment] = []
    start = 0
    for index in range(1, len(lines) + 1):
        if index == len(lines) or kinds[index] != kinds[start]:
            chunk = "\n".join(lines[start:index])
            if chunk.strip():
                result.append(Segment(kinds[start], chunk.strip("\n")))
            start = index
    return result or [Segment(SegmentKind.BODY, text.strip("\n"))]


# Reply headers end with a "wrote" verb and a colon ("napsal(a):", "написав(ла):", "napisao je:").
_VERBS = (
    "wrote|napsal|napsala|napísal|napísala|pisze|napisał|napisała|napisao|napisala|napisal"
    "|написал|написала|написав|написа|напиша|пишет|пише|написао|schrieb|a écrit"
)
_VERB_WORD = re.compile(rf"(?i)(?:{_VERBS})[^\s:]{{0,6}}")
_DIGIT = re.compile(r"\d")
_TIME = re.compile(r"\d{1,2}[:.]\d{2}")
# Gmail in ru/de and Yandex/Mail.ru end the header with the address: "..., Ivan <i@x.ru>:".
_ADDRESS_END = re.compile(r"<[^<>\s@]+@[^<>\s]+>:$")
_TAIL = 60
_SEPARATOR = re.compile(
    r"(?i)^\s*[-_=*]{2,}\s*(?:original message|původní zpráva|původní e-mail|pôvodná správa"
    r"|oryginalna wiadomość|wiadomość oryginalna|исходное сообщение|исходное письмо"
    r"|оригинальное сообщение|вихідне повідомлення|оригінальне повідомлення"
    r"|оригинално съобщение|originalna poruka|оригинална порука|izvorna poruka"
    r"|izvirno sporočilo|originalnachricht|ursprüngliche nachricht|forwarded message"
    r"|přeposlaná zpráva|preposlaná správa|przekazana wiadomość|wiadomość przekazana"
    r"|пересылаемое сообщение|переслане повідомлення|препратено съобщение|prosleđena poruka"
    r"|прослеђена порука|proslijeđena poruka|posredovano sporočilo|weitergeleitete nachricht)"
    r"\s*[-_=*]{2,}\s*$"
)
_FORWARD_INTRO = re.compile(
    r"(?i)^\s*(?:begin forwarded message|začátek přeposílané zprávy|začiatok preposlanej správy"
    r"|początek przekazywanej wiadomości|начало пересылаемого сообщения"
    r"|початок пересланого повідомлення|начало на препратеното съобщение"
    r"|anfang der weitergeleiteten nachricht)\s*:\s*$"
)
_FROM_LINE = re.compile(
    r"(?i)^\s*\*?(?:from|od|von|от|від|šalje|шаље|pošiljatelj|pošiljalac|пошиљалац|nadawca"
    r"|odesílatel|odosielateľ)\s*\*?\s*:\s*\S"
)
_SENT_LINE = re.compile(
    r"(?i)^\s*\*?(?:sent|date|odesláno|odoslané|datum|dátum|wysłano|wysłane|data|отправлено"
    r"|дата|надіслано|изпратено|poslato|poslano|послато|gesendet)\s*\*?\s*:"
)
_RULE = re.compile(r"^\s*[-_=]{10,}\s*$")
_MOBILE_FOOTER = re.compile(
    r"(?i)^\s*(?:sent from|sent with|get outlook for|odesláno z|odeslané z|odoslané z"
    r"|wysłane z|wysłano z|отправлено с|отправлено из|надіслано з|надіслано із|изпратено от"
    r"|изпратено с|poslato sa|poslato iz|послато са|послато из|poslano s|poslano iz|poslano z"
    r"|gesendet von|von meinem)\b.{0,60}$"
)
_SIGNATURE_DELIMITER = "-- "
_HEADER_WINDOW = 3
_MIN_HEADER_CHARS = 8  # "From: x@" or "--- x ---" and longer
_MAX_HEADER_CHARS = 1000
_MAX_FOOTER_CHARS = 100


def _line_kinds(lines: list[str]) -> list[SegmentKind]:
    header = _first_header(lines)
    kinds: list[SegmentKind] = []
    in_signature = False
    for line in lines[:header]:
        in_signature = in_signature or line.rstrip("\r") == _SIGNATURE_DELIMITER
        if line.startswith(">"):
            kinds.append(SegmentKind.QUOTE)
        else:
            kinds.append(SegmentKind.SIGNATURE if in_signature else SegmentKind.BODY)
    _mark_mobile_footer(lines, kinds)
    return kinds + [SegmentKind.QUOTE] * (len(lines) - header)


def _first_header(lines: list[str]) -> int:
    """Index of the line where quoted history starts, or len(lines)."""
    for index, line in enumerate(lines):
        if line.startswith(">") or not _MIN_HEADER_CHARS <= len(line) <= _MAX_HEADER_CHARS:
            continue
        if _SEPARATOR.match(line) or _FORWARD_INTRO.match(line) or _is_reply_header(lines, index):
            return index
        if _is_outlook_block(lines, index):
            return index - 1 if index and _RULE.match(lines[index - 1]) else index
    return len(lines)


def _is_reply_header(lines: list[str], index: int) -> bool:
    """A header on this line, or wrapped over the next two (Gmail wraps long ones)."""
    window = ""
    for line in lines[index : index + _HEADER_WINDOW]:
        if line.startswith(">") or not line.strip():
            return False
        window = f"{window} {line.strip()}" if window else line.strip()
        if window.endswith(":"):  # a header ends here or this is not one
            return len(window) <= 500 and _looks_like_header(window)
    return False


def _looks_like_header(window: str) -> bool:
    """A dated line ending in a "wrote" verb or in an address, then a colon."""
    if window.endswith(">:") and _ADDRESS_END.search(window[-_TAIL:]):
        return _DIGIT.search(window) is not None
    words = window[:-1].rsplit(None, 2)[-2:]
    if words and words[-1].lower() == "je":
        words.pop()
    if not words or not _VERB_WORD.fullmatch(words[-1]):
        return False
    return "@" in window or _TIME.search(window) is not None


def _is_outlook_block(lines: list[str], index: int) -> bool:
    if ":" not in lines[index] or not _FROM_LINE.match(lines[index]):
        return False
    return any(_SENT_LINE.match(line) for line in lines[index + 1 : index + 5])


def _mark_mobile_footer(lines: list[str], kinds: list[SegmentKind]) -> None:
    """'Sent from my iPhone' and friends, as the last non-blank body line, are a signature."""
    for index in range(len(kinds) - 1, -1, -1):
        if not lines[index].strip():
            continue
        short = len(lines[index]) <= _MAX_FOOTER_CHARS
        if short and kinds[index] is SegmentKind.BODY and _MOBILE_FOOTER.match(lines[index]):
            kinds[index] = SegmentKind.SIGNATURE
        return
