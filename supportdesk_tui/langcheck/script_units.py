"""Sentences and the greeting line written in the other script than the reply's.

A Serbian customer gets the whole reply in their script; a Croatian one gets Latin only.
Positive evidence only: a unit (the greeting line or one sentence) is odd when at least
MIN_WORDS of its words are in the other script and they outnumber its words in the wanted
one. Latin words inside a Cyrillic reply count only in lowercase or as the unit's first word:
a capitalised Latin word mid-sentence is a brand or product name ('Mr. Coffee', 'Lumo E27');
URLs, e-mail addresses, domains and code-like tokens are never words here.

Decision: a lone x (Latin x, Cyrillic х or ×) right after a number or between numbers
('2x', '(2 x)', '2 x 3', '3х') or before one ('x2') is a multiplication sign, not a letter,
in either script: it never counts as a word of the other script. A word that mixes the two
scripts ('Кубелковá', 'Пoштовани' with a Latin o) is always wrong: mixed_words finds it.
"""

from __future__ import annotations

import re
from typing import Literal

from supportdesk_tui.langcheck import detect
from supportdesk_tui.langcheck.common import find_greeting, tokenize

Script = Literal["latn", "cyrl"]
MIN_WORDS = 2
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_TIMES = re.compile(r"(?<=\d)[ \t]?[xXхХ×](?![^\W\d_])|(?<![^\W\d_])[xXхХ×](?=[ \t]?\d)")
"""A multiplication sign: '2x', '2 x 3', '(3х)', 'x2'."""
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LETTERS = re.compile(r"[^\W\d_]+")
_CODE_LIKE = re.compile(r"[\w-]+(?:\.[\w-]+)+|\S*\d\S*|\S*[a-z][A-Z]\S*")
"""Domains and file names ('KafaKodKuce.rs'), codes with digits ('E27'), CamelCase brands."""
# A sentence ends at a line break, or at . ! ? before a capital (dates such as '31. 12.
# 2027.' and amounts such as '5.000' stay inside their sentence).
_UNIT_END = re.compile(r"\n|[.!?…]+(?=\s+[^\W\d_])|[.!?…]+\s*$")


def odd_units(text: str, wanted: Script, *, greeting: bool = True) -> list[tuple[int, int]]:
    """Spans of the greeting line (unless greeting=False) and of sentences written in the
    other script."""
    spans = units(text, greeting)
    first = spans[0] if greeting and spans else None
    return [(s, e) for s, e in spans if _odd(text[s:e], wanted, (s, e) == first)]


def units(text: str, with_greeting: bool) -> list[tuple[int, int]]:
    greeting = find_greeting(text)
    spans = [(greeting.start, greeting.end)] if greeting and with_greeting else []
    start = greeting.end if greeting else 0
    for m in _UNIT_END.finditer(text, start):
        spans.append((start, m.end() if m.group() != "\n" else m.start()))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        piece = text[s:e]
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            out.append((s + lead, s + len(piece.rstrip())))
    return out


def _odd(unit: str, wanted: Script, is_greeting: bool = False) -> bool:
    """Enough words of the other script; in a Latin reply one Cyrillic greeting word with no
    Latin one ('Здраво,') is enough (a Latin word in a Cyrillic greeting may be English)."""
    bare = _CODE_LIKE.sub(" ", _TIMES.sub(" ", detect.clean(unit)))
    tokens = [t for t in tokenize(bare) if len(t.text) > 1]
    other = [
        t
        for i, t in enumerate(tokens)
        if _script(t.text) not in (wanted, None)
        and (wanted == "latn" or i == 0 or not t.is_capitalised)
    ]
    own = [t for t in tokens if _script(t.text) == wanted]
    needed = 1 if is_greeting and wanted == "latn" else MIN_WORDS
    return len(other) >= needed and len(other) > len(own)


def _script(word: str) -> Script | None:
    if _CYRILLIC.search(word):
        return "cyrl"
    return "latn" if word.isascii() or any(c.isalpha() for c in word) else None


def mixed_words(text: str) -> list[tuple[int, int]]:
    """Spans of words with letters of both scripts ('Двоřáк', 'Poštovаni' with a Cyrillic а);
    an x glued between a number and a word ('2xлампа') is the multiplication sign."""
    spans = []
    for m in _LETTERS.finditer(text):
        start, word = m.start(), m.group()
        if word[0] in "xXхХ" and text[start - 1 : start].isdigit():
            start, word = start + 1, word[1:]
        if _CYRILLIC.search(word) and _LATIN_LETTER.search(word):
            spans.append((start, m.end()))
    return spans


def majority_script(word: str, tie: Script) -> Script:
    """The script most of word's letters are in; tie when as many are in each."""
    cyr, lat = len(_CYRILLIC.findall(word)), len(_LATIN_LETTER.findall(word))
    return tie if cyr == lat else "cyrl" if cyr > lat else "latn"
