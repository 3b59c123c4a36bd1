"""Mail bodies made readable: HTML to plain text, and plain text split into body, quote, signature.

HTML goes through inscriptis (offline; tables and lists keep their layout). Nothing is fetched:
images become "[image: alt]" or vanish (tracking pixels, images without alt), links keep their
visible text followed once by "<url>", scripts, styles and hidden elements are dropped.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from dataclasses import dataclass
from enum import StrEnum

import lxml.html
from inscriptis import Inscriptis
from inscriptis.model.config import ParserConfig
from lxml import etree

logger = logging.getLogger(__name__)

MAX_HTML_CHARS = 512 * 1024  # about 0.5 s of rendering; Gmail clips at 102 KB
TRUNCATED_NOTE = "[… truncated]"
_DROPPED_TAGS: tuple[str, ...] = (
    "head",
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
)
_DROPPED_TAGS += ("svg", "math", "canvas", "audio", "video", "button", "select")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TINY = re.compile(r"^\s*[01](\.0*)?\s*(px)?\s*$")
_LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_HIDDEN_DELIMITER = re.compile(
    r"(?i)(<(?:script|style|head)\b|</(?:script|style|head)\b[^<>]*>?|<!--|-->)"
)
_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(?:p|div|tr|li|h[1-6]|table)\s*>")
_TAG = re.compile(r"<[^<>]*>")


def html_to_text(html: str) -> str:
    """Readable plain text for an HTML body; never raises on bad HTML."""
    truncated = len(html) > MAX_HTML_CHARS
    if truncated:
        html = html[:MAX_HTML_CHARS]
    try:
        text = _render(html)
    except (RecursionError, etree.LxmlError, ValueError) as error:
        logger.info("HTML body rendered by tag stripping (%s)", type(error).__name__)
        text = strip_tags(html)
    text = _tidy(text)
    return f"{text}\n{TRUNCATED_NOTE}" if truncated else text


def strip_tags(html: str) -> str:
    """Crude but unbreakable fallback: drop scripts, styles and tags, break lines at blocks.

    Every step is linear, so unclosed "<script" or "<!--" runs cannot make it crawl.
    """
    html = _drop_hidden_blocks(html)
    html = _BLOCK_END.sub("\n", html)
    return html_lib.unescape(_TAG.sub("", html))


def _drop_hidden_blocks(html: str) -> str:
    kept: list[str] = []
    closing: str | None = None
    for index, token in enumerate(_HIDDEN_DELIMITER.split(html)):
        is_delimiter = index % 2 == 1
        lowered = token.lower()
        if closing is not None:
            if is_delimiter and lowered.startswith(closing):
                closing = None
        elif not is_delimiter:
            kept.append(token)
        elif lowered == "<!--":
            closing = "-->"
        elif not lowered.startswith(("</", "-->")):
            closing = "</" + lowered[1:]
    return "".join(kept)


def _render(html: str) -> str:
    if not html.strip():
        return ""
    parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, no_network=True)
    tree = lxml.html.document_fromstring(html, parser=parser)
    _drop_unsafe(tree)
    _show_link_targets(tree)
    _replace_images(tree)
    return str(Inscriptis(tree, ParserConfig(display_images=False, display_links=False)).get_text())


def _drop_unsafe(tree: lxml.html.HtmlElement) -> None:
    doomed = [el for el in tree.iter(*_DROPPED_TAGS) if el is not tree]
    doomed += [el for el in tree.iter() if _is_hidden(el) and el is not tree]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _is_hidden(element: lxml.html.HtmlElement) -> bool:
    if not isinstance(element.tag, str):
        return False
    return element.get("hidden") is not None or bool(_HIDDEN_STYLE.search(element.get("style", "")))


def _show_link_targets(tree: lxml.html.HtmlElement) -> None:
    for link in tree.iter("a"):
        href = (link.get("href") or "").strip()
        if not href.lower().startswith(_LINK_SCHEMES):
            continue
        target = href.split(":", 1)[1] if href.lower().startswith(("mailto:", "tel:")) else href
        visible = " ".join(link.text_content().split())
        if _same_target(visible, target):
            continue
        link.tail = f" <{target}>" + (link.tail or "")


def _same_target(visible: str, target: str) -> bool:
    def bare(url: str) -> str:
        return re.sub(r"^[a-z]+://(www\.)?", "", url.lower()).rstrip("/")

    return bool(visible) and bare(visible) == bare(target)


def _replace_images(tree: lxml.html.HtmlElement) -> None:
    for image in list(tree.iter("img")):
        alt = " ".join((image.get("alt") or "").split())
        note = f"[image: {alt}]" if alt and not _is_tracking_pixel(image) else ""
        image.tail = note + (image.tail or "")
        image.drop_tree()


def _is_tracking_pixel(image: lxml.html.HtmlElement) -> bool:
    sizes = [image.get("width", ""), image.get("height", "")]
    sizes += re.findall(r"(?:width|height)\s*:\s*([^;]+)", image.get("style", ""))
    return any(_TINY.match(size) for size in sizes if size)


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


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
