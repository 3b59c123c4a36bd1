"""Bulgarian: greeting gender, title and surname form, agreement around 'Вашата поръчка'.

What is accepted in a greeting (Институт за български език, БАН, language advice on official
address; Правописен речник на съвременния български книжовен език, 2012):
- Before a surname the masculine title is the nominative: 'Уважаеми господин Петров',
  'Уважаеми г-н Петров'; the vocative 'господине' stands alone ('Уважаеми господине,'), so
  'господине Петров' is greeting_case with 'господин' (ИБЕ, БАН, "Езикови справки": official
  address). The feminine vocative 'госпожо' is the usual form with a surname as well
  ('Уважаема госпожо Петрова'), like the nominative 'госпожа Петрова' and 'г-жо Петрова':
  all accepted.
- Surnames stay in the nominative and in their own gender form ('госпожо Петрова', never
  'Петрове'/'Петров' for a woman).
- Male first-name vocatives ('Иване') are fine; female ones ('Марийо') vary by region and
  register, so first names are never judged.
- Flagged: an adjective that does not fit the gender ('Уважаеми госпожо'), a title with an
  article ('господина', 'госпожата'), a definite adjective ('Уважаемият').
"""

from __future__ import annotations

from typing import Literal

from supportdesk_tui.langcheck import _agree_table, _shop_bg
from supportdesk_tui.langcheck._foreign_words import foreign_words
from supportdesk_tui.langcheck._salute import (
    Table,
    Word,
    check_words,
    greeting,
    name_part,
    several,
    unique,
)
from supportdesk_tui.langcheck.base import Code, Finding, Person
from supportdesk_tui.langcheck.common import Greeting, Token, fold, keep_case

Sex = Literal["m", "f"]
_M, _F = "уважаеми", "уважаема"
TABLE: Table = {
    "уважаеми": Word("adj", "m", _M, _F),
    "уважаема": Word("adj", "f", _M, _F),
    "многоуважаеми": Word("adj", "m", "многоуважаеми", "многоуважаема"),
    "многоуважаема": Word("adj", "f", "многоуважаеми", "многоуважаема"),
    "драги": Word("adj", "m", "драги", "драга"),
    "драга": Word("adj", "f", "драги", "драга"),
    "скъпи": Word("adj", "m", "скъпи", "скъпа"),
    "скъпа": Word("adj", "f", "скъпи", "скъпа"),
    "уважаемият": Word("adj", "m", _M, _F, case_fix=_M),
    "уважаемия": Word("adj", "m", _M, _F, case_fix=_M),
    "уважаемата": Word("adj", "f", _M, _F, case_fix=_F),
    "господин": Word("title", "m", "господин", "госпожо"),
    "господине": Word("title", "m", "господине", "госпожо"),
    "госпожа": Word("title", "f", "господин", "госпожа"),
    "госпожо": Word("title", "f", "господин", "госпожо"),
    "госпожице": Word("title", "f", "господин", "госпожице"),
    "г-н": Word("title", "m", "г-н", "г-жо"),
    "г-жо": Word("title", "f", "г-н", "г-жо"),
    "г-жа": Word("title", "f", "г-н", "г-жа"),
    "господина": Word("title", "m", "господин", "госпожо", case_fix="господин"),
    "господинът": Word("title", "m", "господин", "госпожо", case_fix="господин"),
    "госпожата": Word("title", "f", "господин", "госпожо", case_fix="госпожо"),
}
# Russian, Ukrainian and Serbian greeting words that are not Bulgarian.
FOREIGN: dict[str, str | None] = {
    "уважаемый": "Уважаеми", "уважаемая": "Уважаема", "уважаемые": "Уважаеми",
    "здравствуйте": "Здравейте", "дорогой": "Драги", "дорогая": "Драга", "добрый": "Добър",
    "шановний": "Уважаеми", "шановна": "Уважаема", "вітаю": "Здравейте", "пане": "господине",
    "пані": "госпожо", "поштовани": "Уважаеми", "поштована": "Уважаема", "госпођо": "госпожо",
}  # fmt: skip
_MALE_A = frozenset({"никола", "илия", "сава", "лука", "кузма", "андрея", "тома", "коста"})
# Given to both men and women (or short for both): never a basis for inference.
_COMMON = frozenset({"саша", "женя", "валя", "ники", "слава", "сашо", "мони", "кики", "алекс"})
_FEMALE_CONSONANT = frozenset({"кармен", "ирис", "агнес", "рут", "естер", "любов", "ин"})


def infer_gender(person: Person) -> Sex | None:
    """Person.gender, else the surname (-ова/-ева/-ска f, -ов/-ев/-ски m), else the name."""
    if person.gender is not None:
        return person.gender
    last = fold(person.last_name or "")
    if len(last) >= 5:
        if last.endswith(("ова", "ева", "ска", "цка", "ина")):
            return "f"
        if last.endswith(("ов", "ев", "ски", "цки", "ин")):
            return "m"
    first = fold(person.first_name or "")
    if len(first) < 3 or not first.isalpha() or first.isascii() or first in _COMMON:
        return None
    if first.endswith(("а", "я")):
        return "m" if first in _MALE_A else "f"
    if first[-1] not in "аеиоуъюяй" and first not in _FEMALE_CONSONANT:
        return "m"
    return None


def check(text: str, person: Person) -> list[Finding]:
    out = _agree_table.check(text, _shop_bg.lexicon())
    found = greeting(text)
    if found is None:
        return out
    sex = infer_gender(person)

    def is_name(tok: Token) -> bool:
        return name_part(tok.text, person) is not None or tok.is_capitalised

    out += check_words(found, TABLE, sex, is_name)
    out += _vocative_before_name(found)
    if not several(found, TABLE):
        out += _surname(found, person)
    out += _foreign(found)
    out += foreign_words(text, "bg")
    return unique(out)


def _surname(found: Greeting, person: Person) -> list[Finding]:
    """The surname as recorded: any other form of it ('Петрове', 'Петров' for her) is wrong."""
    last = person.last_name or ""
    out = []
    for tok in found.tokens:
        if _double_barrelled_declined(tok.text, last):
            form = last.upper() if tok.text.isupper() else last
            msg = f"Bulgarian keeps each part of the surname as it is: '{form}'."
            out.append(Finding(Code.GREETING_CASE, msg, tok.start, tok.end, form))
            continue
        if not last or name_part(tok.text, person) != "last" or fold(tok.text) == fold(last):
            continue
        w, n = fold(tok.text), fold(last)
        swapped = w + "а" == n or n + "а" == w
        code = Code.GREETING_GENDER if swapped else Code.GREETING_CASE
        form = keep_case(last, tok.text)
        msg = f"Bulgarian keeps the surname as it is: '{form}'."
        if code == Code.GREETING_GENDER or w in {n + "е", n + "о", n[:-1] + "о"}:
            out.append(Finding(code, msg, tok.start, tok.end, form))
    return out


def _double_barrelled_declined(word: str, last: str) -> bool:
    """'Атанасово-Коларово' for 'Атанасова-Коларова': a part given a vocative ending."""
    if "-" not in last or word.count("-") != last.count("-") or fold(word) == fold(last):
        return False
    pairs = list(zip(fold(word).split("-"), fold(last).split("-"), strict=True))
    declined = [w in {n + "е", n + "о", n[:-1] + "о"} for w, n in pairs]
    return any(declined) and all(d or w == n for d, (w, n) in zip(declined, pairs, strict=True))


def _vocative_before_name(found: Greeting) -> list[Finding]:
    """'господине Петров': before a name the title takes the nominative 'господин'."""
    out = []
    toks = found.tokens
    for tok, nxt in zip(toks, toks[1:], strict=False):
        gap = found.text[tok.end - found.start : nxt.start - found.start]
        if tok.lower == "господине" and nxt.is_capitalised and not gap.strip(" \t"):
            msg = "Before a name Bulgarian uses 'господин', not the vocative 'господине'."
            out.append(
                Finding(
                    Code.GREETING_CASE, msg, tok.start, tok.end, keep_case("господин", tok.text)
                )
            )
    return out


def _foreign(found: Greeting) -> list[Finding]:
    out = []
    for tok in found.tokens:
        if tok.lower in FOREIGN:
            fix = FOREIGN[tok.lower]
            suggestion = keep_case(fix, tok.text) if fix else None
            msg = f"'{tok.text}' is not Bulgarian."
            out.append(Finding(Code.WRONG_LANGUAGE, msg, tok.start, tok.end, suggestion))
    return out


def vocative(name: str, gender: Literal["m", "f"] | None, part: Literal["first", "last"]) -> str:
    """Bulgarian greetings keep names in the nominative (vocatives are optional)."""
    return name


def salutation(person: Person, formal: bool) -> str:
    sex = infer_gender(person)
    first, last = person.first_name, person.last_name
    if formal and sex and last:
        return f"Уважаеми господин {last}," if sex == "m" else f"Уважаема госпожо {last},"
    if first and sex:
        return f"{'Драги' if sex == 'm' else 'Драга'} {first},"
    return "Здравейте,"
