"""Ukrainian vocatives of names and surnames (Український правопис 2019, §§ 80-89).

Forms come from pymorphy3's dictionary ('voct'); male surnames it does not know follow § 82:
-ко -> -ку, -ук/-юк/-ик/-ак/-ок/-ич -> +у, -ець -> -цю; adjectival -ський/-цький keep their form.
Men's surnames in -а always follow the rule ('Квітка' -> 'Квітко'): the dictionary misreads them.
"""

from __future__ import annotations

from itertools import product
from typing import Literal

from supportdesk_tui.langcheck._morph import inflect, known, parses
from supportdesk_tui.langcheck._names_east import lemmas, name_readings
from supportdesk_tui.langcheck.common import fold

Sex = Literal["m", "f"]

_NATIVE_SURNAME = (
    "ко",
    "ук",
    "юк",
    "ик",
    "ак",
    "як",
    "ок",
    "ець",
    "ич",
    "ар",
    "яр",
    "ль",
    "ів",
    "ах",
    "ур",
)
_KU = ("ко",)
_PLUS_U = ("ук", "юк", "ик", "ак", "як", "ок", "ич")


def rule_vocative(surname: str) -> str | None:
    """§ 82 endings for male surnames pymorphy3 does not know; None when not sure."""
    low = surname.lower()
    if low.endswith(("ський", "цький", "ий")):
        return low
    if low.endswith(_KU):
        return low[:-1] + "у"
    if low.endswith(_PLUS_U):
        return low + "у"
    if low.endswith("ець"):
        return low[:-3] + "цю"
    return None


def vocatives(name: str, sex: Sex | None, part: Literal["first", "last"]) -> list[str]:
    """Accepted vocatives of name, dictionary order; [] when the form is unknown."""
    if part == "last" and sex == "f":
        return [name.lower()]
    if part == "last" and "-" in name.strip("-"):
        return _double_barrelled(name, sex)
    if part == "last" and sex == "m" and (a_form := _masculine_a_surname(name)):
        return [a_form]
    mark = "Name" if part == "first" else "Surn"
    gender = {"m": "masc", "f": "femn"}.get(sex or "")
    forms: list[str] = []
    for p in parses("uk", name):
        if not known(p) or mark not in p.tag or "nomn" not in p.tag:
            continue
        if (part == "last" and "masc" not in p.tag) or (gender and gender not in p.tag):
            continue
        form = name.lower() if "Fixd" in p.tag else inflect(p, {"voct"})
        if form and form not in forms:
            forms.append(form)
    if not forms and part == "first":
        forms = _common_noun_vocatives(name, gender)
    if not forms and part == "last" and sex == "m":
        ruled = rule_vocative(name)
        forms = [ruled] if ruled else []
    return forms


def _double_barrelled(name: str, sex: Sex | None) -> list[str]:
    """Each part of a man's double-barrelled surname declines: 'Мельнику-Ткачуку'."""
    pieces = [vocatives(piece, sex, "last") for piece in name.split("-")]
    if not all(pieces):
        return []
    return ["-".join(combo) for combo in product(*pieces)]


def _masculine_a_surname(surname: str) -> str | None:
    """A man's surname in -а declines like 'хмара' (§ 82): 'Квітка' -> 'Квітко', 'Круча' ->
    'Круче'. The dictionary reads such words as feminine nouns or as genitives of other
    surnames, so the rule comes first."""
    low = surname.lower()
    if len(low) < 3 or not low.endswith("а") or low[-2] in "аеєиіїоуюя":
        return None
    return low[:-1] + ("е" if low[-2] in "жчшщ" else "о")


def _common_noun_vocatives(name: str, gender: str | None) -> list[str]:
    """Names the dictionary files as ordinary animate nouns only ('Богдан')."""
    forms: list[str] = []
    for p in parses("uk", name):
        if known(p) and "anim" in p.tag and "nomn" in p.tag and (not gender or gender in p.tag):
            form = inflect(p, {"voct"})
            if form and form not in forms:
                forms.append(form)
    return forms


def native_surname(name: str) -> bool:
    """Ukrainian surname endings: only these are corrected in the nominative ('пане Шевченко').

    Surnames that are also Ukrainian words ('Мороз', 'Коваль') decline like them. Foreign
    surnames ('пане Сміт', 'пане Браун') are often left undeclined in practice.
    """
    if fold(name).endswith(_NATIVE_SURNAME):
        return True
    return any(known(p) and p.tag.POS == "NOUN" and "Surn" not in p.tag for p in parses("uk", name))


def is_vocative_of(word: str, name: str, sex: Sex | None) -> bool:
    """A dictionary vocative of the same name, e.g. the variant 'Ігоре' beside 'Ігорю'.

    For a man, the feminine indeclinable reading of his surname ('Шевченко') does not count.
    """
    wanted = lemmas("uk", name)
    gender = {"m": "masc", "f": "femn"}.get(sex or "")
    return any(
        "voct" in p.tag and p.normal_form in wanted and (not gender or gender in p.tag)
        for p in name_readings("uk", word)
    )
