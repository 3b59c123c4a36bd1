"""English greetings: titles with surnames, title/gender fit, no inflection (32 people)."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck import en
from supportdesk_tui.langcheck.base import Person
from supportdesk_tui.langcheck.checker import check

BODY = "\n\nthank you for your message. We will ship the parcel today.\n\nBest regards\nLipa"

MEN = [
    ("Oliver", "Smith"),
    ("James", "Jones"),
    ("Harry", "Williams"),
    ("George", "Brown"),
    ("Noah", "Taylor"),
    ("Jack", "Davies"),
    ("Leo", "Evans"),
    ("Oscar", "Wilson"),
    ("Charlie", "Thomas"),
    ("Arthur", "Johnson"),
    ("Sam", "Roberts"),
    ("Ali", "Khan"),
    ("Tomasz", "Nowak"),
    ("Wei", "Zhang"),
    ("Kim", "Park"),
    ("Robin", "Hood"),
]
WOMEN = [
    ("Olivia", "Smith"),
    ("Amelia", "Jones"),
    ("Isla", "Williams"),
    ("Ava", "Brown"),
    ("Emily", "Taylor"),
    ("Sophie", "Davies"),
    ("Grace", "Evans"),
    ("Lily", "Wilson"),
    ("Freya", "Thomas"),
    ("Ella", "Johnson"),
    ("Sam", "Roberts"),
    ("Aisha", "Khan"),
    ("Jana", "Nováková"),
    ("Mei", "Zhang"),
    ("Kim", "Lee"),
    ("Robin", "Wright"),
]


def codes(text: str, person: Person) -> list[str]:
    return [f.code.value for f in check(text, "en", person)]


@pytest.mark.parametrize(("first", "last"), MEN)
def test_correct_greetings_to_men_pass(first: str, last: str) -> None:
    for gender in ("m", None):
        person = Person(first, last, gender)
        for greeting in (
            f"Dear Mr {last},",
            f"Dear Mr. {last},",
            f"Hi {first},",
            f"Hello {first},",
            f"Dear {first},",
            "Dear Sir,",
            f"Dear Mr {first} {last},",
            f"Dear Dr {last},",
            "Hello,",
        ):
            assert codes(greeting + BODY, person) == [], greeting


@pytest.mark.parametrize(("first", "last"), WOMEN)
def test_correct_greetings_to_women_pass(first: str, last: str) -> None:
    for gender in ("f", None):
        person = Person(first, last, gender)
        for greeting in (
            f"Dear Ms {last},",
            f"Dear Mrs {last},",
            f"Hi {first},",
            "Dear Madam,",
            f"Dear Mx {last},",
        ):
            assert codes(greeting + BODY, person) == [], greeting


@pytest.mark.parametrize(("first", "last"), WOMEN)
def test_mr_for_a_woman_is_flagged(first: str, last: str) -> None:
    [finding] = check(f"Dear Mr {last}," + BODY, "en", Person(first, last, "f"))
    assert (finding.code.value, finding.suggestion) == ("greeting_gender", "Ms")
    assert codes("Dear Sir," + BODY, Person(first, last, "f")) == ["greeting_gender"]


@pytest.mark.parametrize(("first", "last"), MEN)
def test_ms_for_a_man_is_flagged(first: str, last: str) -> None:
    assert codes(f"Dear Ms {last}," + BODY, Person(first, last, "m")) == ["greeting_gender"]


@pytest.mark.parametrize(("first", "last"), MEN)
def test_title_with_first_name_is_flagged(first: str, last: str) -> None:
    text = f"Dear Mr {first}," + BODY
    [finding] = check(text, "en", Person(first, last, "m"))
    assert (finding.code.value, text[finding.start : finding.end]) == ("greeting_case", first)
    assert finding.suggestion == last


def test_slavic_case_ending_on_a_name_is_flagged_but_nicknames_pass() -> None:
    assert codes("Hi Olivere," + BODY, Person("Oliver", "Smith", "m")) == ["greeting_case"]
    assert codes("Hi Ollie," + BODY, Person("Oliver", "Smith", "m")) == []
    assert codes("Hi Sammy," + BODY, Person("Samuel", "Roberts", "m")) == []


def test_empty_name_leaves_dear_comma() -> None:
    assert codes("Dear ," + BODY, Person("Oliver", "Smith", "m")) == ["unfilled_placeholder"]
    assert codes("Dear Mr," + BODY, Person("Oliver", "Smith", "m")) == ["unfilled_placeholder"]


def test_salutations() -> None:
    assert en.salutation(Person("Oliver", "Smith", "m"), formal=True) == "Dear Mr Smith,"
    assert en.salutation(Person("Olivia", "Jones", "f"), formal=True) == "Dear Ms Jones,"
    assert en.salutation(Person("Kim", "Lee"), formal=True) == "Dear Kim Lee,"
    assert en.salutation(Person("Oliver", "Smith"), formal=False) == "Hi Oliver,"


def test_a_greeting_to_a_couple_is_not_a_gender_error() -> None:
    assert codes("Dear Mr and Mrs Smith," + BODY, Person("John", "Smith", "m")) == []
    assert codes("Dear Mrs Smith," + BODY, Person("John", "Smith", "m")) == ["greeting_gender"]
