"""Outside text (mail, chat, file names) made safe to print in a terminal.

What goes: terminal escape sequences (CSI, OSC incl. hyperlinks and clipboard writes, DCS, APC,
PM, SOS and other ESC sequences, in their 7-bit and 8-bit forms), C0 controls except newline and
tab, C1 controls, lone surrogates and invisible Unicode "tag" characters. Bidi embedding, override
and isolate controls and the LRM/RLM/ALM marks are *removed*, not shown: a removed override can no
longer reorder what the agent sees, and showing a placeholder would clutter Arabic or Hebrew
signatures for no gain. Line ends become "\\n" and tabs are expanded. Names and subjects
(`clean_name`) also lose every invisible character (format characters such as zero-width
spaces, soft hyphens and invisible operators, blank Hangul fillers), which could make one
sender pass for another.

Rich markup such as "[bold]" is left alone on purpose: the UI renders outside text literally.
"""

from __future__ import annotations

import re
import unicodedata

TAB_SIZE = 8
ELLIPSIS = "…"
_ONE_LINE_SCAN = 4096

# A string sequence (OSC, DCS, SOS, PM, APC) runs to BEL or ST. An unterminated one is cut at the
# end of its line: the payload (e.g. base64 for the clipboard) goes, the rest of the mail stays.
# Their 8-bit introducers are removed as single C1 characters instead: a stray one in a mis-decoded
# mail must not eat the rest of a line, and once removed nothing is left to interpret.
_STRING_SEQUENCE = r"\x1b[\]PX^_][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
_CSI = r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
_OTHER_ESCAPE = r"\x1b[ -/]*[0-~]?"
_ESCAPES = re.compile(f"{_STRING_SEQUENCE}|{_CSI}|{_OTHER_ESCAPE}")

_BIDI = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_TAGS = "\U000e0000-\U000e007f"
# Invisible in body text and of no use there; joiners (U+200C, U+200D) stay: emoji need them.
_INVISIBLE = "\u200b\u2060\ufeff"
_CONTROLS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_TAGS}{_INVISIBLE}]+")
_SURROGATES = re.compile("[\ud800-\udfff]")
# In a name nothing invisible has a use, and each lets a stranger pass for someone else
# ("Sup\u00adport"): every format character (category Cf: zero-width, soft hyphen, invisible
# operators, Mongolian vowel separator, ...), the blank Hangul fillers and the combining
# grapheme joiner. Ranges as of Unicode 15; test_safetext checks them against unicodedata.
_HIDDEN_IN_NAMES = re.compile(
    "[\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u180e"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f]+"
)
_WHITESPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """Return `text` with nothing a terminal would interpret: see the module docstring."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    if "\x1b" in text or "\x9b" in text:
        text = _ESCAPES.sub("", text)
    text = _CONTROLS.sub("", text)
    text = _SURROGATES.sub("\ufffd", text)
    if "\t" in text:
        text = text.expandtabs(TAB_SIZE)
    return text


def clean_name(text: str) -> str:
    """A name or subject on one line: cleaned, invisible characters gone, whitespace collapsed."""
    text = _HIDDEN_IN_NAMES.sub("", clean(text))
    return _WHITESPACE.sub(" ", text).strip()


def one_line(text: str, width: int) -> str:
    """`text` as one line of at most `width` terminal cells, cut with '…' when longer."""
    if width <= 0:
        return ""
    # Only the start can show: a 10 MB body is not cleaned whole for an 80-cell preview.
    text = clean_name(text[: _ONE_LINE_SCAN + 4 * width])
    if len(text) <= width and text.isascii():
        return text
    cells = 0
    for index, char in enumerate(text):
        cells += cell_width(char)
        if cells > width:
            return _cut(text[:index], width - 1) + ELLIPSIS
    return text


def cell_width(char: str) -> int:
    """Terminal cells one character takes: 0 for combining marks, 2 for wide East Asian ones."""
    if char.isascii():
        return 1
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _cut(text: str, width: int) -> str:
    """The longest prefix of `text` that fits in `width` cells."""
    cells = 0
    for index, char in enumerate(text):
        cells += cell_width(char)
        if cells > width:
            return text[:index]
    return text
