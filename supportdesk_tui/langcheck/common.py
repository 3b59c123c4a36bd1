"""Helpers shared by the per-language modules: words with spans, the greeting line, names.

Stable API (other language modules rely on it):
  Token, tokenize(text, start, end), Greeting, find_greeting(text), fold(text),
  same_name(word, name), name_part(word, person), keep_case(form, like),
  finding(code, message, token_or_span, suggestion), word_set(spaced),
  looks_inflected(written, name), split_clauses(text, abbreviations).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from supportdesk_tui.langcheck.base import Code, Finding, Person

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_GREETING_STOP = re.compile(r"[.!?](?:\s|$)|\n")
GREETING_MAX_CHARS = 120
"""A first line longer than this is cut: names in the greeting come early."""


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.casefold()

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Words (letters, inner apostrophes and hyphens) of text[start:end] with absolute spans."""
    stop = len(text) if end is None else end
    return [Token(m.group(), m.start(), m.end()) for m in _WORD.finditer(text, start, stop)]


@dataclass(frozen=True)
class Greeting:
    """The opening line of a draft, up to its first sentence end."""

    start: int
    end: int
    tokens: tuple[Token, ...]
    text: str

    def following_char(self, token: Token) -> str:
        """The first non-space character after token inside the greeting ('' at its end)."""
        rest = self.text[token.end - self.start :].lstrip(" \t")
        return rest[:1]


_ABBREVIATED_TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "mx",
        "prof",
        "ing",
        "mgr",
        "bc",
        "mudr",
        "judr",
        "phdr",
        "rndr",
        "doc",
        "dipl",
        "st",
        "nr",
        "no",
        "č",
    ]
)
"""'Dear Mr. Smith', 'Vážený pane Ing. Nováku': a period after these does not end the line."""


def _greeting_end(text: str, start: int) -> int:
    for m in _GREETING_STOP.finditer(text, start):
        before = text[start : m.start()].split()
        word = before[-1].casefold().lstrip("(") if before else ""
        if m.group().startswith(".") and (word in _ABBREVIATED_TITLES or len(word) == 1):
            continue
        return m.start()
    return len(text)


def find_greeting(text: str) -> Greeting | None:
    """The first non-blank line, cut at a sentence end ('.', '!', '?' then space) or 120 chars."""
    start = len(text) - len(text.lstrip())
    if start >= len(text):
        return None
    end = _greeting_end(text, start)
    end = min(end, start + GREETING_MAX_CHARS)
    return Greeting(start, end, tuple(tokenize(text, start, end)), text[start:end])


def word_set(spaced: str) -> frozenset[str]:
    """A set of words written as one spaced string (keeps long word tables compact)."""
    return frozenset(spaced.split())


_CLAUSE_BOUNDARY = re.compile(r"[.!?;,:\n]")
_ABBREVIATION_GAP = re.compile(r"^\.?\s*[\d\s/-]*$")


def split_clauses(text: str, abbreviations: frozenset[str] = frozenset()) -> list[list[Token]]:
    """Words grouped into clauses (split at . ! ? ; : , and line breaks).

    After an abbreviation such as 'č.' or 'nr' the period and a number do not end the clause
    ('Vaše objednávka č. 48213 byla ...').
    """
    clauses: list[list[Token]] = [[]]
    tokens = tokenize(text)
    for prev, token in zip([None, *tokens], tokens, strict=False):
        if prev is not None:
            gap = text[prev.end : token.start]
            after_abbreviation = prev.lower in abbreviations and _ABBREVIATION_GAP.match(gap)
            if _CLAUSE_BOUNDARY.search(gap) and not after_abbreviation:
                clauses.append([])
        clauses[-1].append(token)
    return [c for c in clauses if c]


def fold(text: str) -> str:
    """Casefolded, without diacritics: 'Vondráček' -> 'vondracek'."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def same_name(word: str, name: str) -> bool:
    """True when word looks like an inflected form of name ('Vondráčku' of 'Vondráček').

    Slavic vocatives change at most the last two or three letters of the stem
    ('Petr' -> 'Petře', 'Karel' -> 'Karle', 'Marek' -> 'Marku', 'Мирон' -> 'Мироне').
    """
    w, n = fold(word), fold(name)
    if not w or not n:
        return False
    if w == n:
        return True
    shorter = min(len(w), len(n))
    if shorter < 3 or abs(len(w) - len(n)) > 3:
        return False
    return _common_prefix(w, n) >= max(2, shorter - 2)


def name_part(word: str, person: Person) -> Literal["first", "last"] | None:
    """Which of the customer's names word is a form of: exact match first, else the name
    sharing the longer beginning with it ('Tomáši' is Tomáš, not Tóth)."""
    first, last = person.first_name or "", person.last_name or ""
    w = fold(word)
    if first and fold(first) == w:
        return "first"
    if last and fold(last) == w:
        return "last"
    candidates = [
        (_common_prefix(w, fold(name)), part)
        for name, part in ((last, "last"), (first, "first"))
        if name and same_name(word, name)
    ]
    if not candidates:
        return None
    best = max(candidates, key=lambda c: c[0])
    return "last" if best[1] == "last" else "first"


def looks_inflected(written: str, name: str) -> bool:
    """written is name with a Slavic case ending added ('Olivere', 'Petre', 'Jano' for 'Jana').

    For languages that keep the nominative: such a form is an error, while diminutives and
    nicknames ('Peťo', 'Ollie', 'Janko') are not judged.
    """
    w, n = fold(written), fold(name)
    if len(n) < 2 or w == n:
        return False
    forms = {n + e for e in ("e", "u", "i", "ie", "em", "a", "ovi")}
    if n.endswith("a"):
        forms |= {n[:-1] + e for e in ("o", "e", "u", "y", "i", "ou")}
    if len(n) > 3 and n[-2] == "e" and n[-1] not in "aeiouy":
        forms |= {n[:-2] + n[-1] + e for e in ("e", "u", "i")}  # Petre, Karle, Marku
    return w in forms


def keep_case(form: str, like: str) -> str:
    """Give form the capitals of like: keep_case('vondráčku', 'Vondráček') -> 'Vondráčku'.

    Never lowercases a name: letters past like's length follow its last letter's case
    (all-caps names stay all caps).
    """
    if not like:
        return form
    if like.isupper() and len(like) > 1:
        return form.upper()
    out = []
    for i, ch in enumerate(form):
        model = like[i] if i < len(like) else like[-1]
        out.append(ch.upper() if model.isupper() else ch.lower())
    if like[:1].isupper():
        out[0] = out[0].upper()
    return "".join(out)


def finding(
    code: Code, message: str, where: Token | tuple[int, int], suggestion: str | None = None
) -> Finding:
    start, end = (where.start, where.end) if isinstance(where, Token) else where
    return Finding(code, message, start, end, suggestion)


def person_gender(person: Person, inferred: Literal["m", "f"] | None) -> Literal["m", "f"] | None:
    """The record's gender, else what the language module could infer reliably."""
    return person.gender if person.gender is not None else inferred
