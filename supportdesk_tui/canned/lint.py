"""`supportdesk templates lint`: every canned reply filled for a set of customers, then checked.

Each reply is rendered for personas that catch the usual mistakes (a female -ová/-ska
surname, a male -ec surname, a foreign name, no name, an e-mail address only, a company) with
a sample order, agent and shop, and the greeting and inflection check reads the result.
A reply whose text is right for one customer but not another shows up here, before an agent
sends it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..langcheck import checker
from .library import CannedReply, TemplateError
from .render import MissingValue, RenderValues, person_for, render

# (female name, male name ending in -ec where the language has such names) per language.
_NAMES: Mapping[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "cs": (("Jana", "Kubelková"), ("Miroslav", "Němec")),
    "sk": (("Zuzana", "Kováčová"), ("Peter", "Hudec")),
    "pl": (("Jadwiga", "Kowalska"), ("Tomasz", "Michalec")),
    "ru": (("Ирина", "Соколова"), ("Олег", "Кузнец")),
    "uk": (("Олена", "Шевченко"), ("Мирон", "Кравець")),
    "bg": (("Мария", "Петрова"), ("Георги", "Стоянов")),
    "sr-cyrl": (("Јелена", "Петровић"), ("Милан", "Јовановић")),
    "sr-latn": (("Jelena", "Petrović"), ("Milan", "Jovanović")),
    "hr": (("Ivana", "Horvat"), ("Marko", "Babić")),
    "sl": (("Mojca", "Novak"), ("Janez", "Zajec")),
    "en": (("Sarah", "Smith"), ("James", "Walker")),
}
_FOREIGN = {"en": ("Jiří", "Němec")}
_DEFAULT_FOREIGN = ("John", "Smith")

SAMPLE = RenderValues(
    order={
        "number": "10234",
        "status": "odesláno",
        "tracking_url": "https://track.example/10234",
        "delivery_date": "12. 3. 2026",
        "items": [{"name": "Tričko", "quantity": 2}],
    },
    agent={"name": "Eva Dvořáková", "email": "eva@shop.example"},
    shop={
        "name": "Obchod Example",
        "url": "https://shop.example",
        "return_address": "Example s.r.o.\nKrátká 1\n110 00 Praha",
    },
)


@dataclass(frozen=True)
class Problem:
    source: str
    persona: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: [{self.persona}] {self.message}"


def personas(reply: CannedReply) -> list[tuple[str, dict[str, object]]]:
    """(label, customer values) to fill this reply for."""
    key = f"{reply.language}-{reply.script}" if reply.language == "sr" else reply.language
    (female, male) = _NAMES.get(key, _NAMES["en"])
    foreign = _FOREIGN.get(reply.language, _DEFAULT_FOREIGN)
    return [
        ("female", {"first_name": female[0], "last_name": female[1], "gender": "f"}),
        ("male", {"first_name": male[0], "last_name": male[1], "gender": "m"}),
        ("foreign name", {"first_name": foreign[0], "last_name": foreign[1], "gender": "m"}),
        ("no name", {}),
        ("e-mail only", {"display_name": "jan.novak@example.cz"}),
        ("company", {"display_name": "Example Trade s.r.o."}),
    ]


def lint(replies: Iterable[CannedReply]) -> list[Problem]:
    problems: list[Problem] = []
    for reply in replies:
        for label, customer in personas(reply):
            values = RenderValues(customer, SAMPLE.order, SAMPLE.agent, SAMPLE.shop)
            try:
                text = render(reply, values)
            except MissingValue as missing:
                problems.append(Problem(reply.source, label, f"needs a value: {missing.name}"))
                continue
            except TemplateError as error:
                problems.append(Problem(reply.source, label, error.message))
                break  # the same for every persona
            person = person_for(customer, reply.script)
            for finding in checker.check(text, reply.language, person):
                line = text.count("\n", 0, finding.start) + 1
                fix = f" → {finding.suggestion!r}" if finding.suggestion else ""
                message = f"line {line} of the filled text: {finding.message}{fix}"
                problems.append(Problem(reply.source, label, message))
    return problems
