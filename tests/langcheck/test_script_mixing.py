"""Script mixing in Serbian replies, and '2x' as a quantity.

- A word with letters of both scripts ('Кубелковá', 'Пoштовани' with a Latin o) is
  wrong_script, with the word in one script as the suggestion.
- A lone x/х after, between or before numbers is a multiplication sign in either script.
"""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck.base import Code, Person
from supportdesk_tui.langcheck.checker import check

CYR_BODY = "\n\nхвала на поруџбини. Пошиљка стиже у понедељак.\n\nСрдачан поздрав,\nТим подршке"
LAT_BODY = "\n\nhvala na porudžbini. Pošiljka stiže u ponedeljak.\n\nSrdačan pozdrav,\nTim podrške"


def _script_findings(text: str, person: Person) -> list[tuple[str, str | None]]:
    return [
        (text[f.start : f.end], f.suggestion)
        for f in check(text, "sr", person)
        if f.code is Code.WRONG_SCRIPT
    ]


@pytest.mark.parametrize(
    ("greeting", "word", "fix"),
    [
        ("Поштована госпођо Кубелковá,", "Кубелковá", "Кубелкова"),
        ("Поштовани господине Двоřáк,", "Двоřáк", "Дворак"),
        ("Поштовани господине Мüллер,", "Мüллер", "Миллер"),
        ("Пoштовани господине Дворак,", "Пoштовани", "Поштовани"),  # a Latin o
    ],
)
def test_mixed_script_word_in_a_cyrillic_reply_is_flagged(
    greeting: str, word: str, fix: str
) -> None:
    person = Person("Antonín", "Dvořák", None, "cyrl")
    assert _script_findings(greeting + CYR_BODY, person) == [(word, fix)]


def test_latin_letter_inside_a_cyrillic_body_word_is_flagged() -> None:
    person = Person("Ана", "Јовановић", "f", "cyrl")
    text = "Поштована госпођо Јовановић," + CYR_BODY.replace("стиже", "стижe")  # Latin e
    assert _script_findings(text, person) == [("стижe", "стиже")]


def test_cyrillic_letter_inside_a_latin_word_is_flagged() -> None:
    person = Person("Ana", "Jovanović", "f", "latn")
    text = "Poštovana gospođo Jovanović," + LAT_BODY.replace("stiže", "stižе")  # Cyrillic е
    assert _script_findings(text, person) == [("stižе", "stiže")]


def test_mixed_word_is_flagged_when_the_customers_script_is_unknown() -> None:
    person = Person("Ana", "Jovanović", "f")
    text = "Поштована госпођо Јовановић," + CYR_BODY.replace("стиже", "стижe")
    assert _script_findings(text, person) == [("стижe", "стиже")]


QUANTITIES = ["(2x)", "2x", "2 x 3", "2 x", "x2", "(2х)", "2х", "2 х 3", "х2", "2×"]
GLUED = {"cyrl": ["2xлампе", "2хлампе"], "latn": ["2xlampe", "2хlampe"]}


@pytest.mark.parametrize("times", QUANTITIES)
def test_multiplication_sign_is_no_script_error_in_cyrillic(times: str) -> None:
    person = Person("Ана", "Јовановић", "f", "cyrl")
    body = CYR_BODY.replace("Пошиљка стиже", f"Лампа {times} стиже")
    assert _script_findings("Поштована госпођо Јовановић," + body, person) == []


@pytest.mark.parametrize("times", QUANTITIES)
def test_multiplication_sign_is_no_script_error_in_latin(times: str) -> None:
    person = Person("Ana", "Jovanović", "f", "latn")
    body = LAT_BODY.replace("Pošiljka stiže", f"Lampa {times} stiže")
    assert _script_findings("Poštovana gospođo Jovanović," + body, person) == []


def test_a_latin_word_in_a_cyrillic_sentence_is_still_counted() -> None:
    """The x rule is only for a lone x by a number: Latin words still count as before."""
    person = Person("Ана", "Јовановић", "f", "cyrl")
    text = "Поштована госпођо Јовановић,\n\nlampa 2x stiže u ponedeljak.\n\nТим подршке"
    assert [w for w, _ in _script_findings(text, person)] == ["lampa 2x stiže u ponedeljak."]


@pytest.mark.parametrize(("wanted", "times"), [(w, t) for w, ts in GLUED.items() for t in ts])
def test_multiplication_sign_glued_to_a_word_is_no_mixed_word(wanted: str, times: str) -> None:
    if wanted == "cyrl":
        person = Person("Ана", "Јовановић", "f", "cyrl")
        text = "Поштована госпођо Јовановић," + CYR_BODY.replace("Пошиљка", f"Пошиљка {times}")
    else:
        person = Person("Ana", "Jovanović", "f", "latn")
        text = "Poštovana gospođo Jovanović," + LAT_BODY.replace("Pošiljka", f"Pošiljka {times}")
    assert _script_findings(text, person) == []
