"""Serbian greeting check in both scripts: vocatives, gender, title case, agreement."""

from __future__ import annotations

import pytest
from deklinacija import toCyrillic

from supportdesk_tui.langcheck import sr
from supportdesk_tui.langcheck.base import Code, Finding, Person

# (first name, its vocative, surname, gender)
PEOPLE = [
    ("Marko", "Marko", "Petrović", "m"),
    ("Milan", "Milane", "Jovanović", "m"),
    ("Nikola", "Nikola", "Nikolić", "m"),
    ("Stefan", "Stefane", "Đorđević", "m"),
    ("Nemanja", "Nemanja", "Marković", "m"),
    ("Dragan", "Dragane", "Ilić", "m"),
    ("Petar", "Petre", "Stojanović", "m"),
    ("Miloš", "Milošu", "Pavlović", "m"),
    ("Aleksandar", "Aleksandre", "Popović", "m"),
    ("Luka", "Luka", "Lukić", "m"),
    ("Vladimir", "Vladimire", "Kostić", "m"),
    ("Dušan", "Dušane", "Simić", "m"),
    ("Zoran", "Zorane", "Mitrović", "m"),
    ("Uroš", "Urošu", "Ristić", "m"),
    ("Jovan", "Jovane", "Tomić", "m"),
    ("Bojan", "Bojane", "Vasić", "m"),
    ("Ana", "Ana", "Jovanović", "f"),
    ("Jelena", "Jelena", "Petrović", "f"),
    ("Milica", "Milice", "Nikolić", "f"),  # -ica takes -ice (cases README)
    ("Marija", "Marija", "Ilić", "f"),
    ("Jovana", "Jovana", "Marković", "f"),
    ("Dragana", "Dragana", "Đorđević", "f"),
    ("Tamara", "Tamara", "Stojanović", "f"),
    ("Ivana", "Ivana", "Pavlović", "f"),
    ("Snežana", "Snežana", "Popović", "f"),
    ("Katarina", "Katarina", "Kostić", "f"),
    ("Vesna", "Vesna", "Simić", "f"),
    ("Mirjana", "Mirjana", "Lukić", "f"),
    ("Sanja", "Sanja", "Tomić", "f"),
    ("Tijana", "Tijana", "Vasić", "f"),
    ("Nataša", "Nataša", "Ristić", "f"),
    ("Biljana", "Biljana", "Mitrović", "f"),
]
BODY = (
    "\n\nVaša porudžbina je poslata juče. Vaš paket će stići sutra.\n\nSrdačan pozdrav,\nProdavnica"
)


def who(first: str, last: str, sex: str, cyrillic: bool) -> Person:
    if cyrillic:
        return Person(toCyrillic(first), toCyrillic(last), sex, "cyrl")  # type: ignore[arg-type]
    return Person(first, last, sex, "latn")  # type: ignore[arg-type]


def script(text: str, cyrillic: bool) -> str:
    return toCyrillic(text) if cyrillic else text


def codes(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return [(f.code.value, f.suggestion) for f in findings]


def formal(last: str, sex: str) -> str:
    return f"Poštovani gospodine {last}u," if sex == "m" else f"Poštovana gospođo {last},"


CASES = [(*p, cyr) for p in PEOPLE for cyr in (False, True)]


@pytest.mark.parametrize(("first", "voc", "last", "sex", "cyr"), CASES)
def test_correct_greetings_pass(first: str, voc: str, last: str, sex: str, cyr: bool) -> None:
    dear, adj = ("Dragi", "Poštovani") if sex == "m" else ("Draga", "Poštovana")
    short = "g." if sex == "m" else "gđo"
    last_voc = f"{last}u" if sex == "m" else last
    for greeting in (
        formal(last, sex),
        f"{dear} {voc},",
        f"Zdravo {voc},",
        f"{adj} {short} {last_voc},",
    ):
        text = script(greeting + BODY, cyr)
        assert sr.check(text, who(first, last, sex, cyr)) == [], text


@pytest.mark.parametrize(("first", "voc", "last", "sex", "cyr"), CASES)
def test_surname_case(first: str, voc: str, last: str, sex: str, cyr: bool) -> None:
    if sex == "m":  # Serbian norm: the -ić surname takes the vocative
        text, fix = f"Poštovani gospodine {last},", f"{last}u"
    else:  # female surnames never decline
        text, fix = f"Poštovana gospođo {last}u,", last
    found = sr.check(script(text, cyr), who(first, last, sex, cyr))
    assert codes(found) == [("greeting_case", script(fix, cyr))]


@pytest.mark.parametrize(("first", "voc", "last", "sex", "cyr"), CASES)
def test_adjective_and_title_of_the_other_gender(
    first: str, voc: str, last: str, sex: str, cyr: bool
) -> None:
    if sex == "m":
        text, fix = f"Poštovana gospodine {last}u,", "Poštovani"
    else:
        text, fix = f"Poštovani gospođo {last},", "Poštovana"
    found = sr.check(script(text, cyr), who(first, last, sex, cyr))
    assert codes(found) == [("greeting_gender", script(fix, cyr))]


@pytest.mark.parametrize(("first", "voc", "last", "sex", "cyr"), CASES)
def test_nominative_first_name(first: str, voc: str, last: str, sex: str, cyr: bool) -> None:
    dear = "Dragi" if sex == "m" else "Draga"
    found = sr.check(script(f"{dear} {first},", cyr), who(first, last, sex, cyr))
    expected = [] if first == voc else [("greeting_case", script(voc, cyr))]
    assert codes(found) == expected


def test_title_in_nominative_is_corrected() -> None:
    found = sr.check("Poštovani gospodin Petroviću,", Person("Marko", "Petrović", "m"))
    assert codes(found) == [("greeting_case", "gospodine")]
    found = sr.check("Поштована госпођа Јовановић,", Person("Ана", "Јовановић", "f", "cyrl"))
    assert codes(found) == [("greeting_case", "госпођо")]


def test_gender_from_the_title_when_unknown() -> None:
    found = sr.check("Poštovana gospođo Jovanoviću,", Person(None, "Jovanović", None))
    assert codes(found) == [("greeting_case", "Jovanović")]


def test_foreign_names_are_not_declined_by_force() -> None:
    assert sr.check("Dragi John,", Person("John", "Smith", "m")) == []
    assert sr.check("Poštovani gospodine Smith,", Person("John", "Smith", "m")) == []


def test_genitive_of_a_surname_is_wrong() -> None:
    found = sr.check("Poštovani gospodine Petrovića,", Person("Marko", "Petrović", "m"))
    assert codes(found) == [("greeting_case", "Petroviću")]


def test_several_addressees_are_not_judged() -> None:
    assert (
        sr.check("Poštovani gospodine i gospođo Petrović,", Person("Marko", "Petrović", "m")) == []
    )


@pytest.mark.parametrize(
    ("text", "wrong", "fix"),
    [
        ("Vaš pošiljka je poslata.", "Vaš", "Vaša"),
        ("Vaša pošiljka je poslat.", "poslat", "poslata"),
        ("Vaša porudžbina je isporučen.", "isporučen", "isporučena"),
        ("Vaš paket je stigla.", "stigla", "stigao"),
        ("Vaša reklamacija je odobren.", "odobren", "odobrena"),
        ("Vaše plaćanje je primljena.", "primljena", "primljeno"),
        ("Vaši paketi su poslata.", "poslata", "poslati"),
        ("Ваш пошиљка је послата.", "Ваш", "Ваша"),
        ("Ваша поруџбина је послат.", "послат", "послата"),
        ("Vaša povraćaj je odobren.", "Vaša", "Vaš"),
        ("Uplata za porudžbinu br. 5 je evidentiran.", "evidentiran", "evidentirana"),
        ("Sredstva će biti uplaćen.", "uplaćen", "uplaćena"),
        ("Porudžbine br. 1 i 2 su poslata.", "poslata", "poslate"),
        ("Уплата за поруџбину бр. 5 је евидентиран.", "евидентиран", "евидентирана"),
    ],
)
def test_agreement_errors(text: str, wrong: str, fix: str) -> None:
    found = sr.check(text, Person())
    assert [(f.code, text[f.start : f.end], f.suggestion) for f in found] == [
        (Code.AGREEMENT, wrong, fix)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Vaša pošiljka je poslata.",
        "Status Vaše porudžbine: poslata.",
        "Vaše pošiljke su poslate juče.",
        "Za Vaš paket je plaćena poštarina.",
        "Vaš paket smo poslali juče.",
        "Vaša porudžbina br. 123 je uspešno isporučena.",
        "Vaša pošiljka je bila poslata.",
        "Ваша пошиљка је послата.",
        "Hvala na Vašoj porudžbini.",
        "Vaša narudžba je poslana.",
        "Status Vaše porudžbine je: poslata.",
        "Povraćaj novca za porudžbinu br. 5 je odobren.",
        "Kurir će paket isporučiti sutra.",
    ],
)
def test_correct_agreement_passes(text: str) -> None:
    assert sr.check(text, Person()) == []


def test_salutation_follows_the_customers_script() -> None:
    assert sr.salutation(Person("Marko", "Petrović", "m"), True) == "Poštovani gospodine Petroviću,"
    assert (
        sr.salutation(Person("Ана", "Јовановић", "f", "cyrl"), True)
        == "Поштована госпођо Јовановић,"
    )
    assert sr.salutation(Person("Milan", None, "m"), False) == "Dragi Milane,"


def test_salutations_pass_the_check() -> None:
    for first, _, last, sex, cyr in CASES:
        p = who(first, last, sex, cyr)
        for formal_ in (True, False):
            assert sr.check(sr.salutation(p, formal_) + script(BODY, cyr), p) == []


def test_vocative_function() -> None:
    assert sr.vocative("Petrović", "m", "last") == "Petroviću"
    assert sr.vocative("Петровић", "m", "last") == "Петровићу"
    assert sr.vocative("Jovanović", "f", "last") == "Jovanović"
    assert sr.vocative("Milan", "m", "first") == "Milane"


def test_garbage_never_crashes() -> None:
    for text in ["", "\n", "Vaš", "Poštovani", "gospodine ,", "Ж", "g. g. g."]:
        assert isinstance(sr.check(text, Person("A", "B", "m")), list)


@pytest.mark.parametrize("text", ["Poštovani Korisniče,", "Поштовани кориснику,", "Dragi kupče,"])
def test_generic_address_noun_is_not_judged_for_gender(text: str) -> None:
    assert sr.check(text + BODY, Person("Ana", "Jovanović", "f")) == []


def test_soft_consonant_surname_takes_u() -> None:
    found = sr.check("Poštovani gospodine Kovač,", Person("Bojan", "Kovač", "m"))
    assert codes(found) == [("greeting_case", "Kovaču")]
    assert sr.check("Poštovani gospodine Kovaču,", Person("Bojan", "Kovač", "m")) == []


def test_men_names_in_ica_take_ice() -> None:
    found = sr.check("Драги Ивица,", Person("Ивица", "Симић", "m", "cyrl"))
    assert codes(found) == [("greeting_case", "Ивице")]
    assert sr.check("Драги Ивице,", Person("Ивица", "Симић", "m", "cyrl")) == []


@pytest.mark.parametrize(
    ("first", "title", "fix"),
    [("Nemanja", "gospođo", "gospodine"), ("Željka", "gospodine", "gospođo")],
)
def test_title_against_a_name_of_certain_gender(first: str, title: str, fix: str) -> None:
    found = sr.check(f"Dobar dan, {title} Obradović,", Person(first, "Obradović", None))
    assert codes(found)[0] == ("greeting_gender", fix)  # a man's surname then also takes -u


def test_common_gender_name_gives_no_gender() -> None:
    for title in ("gospodine Obradoviću", "gospođo Obradović"):
        assert sr.check(f"Dobar dan, {title},", Person("Saša", "Obradović", None)) == []


def test_a_couple_is_not_judged() -> None:
    assert sr.check("Dragi Marko i Ana,", Person("Ana", "Ilić", "f")) == []
