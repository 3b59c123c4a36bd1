"""Croatian greeting check: vocatives, undeclined surnames after 'gospodine', agreement."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck import hr
from supportdesk_tui.langcheck.base import Code, Finding, Person

# (first name, its vocative, surname, gender)
PEOPLE = [
    ("Ivan", "Ivane", "Horvat", "m"),
    ("Marko", "Marko", "Kovačević", "m"),
    ("Josip", "Josipe", "Babić", "m"),
    ("Luka", "Luka", "Marić", "m"),
    ("Tomislav", "Tomislave", "Jurić", "m"),
    ("Ante", "Ante", "Novak", "m"),
    ("Hrvoje", "Hrvoje", "Knežević", "m"),
    ("Krešimir", "Krešimire", "Vuković", "m"),
    ("Davor", "Davore", "Marković", "m"),
    ("Stjepan", "Stjepane", "Perić", "m"),
    ("Damir", "Damire", "Pavić", "m"),
    ("Mario", "Mario", "Tomić", "m"),
    ("Goran", "Gorane", "Kovač", "m"),
    ("Zvonimir", "Zvonimire", "Božić", "m"),
    ("Filip", "Filipe", "Grgić", "m"),
    ("Dario", "Dario", "Šarić", "m"),
    ("Ana", "Ana", "Horvat", "f"),
    ("Ivana", "Ivana", "Kovačević", "f"),
    ("Marija", "Marija", "Babić", "f"),
    ("Petra", "Petra", "Marić", "f"),
    ("Martina", "Martina", "Jurić", "f"),
    ("Lucija", "Lucija", "Novak", "f"),
    ("Maja", "Maja", "Knežević", "f"),
    ("Kristina", "Kristina", "Vuković", "f"),
    ("Sanja", "Sanja", "Marković", "f"),
    ("Jasna", "Jasna", "Perić", "f"),
    ("Iva", "Iva", "Pavić", "f"),
    ("Nina", "Nina", "Tomić", "f"),
    ("Dora", "Dora", "Kovač", "f"),
    ("Ines", "Ines", "Božić", "f"),
    ("Lana", "Lana", "Grgić", "f"),
    ("Ema", "Ema", "Šarić", "f"),
]
BODY = "\n\nVaša narudžba je poslana jučer. Vaš paket stiže sutra.\n\nLijep pozdrav,\nTrgovina"


def who(first: str, last: str, sex: str | None) -> Person:
    return Person(first, last, sex)  # type: ignore[arg-type]


def codes(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return [(f.code.value, f.suggestion) for f in findings]


def surname_vocative(last: str) -> str:
    return last + "u" if last.endswith("ić") else last


@pytest.mark.parametrize(("first", "voc", "last", "sex"), PEOPLE)
def test_correct_greetings_pass(first: str, voc: str, last: str, sex: str) -> None:
    if sex == "m":
        greetings = [
            f"Poštovani gospodine {last},",  # undeclined surname: widespread, accepted
            f"Poštovani gospodine {surname_vocative(last)},",
            f"Dragi {voc},",
            f"Bok {voc},",
            f"Poštovani {first} {last},",
        ]
    else:
        greetings = [
            f"Poštovana gospođo {last},",
            f"Draga {voc},",
            f"Bok {voc},",
            f"Štovana gospođo {last},",
        ]
    for greeting in greetings:
        text = greeting + BODY
        assert hr.check(text, who(first, last, sex)) == [], text


@pytest.mark.parametrize(("first", "voc", "last", "sex"), PEOPLE)
def test_wrong_gender_adjective(first: str, voc: str, last: str, sex: str) -> None:
    if sex == "m":
        text, fix = f"Poštovana gospodine {last},", "Poštovani"
    else:
        text, fix = f"Poštovani gospođo {last},", "Poštovana"
    assert codes(hr.check(text, who(first, last, sex))) == [("greeting_gender", fix)]


@pytest.mark.parametrize(("first", "voc", "last", "sex"), [p for p in PEOPLE if p[3] == "f"])
def test_declined_female_surname(first: str, voc: str, last: str, sex: str) -> None:
    text = f"Poštovana gospođo {last}u,"
    assert codes(hr.check(text, who(first, last, sex))) == [("greeting_case", last)]


@pytest.mark.parametrize(("first", "voc", "last", "sex"), [p for p in PEOPLE if p[3] == "m"])
def test_genitive_surname_and_nominative_title(first: str, voc: str, last: str, sex: str) -> None:
    found = hr.check(f"Poštovani gospodin {last}a,", who(first, last, sex))
    assert [c for c, _ in codes(found)] == ["greeting_case", "greeting_case"]
    assert found[0].suggestion == "gospodine"


@pytest.mark.parametrize(("first", "voc", "last", "sex"), [p for p in PEOPLE if p[3] == "m"])
def test_nominative_first_name(first: str, voc: str, last: str, sex: str) -> None:
    found = hr.check(f"Dragi {first},", who(first, last, sex))
    assert codes(found) == ([] if first == voc else [("greeting_case", voc)])


def test_gender_unknown_uses_title() -> None:
    found = hr.check("Poštovani gospođo Horvat,", Person("Ana", "Horvat", None))
    assert codes(found) == [("greeting_gender", "Poštovana")]


def test_cyrillic_greeting_is_not_croatian() -> None:
    found = hr.check("Поштовани господине Хорват,", Person("Ivan", "Horvat", "m"))
    assert {f.code for f in found} == {Code.WRONG_LANGUAGE}
    assert found[0].suggestion == "Poštovani"


def test_slovene_greeting_words() -> None:
    found = hr.check("Spoštovani gospod Novak,", Person("Ante", "Novak", "m"))
    assert codes(found) == [("wrong_language", "Poštovani"), ("wrong_language", "gospodine")]


@pytest.mark.parametrize(
    ("text", "wrong", "fix"),
    [
        ("Vaš pošiljka je poslana.", "Vaš", "Vaša"),
        ("Vaša pošiljka je poslan.", "poslan", "poslana"),
        ("Vaša narudžba je zaprimljen.", "zaprimljen", "zaprimljena"),
        ("Vaš povrat je odobrena.", "odobrena", "odobren"),
        ("Vaša reklamacija je riješen.", "riješen", "riješena"),
        ("Vaše plaćanje je zaprimljen.", "zaprimljen", "zaprimljeno"),
        ("Vaš dostava kasni.", "Vaš", "Vaša"),
        ("Paket je poslana jučer.", "poslana", "poslan"),
        ("Povrat novca za narudžbu br. 5 je odobrena.", "odobrena", "odobren"),
        ("Narudžba br. 5 danas je poslan.", "poslan", "poslana"),
        ("Narudžbe br. 1 i 2 je poslane.", "je", "su"),
    ],
)
def test_agreement_errors(text: str, wrong: str, fix: str) -> None:
    found = hr.check(text, Person())
    assert [(f.code, text[f.start : f.end], f.suggestion) for f in found] == [
        (Code.AGREEMENT, wrong, fix)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Vaša narudžba je poslana.",
        "Status Vaše narudžbe je: poslana.",
        "Za Vaš paket je plaćena poštarina.",
        "Vaše pošiljke su poslane.",
        "Vaša je narudžba poslana.",
        "Hvala na Vašoj narudžbi.",
        "Vaš povrat novca je odobren i uplaćen.",
        "Iznos će biti uplaćen na Vaš račun.",
        "Narudžbe br. 1 i 2 su danas poslane.",
    ],
)
def test_correct_agreement_passes(text: str) -> None:
    assert hr.check(text, Person()) == []


def test_salutation_and_vocative() -> None:
    assert hr.salutation(Person("Ivan", "Horvat", "m"), True) == "Poštovani gospodine Horvat,"
    assert hr.salutation(Person("Josip", "Babić", "m"), True) == "Poštovani gospodine Babiću,"
    assert hr.salutation(Person("Ana", "Horvat", "f"), True) == "Poštovana gospođo Horvat,"
    assert hr.vocative("Ivan", "m", "first") == "Ivane"


def test_salutations_pass_the_check() -> None:
    for first, _, last, sex in PEOPLE:
        p = who(first, last, sex)
        for formal in (True, False):
            assert hr.check(hr.salutation(p, formal) + BODY, p) == []


def test_garbage_never_crashes() -> None:
    for text in ["", " ", "Vaš", "Poštovani", "gospodine", "ђ", "Bok ,,,"]:
        assert isinstance(hr.check(text, Person("X", None, None)), list)


def test_soft_consonant_surname_may_stay_undeclined() -> None:
    for form in ("Kovač", "Kovaču"):
        assert hr.check(f"Poštovani gospodine {form},", Person("Goran", "Kovač", "m")) == []
