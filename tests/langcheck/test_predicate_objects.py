"""A full verb's object is not a predicate: 'Przesyłka zawiera następujące produkty:' passes,
while a copula's participle that disagrees is still found ('Przesyłka został wysłany').

Probe sentences written for this test, not taken from the tuning or holdout sets.
"""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck.base import Person
from supportdesk_tui.langcheck.checker import language_module

PERSON = Person("Alex", "Novak", None)


def agreement(lang: str, text: str) -> list[str]:
    module = language_module(lang)
    assert module is not None
    text = "Hello,\n\n" + text  # the probe is body text, not the greeting line
    return [text[f.start : f.end] for f in module.check(text, PERSON) if f.code == "agreement"]


CORRECT = [
    ("pl", "Przesyłka zawiera następujące produkty:"),
    ("pl", "Przesyłka zawierała następujące produkty:"),
    ("pl", "Faktura zawiera wszystkie dane firmy."),
    ("pl", "Paczka obejmuje dwa kartony."),
    ("pl", "Reklamacja dotyczy uszkodzonego ekspresu."),
    ("cs", "Zásilka obsahuje pedály a kabely."),
    ("cs", "Balík obsahuje ventily."),
    ("cs", "Objednávka do Brna zahrnuje materiály k montáži."),
    ("cs", "Zásilka obsahuje následující produkty:"),
    ("sk", "Zásielka obsahuje pedály."),
    ("sk", "Balík obsahuje ventily."),
]

WRONG = [
    ("pl", "Przesyłka został wysłany.", ["został", "wysłany"]),
    ("pl", "Przesyłka jest wysłany.", ["wysłany"]),
    ("pl", "Przesyłka będzie wysłany jutro.", ["wysłany"]),
    ("pl", "Przesyłka zostanie wysłany jutro.", ["wysłany"]),
    ("pl", "Paczki są gotowa do odbioru.", ["gotowa"]),
    ("pl", "Przesyłki zawiera produkty.", ["zawiera"]),
    ("pl", "Paczka dotarł wczoraj.", ["dotarł"]),
    ("cs", "Zásilka byl odeslán.", ["byl", "odeslán"]),
    ("cs", "Zásilka dorazil včera.", ["dorazil"]),
    ("sk", "Zásielka bol odoslaný.", ["bol", "odoslaný"]),
]


@pytest.mark.parametrize(("lang", "sentence"), CORRECT)
def test_object_of_a_full_verb_is_not_judged(lang: str, sentence: str) -> None:
    assert agreement(lang, sentence) == []


@pytest.mark.parametrize(("lang", "sentence", "wrong"), WRONG)
def test_copula_and_verb_disagreements_are_still_found(
    lang: str, sentence: str, wrong: list[str]
) -> None:
    assert agreement(lang, sentence) == wrong
