"""Ukrainian: vocative in greetings, greeting gender, agreement around 'Ваше замовлення'.

Ukrainian addresses people in the vocative (Український правопис 2019, §§ 80-89; Пономарів,
"Культура слова"): 'Шановний пане Мироне', 'Шановна пані Олено', 'Шановний пане Шевченку',
'Добрий день, Сашо'. Forms come from pymorphy3's dictionary ('voct').
- Female surnames keep the nominative: they are indeclinable ('пані Шевченко', 'пані Ковальчук')
  or adjectival ('пані Ковальська'). Only an oblique form ('пані Ковальської') is flagged.
- Male surnames the dictionary does not know follow § 82: -ко -> -ку, -ук/-юк/-ик/-ак/-ок -> +у,
  -ець -> -цю, -ич -> +у; adjectival -ський/-цький keep their form. Anything else is not judged.
- Only the nominative or another oblique form of the same name is flagged: names with two
  accepted vocatives ('Ігоре'/'Ігорю') are never flagged when one of them is used.
"""

from __future__ import annotations

from typing import Literal

from supportdesk_tui.langcheck import _agree_morph
from supportdesk_tui.langcheck._foreign_words import foreign_words
from supportdesk_tui.langcheck._morph import Lang, inflect, known, parses
from supportdesk_tui.langcheck._names_east import (
    infer_gender,
    is_form_of,
    lemmas,
    name_readings,
    which_name,
)
from supportdesk_tui.langcheck._salute import (
    Table,
    Word,
    address_chain,
    check_words,
    greeting,
    name_part,
    several,
    unique,
)
from supportdesk_tui.langcheck.base import Code, Finding, Person
from supportdesk_tui.langcheck.common import Greeting, Token, fold, keep_case

Sex = Literal["m", "f"]
LANG: Lang = "uk"
TABLE: Table = {
    "шановний": Word("adj", "m", "шановний", "шановна"),
    "шановна": Word("adj", "f", "шановний", "шановна"),
    "вельмишановний": Word("adj", "m", "вельмишановний", "вельмишановна"),
    "вельмишановна": Word("adj", "f", "вельмишановний", "вельмишановна"),
    "дорогий": Word("adj", "m", "дорогий", "дорога"),
    "дорога": Word("adj", "f", "дорогий", "дорога"),
    "пане": Word("title", "m", "пане", "пані"),
    "пані": Word("title", "f", "пане", "пані"),
    "пан": Word("title", "m", "пане", "пані", case_fix="пане"),
    "пана": Word("title", "m", "пане", "пані", case_fix="пане"),
    "панові": Word("title", "m", "пане", "пані", case_fix="пане"),
    "добродію": Word("title", "m", "добродію", "добродійко"),
    "добродійко": Word("title", "f", "добродію", "добродійко"),
}
_LEADS = frozenset(
    {
        "добрий",
        "доброго",
        "вітаю",
        "привіт",
        "вітання",
        "здрастуйте",
        "день",
        "дня",
        "ранку",
        "ранок",
        "вечір",
        "вечора",
    }
)
# Russian and Bulgarian greeting words that are not Ukrainian ('Здравствуйте' in a uk reply).
FOREIGN: dict[str, str | None] = {
    "уважаемый": "Шановний", "уважаемая": "Шановна", "уважаемые": "Шановні",
    "здравствуйте": "Добрий день", "добрый": "Добрий", "привет": "Привіт", "дорогой": "Дорогий",
    "дорогая": "Дорога", "господин": "пане", "госпожа": "пані", "здравейте": "Добрий день",
    "уважаема": "Шановна",
}  # fmt: skip
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


def _rule_vocative(surname: str) -> str | None:
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


def _vocatives(name: str, sex: Sex | None, part: Literal["first", "last"]) -> list[str]:
    """Accepted vocatives of name, dictionary order; [] when the form is unknown."""
    if part == "last" and sex == "f":
        return [name.lower()]
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
        ruled = _rule_vocative(name)
        forms = [ruled] if ruled else []
    return forms


def _common_noun_vocatives(name: str, gender: str | None) -> list[str]:
    """Names the dictionary files as ordinary animate nouns only ('Богдан')."""
    forms: list[str] = []
    for p in parses("uk", name):
        if known(p) and "anim" in p.tag and "nomn" in p.tag and (not gender or gender in p.tag):
            form = inflect(p, {"voct"})
            if form and form not in forms:
                forms.append(form)
    return forms


def _native_surname(name: str) -> bool:
    """Ukrainian surname endings: only these are corrected in the nominative ('пане Шевченко').

    Surnames that are also Ukrainian words ('Мороз', 'Коваль') decline like them. Foreign
    surnames ('пане Сміт', 'пане Браун') are often left undeclined in practice.
    """
    if fold(name).endswith(_NATIVE_SURNAME):
        return True
    return any(known(p) and p.tag.POS == "NOUN" and "Surn" not in p.tag for p in parses("uk", name))


def check(text: str, person: Person) -> list[Finding]:
    out = _agree_morph.check("uk", text)
    found = greeting(text)
    if found is None:
        return out
    sex = infer_gender("uk", person)

    def is_name(tok: Token) -> bool:
        return name_part(tok.text, person) is not None or tok.is_capitalised

    out += check_words(found, TABLE, sex, is_name)
    out += _names(found, person, sex)
    out += _foreign(found)
    out += foreign_words(text, "uk")
    return unique(out)


def _names(found: Greeting, person: Person, sex: Sex | None) -> list[Finding]:
    out: list[Finding] = []
    if several(found, TABLE):
        return out
    chain = address_chain(found, TABLE, _LEADS)
    for i, tok in enumerate(found.tokens):
        part = which_name(LANG, tok.text, person)
        if part:
            name = (person.first_name if part == "first" else person.last_name) or ""
            if part == "first" or sex:
                native = part == "first" or sex == "f" or _native_surname(name)
                out += _judge(tok, name, _vocatives(name, sex, part), native, sex)
        elif i in chain and tok.lower not in TABLE:
            out += _unknown(tok, sex)
    return out


def _judge(
    tok: Token, name: str, vocatives: list[str], native: bool, sex: Sex | None
) -> list[Finding]:
    w = fold(tok.text)
    if not vocatives or w in {fold(v) for v in vocatives} or _is_vocative_of(tok.text, name, sex):
        return []
    if (w == fold(name) and native) or (w != fold(name) and is_form_of("uk", tok.text, name)):
        form = keep_case(vocatives[0], tok.text)
        msg = f"Ukrainian addresses people in the vocative: '{form}'."
        return [Finding(Code.GREETING_CASE, msg, tok.start, tok.end, form)]
    return []


def _is_vocative_of(word: str, name: str, sex: Sex | None) -> bool:
    """A dictionary vocative of the same name, e.g. the variant 'Ігоре' beside 'Ігорю'.

    For a man, the feminine indeclinable reading of his surname ('Шевченко') does not count.
    """
    wanted = lemmas("uk", name)
    gender = {"m": "masc", "f": "femn"}.get(sex or "")
    return any(
        "voct" in p.tag and p.normal_form in wanted and (not gender or gender in p.tag)
        for p in name_readings("uk", word)
    )


def _unknown(tok: Token, sex: Sex | None) -> list[Finding]:
    """A first name or patronymic in the nominative, for a customer without a recorded name."""
    readings = [p for p in name_readings("uk", tok.text) if {"Name", "Patr"} & p.tag.grammemes]
    if not readings or any("voct" in p.tag or "Fixd" in p.tag for p in readings):
        return []
    gender = {"m": "masc", "f": "femn"}.get(sex or "")
    fitting = [p for p in readings if "nomn" in p.tag and (not gender or gender in p.tag)]
    forms = [f for p in fitting if (f := inflect(p, {"voct"}))]
    if not forms or len(fitting) != len(readings):
        return []
    form = keep_case(forms[0], tok.text)
    msg = f"Ukrainian addresses people in the vocative: '{form}'."
    return [Finding(Code.GREETING_CASE, msg, tok.start, tok.end, form)]


def _foreign(found: Greeting) -> list[Finding]:
    out = []
    for tok in found.tokens:
        if tok.lower in FOREIGN:
            fix = FOREIGN[tok.lower]
            suggestion = keep_case(fix, tok.text) if fix else None
            msg = f"'{tok.text}' is not Ukrainian."
            out.append(Finding(Code.WRONG_LANGUAGE, msg, tok.start, tok.end, suggestion))
    return out


def vocative(name: str, gender: Literal["m", "f"] | None, part: Literal["first", "last"]) -> str:
    forms = _vocatives(name, gender, part)
    return keep_case(forms[0], name) if forms else name


def salutation(person: Person, formal: bool) -> str:
    sex = infer_gender("uk", person)
    first, last = person.first_name, person.last_name
    if formal and sex and (first or last):
        adj, title = ("Шановний", "пане") if sex == "m" else ("Шановна", "пані")
        if last:
            return f"{adj} {title} {vocative(last, sex, 'last')}!"
        return f"{adj} {title} {vocative(first or '', sex, 'first')}!"
    if first:
        return f"Добрий день, {vocative(first, sex, 'first')}!"
    return "Добрий день!"
