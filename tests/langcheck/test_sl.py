"""Slovenian greetings: nominative names, gendered Spoštovani/Spoštovana, gospod/gospa (32)."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck import sl
from supportdesk_tui.langcheck.base import Person
from supportdesk_tui.langcheck.checker import check

BODY = "\n\nhvala za vaše sporočilo. Paket bomo poslali še danes.\n\nLep pozdrav\nLipa.si"

MEN = [
    ("Janez", "Novak"),
    ("Marko", "Horvat"),
    ("Luka", "Kovačič"),
    ("Matej", "Krajnc"),
    ("Andrej", "Zupančič"),
    ("Peter", "Potočnik"),
    ("Jure", "Kovač"),
    ("Miha", "Mlakar"),
    ("Aleš", "Kos"),
    ("Tomaž", "Vidmar"),
    ("Boštjan", "Golob"),
    ("Rok", "Turk"),
    ("Gregor", "Božič"),
    ("Nejc", "Kralj"),
    ("Jaka", "Korošec"),
    ("Blaž", "Bizjak"),
]
WOMEN = [
    ("Maja", "Novak"),
    ("Nina", "Horvat"),
    ("Eva", "Kovačič"),
    ("Ana", "Krajnc"),
    ("Mojca", "Zupančič"),
    ("Petra", "Potočnik"),
    ("Tina", "Kovač"),
    ("Katja", "Mlakar"),
    ("Urška", "Kos"),
    ("Nives", "Vidmar"),
    ("Špela", "Golob"),
    ("Tjaša", "Turk"),
    ("Barbara", "Božič"),
    ("Ines", "Kralj"),
    ("Sara", "Korošec"),
    ("Irena", "Bizjak"),
]


def codes(text: str, person: Person) -> list[str]:
    return [f.code.value for f in check(text, "sl", person)]


@pytest.mark.parametrize(("first", "last"), MEN)
def test_correct_greetings_to_men_pass(first: str, last: str) -> None:
    for gender in ("m", None):
        person = Person(first, last, gender)
        for greeting in (
            f"Spoštovani gospod {last},",
            f"Dragi {first},",
            f"Živjo {first},",
            "Spoštovani,",
            "Pozdravljeni,",
            f"Pozdravljeni, gospod {last}!",
        ):
            assert codes(greeting + BODY, person) == [], greeting


@pytest.mark.parametrize(("first", "last"), WOMEN)
def test_correct_greetings_to_women_pass(first: str, last: str) -> None:
    for gender in ("f", None):
        person = Person(first, last, gender)
        for greeting in (
            f"Spoštovana gospa {last},",
            f"Draga {first},",
            f"Živjo {first},",
            "Spoštovani,",
            "Pozdravljeni,",
        ):
            assert codes(greeting + BODY, person) == [], greeting


@pytest.mark.parametrize(("first", "last"), WOMEN)
def test_masculine_forms_for_a_woman_are_flagged(first: str, last: str) -> None:
    person = Person(first, last, "f")
    found = check(f"Spoštovani gospa {last}," + BODY, "sl", person)
    assert [(f.code.value, f.suggestion) for f in found] == [("greeting_gender", "Spoštovana")]
    assert codes(f"Spoštovana gospod {last}," + BODY, person) == ["greeting_gender"]
    assert codes(f"Dragi {first}," + BODY, person) == ["greeting_gender"]


@pytest.mark.parametrize(("first", "last"), MEN)
def test_feminine_forms_for_a_man_are_flagged(first: str, last: str) -> None:
    person = Person(first, last, "m")
    assert "greeting_gender" in codes(f"Spoštovani gospa {last}," + BODY, person)
    assert codes(f"Draga {first}," + BODY, person) == ["greeting_gender"]


def test_croatian_greeting_words_are_wrong_language() -> None:
    text = "Poštovani gospodine Novak," + BODY
    found = [(f.code.value, f.suggestion) for f in check(text, "sl", Person("Janez", "Novak", "m"))]
    assert ("wrong_language", "Spoštovani") in found and ("wrong_language", "gospod") in found


def test_declined_surname_is_flagged_but_nicknames_pass() -> None:
    assert codes("Spoštovani gospod Novaku," + BODY, Person("Janez", "Novak", "m")) == [
        "greeting_case"
    ]
    assert codes("Živjo Jani," + BODY, Person("Janez", "Novak", "m")) == []


def test_salutations() -> None:
    assert sl.salutation(Person("Janez", "Novak", "m"), formal=True) == "Spoštovani gospod Novak,"
    assert sl.salutation(Person("Maja", "Novak"), formal=True) == "Spoštovana gospa Novak,"
    assert sl.salutation(Person("Luka", "Kos"), formal=True) == "Pozdravljeni,"
    assert sl.salutation(Person("Maja", "Novak"), formal=False) == "Živjo Maja,"


def agreement(text: str) -> list[tuple[str, str | None]]:
    found = sl.check(text, Person("Maja", "Novak", "f"))
    return [(text[f.start : f.end], f.suggestion) for f in found if f.code.value == "agreement"]


@pytest.mark.parametrize(
    "text",
    [
        "Oba izdelka sta bila odposlana danes.",
        "Obe pošiljki sta že prispeli.",
        "Vaši naročili sta bili včeraj odposlani.",
        "Dve plačili bosta vrnjeni v petek.",
        "Vaši paketi so bili odposlani.",
        "Dva tedna je bilo naročilo v skladišču.",
    ],
)
def test_dual_subjects_with_dual_verbs_pass(text: str) -> None:
    assert agreement(text) == []


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Oba izdelka je bil odposlan danes.",
         [("je", "sta"), ("bil", "bila"), ("odposlan", "odposlana")]),
        ("Obe pošiljki so prispele včeraj.", [("so", "sta"), ("prispele", "prispeli")]),
        ("Vaši naročili št. 5521 in 5522 so bila odposlana.",
         [("so", "sta"), ("bila", "bili"), ("odposlana", "odposlani")]),
        ("Dve plačili bo vrnjeno v petek.", [("bo", "bosta"), ("vrnjeno", "vrnjeni")]),
    ],
)  # fmt: skip
def test_singular_or_plural_verbs_with_a_dual_subject(
    text: str, wrong: list[tuple[str, str]]
) -> None:
    assert agreement(text) == wrong
