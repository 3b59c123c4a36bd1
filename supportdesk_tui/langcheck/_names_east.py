"""Customer names in Russian and Ukrainian greetings: gender inference and case of the name.

Rules and sources:
- Gender from a first name only when pymorphy3 tags every dictionary reading of it with one
  gender ('Саша', 'Женя', 'Валя' are ms-f or both: unreliable, so no inference).
- Surnames: ru/uk -ова/-ева/-ина/-ская/-цкая (uk -ська/-цька) are female, -ов/-ев/-ин/-ский/-цкий
  (uk -ський/-цький) male (Розенталь, Русская грамматика 1980 §1168: possessive-type surnames).
"""

from __future__ import annotations

from typing import Any, Literal

from supportdesk_tui.langcheck._morph import Lang, known, name_gender, parses
from supportdesk_tui.langcheck._salute import name_part
from supportdesk_tui.langcheck.base import Person
from supportdesk_tui.langcheck.common import fold, keep_case

Sex = Literal["m", "f"]

_FEMALE_SURNAME = ("ова", "ева", "ёва", "ина", "ына", "ская", "цкая", "ська", "цька", "іна")
_MALE_SURNAME = ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ський", "цький")


def infer_gender(lang: Lang, person: Person) -> Sex | None:
    """Person.gender, else a reliable reading of the first name, else the surname's ending."""
    if person.gender is not None:
        return person.gender
    if person.first_name:
        found = name_gender(lang, person.first_name)
        if found:
            return found
    last = fold(person.last_name or "")
    if len(last) >= 5:
        if last.endswith(_FEMALE_SURNAME):
            return "f"
        if last.endswith(_MALE_SURNAME):
            return "m"
    return None


def lemmas(lang: Lang, name: str) -> set[str]:
    """Dictionary lemmas of name read as a first name, surname or patronymic."""
    return {p.normal_form for p in _name_parses(lang, name)}


def _name_parses(lang: Lang, word: str) -> list[Any]:
    return [p for p in parses(lang, word) if {"Name", "Surn", "Patr"} & p.tag.grammemes]


def is_form_of(lang: Lang, word: str, name: str) -> bool:
    """True when word is another dictionary form of the same name ('Ивану' of 'Иван')."""
    if fold(word) == fold(name):
        return True
    wanted = lemmas(lang, name) | {name.lower()}
    return any(p.normal_form in wanted for p in _name_parses(lang, word))


def which_name(lang: Lang, word: str, person: Person) -> Literal["first", "last"] | None:
    """Which recorded name word is a form of: exact, then dictionary forms, then look-alikes."""
    first, last = person.first_name or "", person.last_name or ""
    for part, name in (("first", first), ("last", last)):
        if name and fold(name) == fold(word):
            return part  # type: ignore[return-value]
    for part, name in (("first", first), ("last", last)):
        if name and is_form_of(lang, word, name):
            return part  # type: ignore[return-value]
    return name_part(word, person)


def has_case(lang: Lang, word: str, case: str) -> bool:
    return any(case in p.tag for p in _name_parses(lang, word))


def name_readings(lang: Lang, word: str) -> list[Any]:
    """Dictionary readings of word as a name, surname or patronymic."""
    return [p for p in _name_parses(lang, word) if known(p)]


def keep_case_parts(form: str, like: str) -> str:
    """keep_case for each part of a double-barrelled name ('Мельнику-Ткачуку')."""
    forms, likes = form.split("-"), like.split("-")
    if len(forms) != len(likes) or len(forms) == 1:
        return keep_case(form, like)
    return "-".join(keep_case(f, w) for f, w in zip(forms, likes, strict=True))
