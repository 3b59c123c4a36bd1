"""Words of the neighbouring language in a Ukrainian or Russian reply ('Спасибо', 'вже').

The close pair shares most letters, so a whole-paragraph identifier misses a reply that is
Ukrainian with a few Russian words (or the reverse). A word is a candidate when the other
language's pymorphy3 dictionary knows it and the reply language's does not. Being unknown is
no evidence by itself: loanwords, compounds and brands ('Промокод', 'трек-номер', 'геймпад')
are missing from one dictionary and present in the other. So only lowercase (or sentence-
initial), unhyphenated words count, and a reply is judged only with two candidates, one of
them not a noun (verbs, pronouns, adverbs, conjunctions: never loanwords). Single distinctive
words ('спасибо', 'що') and foreign letters are caught by _foreign_words.
The customer's names and the greeting line (judged by the language module) are left out.
"""

from __future__ import annotations

import re
from typing import Any

from supportdesk_tui.langcheck._salute import starts_sentence
from supportdesk_tui.langcheck.base import Code, Finding, Person
from supportdesk_tui.langcheck.common import Token, find_greeting, name_part, tokenize

NEIGHBOUR = {"uk": "ru", "ru": "uk"}
_NAMES = {"uk": "Ukrainian", "ru": "Russian"}
_CYRILLIC_WORD = re.compile(r"^[а-яёіїєґ'’]+$")
_SENTENCE_END = re.compile(r"[.!?\n]")
_NOUN_LIKE = frozenset({"NOUN", "ADJF", "ADJS", None})
"""Parts of speech a loanword or a brand can have: these alone never decide."""
MIN_CANDIDATES = 2


def _morph() -> Any:
    from supportdesk_tui.langcheck import _morph  # shared with ru.py/uk.py: one copy each

    return _morph


def neighbour_words(text: str, lang: str, person: Person) -> list[Finding]:
    other = NEIGHBOUR.get(lang)
    if other is None:
        return []
    candidates = [t for t in _words(text, person) if _candidate(t.lower, lang, other)]
    if len({t.lower for t in candidates}) < MIN_CANDIDATES:
        return []
    if all(_noun_like(t.lower, other) for t in candidates):
        return []
    spans = [(t.start, t.end) for t in candidates]
    return [_finding(text, s, e, other, lang) for s, e in _merge(text, spans)]


def _words(text: str, person: Person) -> list[Token]:
    """Body words that can be judged: not names, not capitalised inside a sentence."""
    greeting = find_greeting(text)
    body_start = max(text.find("\n", greeting.end) if greeting else 0, 0)
    out = []
    for token in tokenize(text, body_start):
        word = token.lower.replace("’", "'")
        if len(word) < 3 or not _CYRILLIC_WORD.match(word) or name_part(token.text, person):
            continue
        if token.is_capitalised and (
            token.text.isupper() or not starts_sentence(text, token.start)
        ):
            continue  # a brand, an abbreviation or a name
        out.append(token)
    return out


def _candidate(word: str, lang: str, other: str) -> bool:
    morph = _morph()
    word = word.replace("’", "'")
    return bool(morph.analyzer(other).word_is_known(word)) and not morph.analyzer(
        lang
    ).word_is_known(word)


def _noun_like(word: str, lang: str) -> bool:
    morph = _morph()
    parts = {p.tag.POS for p in morph.parses(lang, word.replace("’", "'")) if morph.known(p)}
    return parts <= _NOUN_LIKE


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Neighbouring foreign words in one sentence become one finding."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged:
            gap = text[merged[-1][1] : start]
            if len(gap) <= 25 and not _SENTENCE_END.search(gap):
                merged[-1] = (merged[-1][0], end)
                continue
        merged.append((start, end))
    return merged


def _finding(text: str, start: int, end: int, found: str, lang: str) -> Finding:
    message = f"'{text[start:end]}' is {_NAMES[found]}, not {_NAMES[lang]}."
    return Finding(Code.WRONG_LANGUAGE, message, start, end)
