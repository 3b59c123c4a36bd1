"""Czech greetings: vocative after 'pane'/'paní', gendered 'Vážený/Vážená', Slovak words.

Sources: Internetová jazyková příručka (ÚJČ AV ČR, prirucka.ujc.cas.cz), "Oslovení" and
"Vokativ": names are in the vocative ("pane Vondráčku", "Ahoj Petře"); female surnames
(-ová, adjectival -á, foreign) do not change ("paní Kubelková"); adjectival male surnames
keep their form ("pane Hrubý"). Vocatives come from the `vokativ` package (suffix tables
built from Czech name lists). Not flagged: punctuation after "Ahoj"/"Dobrý den" (usage
varies), academic titles ("pane inženýre"), and any declined form we do not know: only the
nominative where a vocative is due (or a changed female surname) is called wrong.
"""

from __future__ import annotations

from typing import Literal

from supportdesk_tui.langcheck import agreement_cssk
from supportdesk_tui.langcheck.base import Finding, Person
from supportdesk_tui.langcheck.common import keep_case
from supportdesk_tui.langcheck.greeting import Rules, Title, check_greeting

Gender = Literal["m", "f"]
Part = Literal["first", "last"]

_ADJECTIVES = {"vážený": "m", "vážená": "f", "vážení": "pl", "milý": "m", "milá": "f",
               "milí": "pl", "drahý": "m", "drahá": "f"}  # fmt: skip
_ADJECTIVE_FORMS = {
    word: {"m": stem + "ý", "f": stem + "á"} for word in _ADJECTIVES for stem in [word[:-1]]
}
_TITLES = {
    "pane": Title("m", {"m": "pane", "f": "paní"}),
    "paní": Title("f", {"m": "pane", "f": "paní"}),
    "slečno": Title("f", {"m": "pane", "f": "slečno"}),
    # Nominative titles never open a Czech greeting ("Vážený pan Novák" -> "pane Nováku").
    "pan": Title("m", {"m": "pane", "f": "paní"}, wrong_case=True),
    "slečna": Title("f", {"m": "pane", "f": "slečno"}, wrong_case=True),
}
# Slovak and Polish greeting words that slip into Czech replies.
_FOREIGN = {
    "pani": ("Slovak or Polish", "paní"), "pán": ("Slovak", "pane"), "deň": ("Slovak", "den"),
    "ďakujeme": ("Slovak", "děkujeme"), "szanowny": ("Polish", "Vážený"),
    "szanowna": ("Polish", "Vážená"), "panie": ("Polish", "pane"), "dzień": ("Polish", None),
}  # fmt: skip
# Names used for both sexes in Czech; gender is never guessed from them.
_COMMON_GENDER = {"nikola", "saša", "sáša", "andrea", "kim", "alex", "dominik", "michal",
                  "jean", "rene", "rené", "vanja", "ali", "robin", "simone", "toni"}  # fmt: skip


def _vokativ(name: str, woman: bool, last_name: bool) -> str:
    from vokativ import vokativ as _v  # lazy: loads its suffix tables on first use

    return keep_case(_v(name, woman=woman, last_name=last_name), name)


def vocative(name: str, gender: Gender | None, part: Part) -> str:
    if not name:
        return name
    lowered = name.casefold()
    if gender == "f":
        return name if part == "last" else _vokativ(name, True, False)
    if lowered.endswith(("ia", "ea")) or lowered[-1] in "eéěiíoóuůúyý":
        return name  # foreign or indeclinable ('Rossi', 'Hugo', 'Jirků'), adjectival 'Hrubý'
    return _vokativ(name, False, part == "last")


def infer_gender(person: Person) -> Gender | None:
    """From the surname ending (-ová/-ská/-cká female, -ý/-ský male), else the first name."""
    last = (person.last_name or "").casefold()
    if last.endswith(("ová", "ská", "cká")):
        return "f"
    if last.endswith(("ský", "cký")):
        return "m"
    first = (person.first_name or "").casefold()
    if not first or first in _COMMON_GENDER or " " in first:
        return None
    from vokativ import sex

    return "f" if sex(first) == "w" else "m"


def _expected(
    name: str, gender: Gender | None, part: Literal["first", "last"], _: bool
) -> str | None:
    if gender is None:
        if part == "first" and name.endswith("a"):
            return name[:-1] + "o"  # 'Saša' -> 'Sašo', 'Nikola' -> 'Nikolo' for either sex
        return name if name.casefold().endswith(("ová", "ská", "cká")) else None
    return vocative(name, gender, part)


RULES = Rules(
    lang="cs",
    adjectives=_ADJECTIVES,
    adjective_forms=_ADJECTIVE_FORMS,
    titles=_TITLES,
    foreign=_FOREIGN,
    expected_name=_expected,
    infer_gender=infer_gender,
)


def check(text: str, person: Person) -> list[Finding]:
    return check_greeting(text, person, RULES) + agreement_cssk.check(text, agreement_cssk.CZECH)


def salutation(person: Person, formal: bool) -> str:
    gender = person.gender or infer_gender(person)
    if formal:
        if not person.last_name or gender is None:
            return "Dobrý den,"
        last = vocative(person.last_name, gender, "last")
        return f"Vážený pane {last}," if gender == "m" else f"Vážená paní {last},"
    if not person.first_name:
        return "Ahoj,"
    return f"Ahoj {vocative(person.first_name, gender, 'first')},"
