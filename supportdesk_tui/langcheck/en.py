"""English greetings: 'Dear Mr Smith', 'Dear Ms Jones', 'Hi Oliver'.

Sources: Oxford Style Manual / New Hart's Rules (titles with surnames: "Mr Smith", never a
title with a first name alone); Fowler's Modern English Usage ("Ms" as the neutral title for
a woman). "Mr." with a period (US) and "Mr" (UK) are both correct; "Mx" and "Dr" fit anyone.
English names do not inflect: a Slavic case ending left on a name ("Olivere") is flagged,
nicknames ("Ollie", "Sam") are not. Gender is inferred only from names_en (names of one
sex only). Greeting words of the other nine languages ("Dobrý den", "Dzień dobry") are
wrong_language.
"""

from __future__ import annotations

from typing import Literal

from supportdesk_tui.langcheck import agreement_en, names_en
from supportdesk_tui.langcheck.base import Code, Finding, Person
from supportdesk_tui.langcheck.common import find_greeting, finding, fold, looks_inflected
from supportdesk_tui.langcheck.greeting import Rules, Title, check_greeting

Gender = Literal["m", "f"]
Part = Literal["first", "last"]

_TITLES = {
    "mr": Title("m", {"m": "Mr", "f": "Ms"}),
    "mrs": Title("f", {"m": "Mr", "f": "Mrs"}),
    "ms": Title("f", {"m": "Mr", "f": "Ms"}),
    "miss": Title("f", {"m": "Mr", "f": "Miss"}),
    "sir": Title("m", {"m": "Sir", "f": "Madam"}),
    "madam": Title("f", {"m": "Sir", "f": "Madam"}),
    "mx": Title(None, {}),
    "dr": Title(None, {}),
}
_NAME_TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr")


_FOREIGN = {
    word: (language, None)
    for language, words in (
        ("Czech or Slovak", "dobrý den deň vážený vážená ahoj zdravím pane paní pani pán"),
        ("Polish", "dzień dobry szanowny szanowna cześć panie"),
        ("Slovenian or Croatian", "spoštovani spoštovana pozdravljeni živjo poštovani dobar"),
        ("Russian or Ukrainian", "здравствуйте уважаемый уважаемая добрый добрий шановний"),
    )
    for word in words.split()
}


def vocative(name: str, gender: Gender | None, part: Part) -> str:
    return name


def infer_gender(person: Person) -> Gender | None:
    first = (person.first_name or "").casefold()
    if first in names_en.MALE:
        return "m"
    return "f" if first in names_en.FEMALE else None


def _expected(name: str, gender: Gender | None, part: Part, _: bool) -> str:
    return name


def _tolerated(written: str, name: str, gender: Gender | None, after_title: bool) -> bool:
    return not looks_inflected(written, name)


RULES = Rules(
    lang="en",
    adjectives={},
    adjective_forms={},
    titles=_TITLES,
    foreign=_FOREIGN,
    expected_name=_expected,
    tolerated_name=_tolerated,
    infer_gender=infer_gender,
)


def _title_with_first_name(text: str, person: Person) -> list[Finding]:
    """'Dear Mr Oliver' (first name alone after a title) -> 'Mr Smith'."""
    greeting = find_greeting(text)
    first, last = fold(person.first_name or ""), fold(person.last_name or "")
    if greeting is None or not first or first == last:
        return []
    tokens = greeting.tokens
    found = []
    for i, token in enumerate(tokens[:-1]):
        name = tokens[i + 1]
        if token.lower not in _NAME_TITLES or fold(name.text) != first:
            continue
        if i + 2 < len(tokens) and fold(tokens[i + 2].text) == last:
            continue  # "Mr Oliver Smith": full name, acceptable
        message = "A title goes with the surname, not the first name."
        found.append(finding(Code.GREETING_CASE, message, name, person.last_name or None))
    return found


def check(text: str, person: Person) -> list[Finding]:
    findings = check_greeting(text, person, RULES) + _title_with_first_name(text, person)
    return findings + agreement_en.check(text)


def salutation(person: Person, formal: bool) -> str:
    if formal:
        gender = person.gender or infer_gender(person)
        if person.last_name and gender:
            title = "Mr" if gender == "m" else "Ms"
            return f"Dear {title} {person.last_name},"
        if person.first_name and person.last_name:
            return f"Dear {person.first_name} {person.last_name},"
        return "Hello,"
    return f"Hi {person.first_name}," if person.first_name else "Hi,"
