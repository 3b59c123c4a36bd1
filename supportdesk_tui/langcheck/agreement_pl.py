"""Polish agreement around a subject: 'Twoja paczka został wysłany' -> została wysłana.

Pattern: [possessive] NOUN [adverb] AUX [adverb] PARTICIPLE, AUX being 'został/była/...'
(gendered past) or 'jest/będzie' (not gendered). Genders come from Morfeusz 2 tags
(m1/m2/m3 masculine, f, n); a word is called wrong only when none of its readings can agree
with any nominative-singular reading of the noun, so ambiguous forms never raise an alarm.
"""

from __future__ import annotations

from typing import Any

from supportdesk_tui.langcheck.base import Code, Finding
from supportdesk_tui.langcheck.common import Token, finding, keep_case, tokenize, word_set

_POSSESSIVES = word_set("twój twoja twoje wasz wasza wasze mój moja moje nasz nasza nasze")
_ADVERBS = word_set("już właśnie dziś dzisiaj wczoraj jutro niestety także również pomyślnie")
_PREPOSITIONS = word_set("z ze w we na o od do u ku dla przy za po bez przez pod nad przed")
_GENDERS = {"m1": "m", "m2": "m", "m3": "m", "f": "f", "n": "n"}


def _genders(field: str) -> set[str]:
    return {_GENDERS[g] for g in field.split(".") if g in _GENDERS}


def _readings(morf: Any, word: str) -> list[list[str]]:
    return [r[2][2].split(":") for r in morf.analyse(word)]


def _nominative_genders(morf: Any, word: str, classes: tuple[str, ...]) -> set[str]:
    genders: set[str] = set()
    for tag in _readings(morf, word):
        if tag[0] in classes and len(tag) > 3 and tag[1] == "sg" and "nom" in tag[2]:
            genders |= _genders(tag[3])
    return genders


def _aux_genders(morf: Any, word: str) -> set[str] | None:
    """Genders a past 'został/był' form allows; set() for 'jest/będzie'; None if not an aux."""
    for lemma_tag in morf.analyse(word):
        lemma, tag = lemma_tag[2][1].split(":")[0], lemma_tag[2][2].split(":")
        if lemma not in ("być", "zostać"):
            continue
        if tag[0] == "praet" and tag[1] == "sg":
            return _genders(tag[2])
        if tag[0] in ("fin", "bedzie") and tag[1] == "sg":
            return set()
    return None


def check(text: str, morf: Any) -> list[Finding]:
    tokens = tokenize(text)
    found: list[Finding] = []
    for i, token in enumerate(tokens):
        if i > 0 and tokens[i - 1].lower in _PREPOSITIONS:
            continue
        noun_genders = _nominative_genders(morf, token.lower, ("subst",))
        if not noun_genders or token.lower in _POSSESSIVES:
            continue
        window = _skip_adverb(tokens[i + 1 : i + 5])
        if not window:
            continue
        aux = _aux_genders(morf, window[0].lower)
        if aux is None:
            continue
        if i > 0 and tokens[i - 1].lower in _POSSESSIVES:
            found += _judge(morf, tokens[i - 1], token, noun_genders, ("adj",))
        if aux and not aux & noun_genders:
            found.append(_disagrees(window[0], token, noun_genders))
        rest = _skip_adverb(window[1:])
        if rest:
            found += _judge(morf, rest[0], token, noun_genders, ("ppas", "adj"))
    return found


def _skip_adverb(window: list[Token]) -> list[Token]:
    return window[1:] if window and window[0].lower in _ADVERBS else window


def _judge(
    morf: Any, word: Token, noun: Token, noun_genders: set[str], classes: tuple[str, ...]
) -> list[Finding]:
    genders = _nominative_genders(morf, word.lower, classes)
    if genders and not genders & noun_genders:
        return [_disagrees(word, noun, noun_genders)]
    return []


def _disagrees(word: Token, noun: Token, noun_genders: set[str]) -> Finding:
    message = f"'{word.text}' does not agree with '{noun.text}' in gender."
    target = next(iter(noun_genders)) if len(noun_genders) == 1 else None
    suggestion = _suggest(word.text, target) if target else None
    return finding(Code.AGREEMENT, message, word, suggestion)


def _suggest(word: str, target: str) -> str | None:
    """Swap the common gender endings (został/została/zostało, wysłany/wysłana/wysłane)."""
    lowered = word.casefold()
    for m, f, n in (("ł", "ła", "ło"), ("y", "a", "e"), ("i", "a", "e"), ("ój", "oja", "oje"),
                    ("sz", "sza", "sze")):  # fmt: skip
        for ending in (f, n, m):
            if lowered.endswith(ending):
                stem = word[: len(word) - len(ending)]
                return keep_case(stem + {"m": m, "f": f, "n": n}[target], word)
    return None
