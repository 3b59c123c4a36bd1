"""Serbian Cyrillic for foreign Latin names: a salutation in Cyrillic for 'Kubelková',
'Dvořák', 'Müller' keeps no Latin letter: the letters Serbian Latin lacks are brought to
Serbian ones first (scripts.serbian_letters), and the check accepts what was written.
"""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck import scripts, sr
from supportdesk_tui.langcheck.base import Person
from supportdesk_tui.langcheck.checker import check, salutation

CYR_BODY = "\n\nхвала на поруџбини. Пошиљка стиже у понедељак.\n\nСрдачан поздрав,\nТим подршке"
LAT_BODY = "\n\nhvala na porudžbini. Pošiljka stiže u ponedeljak.\n\nSrdačan pozdrav,\nTim podrške"


@pytest.mark.parametrize(
    ("latin", "serbian"),
    [
        ("Kubelková", "Kubelkova"),  # accents dropped
        ("Dvořák", "Dvorak"),
        ("Müller", "Miller"),  # umlauts by sound: ü -> i, ö/ä -> e
        ("Göbel", "Gebel"),
        ("Wałęsa", "Valesa"),  # w -> v, ł -> l
        ("Żaneta", "Žaneta"),  # Polish ż is Serbian ž
        ("Xaver", "Ksaver"),
        ("Quentin", "Kventin"),
        ("Maya", "Maja"),
        ("Lyon", "Lion"),
        ("Straße", "Strasse"),
        ("Ødegård", "Odegard"),
        ("Đorđe Ćirić Čačak Šabac", "Đorđe Ćirić Čačak Šabac"),  # Serbian letters stay
        ("MÜLLER", "MILLER"),
    ],
)
def test_serbian_letters(latin: str, serbian: str) -> None:
    assert scripts.serbian_letters(latin) == serbian


def _has_latin(text: str) -> bool:
    return any(c.isalpha() and c.isascii() or "\u00c0" <= c <= "\u024f" for c in text)


PEOPLE = [
    (Person("Jana", "Kubelková", "f", "cyrl"), "Поштована госпођо Кубелкова,", "Драга Јана,"),
    (Person("Antonín", "Dvořák", "m", "cyrl"), "Поштовани господине Дворак,", "Драги Антонине,"),
    (Person("Jürgen", "Müller", "m", "cyrl"), "Поштовани господине Миллер,", "Драги Јиргене,"),
    (Person("Łukasz", "Wałęsa", "m", "cyrl"), "Поштовани господине Валеса,", "Драги Лукасзе,"),
    (Person("Zoë", "Ødegård", "f", "cyrl"), "Поштована госпођо Одегард,", "Драга Зое,"),
]


@pytest.mark.parametrize(("person", "formal", "informal"), PEOPLE)
def test_cyrillic_salutation_for_a_foreign_name_has_no_latin_letter(
    person: Person, formal: str, informal: str
) -> None:
    assert sr.salutation(person, True) == formal
    assert sr.salutation(person, False) == informal
    assert salutation("sr", person, True) == formal
    for line in (formal, informal):
        assert not _has_latin(line)
        assert check(line + CYR_BODY, "sr", person) == []


def test_latin_salutation_keeps_the_name_as_written() -> None:
    person = Person("Jürgen", "Müller", "m", "latn")
    assert sr.salutation(person, True) == "Poštovani gospodine Müller,"
    assert check("Poštovani gospodine Müller," + LAT_BODY, "sr", person) == []
