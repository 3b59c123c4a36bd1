"""HTML mail bodies as plain text, through inscriptis (offline; tables and lists keep their layout).

Nothing is fetched: images become "[image: alt]" or vanish (tracking pixels, images without alt),
links keep their visible text followed once by "<url>", scripts, styles and hidden elements are
dropped. Kept apart from bodytext.py so showing a thread never imports lxml and inscriptis.
"""

from __future__ import annotations

import html as html_lib
import logging
import re

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
