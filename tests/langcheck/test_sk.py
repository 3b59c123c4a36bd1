"""Slovak greetings: nominative after pán/pani, Czech forms are wrong_language (32 people)."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck import sk
from supportdesk_tui.langcheck.base import Person
from supportdesk_tui.langcheck.checker import check

BODY = "\n\nĎakujeme za Vašu správu, tovar Vám odošleme ešte dnes.\n\nS pozdravom\nLipa.sk"

MEN = [
    ("Peter", "Kováč"),
    ("Ján", "Novák"),
    ("Martin", "Horváth"),
    ("Tomáš", "Tóth"),
    ("Juraj", "Varga"),
    ("Marek", "Baláž"),
    ("Igor", "Szabó"),
    ("Milan", "Molnár"),
    ("Dušan", "Malý"),
    ("Vladimír", "Zelený"),
    ("Michal", "Hudák"),
    ("Rastislav", "Lukáč"),
    ("Jozef", "Oravec"),
    ("Andrej", "Kollár"),
    ("Miroslav", "Šimko"),
    ("Lukáš", "Hrubý"),
]
WOMEN = [
    ("Jana", "Nováková"),
    ("Mária", "Horváthová"),
    ("Katarína", "Kováčová"),
    ("Lucia", "Tóthová"),
    ("Veronika", "Vargová"),
    ("Lenka", "Balážová"),
    ("Simona", "Szabóová"),
    ("Dominika", "Molnárová"),
    ("Zuzana", "Malá"),
    ("Monika", "Zelená"),
    ("Eva", "Hudáková"),
    ("Anna", "Lukáčová"),
    ("Soňa", "Oravcová"),
    ("Ingrid", "Kollárová"),
    ("Martina", "Šimková"),
    ("Alžbeta", "Hrubá"),
]


def codes(text: str, person: Person) -> list[str]:
    return [f.code.value for f in check(text, "sk", person)]


@pytest.mark.parametrize(("first", "last"), MEN)
@pytest.mark.parametrize("gender", ["m", None])
def test_correct_greetings_to_men_pass(first: str, last: str, gender: str | None) -> None:
    person = Person(first, last, gender)  # type: ignore[arg-type]
    for greeting in (
        f"Vážený pán {last},",
        f"Dobrý deň, pán {last},",
        f"Ahoj {first},",
        f"Milý {first},",
        "Dobrý deň,",
    ):
        assert codes(greeting + BODY, person) == [], greeting


@pytest.mark.parametrize(("first", "last"), WOMEN)
@pytest.mark.parametrize("gender", ["f", None])
def test_correct_greetings_to_women_pass(first: str, last: str, gender: str | None) -> None:
    person = Person(first, last, gender)  # type: ignore[arg-type]
    for greeting in (
        f"Vážená pani {last},",
        f"Dobrý deň, pani {last},",
        f"Ahoj {first},",
        f"Milá {first},",
    ):
        assert codes(greeting + BODY, person) == [], greeting


@pytest.mark.parametrize(("first", "last"), WOMEN)
def test_wrong_gender_is_flagged(first: str, last: str) -> None:
    person = Person(first, last, "f")
    assert codes(f"Vážený pani {last}," + BODY, person) == ["greeting_gender"]
    assert "greeting_gender" in codes(f"Vážená pán {last}," + BODY, person)


def test_czech_vocative_pane_is_wrong_language_and_the_surname_stays_nominative() -> None:
    text = "Vážený pane Nováku," + BODY
    found = [
        (f.code.value, text[f.start : f.end], f.suggestion)
        for f in check(text, "sk", Person("Ján", "Novák", "m"))
    ]
    assert found == [("wrong_language", "pane", "pán"), ("greeting_case", "Nováku", "Novák")]


def test_czech_words_in_greeting_are_wrong_language() -> None:
    person = Person("Jana", "Nováková", "f")
    assert codes("Vážená paní Nováková," + BODY, person) == ["wrong_language"]
    assert codes("Dobrý den, pani Nováková," + BODY, person) == ["wrong_language"]


def test_czech_style_vocative_of_a_first_name_is_flagged_but_diminutives_pass() -> None:
    person = Person("Tomáš", "Tóth", "m")
    assert codes("Ahoj Tomáši," + BODY, person) == ["greeting_case"]
    assert codes("Milý Marku," + BODY, Person("Marek", "Baláž", "m")) == ["greeting_case"]
    assert codes("Ahoj Peťo," + BODY, Person("Peter", "Kováč", "m")) == []


def test_czech_body_in_slovak_reply_is_wrong_language() -> None:
    text = (
        "Vážená pani Horváthová,\n\nVaše objednávka č. 48213 byla dnes odeslána. "
        "Zásilku doručí kurýr do dvou pracovních dnů."
    )
    assert "wrong_language" in codes(text, Person("Mária", "Horváthová", "f"))


@pytest.mark.parametrize(
    ("sentence", "wrong", "fix"),
    [
        ("Vaša objednávka bol odoslaný.", "bol", "bola"),
        ("Váš objednávka bola odoslaná.", "Váš", "Vaša"),
        ("Platba za objednávku č. 48213 k nám dorazil.", "dorazil", "dorazila"),
        ("Tvoja balík je na ceste.", "Tvoja", "Tvoj"),
    ],
)
def test_agreement_errors_are_flagged(sentence: str, wrong: str, fix: str) -> None:
    text = "Dobrý deň,\n\n" + sentence
    assert (wrong, fix) in [
        (text[f.start : f.end], f.suggestion) for f in check(text, "sk", Person())
    ]


def test_correct_sentences_pass() -> None:
    text = (
        "Dobrý deň,\n\nVaša objednávka bola včera odoslaná. Tvoj balík sme dnes odovzdali "
        "prepravcovi. Zásielka sa vrátila k nám."
    )
    assert codes(text, Person()) == []


def test_salutations_keep_the_nominative() -> None:
    assert sk.salutation(Person("Ján", "Novák", "m"), formal=True) == "Vážený pán Novák,"
    assert sk.salutation(Person("Jana", "Nováková"), formal=True) == "Vážená pani Nováková,"
    assert sk.salutation(Person("Peter", "Kováč"), formal=False) == "Ahoj Peter,"
    assert sk.vocative("Novák", "m", "last") == "Novák"
