"""Czech greetings and agreement, on 37 people (vocatives written by hand, not computed)."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck import cs
from supportdesk_tui.langcheck.base import Person
from supportdesk_tui.langcheck.checker import check

BODY = "\n\nDěkujeme za Vaši zprávu, zboží Vám odešleme ještě dnes.\n\nS pozdravem\nLipa.cz"

# first, last, vocative of first, vocative of last
MEN = [
    ("Petr", "Novák", "Petře", "Nováku"), ("Jan", "Vondráček", "Jane", "Vondráčku"),
    ("Tomáš", "Dvořák", "Tomáši", "Dvořáku"), ("Jiří", "Svoboda", "Jiří", "Svobodo"),
    ("Pavel", "Černý", "Pavle", "Černý"), ("Martin", "Procházka", "Martine", "Procházko"),
    ("Josef", "Kučera", "Josefe", "Kučero"), ("Lukáš", "Veselý", "Lukáši", "Veselý"),
    ("Jakub", "Horák", "Jakube", "Horáku"), ("Ondřej", "Marek", "Ondřeji", "Marku"),
    ("Zdeněk", "Pokorný", "Zdeňku", "Pokorný"), ("Michal", "Král", "Michale", "Králi"),
    ("Vojtěch", "Beneš", "Vojtěchu", "Beneši"), ("Milan", "Fiala", "Milane", "Fialo"),
    ("Adam", "Šimek", "Adame", "Šimku"), ("David", "Růžička", "Davide", "Růžičko"),
    ("Filip", "Kolář", "Filipe", "Koláři"), ("Radek", "Švec", "Radku", "Šveci"),
    ("Roman", "Krejčí", "Romane", "Krejčí"), ("Václav", "Hájek", "Václave", "Hájku"),
    ("Karel", "Havel", "Karle", "Havle"), ("Marek", "Zeman", "Marku", "Zemane"),
    ("Luca", "Rossi", "Luco", "Rossi"), ("Hugo", "Jirků", "Hugo", "Jirků"),
]  # fmt: skip
WOMEN = [
    ("Jana", "Nováková", "Jano"), ("Petra", "Kubelková", "Petro"), ("Lucie", "Černá", "Lucie"),
    ("Marie", "Svobodová", "Marie"), ("Hana", "Dvořáková", "Hano"), ("Eva", "Malá", "Evo"),
    ("Kateřina", "Procházková", "Kateřino"), ("Tereza", "Krejčí", "Terezo"),
    ("Markéta", "Veselá", "Markéto"), ("Lenka", "Horáková", "Lenko"),
    ("Ivana", "Smith", "Ivano"), ("Dagmar", "Králová", "Dagmar"), ("Zuzana", "Benešová", "Zuzano"),
]  # fmt: skip


def codes(text: str, person: Person) -> list[str]:
    return [f.code.value for f in check(text, "cs", person)]


def test_indeclinable_and_adjectival_surnames_stay() -> None:
    for first, last in (("Roman", "Krejčí"), ("Pavel", "Černý"), ("Luca", "Rossi")):
        assert codes(f"Vážený pane {last}," + BODY, Person(first, last, "m")) == []


@pytest.mark.parametrize(("first", "last", "v_first", "v_last"), MEN)
@pytest.mark.parametrize("gender", ["m", None])
def test_correct_greetings_to_men_pass(
    first: str, last: str, v_first: str, v_last: str, gender: str | None
) -> None:
    person = Person(first, last, gender)  # type: ignore[arg-type]
    for greeting in (f"Vážený pane {v_last},", f"Dobrý den, pane {v_last},", f"Ahoj {v_first},",
                     f"Milý {v_first},", "Dobrý den,", f"Ahoj, {v_first}!"):  # fmt: skip
        assert codes(greeting + BODY, person) == [], greeting


@pytest.mark.parametrize(("first", "last", "v_first", "v_last"), [m for m in MEN if m[1] != m[3]])
def test_nominative_after_pane_is_flagged_with_the_vocative(
    first: str, last: str, v_first: str, v_last: str
) -> None:
    text = f"Vážený pane {last}," + BODY
    [finding] = check(text, "cs", Person(first, last, "m"))
    assert (finding.code.value, text[finding.start : finding.end]) == ("greeting_case", last)
    assert finding.suggestion == v_last


@pytest.mark.parametrize(("first", "last", "v_first"), WOMEN)
@pytest.mark.parametrize("gender", ["f", None])
def test_correct_greetings_to_women_pass(
    first: str, last: str, v_first: str, gender: str | None
) -> None:
    person = Person(first, last, gender)  # type: ignore[arg-type]
    for greeting in (f"Vážená paní {last},", f"Dobrý den, paní {last},", f"Ahoj {v_first},",
                     f"Milá {v_first},"):  # fmt: skip
        assert codes(greeting + BODY, person) == [], greeting


@pytest.mark.parametrize(("first", "last", "v_first"), WOMEN)
def test_wrong_greetings_to_women_are_flagged(first: str, last: str, v_first: str) -> None:
    person = Person(first, last, "f")
    assert "greeting_gender" in codes(f"Vážený pane {last}," + BODY, person)
    assert codes(f"Vážený paní {last}," + BODY, person) == ["greeting_gender"]
    assert codes(f"Milý {v_first}," + BODY, person) == ["greeting_gender"]
    if first != v_first:
        assert codes(f"Ahoj {first}," + BODY, person) == ["greeting_case"]


def test_gender_mismatch_inside_the_greeting_is_flagged_without_a_record() -> None:
    [finding] = check("Vážená pane Vondráčku," + BODY, "cs", Person("Jan", "Vondráček"))
    assert finding.code.value == "greeting_gender" and finding.suggestion == "Vážený"


def test_female_surname_must_not_change() -> None:
    findings = check("Vážená paní Kubelkovo," + BODY, "cs", Person("Petra", "Kubelková", "f"))
    assert [(f.code.value, f.suggestion) for f in findings] == [("greeting_case", "Kubelková")]


def test_nominative_title_pan_is_flagged() -> None:
    findings = check("Vážený pan Novák," + BODY, "cs", Person("Petr", "Novák", "m"))
    assert [(f.code.value, f.suggestion) for f in findings] == [
        ("greeting_case", "pane"), ("greeting_case", "Nováku")]  # fmt: skip


def test_slovak_words_in_a_czech_greeting_are_wrong_language() -> None:
    findings = check("Dobrý deň, pani Nováková," + BODY, "cs", Person("Jana", "Nováková"))
    assert [(f.code.value, f.suggestion) for f in findings] == [
        ("wrong_language", "den"), ("wrong_language", "paní")]  # fmt: skip


def test_common_gender_names_are_declined_either_way() -> None:
    assert codes("Ahoj Sašo," + BODY, Person("Saša", "Novák")) == []
    assert codes("Ahoj Saša," + BODY, Person("Saša", "Novák")) == ["greeting_case"]


@pytest.mark.parametrize(
    ("sentence", "wrong", "fix"),
    [
        ("Vaše objednávka byl odeslán.", "byl", "byla"),
        ("Vaše objednávka č. 48213 byla dnes odeslán.", "odeslán", "odeslána"),
        ("Váš objednávka byla odeslána.", "Váš", "Vaše"),
        ("Platba za objednávku č. 48213 k nám dorazil.", "dorazil", "dorazila"),
        ("Dobropis k objednávce byla vystavena.", "byla", "byl"),
        ("Vaše objednávky byla odeslány.", "byla", "byly"),
        ("Tvoje balík je na cestě.", "Tvoje", "Tvůj"),
        ("Zboží byla odeslána.", "byla", "bylo"),
    ],
)
def test_agreement_errors_are_flagged(sentence: str, wrong: str, fix: str) -> None:
    text = "Dobrý den,\n\n" + sentence
    found = [(text[f.start : f.end], f.suggestion) for f in check(text, "cs", Person())]
    assert (wrong, fix) in found


@pytest.mark.parametrize(
    "sentence",
    [
        "Vaše objednávka byla včera odeslána a zítra dorazí.",
        "Reklamace zboží byla vyřízena.",
        "Tvůj balík jsme dnes předali dopravci.",
        "Zásilka se vrátila zpět k nám.",
        "Peníze byly vráceny na Váš účet.",
        "Vrácení peněz za objednávku bylo schváleno.",
        "Platba proběhla v pořádku, zboží je skladem.",
    ],
)
def test_correct_sentences_pass(sentence: str) -> None:
    assert codes("Dobrý den,\n\n" + sentence, Person()) == []


def test_salutations() -> None:
    assert cs.salutation(Person("Jan", "Vondráček", "m"), formal=True) == "Vážený pane Vondráčku,"
    assert cs.salutation(Person("Petra", "Kubelková"), formal=True) == "Vážená paní Kubelková,"
    assert cs.salutation(Person("Petr", "Novák"), formal=False) == "Ahoj Petře,"
    assert cs.salutation(Person(), formal=True) == "Dobrý den,"


def test_vocative_keeps_capitals() -> None:
    assert cs.vocative("VONDRÁČEK", "m", "last") == "VONDRÁČKU"
    assert cs.vocative("McDonald", "m", "last").startswith("McDonald")
