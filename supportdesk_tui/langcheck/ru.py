"""Russian: greeting gender, the name's case, agreement around 'Ваш заказ', greeting language.

Russian has no living vocative in writing: the name stays in the nominative in every greeting
('Уважаемый Иван Петрович', 'Здравствуйте, Мария'). Any oblique form ('Уважаемый Ивана')
is corrected to the nominative; the colloquial 'Саш', 'Маш' only in a formal greeting
('Здравствуйте, Саш' but not 'Привет, Саш') (Розенталь, Справочник по
правописанию и стилистике, §  обращение).
"""

from __future__ import annotations

from typing import Literal

from supportdesk_tui.langcheck import _agree_morph
from supportdesk_tui.langcheck._foreign_words import foreign_words
from supportdesk_tui.langcheck._morph import Lang
from supportdesk_tui.langcheck._names_east import (
    infer_gender,
    is_form_of,
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

_M, _F = "уважаемый", "уважаемая"
LANG: Lang = "ru"
TABLE: Table = {
    "уважаемый": Word("adj", "m", _M, _F),
    "уважаемая": Word("adj", "f", _M, _F),
    "многоуважаемый": Word("adj", "m", "многоуважаемый", "многоуважаемая"),
    "многоуважаемая": Word("adj", "f", "многоуважаемый", "многоуважаемая"),
    "глубокоуважаемый": Word("adj", "m", "глубокоуважаемый", "глубокоуважаемая"),
    "глубокоуважаемая": Word("adj", "f", "глубокоуважаемый", "глубокоуважаемая"),
    "дорогой": Word("adj", "m", "дорогой", "дорогая"),
    "дорогая": Word("adj", "f", "дорогой", "дорогая"),
    "уважаемого": Word("adj", "m", _M, _F, case_fix=_M),
    "уважаемому": Word("adj", "m", _M, _F, case_fix=_M),
    "уважаемой": Word("adj", "f", _M, _F, case_fix=_F),
    "господин": Word("title", "m", "господин", "госпожа"),
    "госпожа": Word("title", "f", "господин", "госпожа"),
    "господина": Word("title", "m", "господин", "госпожа", case_fix="господин"),
    "господину": Word("title", "m", "господин", "госпожа", case_fix="господин"),
    "госпожи": Word("title", "f", "господин", "госпожа", case_fix="госпожа"),
    "госпоже": Word("title", "f", "господин", "госпожа", case_fix="госпожа"),
}
_LEADS = frozenset(
    {
        "здравствуйте",
        "здравствуй",
        "добрый",
        "доброе",
        "доброго",
        "привет",
        "приветствую",
        "день",
        "утро",
        "вечер",
        "дня",
        "утра",
        "вечера",
    }
)
# Greeting words that are not Russian: Ukrainian, Bulgarian, Serbian. Only unambiguous ones.
FOREIGN: dict[str, str | None] = {
    "шановний": "Уважаемый", "шановна": "Уважаемая", "шановні": "Уважаемые",
    "вітаю": "Здравствуйте", "привіт": "Привет", "добрий": "Добрый", "пане": None, "пані": None,
    "здравейте": "Здравствуйте", "уважаеми": None, "уважаема": "Уважаемая", "скъпи": None,
    "скъпа": "Дорогая", "госпожо": "госпожа", "поштовани": None, "поштована": "Уважаемая",
    "здраво": "Здравствуйте", "госпођо": "госпожа",
}  # fmt: skip
# Greeting words of the formal register: with them the colloquial vocative ('Саш') is wrong.
_FORMAL = frozenset({"здравствуйте", "добрый", "доброе", "доброго", "господин", "госпожа"})
# Endings of oblique cases, for names the dictionary does not know ('Смиту' of 'Смит').
_OBLIQUE = ("а", "у", "ом", "ем", "е", "ы", "и", "ю", "ой", "ей", "ым", "им")


def check(text: str, person: Person) -> list[Finding]:
    out = _agree_morph.check("ru", text)
    found = greeting(text)
    if found is None:
        return out
    sex = infer_gender("ru", person)

    def is_name(tok: Token) -> bool:
        return name_part(tok.text, person) is not None or tok.is_capitalised

    out += check_words(found, TABLE, sex, is_name)
    out += _names(found, person)
    out += _foreign(found)
    out += foreign_words(text, "ru")
    return unique(out)


def _names(found: Greeting, person: Person) -> list[Finding]:
    out: list[Finding] = []
    if several(found, TABLE):
        return out
    chain = address_chain(found, TABLE, _LEADS)
    informal = not any(t.lower in _FORMAL or t.lower.startswith("уважаем") for t in found.tokens)
    for i, tok in enumerate(found.tokens):
        if informal and _colloquial_vocative(tok):
            continue
        part = which_name(LANG, tok.text, person)
        name = (person.first_name if part == "first" else person.last_name) or ""
        if part and fold(tok.text) != fold(name):
            out += _recorded_name(tok, name, part)
        elif not part and i in chain and tok.lower not in TABLE:
            out += _unknown_name(tok)
    return out


def _colloquial_vocative(tok: Token) -> bool:
    """'Саш', 'Маш', 'Жень': the spoken vocative, normal in an informal 'Привет, Саш!'."""
    return any("voct" in p.tag for p in name_readings("ru", tok.text))


def _recorded_name(tok: Token, name: str, part: str) -> list[Finding]:
    """The customer's own name written in another form than the record's nominative."""
    w, n = fold(tok.text), fold(name)
    known_form = is_form_of("ru", tok.text, name)
    oblique = any(w == n + e or (n[-1:] in "ая" and w == n[:-1] + e) for e in _OBLIQUE)
    if not (known_form or oblique):
        return []
    form = keep_case(name, tok.text)
    readings = name_readings("ru", tok.text)
    if part == "last" and any("nomn" in p.tag and "Surn" in p.tag for p in readings):
        msg = f"'{tok.text}' is the other gender's form of the name; the customer is '{name}'."
        return [Finding(Code.GREETING_GENDER, msg, tok.start, tok.end, form)]
    msg = f"Russian keeps the name in the nominative in a greeting: '{form}'."
    return [Finding(Code.GREETING_CASE, msg, tok.start, tok.end, form)]


def _unknown_name(tok: Token) -> list[Finding]:
    """A name, surname or patronymic that has no nominative singular reading ('Ивану', 'Саш')."""
    readings = name_readings("ru", tok.text)
    if not readings or any("nomn" in p.tag and "sing" in p.tag for p in readings):
        return []
    single = [p for p in readings if "sing" in p.tag] or readings
    nominative = single[0].inflect({"nomn", "sing"})
    form = keep_case(str(nominative.word), tok.text) if nominative else None
    msg = f"'{tok.text}' is not in the nominative; Russian greetings keep the nominative."
    return [Finding(Code.GREETING_CASE, msg, tok.start, tok.end, form)]


def _foreign(found: Greeting) -> list[Finding]:
    out = []
    for tok in found.tokens:
        if tok.lower in FOREIGN:
            fix = FOREIGN[tok.lower]
            msg = f"'{tok.text}' is not Russian."
            out.append(
                Finding(
                    Code.WRONG_LANGUAGE, msg, tok.start, tok.end, fix and keep_case(fix, tok.text)
                )
            )
    return out


def vocative(name: str, gender: Literal["m", "f"] | None, part: Literal["first", "last"]) -> str:
    """Russian addresses people in the nominative: the name unchanged."""
    return name


def salutation(person: Person, formal: bool) -> str:
    sex = infer_gender("ru", person)
    first, last = person.first_name, person.last_name
    if formal:
        adj = {"m": "Уважаемый", "f": "Уважаемая"}.get(sex or "")
        if adj and (first or last):
            if first and not last:
                return f"{adj} {first}!"
            title = "господин" if sex == "m" else "госпожа"
            return f"{adj} {title} {last}!"
        return "Здравствуйте!"
    return f"Здравствуйте, {first}!" if first else "Здравствуйте!"
