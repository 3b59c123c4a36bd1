"""Slovak greetings: nominative after 'pán'/'pani', gendered 'Vážený/Vážená', Czech words.

Sources: Pravidlá slovenského pravopisu (JÚĽŠ SAV, 2013) and the JÚĽŠ language advice
(jazykovaporadna.sme.sk, "oslovenie"): modern standard Slovak addresses with the nominative,
"Vážený pán Novák", "Vážená pani Nováková", "Ahoj Peter". The vocative "pane" survives only
as colloquial or archaic Slovak and reads as Czech in a written reply, so it is reported as
wrong_language with "pán"; so are Czech "paní", "den", "děkujeme".
Not flagged: punctuation after "Ahoj" (usage varies), diminutives ("Ahoj Peťo", "Janko"):
a first name is called wrong only when it carries a case ending ("Petre", "Jano" for Jana).
"""

from __future__ import annotations

from typing import Literal

from supportdesk_tui.langcheck import agreement_cssk, cs
from supportdesk_tui.langcheck.base import Finding, Person
from supportdesk_tui.langcheck.common import looks_inflected
from supportdesk_tui.langcheck.greeting import Rules, Title, check_greeting

Gender = Literal["m", "f"]
Part = Literal["first", "last"]

_ADJECTIVES = {"vážený": "m", "vážená": "f", "vážení": "pl", "milý": "m", "milá": "f",
               "milí": "pl", "drahý": "m", "drahá": "f"}  # fmt: skip
_ADJECTIVE_FORMS = {word: {"m": word[:-1] + "ý", "f": word[:-1] + "á"} for word in _ADJECTIVES}
_TITLES = {
    "pán": Title("m", {"m": "pán", "f": "pani"}),
    "pani": Title("f", {"m": "pán", "f": "pani"}),
    "slečna": Title("f", {"m": "pán", "f": "slečna"}),
    # Czech forms: also carry a gender, so "Vážená pane" is still a gender error.
    "pane": Title("m", {"m": "pán", "f": "pani"}),
    "paní": Title("f", {"m": "pán", "f": "pani"}),
}
_FOREIGN = {
    "pane": ("Czech (colloquial or archaic in Slovak)", "pán"), "paní": ("Czech", "pani"),
    "den": ("Czech", "deň"), "děkujeme": ("Czech", "ďakujeme"), "slečno": ("Czech", "slečna"),
    "szanowny": ("Polish", "Vážený"), "szanowna": ("Polish", "Vážená"),
    "panie": ("Polish", "pán"), "dzień": ("Polish", None),
}  # fmt: skip


def vocative(name: str, gender: Gender | None, part: Part) -> str:
    """Slovak addresses with the nominative: the name unchanged."""
    return name


def infer_gender(person: Person) -> Gender | None:
    """Same signals as Czech: -ová/-ská/-cká surnames, then the first name's ending."""
    return cs.infer_gender(person)


def _expected(name: str, gender: Gender | None, part: Part, _: bool) -> str | None:
    return name


def _tolerated(written: str, name: str, gender: Gender | None, after_title: bool) -> bool:
    """Nicknames and diminutives ('Peťo', 'Janko') pass; Czech-style vocatives do not."""
    surname_like = name.casefold().endswith(("ová", "ský", "ská", "cký", "cká"))
    return not surname_like and not looks_inflected(written, name) and not after_title


RULES = Rules(
    lang="sk",
    adjectives=_ADJECTIVES,
    adjective_forms=_ADJECTIVE_FORMS,
    titles=_TITLES,
    foreign=_FOREIGN,
    expected_name=_expected,
    tolerated_name=_tolerated,
    infer_gender=infer_gender,
)


def check(text: str, person: Person) -> list[Finding]:
    return check_greeting(text, person, RULES) + agreement_cssk.check(text, agreement_cssk.SLOVAK)


def salutation(person: Person, formal: bool) -> str:
    gender = person.gender or infer_gender(person)
    if formal:
        if not person.last_name or gender is None:
            return "Dobrý deň,"
        title = "Vážený pán" if gender == "m" else "Vážená pani"
        return f"{title} {person.last_name},"
    return f"Ahoj {person.first_name}," if person.first_name else "Ahoj,"
