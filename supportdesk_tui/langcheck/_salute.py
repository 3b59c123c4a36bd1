"""Salutation words (adjectives like 'Уважаемый', titles like 'пане') and their gender checks.

Shared by ru, uk, bg, sr and hr: each language gives a table of its salutation words, and this
module finds the greeting line and reports adjectives and titles that do not fit the customer's
gender, and titles in a case that is not used in address ('gospodin' for 'gospodine').
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from supportdesk_tui.langcheck.base import Code, Finding, Person
from supportdesk_tui.langcheck.common import (
    Greeting,
    Token,
    find_greeting,
    fold,
    keep_case,
    tokenize,
)
from supportdesk_tui.langcheck.common import name_part as common_name_part

Sex = Literal["m", "f"]

# Abbreviated titles end in a dot that must not end the greeting: 'Poštovani g. Petroviću,'.
_ABBREVIATIONS = frozenset({"g", "gđo", "gđa", "gđice", "г", "гђо", "гђа", "гн", "гжо"})
_OPENING = frozenset(" \t\r\"'„“«(")
_AND = frozenset({"i", "и", "і", "й", "та", "and"})
_STOP = re.compile(r"[.!?](?:\s|$)|\n")


@dataclass(frozen=True)
class Word:
    kind: Literal["adj", "title"]
    gender: Literal["m", "f", "pl"]
    masc: str
    """The form to suggest for a man (lowercase)."""
    fem: str
    """The form to suggest for a woman (lowercase)."""
    case_fix: str | None = None
    """For a title in a case not used in address: the address form."""

    def form_for(self, sex: Sex) -> str:
        return self.masc if sex == "m" else self.fem


Table = dict[str, Word]


def greeting(text: str) -> Greeting | None:
    """common.find_greeting, extended past an abbreviated title's dot."""
    found = find_greeting(text)
    if found is None or not found.tokens:
        return found
    end = found.end
    while end < len(text) and text[end] == "." and found.tokens[-1].lower in _ABBREVIATIONS:
        stop = _STOP.search(text, end + 1)
        end = min(stop.start() if stop else len(text), found.start + 160)
        found = Greeting(
            found.start, end, tuple(tokenize(text, found.start, end)), text[found.start : end]
        )
    return found


def name_part(word: str, person: Person) -> Literal["first", "last"] | None:
    """Which recorded name word is a form of: common.same_name, but the shared stem must be
    at least three letters ('Bok' is not a form of 'Božić', 'Кравцю' is one of 'Кравець')."""
    found = common_name_part(word, person)
    if found is None:
        return None
    name = fold((person.first_name if found == "first" else person.last_name) or "")
    w = fold(word)
    shared = len(os.path.commonprefix([w, name]))
    return found if w == name or shared >= max(min(3, len(name)), len(name) - 3) else None


def address_chain(found: Greeting, table: Table, leads: frozenset[str]) -> set[int]:
    """Indices of the capitalised words right after a salutation word or a greeting word
    ('Добрий день, Олено Петрівно'), so a name elsewhere ('Вітаю, це Олена з магазину',
    the agent introducing herself) is not read as the customer's."""
    chain: set[int] = set()
    toks = found.tokens
    for i in range(1, len(toks)):
        gap = found.text[toks[i - 1].end - found.start : toks[i].start - found.start]
        if gap.strip(" ,\t") or not toks[i].is_capitalised:
            continue
        prev = toks[i - 1].lower
        if prev in table or prev in leads or (i - 1) in chain:
            chain.add(i)
    return chain


def several(found: Greeting, table: Table) -> bool:
    """Several people are addressed: two titles ('господине и госпођо Петровић') or names
    joined by 'and' ('Dragi Marko i Ana'). Then neither gender nor names are judged."""
    titles = [
        t for t in found.tokens if (w := table.get(t.lower)) is not None and w.kind == "title"
    ]
    if len(titles) > 1:
        return True
    toks = found.tokens
    return any(
        toks[i].lower in _AND and toks[i - 1].is_capitalised and toks[i + 1].is_capitalised
        for i in range(1, len(toks) - 1)
    )


def _title_gender(tokens: list[tuple[Token, Word | None]]) -> Sex | None:
    titles = {w.gender for _, w in tokens if w is not None and w.kind == "title"}
    if len(titles) == 1:
        (only,) = titles
        return only if only in ("m", "f") else None
    return None


def check_words(
    found: Greeting, table: Table, sex: Sex | None, is_name: Callable[[Token], bool]
) -> list[Finding]:
    """greeting_gender / greeting_case findings for the salutation words of the greeting.

    An adjective is judged only when it introduces a title or a name ('Poštovani,' alone is
    the plural, 'Уважаемый клиент' a generic noun). With two titles the greeting addresses
    several people ('Уважаеми г-н и г-жо ...'), so gender is not judged.
    """
    tagged = [(t, table.get(t.lower)) for t in found.tokens]
    if several(found, table):
        return []
    target = sex or _title_gender(tagged)
    out: list[Finding] = []
    for i, (tok, word) in enumerate(tagged):
        if word is None:
            continue
        if word.kind == "adj" and not _introduces(tagged, i, is_name):
            continue
        if target and word.gender in ("m", "f") and word.gender != target:
            who = "a man" if target == "m" else "a woman"
            msg = f"'{tok.text}' does not fit {who}."
            out.append(_finding(Code.GREETING_GENDER, msg, tok, word.form_for(target)))
        elif word.case_fix:
            msg = f"In address this word takes the form '{word.case_fix}', not '{tok.text}'."
            out.append(_finding(Code.GREETING_CASE, msg, tok, word.case_fix))
    return out


# Generic address nouns are grammatically masculine whoever reads them ('Уважаемый клиент',
# 'Poštovani Korisniče'): an adjective before them is never judged against the customer.
_GENERIC_STEMS = (
    "клиент", "покупател", "пользовател", "абонент", "партн", "колег", "друг", "друз",
    "заказчик", "потребител", "приятел", "клієнт", "покупц", "покупець", "користувач", "замовник",
    "korisni", "kupac", "kupc", "kupče", "klijent", "prijatel", "pretplatni", "naručitelj",
    "купац", "купч", "корисни", "клијент", "пријатељ", "customer", "team", "tim", "екип",
)  # fmt: skip


def _generic(tok: Token) -> bool:
    return tok.lower.startswith(_GENERIC_STEMS)


def _introduces(
    tagged: list[tuple[Token, Word | None]], i: int, is_name: Callable[[Token], bool]
) -> bool:
    if i + 1 >= len(tagged):
        return False
    nxt, word = tagged[i + 1]
    return (word is not None and word.kind == "title") or (is_name(nxt) and not _generic(nxt))


def _finding(code: Code, message: str, tok: Token, form: str) -> Finding:
    return Finding(code, message, tok.start, tok.end, keep_case(form, tok.text))


def unique(findings: list[Finding]) -> list[Finding]:
    """One finding per span and code (the first, i.e. the greeting-level one, wins), by position."""
    seen: dict[tuple[int, int, str], Finding] = {}
    for f in findings:
        seen.setdefault((f.start, f.end, f.code), f)
    return sorted(seen.values(), key=lambda f: f.start)


def starts_sentence(text: str, pos: int) -> bool:
    """True when only spaces, quotes or brackets stand between pos and the text's start or a
    sentence end ('.', '!', '?', ':', a new line). Looks back a few characters only."""
    i = pos - 1
    while i >= 0 and text[i] in _OPENING:
        i -= 1
    return i < 0 or text[i] in ".!?:\n"
