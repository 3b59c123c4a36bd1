"""Polish greetings (vocative of first names after Pan/Pani, tolerated surnames) on 32 people."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck import pl
from supportdesk_tui.langcheck.base import Person
from supportdesk_tui.langcheck.checker import check

BODY = "\n\ndziękujemy za wiadomość. Towar wyślemy jeszcze dziś.\n\nPozdrawiamy\nLipa.pl"

MEN = [("Zbigniew", "Nowak", "Zbigniewie"), ("Tomasz", "Kowalski", "Tomaszu"),
       ("Piotr", "Wiśniewski", "Piotrze"), ("Paweł", "Wójcik", "Pawle"),
       ("Marek", "Kamiński", "Marku"), ("Jan", "Lewandowski", "Janie"),
       ("Andrzej", "Zieliński", "Andrzeju"), ("Krzysztof", "Szymański", "Krzysztofie"),
       ("Michał", "Woźniak", "Michale"), ("Jacek", "Dąbrowski", "Jacku"),
       ("Łukasz", "Kozłowski", "Łukaszu"), ("Grzegorz", "Jankowski", "Grzegorzu"),
       ("Adam", "Mazur", "Adamie"), ("Rafał", "Krawczyk", "Rafale"), ("Kuba", "Piotrowski", "Kubo"),
       ("Bartosz", "Grabowski", "Bartoszu")]  # fmt: skip
WOMEN = [("Jadwiga", "Kowalska", "Jadwigo"), ("Anna", "Nowak", "Anno"),
         ("Katarzyna", "Wiśniewska", "Katarzyno"), ("Agnieszka", "Wójcik", "Agnieszko"),
         ("Barbara", "Kamińska", "Barbaro"), ("Magdalena", "Lewandowska", "Magdaleno"),
         ("Monika", "Zielińska", "Moniko"), ("Maria", "Szymańska", "Mario"),
         ("Zofia", "Woźniak", "Zofio"), ("Kasia", "Dąbrowska", "Kasiu"),
         ("Aleksandra", "Kozłowska", "Aleksandro"), ("Beata", "Jankowska", "Beato"),
         ("Alicja", "Mazur", "Alicjo"), ("Natalia", "Krawczyk", "Natalio"),
         ("Olena", "Kovalenko", "Oleno"), ("Ewa", "Grabowska", "Ewo")]  # fmt: skip


def codes(text: str, person: Person) -> list[str]:
    return [f.code.value for f in check(text, "pl", person)]


@pytest.mark.parametrize(("first", "last", "voc"), MEN)
@pytest.mark.parametrize("gender", ["m", None])
def test_correct_greetings_to_men_pass(first: str, last: str, voc: str, gender: str | None) -> None:
    person = Person(first, last, gender)  # type: ignore[arg-type]
    for greeting in (f"Szanowny Panie {voc},", f"Dzień dobry, Panie {voc},", f"Cześć {voc},",
                     f"Cześć {first},", f"Szanowny Panie {last},", "Szanowny Panie,"):  # fmt: skip
        assert codes(greeting + BODY, person) == [], greeting


@pytest.mark.parametrize(("first", "last", "voc"), WOMEN)
@pytest.mark.parametrize("gender", ["f", None])
def test_correct_greetings_to_women_pass(
    first: str, last: str, voc: str, gender: str | None
) -> None:
    person = Person(first, last, gender)  # type: ignore[arg-type]
    for greeting in (f"Szanowna Pani {voc},", f"Dzień dobry, Pani {voc},", f"Cześć {voc},",
                     f"Szanowna Pani {last},", "Szanowna Pani,"):  # fmt: skip
        assert codes(greeting + BODY, person) == [], greeting


@pytest.mark.parametrize(("first", "last", "voc"), MEN)
def test_nominative_first_name_after_panie_is_flagged(first: str, last: str, voc: str) -> None:
    text = f"Szanowny Panie {first}," + BODY
    [finding] = check(text, "pl", Person(first, last, "m"))
    assert (finding.code.value, finding.suggestion) == ("greeting_case", voc)


@pytest.mark.parametrize(("first", "last", "voc"), WOMEN)
def test_wrong_gender_is_flagged(first: str, last: str, voc: str) -> None:
    person = Person(first, last, "f")
    assert codes(f"Szanowny Pani {voc}," + BODY, person) == ["greeting_gender"]
    assert "greeting_gender" in codes(f"Szanowny Panie {voc}," + BODY, person)


def test_surname_vocative_and_nominative_are_both_accepted() -> None:
    person = Person("Jan", "Nowak", "m")
    assert codes("Szanowny Panie Nowaku," + BODY, person) == []
    assert codes("Szanowny Panie Nowak," + BODY, person) == []


def test_surname_of_the_wrong_gender_is_flagged() -> None:
    findings = check("Szanowna Pani Kowalski," + BODY, "pl", Person("Anna", "Kowalska", "f"))
    assert [(f.code.value, f.suggestion) for f in findings] == [("greeting_case", "Kowalska")]


def test_nominative_title_pan_is_flagged() -> None:
    assert codes("Szanowny Pan Kowalski," + BODY, Person("Jan", "Kowalski", "m")) == [
        "greeting_case"
    ]


def test_czech_words_are_wrong_language() -> None:
    assert codes("Vážený pane Nowak," + BODY, Person("Jan", "Nowak", "m")) == [
        "wrong_language", "wrong_language"]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "wrong", "fix"),
    [
        ("Twoja paczka został wysłany.", "został", "została"),
        ("Twoja paczka została wysłany.", "wysłany", "wysłana"),
        ("Zamówienie nr 48213 został dziś wysłany.", "został", "zostało"),
        ("Twój zamówienie jest już w drodze.", "Twój", "Twoje"),
        ("Płatność do nas dotarł.", "dotarł", "dotarła"),
        ("Zamówienia nr 48213 i 48214 zostało wysłane.", "zostało", "zostały"),
    ],
)
def test_agreement_errors_are_flagged(sentence: str, wrong: str, fix: str) -> None:
    text = "Dzień dobry,\n\n" + sentence
    assert (wrong, fix) in [
        (text[f.start : f.end], f.suggestion) for f in check(text, "pl", Person())
    ]


def test_correct_sentences_pass() -> None:
    text = ("Dzień dobry,\n\nZamówienie nr 48213 zostało dziś wysłane. Paczkę wysłaliśmy kurierem, "
            "więc towar wysyłamy jutro. Reklamacja towaru została przyjęta.")  # fmt: skip
    assert codes(text, Person()) == []


def test_salutations() -> None:
    assert (
        pl.salutation(Person("Zbigniew", "Nowak", "m"), formal=True) == "Szanowny Panie Zbigniewie,"
    )
    assert pl.salutation(Person("Jadwiga", "Kowalska"), formal=True) == "Szanowna Pani Jadwigo,"
    assert pl.salutation(Person("Piotr", "Nowak", "m"), formal=False) == "Cześć Piotrze,"
    assert pl.salutation(Person(), formal=True) == "Dzień dobry,"


def test_nominative_after_drogi_is_flagged_but_tolerated_after_czesc() -> None:
    person = Person("Piotr", "Nowak", "m")
    assert codes("Drogi Piotr," + BODY, person) == ["greeting_case"]
    assert codes("Drogi Piotrze," + BODY, person) == []
    assert codes("Hej Piotr," + BODY, person) == []
