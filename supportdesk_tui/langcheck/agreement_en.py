"""English subject-verb agreement in number: 'Your order no. 48213 were shipped' -> was.

A clause that starts with a determiner ('Your', 'The', 'This', 'These', 'Our') is read as:
noun phrase (its head is the last noun before a preposition, 'no.', a number or the verb;
'X and Y' is plural), an optional relative clause with its own pronoun subject ('items you
returned'), then the first form of 'be'/'have' within eight words. Plural: a head
ending in -s (not -ss/-us/-is/-ics), or an irregular plural. Nouns that take either number
in British usage (data, staff, team, ...) are not judged.
"""

from __future__ import annotations

from supportdesk_tui.langcheck._insert_mask import mask
from supportdesk_tui.langcheck.base import Code, Finding
from supportdesk_tui.langcheck.common import Token, finding, keep_case, split_clauses, word_set

_DETERMINERS = word_set("your the this that these those our my its their")
_PLURAL_DETERMINERS = word_set("these those")
_SINGULAR_VERBS = {"is": "are", "was": "were", "has": "have", "does": "do"}
_PLURAL_VERBS = {v: k for k, v in _SINGULAR_VERBS.items()}
_PREPOSITIONS = word_set("for of from to in on at with by about under over after before")
_ABBREVIATIONS = word_set("no nr")
_EITHER_NUMBER = word_set(
    "data staff team family police media series species means news headquarters crew "
    "government company management people"
)
_IRREGULAR_PLURALS = word_set("people children men women goods")
_SINGULAR_S = ("ss", "us", "is", "ics", "ness")
_RELATIVE = word_set("that which")
_PRONOUNS = word_set("you we they i he she")
_OBJECTS = word_set("you us them it me him her")
_RELATIVE_AUX = word_set("have has had did do")
_STOP = word_set(
    "will would can could should may might must which who that and it we you they he she i"
)


def _is_plural(noun: str) -> bool:
    if noun in _IRREGULAR_PLURALS:
        return True
    return noun.endswith("s") and not noun.endswith(_SINGULAR_S) and len(noun) > 3


def check(text: str) -> list[Finding]:
    text = mask(text)
    found: list[Finding] = []
    for clause in split_clauses(text, _ABBREVIATIONS):
        found += _check_clause(clause)
    return found


def _check_clause(clause: list[Token]) -> list[Finding]:
    if len(clause) < 3 or clause[0].lower not in _DETERMINERS:
        return []
    head, plural, i = _noun_phrase(clause)
    if head is None or head.lower in _EITHER_NUMBER:
        return []
    plural = plural or clause[0].lower in _PLURAL_DETERMINERS
    verb = _first_verb(clause[i + _relative_clause(clause[i:]) :])
    if verb is None:
        return []
    if plural and verb.lower in _SINGULAR_VERBS:
        return [_disagrees(verb, head, _SINGULAR_VERBS[verb.lower])]
    if not plural and verb.lower in _PLURAL_VERBS:
        return [_disagrees(verb, head, _PLURAL_VERBS[verb.lower])]
    return []


def _noun_phrase(clause: list[Token]) -> tuple[Token | None, bool, int]:
    """The head noun, whether the phrase is plural, and where the rest begins."""
    head: Token | None = None
    plural = False
    i = 1
    while i < len(clause):
        word = clause[i].lower
        if word == "and" and head is not None and i + 1 < len(clause):
            plural, i = True, i + 2
            continue
        if word in _PREPOSITIONS or word in _ABBREVIATIONS or _is_verb(word) or word in _STOP:
            break
        head = clause[i]
        i += 1
    if head is None:
        return None, False, i
    return head, plural or _is_plural(head.lower), i


def _relative_clause(rest: list[Token]) -> int:
    """Length of a relative clause after the head ('items [that] you returned', 'the parcel
    we sent you'): its pronoun subject and verb agree with the pronoun, not the head."""
    i = 1 if rest and rest[0].lower in _RELATIVE else 0
    if i >= len(rest) or rest[i].lower not in _PRONOUNS:
        return 0
    i += 1
    if i < len(rest) and rest[i].lower in _RELATIVE_AUX:
        i += 1
    if i >= len(rest) or _is_verb(rest[i].lower) or rest[i].lower in _STOP:
        return 0
    i += 1
    return i + 1 if i < len(rest) and rest[i].lower in _OBJECTS else i


def _is_verb(word: str) -> bool:
    return word in _SINGULAR_VERBS or word in _PLURAL_VERBS


def _first_verb(rest: list[Token]) -> Token | None:
    """The first be/have form; another subject or a modal on the way ends the search."""
    for prev, token in zip([None, *rest], rest[:8], strict=False):
        if _is_verb(token.lower):
            return token
        number_list = token.lower == "and" and prev is not None and prev.lower in _ABBREVIATIONS
        if token.lower in _STOP and not number_list:
            return None
    return None


def _disagrees(verb: Token, head: Token, fix: str) -> Finding:
    message = f"'{verb.text}' does not agree in number with '{head.text}'."
    return finding(Code.AGREEMENT, message, verb, keep_case(fix, verb.text))
