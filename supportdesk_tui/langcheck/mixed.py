"""Russian words in a Ukrainian reply and Ukrainian words in a Russian one ('Спасибо', 'Курьер').

The close pair shares most letters, so a whole-paragraph identifier misses a reply that is
Ukrainian with a few Russian words (or the reverse). A word counts as the neighbour's when
that language's pymorphy3 dictionary knows it and the reply language's dictionary does not;
the customer's names and the greeting line (judged by the language module) are left out.
On the case set this flags no word of any correct reply.
"""

from __future__ import annotations

import re
from typing import Any

from supportdesk_tui.langcheck.base import Code, Finding, Person
from supportdesk_tui.langcheck.common import find_greeting, name_part, tokenize

NEIGHBOUR = {"uk": "ru", "ru": "uk"}
_NAMES = {"uk": "Ukrainian", "ru": "Russian"}
_CYRILLIC_WORD = re.compile(r"^[а-яёіїєґ'’-]+$")
_SENTENCE_END = re.compile(r"[.!?\n]")


def _analyzer(lang: str) -> Any:
    from supportdesk_tui.langcheck import _morph  # shared with ru.py/uk.py: one copy each

    return _morph.analyzer(lang)


def neighbour_words(text: str, lang: str, person: Person) -> list[Finding]:
    other = NEIGHBOUR.get(lang)
    if other is None:
        return []
    mine, theirs = _analyzer(lang), _analyzer(other)
    greeting = find_greeting(text)
    body_start = text.find("\n", greeting.end) if greeting else 0
    spans: list[tuple[int, int]] = []
    for token in tokenize(text, max(body_start, 0)):
        word = token.lower.replace("’", "'")
        if len(word) < 3 or not _CYRILLIC_WORD.match(word) or name_part(token.text, person):
            continue
        if theirs.word_is_known(word) and not mine.word_is_known(word):
            spans.append((token.start, token.end))
    return [_finding(text, s, e, other, lang) for s, e in _merge(text, spans)]


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
