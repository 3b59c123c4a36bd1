"""Polish agreement with a clause's subject: 'Twoja paczka został wysłany' -> została wysłana.

A clause that starts with [possessive] NOUN (nominative) is read as subject, its attributes
(prepositional phrases, "nr 48213", adverbs, one genitive word), then the verb. Any past form
('dotarła') is judged for gender and number, any other finite form ('dotrze') for number;
only a copula ('został', 'zostanie', 'jest', 'będzie') is followed by a passive participle or
adjective that must agree too: after a full verb that word belongs to the object
('Przesyłka zawiera następujące produkty'). Gender and number come from Morfeusz 2 tags
(m1/m2/m3 masculine, f, n; sg/pl); a word is reported only when none of its readings can
agree with any nominative reading of the subject, so ambiguous forms never raise an alarm.
"""

from __future__ import annotations

from typing import Any

from supportdesk_tui.langcheck._insert_mask import mask
from supportdesk_tui.langcheck.base import Code, Finding
from supportdesk_tui.langcheck.common import Token, finding, keep_case, split_clauses, word_set

_POSSESSIVES = word_set("twój twoja twoje wasz wasza wasze mój moja moje nasz nasza nasze")
_ADVERBS = word_set("już właśnie dziś dzisiaj wczoraj jutro niestety także również pomyślnie się")
_PREPOSITIONS = word_set("z ze w we na o od do u ku dla przy za po bez przez pod nad przed")
_ABBREVIATIONS = word_set("nr")
_FORMAL_OWNERS = word_set("pana pani państwa")
"""'Pana zamówienie', 'Pani ekspres': the formal 'your' is a genitive and agrees with nothing."""
_MAX_NAMES = 6
"""Capitalised words (product names, 'Mr Coffee Optimal Brew') skipped after the subject."""
_CONJUNCTIONS = word_set("a i ale że więc bo ponieważ gdy jeśli")
_OTHER_SUBJECT = word_set("jesteśmy jesteście jestem jesteś")
_COPULAS = frozenset({"być", "zostać", "zostawać", "pozostać", "pozostawać"})
"""Verbs whose participle or adjective describes the subject ('jest gotowa', 'został wysłany')."""
_GENDERS = {"m1": "m", "m2": "m", "m3": "m", "f": "f", "n": "n"}
Agreement = set[tuple[str, str]]
"""(number, gender) pairs a form allows: {('sg', 'f')}."""


def _pairs(number: str, genders: str) -> Agreement:
    return {
        (n, _GENDERS[g])
        for n in number.split(".")
        for g in genders.split(".")
        if g in _GENDERS and n in ("sg", "pl")
    }


def _tags(morf: Any, word: str) -> list[list[str]]:
    return [r[2][2].split(":") for r in morf.analyse(word)]


def _nominative(morf: Any, word: str, classes: tuple[str, ...]) -> Agreement:
    found: Agreement = set()
    for tag in _tags(morf, word):
        if tag[0] in classes and len(tag) > 3 and "nom" in tag[2].split("."):
            found |= _pairs(tag[1], tag[3])
    return found


def _verb(morf: Any, word: str) -> tuple[Agreement, bool] | None:
    """What a verb form agrees with (past forms carry gender, present and future ones only
    number) and whether it is a copula; None when word is no verb."""
    found: Agreement | None = None
    copula = False
    for form in morf.analyse(word):
        lemma, tag = form[2][1].split(":")[0], form[2][2].split(":")
        if tag[0] == "praet" and len(tag) > 2:
            found = (found or set()) | _pairs(tag[1], tag[2])
        elif tag[0] in ("fin", "bedzie") and tag[1] in ("sg", "pl"):
            number = tag[1]
            found = (found or set()) | {(number, g) for g in ("m", "f", "n")}
        else:
            continue
        copula = copula or lemma in _COPULAS
    return None if found is None else (found, copula)


def _first_or_second_person(morf: Any, word: str) -> bool:
    """'wysłaliśmy' (wysłali + śmy), 'wysyłamy': the subject is 'we', not the first noun."""
    tags = _tags(morf, word)
    personal = [t for t in tags if t[0] in ("fin", "bedzie", "aglt")]
    return bool(personal) and all(t[0] == "aglt" or t[2] != "ter" for t in personal)


def check(text: str, morf: Any) -> list[Finding]:
    text = mask(text)
    found: list[Finding] = []
    for clause in split_clauses(text, _ABBREVIATIONS):
        found += _check_clause(clause, morf)
    return found


def _check_clause(clause: list[Token], morf: Any) -> list[Finding]:
    if clause[0].lower in _CONJUNCTIONS:
        clause = clause[1:]
    if len(clause) > 2 and clause[0].lower in _FORMAL_OWNERS:
        clause = clause[1:]
    possessive = clause[0] if clause and clause[0].lower in _POSSESSIVES else None
    start = 1 if possessive else 0
    if len(clause) <= start + 1:
        return []
    noun = clause[start]
    subject = _nominative(morf, noun.lower, ("subst",))
    if not subject:
        return []
    found = []
    if possessive is not None:
        found += _judge(possessive, _nominative(morf, possessive.lower, ("adj",)), noun, subject)
    for word, agreement in _predicate(clause[start + 1 :], morf):
        found += _judge(word, agreement, noun, subject)
    return found


def _predicate(rest: list[Token], morf: Any) -> list[tuple[Token, Agreement]]:
    free_skips, names, i = 1, 0, 0
    while i < len(rest):
        word = rest[i].lower
        if rest[i].is_capitalised and names < _MAX_NAMES and word not in _FORMAL_OWNERS:
            names, i = names + 1, i + 1  # a product or person's name, never the verb
            continue
        if word in _OTHER_SUBJECT or _first_or_second_person(morf, word):
            return []
        if word in _ADVERBS or word in _ABBREVIATIONS:
            i += 1
            continue
        if word in _PREPOSITIONS:
            i += 2
            continue
        verb = _verb(morf, word)
        if verb is not None:
            agreement, copula = verb
            if not copula:
                return [(rest[i], agreement)]  # 'zawiera następujące produkty': an object
            tail = [
                t for t in rest[i + 1 : i + 3] if t.lower not in _ADVERBS and not t.is_capitalised
            ][:1]
            participle = [(t, _nominative(morf, t.lower, ("ppas", "adj"))) for t in tail]
            return [(rest[i], agreement), *[(t, a) for t, a in participle if a]]
        if not free_skips:
            return []
        free_skips, i = free_skips - 1, i + 1
    return []


def _judge(word: Token, agreement: Agreement, noun: Token, subject: Agreement) -> list[Finding]:
    if not agreement or agreement & subject:
        return []
    message = f"'{word.text}' does not agree with '{noun.text}'."
    target = next(iter(subject)) if len(subject) == 1 else None
    return [finding(Code.AGREEMENT, message, word, _suggest(word.text, target))]


_ENDINGS = (("ł", "ła", "ło", "ły"), ("y", "a", "e", "e"), ("i", "a", "e", "e"),
            ("ój", "oja", "oje", "oje"), ("sz", "sza", "sze", "sze"))  # fmt: skip


def _suggest(word: str, target: tuple[str, str] | None) -> str | None:
    """Swap the common endings (został/została/zostało/zostały, wysłany/wysłana/wysłane)."""
    if target is None:
        return None
    number, gender = target
    slot = 3 if number == "pl" else {"m": 0, "f": 1, "n": 2}[gender]
    lowered = word.casefold()
    for endings in _ENDINGS:
        for ending in sorted(endings, key=len, reverse=True):
            if lowered.endswith(ending):
                return keep_case(word[: len(word) - len(ending)] + endings[slot], word)
    return None
