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
from supportdesk_tui.langcheck._morph import Lang, inflect
from supportdesk_tui.langcheck._names_east import (
    infer_gender,
    is_form_of,
    keep_case_parts,
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
from supportdesk_tui.langcheck._uk_names import is_vocative_of, native_surname, vocatives
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
                native = part == "first" or sex == "f" or native_surname(name)
                out += _judge(tok, name, vocatives(name, sex, part), native, sex)
        elif i in chain and tok.lower not in TABLE:
            out += _unknown(tok, sex)
    return out


def _judge(
    tok: Token, name: str, vocatives: list[str], native: bool, sex: Sex | None
) -> list[Finding]:
    w = fold(tok.text)
    if not vocatives or w in {fold(v) for v in vocatives} or is_vocative_of(tok.text, name, sex):
        return []
    if (w == fold(name) and native) or (w != fold(name) and is_form_of("uk", tok.text, name)):
        form = keep_case_parts(vocatives[0], tok.text)
        msg = f"Ukrainian addresses people in the vocative: '{form}'."
        return [Finding(Code.GREETING_CASE, msg, tok.start, tok.end, form)]
    return []


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
    forms = vocatives(name, gender, part)
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
