"""The greeting check shared by cs, sk, pl, sl and en: tables in, findings out.

A language module describes its salutation words (adjectives and titles with their gender),
foreign greeting words, and how names look when addressed; this module walks the greeting
line and compares. Gender comes from the customer record, else from the module's reliable
inference, else from the title written in the greeting itself (then only the greeting's
inner agreement is judged).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from supportdesk_tui.langcheck.base import Code, Finding, Person
from supportdesk_tui.langcheck.common import (
    Greeting,
    Token,
    find_greeting,
    finding,
    fold,
    keep_case,
    name_part,
    same_name,
)

Gender = Literal["m", "f"]
Part = Literal["first", "last"]


@dataclass(frozen=True)
class Title:
    """A word like 'pane', 'paní', 'Mr': its gender and the right form for each gender."""

    gender: Gender | None
    forms: Mapping[str, str]
    """Gender ('m'/'f') -> the correct form in a greeting."""
    wrong_case: bool = False
    """True for a form that never fits a greeting (Czech nominative 'pan')."""


@dataclass(frozen=True)
class Rules:
    lang: str
    adjectives: Mapping[str, str]
    """Lowercased salutation adjective -> 'm', 'f' or 'pl'."""
    adjective_forms: Mapping[str, Mapping[str, str]]
    """Lowercased adjective -> gender -> its correct form ('vážený' -> {'f': 'vážená'})."""
    titles: Mapping[str, Title]
    foreign: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)
    """Lowercased word -> (the language it belongs to, replacement) for greeting words."""
    expected_name: Callable[[str, Gender | None, Part, bool], str | None] = (
        lambda name, gender, part, after_title: None
    )
    """(record name, gender, part, after a title) -> the form to use; None = don't judge."""
    tolerated_name: Callable[[str, str, Gender | None, bool], bool] = (
        lambda token, name, gender, after_title: False
    )
    """(written form, record name, gender, after a title) -> True for accepted variants."""
    infer_gender: Callable[[Person], Gender | None] = lambda person: None
    malformed_name: Callable[[str, str], bool] = lambda written, name: False
    """(written form, record name) -> True for a form no dictionary knows that is the name
    with a wrong ending ('Pawłe' for 'Pawle')."""
    adjective_like_title: bool = False
    """Names after 'Drogi'/'Szanowny' are judged as after a title (Polish)."""


def check_greeting(text: str, person: Person, rules: Rules) -> list[Finding]:
    greeting = find_greeting(text)
    if greeting is None:
        return []
    findings = _foreign_words(greeting, rules)
    gender = person.gender or rules.infer_gender(person)
    title_gender = _title_gender(greeting, rules)
    findings += _gender_findings(greeting, rules, gender, title_gender)
    findings += _title_case_findings(greeting, rules, gender)
    findings += _name_findings(greeting, person, rules, gender or title_gender)
    return findings


def _foreign_words(greeting: Greeting, rules: Rules) -> list[Finding]:
    found = []
    for token in greeting.tokens:
        entry = rules.foreign.get(token.lower)
        if entry is not None:
            language, fix = entry
            suggestion = keep_case(fix, token.text) if fix else None
            message = f"'{token.text}' is {language}, not the customer's language."
            found.append(finding(Code.WRONG_LANGUAGE, message, token, suggestion))
    return found


def _title_gender(greeting: Greeting, rules: Rules) -> Gender | None:
    genders = {rules.titles[t.lower].gender for t in greeting.tokens if t.lower in rules.titles}
    genders.discard(None)
    return genders.pop() if len(genders) == 1 else None


def _gender_findings(
    greeting: Greeting, rules: Rules, gender: Gender | None, title_gender: Gender | None
) -> list[Finding]:
    """Adjectives and titles that do not fit the customer (or, gender unknown, the title)."""
    found = []
    for token in greeting.tokens:
        adjective = rules.adjectives.get(token.lower)
        title = rules.titles.get(token.lower)
        if adjective is not None:
            target = gender or title_gender
            if target and adjective != target and _before_title(greeting, token, rules):
                fix = rules.adjective_forms.get(token.lower, {}).get(target)
                message = f"'{token.text}' does not fit {_whom(target)}."
                suggestion = keep_case(fix, token.text) if fix else None
                found.append(finding(Code.GREETING_GENDER, message, token, suggestion))
        elif title is not None and gender and title.gender and title.gender != gender:
            if _addresses_a_couple(greeting, rules):
                continue  # 'Dear Mr and Mrs Smith', 'pane Nováku a paní Nováková'
            fix = title.forms.get(gender)
            suggestion = keep_case(fix, token.text) if fix else None
            message = f"'{token.text}' does not fit {_whom(gender)}."
            found.append(finding(Code.GREETING_GENDER, message, token, suggestion))
    return found


def _addresses_a_couple(greeting: Greeting, rules: Rules) -> bool:
    genders = {rules.titles[t.lower].gender for t in greeting.tokens if t.lower in rules.titles}
    return {"m", "f"} <= genders


def _before_title(greeting: Greeting, token: Token, rules: Rules) -> bool:
    """An adjective is judged only when a title or name follows ('Spoštovani,' alone is fine)."""
    after = [t for t in greeting.tokens if t.start > token.start]
    return bool(after) and (after[0].lower in rules.titles or after[0].is_capitalised)


def _whom(gender: str) -> str:
    return "a woman" if gender == "f" else "a man"


def _title_case_findings(greeting: Greeting, rules: Rules, gender: Gender | None) -> list[Finding]:
    found = []
    for token in greeting.tokens:
        title = rules.titles.get(token.lower)
        if title is None or not title.wrong_case:
            continue
        if gender and title.gender and title.gender != gender:
            continue  # already reported as greeting_gender
        fix = title.forms.get(title.gender or gender or "")
        suggestion = keep_case(fix, token.text) if fix else None
        message = f"'{token.text}' is not the form used to address someone."
        found.append(finding(Code.GREETING_CASE, message, token, suggestion))
    return found


_OBLIQUE_ENDINGS = ("ovi", "ové", "ovej")
"""Czech/Slovak dative and genitive endings a name in address never has ('pane Zedníkovi',
'paní Novákové', 'pani Minárikovej'): a pasted declined form, not a variant."""


def _clearly_wrong(written: str, nominative: str, expected: str) -> bool:
    """The nominative where another form is due, a changed form where none is due, or a
    dative/genitive form.

    Any other form may be a variant we do not know ('Švéci'/'Šveci'): not judged.
    """
    oblique = written.endswith(_OBLIQUE_ENDINGS) and not nominative.endswith(_OBLIQUE_ENDINGS)
    return written == nominative or expected == nominative or oblique


def _addressed_surname(person: Person) -> Person:
    """A surname with particles ('van Dijk', 'de la Cruz') is matched by its last word: the
    particles stay lowercase and only the last word inflects ('pán van Dijkovi')."""
    last = person.last_name or ""
    words = last.split()
    if len(words) < 2:
        return person
    return replace(person, last_name=words[-1])


def _name_findings(
    greeting: Greeting, person: Person, rules: Rules, gender: Gender | None
) -> list[Finding]:
    found = []
    after_title = False
    person = _addressed_surname(person)
    for token in greeting.tokens:
        if token.lower in rules.titles or (
            rules.adjective_like_title and token.lower in rules.adjectives
        ):
            after_title = True
            continue
        if not token.is_capitalised or token.lower in rules.adjectives:
            continue
        expected = _judged(token.text, person, rules, gender, after_title)
        if expected is not None:
            message = f"Use the form for addressing someone: '{expected}'."
            found.append(finding(Code.GREETING_CASE, message, token, expected))
    return found


def _judged(
    written: str, person: Person, rules: Rules, gender: Gender | None, after_title: bool
) -> str | None:
    """The right form when written is a clearly wrong form of one of the customer's names.

    A double-barrelled surname ('Novákové-Dvořákové') is judged part by part."""
    last = person.last_name or ""
    if "-" in written and written.count("-") == last.count("-") and "-" in last:
        pairs = list(zip(written.split("-"), last.split("-"), strict=True))
        if not all(same_name(w, n) for w, n in pairs):
            return None
        fixes = [_judged_part(w, n, "last", rules, gender, after_title) for w, n in pairs]
        if all(f is None for f in fixes):
            return None
        return "-".join(f or w for f, (w, _) in zip(fixes, pairs, strict=True))
    part = name_part(written, person)
    if part is None:
        return None
    name = (person.first_name if part == "first" else person.last_name) or ""
    return _judged_part(written, name, part, rules, gender, after_title)


def _judged_part(
    written: str, name: str, part: Part, rules: Rules, gender: Gender | None, after_title: bool
) -> str | None:
    expected = rules.expected_name(name, gender, part, after_title)
    if expected is None or fold(expected) == fold(written):
        return None  # right form (missing diacritics are not a case error)
    if not _clearly_wrong(fold(written), fold(name), fold(expected)) and not (
        rules.malformed_name(written, name)
    ):
        return None
    if rules.tolerated_name(written, name, gender, after_title):
        return None
    return expected
