"""The Serbian and Croatian check: salutation words, names in address, agreement.

Serbian drafts may be Latin or Cyrillic: words are analysed through their Latin
transliteration and suggestions are given in the script of the word they replace.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Literal

from supportdesk_tui.langcheck import _agree_table
from supportdesk_tui.langcheck._agree_table import Lexicon
from supportdesk_tui.langcheck._bcs_names import (
    Variant,
    in_script,
    infer_sex,
    is_cyrillic,
    judge,
    latin,
    preferred,
)
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
from supportdesk_tui.langcheck._shop_bcs import lexicon_latin
from supportdesk_tui.langcheck.base import Code, Finding, Person
from supportdesk_tui.langcheck.common import Greeting, Token, keep_case
from supportdesk_tui.langcheck.scripts import serbian_letters

Sex = Literal["m", "f"]
_M, _F = "gospodine", "gospođo"
_LATIN_TABLE: Table = {
    "poštovani": Word("adj", "m", "poštovani", "poštovana"),
    "poštovana": Word("adj", "f", "poštovani", "poštovana"),
    "štovani": Word("adj", "m", "štovani", "štovana"),
    "štovana": Word("adj", "f", "štovani", "štovana"),
    "uvaženi": Word("adj", "m", "uvaženi", "uvažena"),
    "uvažena": Word("adj", "f", "uvaženi", "uvažena"),
    "cijenjeni": Word("adj", "m", "cijenjeni", "cijenjena"),
    "cijenjena": Word("adj", "f", "cijenjeni", "cijenjena"),
    "cenjeni": Word("adj", "m", "cenjeni", "cenjena"),
    "cenjena": Word("adj", "f", "cenjeni", "cenjena"),
    "dragi": Word("adj", "m", "dragi", "draga"),
    "draga": Word("adj", "f", "dragi", "draga"),
    "gospodine": Word("title", "m", _M, _F),
    "gospodin": Word("title", "m", _M, _F, case_fix=_M),
    "gospodina": Word("title", "m", _M, _F, case_fix=_M),
    "gospođo": Word("title", "f", _M, _F),
    "gospođa": Word("title", "f", _M, _F, case_fix=_F),
    "gospođu": Word("title", "f", _M, _F, case_fix=_F),
    "gospođice": Word("title", "f", _M, "gospođice"),
    "gospođica": Word("title", "f", _M, "gospođice", case_fix="gospođice"),
    "g": Word("title", "m", "g", "gđo"),
    "gđo": Word("title", "f", "g", "gđo"),
    "gđa": Word("title", "f", "g", "gđa"),
}
# Slovene, Czech, Polish, Russian and Bulgarian greeting words: never Serbian or Croatian.
_FOREIGN: dict[str, str] = {
    "spoštovani": "poštovani", "spoštovana": "poštovana", "gospod": "gospodine",
    "vážený": "poštovani", "vážená": "poštovana", "szanowny": "poštovani",
    "szanowna": "poštovana", "уважаемый": "поштовани", "уважаемая": "поштована",
    "здравствуйте": "добар дан", "уважаеми": "поштовани", "уважаема": "поштована",
    "здравейте": "добар дан", "госпожа": "госпођо", "госпожо": "госпођо",
}  # fmt: skip


def _cyrillic(word: Word) -> Word:
    fix = word.case_fix and in_script(word.case_fix, "ж")
    return Word(word.kind, word.gender, in_script(word.masc, "ж"), in_script(word.fem, "ж"), fix)


@cache
def table() -> Table:
    both = dict(_LATIN_TABLE)
    for key, word in _LATIN_TABLE.items():
        if len(key) > 1:
            both[in_script(key, "ж")] = _cyrillic(word)
    both["г"] = Word("title", "m", "г", "гђо")
    return both


@cache
def lexicon() -> Lexicon:
    """The Latin tables, reached from Cyrillic words through their transliteration."""
    return replace(lexicon_latin(), normalise=latin, restore=in_script)


def check(text: str, person: Person, variant: Variant) -> list[Finding]:
    out = _agree_table.check(text, lexicon())
    found = greeting(text)
    if found is None:
        return out
    sex = person.gender or infer_sex(person.first_name)

    def is_name(tok: Token) -> bool:
        known = name_part(latin(tok.text), _latin_person(person, tok.text)) is not None
        return known or tok.is_capitalised

    out += check_words(found, table(), sex, is_name)
    out += _names(found, person, sex or _title_sex(found), variant)
    out += _foreign(found)
    if variant == "sr":
        out += foreign_words(text, "sr")
    return unique(out)


def _latin_person(person: Person, like: str = "") -> Person:
    """The person's names in Latin; for a Cyrillic word (like) in Serbian Latin letters only,
    as in_script wrote them: 'Кубелкова' is compared with 'Kubelkova', not 'Kubelková'."""

    def spelt(name: str | None) -> str | None:
        if not name:
            return None
        return serbian_letters(latin(name)) if is_cyrillic(like) else latin(name)

    first, last = spelt(person.first_name), spelt(person.last_name)
    return Person(first, last, person.gender, person.script, person.formal)


def _title_sex(found: Greeting) -> Sex | None:
    sexes = {w.gender for t in found.tokens if (w := table().get(t.lower)) and w.kind == "title"}
    if sexes == {"m"}:
        return "m"
    return "f" if sexes == {"f"} else None


def _names(found: Greeting, person: Person, sex: Sex | None, variant: Variant) -> list[Finding]:
    if several(found, table()):
        return []
    tokens = found.tokens
    parts = [name_part(latin(t.text), _latin_person(person, t.text)) for t in tokens]
    out: list[Finding] = []
    for i, (tok, part) in enumerate(zip(tokens, parts, strict=True)):
        latin_person = _latin_person(person, tok.text)
        if "-" in tok.text and "-" in (latin_person.last_name or ""):
            out += _double_barrelled(tok, latin_person, sex, variant)
            continue
        if part is None:
            continue
        name = (latin_person.first_name if part == "first" else latin_person.last_name) or ""
        full = part == "first" and i + 1 < len(tokens) and parts[i + 1] == "last"
        fix = judge(latin(tok.text), name, sex, part, variant, full=full)
        if fix is not None:
            form = in_script(keep_case(fix, latin(tok.text)), tok.text)
            msg = _message(part, sex, form)
            out.append(Finding(Code.GREETING_CASE, msg, tok.start, tok.end, form))
    return out


def _double_barrelled(
    tok: Token, person: Person, sex: Sex | None, variant: Variant
) -> list[Finding]:
    """'gospođo Šimunoviću-Bariću': each part of a double-barrelled surname judged alone."""
    written, last = latin(tok.text), person.last_name or ""
    if "-" not in last or written.count("-") != last.count("-"):
        return []
    pairs = list(zip(written.split("-"), last.split("-"), strict=True))
    if any(name_part(w, Person(None, n)) is None for w, n in pairs):
        return []
    fixes = [judge(w, n, sex, "last", variant, full=False) for w, n in pairs]
    if all(f is None for f in fixes):
        return []
    form = "-".join(keep_case(f or w, w) for f, (w, _) in zip(fixes, pairs, strict=True))
    form = in_script(form, tok.text)
    return [Finding(Code.GREETING_CASE, _message("last", sex, form), tok.start, tok.end, form)]


def _message(part: str, sex: Sex | None, form: str) -> str:
    if part == "last" and sex == "f":
        return f"Female surnames do not decline: '{form}'."
    return f"In address the name takes the vocative: '{form}'."


def _foreign(found: Greeting) -> list[Finding]:
    out = []
    for tok in found.tokens:
        fix = _FOREIGN.get(tok.lower)
        if fix:
            msg = f"'{tok.text}' is not Serbian or Croatian."
            out.append(
                Finding(Code.WRONG_LANGUAGE, msg, tok.start, tok.end, keep_case(fix, tok.text))
            )
    return out


def vocative(
    name: str, gender: Sex | None, part: Literal["first", "last"], variant: Variant
) -> str:
    form = preferred(latin(name), gender, part, variant)
    if variant == "hr" and part == "last":
        form = latin(name)  # Croatian business letters keep the surname: 'gospodine Horvat'
        if latin(name).casefold().endswith("ić") and gender == "m":
            form = latin(name) + "u"
    return in_script(keep_case(form, latin(name)), name)


def salutation(person: Person, formal: bool, variant: Variant, cyrillic: bool) -> str:
    sex = person.gender or infer_sex(person.first_name)
    first, last = person.first_name, person.last_name
    if formal and sex and last:
        adj, title = ("Poštovani", "gospodine") if sex == "m" else ("Poštovana", "gospođo")
        text = f"{adj} {title} {vocative(last, sex, 'last', variant)},"
    elif first and sex:
        text = f"{'Dragi' if sex == 'm' else 'Draga'} {vocative(first, sex, 'first', variant)},"
    else:
        text = "Poštovani," if formal else "Dobar dan,"
    return in_script(text, "ж") if cyrillic else latin(text)
