"""Greeting forms the first two tuning rounds missed, probed with new names (correct and
wrong twins): double-barrelled and particle surnames, declined forms pasted into address."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck.base import Code, Person
from supportdesk_tui.langcheck.checker import check

_CS_BODY = "\n\nděkujeme za objednávku, zboží odešleme zítra.\n\nS pozdravem\nTým podpory"
_SK_BODY = "\n\nďakujeme za objednávku, tovar odošleme zajtra.\n\nS pozdravom\nTím podpory"
_EVA = Person("Eva", "Horáková-Malá", "f")
_JAN_KOTRBA = Person("Jan", "Kotrba", "m")
_JAN_VRABEC = Person("Jan", "Vrabec", "m")
_SK_EVA = Person("Eva", "Kováčová-Šimková", "f")
_SK_JAN = Person("Ján", "de Boer", "m")


def _case_findings(text: str, lang: str, person: Person) -> list[tuple[str, str | None]]:
    return [
        (text[f.start : f.end], f.suggestion)
        for f in check(text, lang, person)
        if f.code is Code.GREETING_CASE
    ]


@pytest.mark.parametrize(
    ("lang", "person", "wrong", "span", "fix", "right"),
    [
        ("cs", _EVA, "Vážená paní Horákové-Malé,", "Horákové-Malé", "Horáková-Malá",
         "Vážená paní Horáková-Malá,"),
        ("cs", _JAN_KOTRBA, "Vážený pane Kotrbovi,", "Kotrbovi", "Kotrbo", "Vážený pane Kotrbo,"),
        ("cs", _JAN_VRABEC, "Vážený pane Vrabcovi,", "Vrabcovi", "Vrabče", "Vážený pane Vrabče,"),
        ("sk", _SK_EVA, "Vážená pani Kováčovej-Šimkovej,", "Kováčovej-Šimkovej",
         "Kováčová-Šimková", "Vážená pani Kováčová-Šimková,"),
        ("sk", _SK_JAN, "Vážený pán de Boerovi,", "Boerovi", "Boer", "Vážený pán de Boer,"),
    ],
)  # fmt: skip
def test_declined_surname_in_address_is_flagged_and_twin_passes(
    lang: str, person: Person, wrong: str, span: str, fix: str, right: str
) -> None:
    body = _CS_BODY if lang == "cs" else _SK_BODY
    assert _case_findings(wrong + body, lang, person) == [(span, fix)]
    assert check(right + body, lang, person) == []


_UK_BODY = "\n\nваше замовлення вже в дорозі, дякуємо.\n\nЗ повагою\nКоманда"


@pytest.mark.parametrize(
    ("surname", "wrong", "right"),
    [("Сорока", "Сорока", "Сороко"), ("Кочерга", "Кочерга", "Кочерго")],
)
def test_ukrainian_masculine_surname_in_a_takes_o(surname: str, wrong: str, right: str) -> None:
    man = Person("Ігор", surname, "m")
    assert _case_findings(f"Шановний пане {wrong},{_UK_BODY}", "uk", man) == [(wrong, right)]
    assert check(f"Шановний пане {right},{_UK_BODY}", "uk", man) == []
    woman = Person("Олена", surname, "f")
    assert check(f"Шановна пані {surname},{_UK_BODY}", "uk", woman) == []


_PL_BODY = "\n\nzamówienie zostało wysłane.\n\nPozdrawiamy\nZespół"


@pytest.mark.parametrize(
    ("first", "wrong", "right"),
    [("Adam", "Szanowny Panie Adame,", "Szanowny Panie Adamie,"),
     ("Jacek", "Cześć Jacke!", "Cześć Jacku!")],
)  # fmt: skip
def test_polish_vocative_with_a_wrong_ending_is_flagged(first: str, wrong: str, right: str) -> None:
    man = Person(first, "Zieliński", "m")
    found = _case_findings(wrong + _PL_BODY, "pl", man)
    assert len(found) == 1 and found[0][1] == right.split()[-1].strip(",!")
    assert check(right + _PL_BODY, "pl", man) == []


@pytest.mark.parametrize(
    ("first", "gender", "greeting"),
    [("Stanisław", "m", "Cześć Staszku!"), ("Małgorzata", "f", "Cześć Małgosiu!"),
     ("Tomasz", "m", "Panie Tomku,")],
)  # fmt: skip
def test_polish_hypocoristic_vocatives_pass(first: str, gender: str, greeting: str) -> None:
    person = Person(first, "Zielińska" if gender == "f" else "Zieliński", gender)  # type: ignore[arg-type]
    assert check(greeting + _PL_BODY, "pl", person) == []


_BG_BODY = "\n\nпоръчката ви е изпратена.\n\nПоздрави\nЕкипът"


@pytest.mark.parametrize(
    ("person", "wrong", "right"),
    [
        (Person("Елена", "Стоянова-Митева", "f"), "Уважаема госпожо Стояново-Митево,",
         "Уважаема госпожо Стоянова-Митева,"),
        (Person("Иван", "Стоянов-Митев", "m"), "Уважаеми господин Стоянове-Митеве,",
         "Уважаеми господин Стоянов-Митев,"),
    ],
)  # fmt: skip
def test_bulgarian_double_barrelled_surname_keeps_both_parts(
    person: Person, wrong: str, right: str
) -> None:
    span = wrong.split()[-1].strip(",")
    fix = right.split()[-1].strip(",")
    assert _case_findings(wrong + _BG_BODY, "bg", person) == [(span, fix)]
    assert check(right + _BG_BODY, "bg", person) == []


_SH_BODY = "\n\nhvala na poruci, paket je poslat.\n\nPozdrav,\nTim"


@pytest.mark.parametrize("lang", ["sr", "hr"])
def test_female_ica_name_takes_ice_also_informally(lang: str) -> None:
    slavica = Person("Slavica", "Jurić", "f", "latn" if lang == "sr" else None)
    greeting = "Zdravo" if lang == "sr" else "Bok"
    wrong = f"{greeting}, Slavica!{_SH_BODY}"
    assert _case_findings(wrong, lang, slavica) == [("Slavica", "Slavice")]
    assert check(f"{greeting}, Slavice!{_SH_BODY}", lang, slavica) == []
    assert check(f"Poštovana gospođo Jurić,{_SH_BODY}", lang, slavica) == []


@pytest.mark.parametrize(
    ("gender", "right", "wrong", "fix"),
    [("m", "Шановний пане Мельнику-Ткачуку,", "Шановний пане Мельник-Ткачук,", "Мельнику-Ткачуку"),
     ("f", "Шановна пані Мельник-Ткачук,", "Шановна пані Мельнику-Ткачуку,", "Мельник-Ткачук")],
)  # fmt: skip
def test_ukrainian_double_barrelled_surname(gender: str, right: str, wrong: str, fix: str) -> None:
    person = Person("Олег" if gender == "m" else "Ольга", "Мельник-Ткачук", gender)  # type: ignore[arg-type]
    span = wrong.split()[-1].strip(",")
    assert _case_findings(wrong + _UK_BODY, "uk", person) == [(span, fix)]
    assert check(right + _UK_BODY, "uk", person) == []


@pytest.mark.parametrize(
    ("lang", "gender", "right", "wrong", "fix"),
    [("hr", "f", "Poštovana gospođo Lovrić-Perić,", "Poštovana gospođo Lovriću-Periću,",
      "Lovrić-Perić"),
     ("sr", "m", "Poštovani gospodine Lovriću-Periću,", "Poštovani gospodine Lovrića-Perića,",
      "Lovriću-Periću")],
)  # fmt: skip
def test_serbo_croatian_double_barrelled_surname(
    lang: str, gender: str, right: str, wrong: str, fix: str
) -> None:
    person = Person("Ana" if gender == "f" else "Ivo", "Lovrić-Perić", gender, "latn")  # type: ignore[arg-type]
    span = wrong.split()[-1].strip(",")
    assert _case_findings(wrong + _SH_BODY, lang, person) == [(span, fix)]
    assert check(right + _SH_BODY, lang, person) == []
