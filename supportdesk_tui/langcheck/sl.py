"""Slovenian greetings: nominative names, 'Spoštovani gospod' / 'Spoštovana gospa'.

Sources: Slovenski pravopis (SAZU/ZRC SAZU, 2001), §§ on addressing ("ogovor"), and the
Jezikovna svetovalnica of ZRC SAZU (svetovalnica.zrc-sazu.si): Slovenian has no vocative, so
names stay in the nominative ("Spoštovani gospod Novak", "Spoštovana gospa Novak", "Draga
Maja"); women's surnames do not change ("gospa Novak"). "Spoštovani," and "Pozdravljeni,"
alone are correct generic openings (the masculine/plural form addresses anyone), so an
adjective is judged only when a title or a name follows it. Croatian/Serbian greeting words
("gospodine", "poštovani", "dobar dan") are wrong_language.
Not flagged: nicknames and diminutives; only a name with a case ending ("Novaku") is wrong.
"""

from __future__ import annotations

from typing import Literal

from supportdesk_tui.langcheck import _dual_sl, agreement_cssk
from supportdesk_tui.langcheck.base import Finding, Person
from supportdesk_tui.langcheck.common import looks_inflected, word_set
from supportdesk_tui.langcheck.greeting import Rules, Title, check_greeting

Gender = Literal["m", "f"]
Part = Literal["first", "last"]

# "Pozdravljen"/"Pozdravljena" greet one man/woman; "Pozdravljeni" (plural, polite) fits
# anyone and is not listed.
_ADJECTIVES = {"spoštovani": "m", "spoštovana": "f", "dragi": "m", "draga": "f",
               "cenjeni": "m", "cenjena": "f", "pozdravljen": "m", "pozdravljena": "f"}  # fmt: skip
_ADJECTIVE_FORMS = {
    "spoštovani": {"f": "spoštovana"}, "spoštovana": {"m": "spoštovani"},
    "dragi": {"f": "draga"}, "draga": {"m": "dragi"},
    "cenjeni": {"f": "cenjena"}, "cenjena": {"m": "cenjeni"},
    "pozdravljen": {"f": "pozdravljena"}, "pozdravljena": {"m": "pozdravljen"},
}  # fmt: skip
_TITLES = {
    "gospod": Title("m", {"m": "gospod", "f": "gospa"}),
    "gospa": Title("f", {"m": "gospod", "f": "gospa"}),
    "gospodična": Title("f", {"m": "gospod", "f": "gospodična"}),
    "gospodine": Title("m", {"m": "gospod", "f": "gospa"}),
    "gospođo": Title("f", {"m": "gospod", "f": "gospa"}),
}
_FOREIGN = {
    "gospodine": ("Croatian or Serbian", "gospod"), "gospođo": ("Croatian or Serbian", "gospa"),
    "gospodin": ("Croatian or Serbian", "gospod"), "gospođa": ("Croatian or Serbian", "gospa"),
    "poštovani": ("Croatian or Serbian", "spoštovani"),
    "poštovana": ("Croatian or Serbian", "spoštovana"),
    "dobar": ("Croatian or Serbian", "dober"),
}  # fmt: skip
# Slovene men's names ending in -a and women's names ending in a consonant (SURS name lists).
_MALE_IN_A = word_set("luka jaka miha žiga nikola sava matija tobija jona aleksa kosta ilija")
_EITHER = word_set("vanja saša sandi andrea nikola")
_FEMALE_IN_CONSONANT = word_set(
    "ines tamar karin miriam ingrid nives dagmar ester rut ruth edit judit doris iris agnes "
    "katrin carmen nel noel"
)


def vocative(name: str, gender: Gender | None, part: Part) -> str:
    """Slovenian addresses with the nominative."""
    return name


def infer_gender(person: Person) -> Gender | None:
    first = (person.first_name or "").casefold()
    if not first or " " in first or first in _EITHER:
        return None
    if first.endswith("a"):
        return None if first in _MALE_IN_A else "f"
    if first[-1] in "bcčdfghjklmnprsštvzž":
        return None if first in _FEMALE_IN_CONSONANT else "m"
    return None


def _expected(name: str, gender: Gender | None, part: Part, _: bool) -> str:
    return name


def _tolerated(written: str, name: str, gender: Gender | None, after_title: bool) -> bool:
    """After gospod/gospa only the nominative; alone, nicknames pass ('Živjo Jani')."""
    return not after_title and not looks_inflected(written, name)


RULES = Rules(
    lang="sl",
    adjectives=_ADJECTIVES,
    adjective_forms=_ADJECTIVE_FORMS,
    titles=_TITLES,
    foreign=_FOREIGN,
    expected_name=_expected,
    tolerated_name=_tolerated,
    infer_gender=infer_gender,
)


def check(text: str, person: Person) -> list[Finding]:
    agreement = agreement_cssk.check(text, agreement_cssk.SLOVENE) + _dual_sl.check(text)
    return check_greeting(text, person, RULES) + agreement


def salutation(person: Person, formal: bool) -> str:
    gender = person.gender or infer_gender(person)
    if formal:
        if not person.last_name or gender is None:
            return "Pozdravljeni,"
        title = "Spoštovani gospod" if gender == "m" else "Spoštovana gospa"
        return f"{title} {person.last_name},"
    return f"Živjo {person.first_name}," if person.first_name else "Živjo,"
