"""A Serbian reply keeps the customer's script sentence by sentence; a Croatian one stays Latin.

Probes with new names and bodies: one odd sentence or greeting line is wrong_script with its
transliteration; brands, domains, e-mails and codes in Latin inside Cyrillic text are not."""

from __future__ import annotations

from supportdesk_tui.langcheck.base import Code, Finding, Person
from supportdesk_tui.langcheck.checker import check

_CYR = Person("Драган", "Пешић", "m", "cyrl")
_LAT = Person("Vesna", "Ilić", "f", "latn")
_HR = Person("Vesna", "Ilić", "f", None)


def _codes(findings: list[Finding], code: Code, text: str) -> list[tuple[str, str | None]]:
    return [(text[f.start : f.end], f.suggestion) for f in findings if f.code is code]


def test_latin_sentence_in_cyrillic_reply_is_wrong_script() -> None:
    odd = "Garancija traje dve godine od dana kupovine."
    text = (
        "Поштовани господине Пешићу,\n\nсервис је примио ваш уређај и ускоро ћемо га "
        f"прегледати. {odd} Јавићемо вам се.\n\nСрдачан поздрав,\nтим"
    )
    found = _codes(check(text, "sr", _CYR), Code.WRONG_SCRIPT, text)
    assert found == [(odd, "Гаранција траје две године од дана куповине.")]


def test_cyrillic_greeting_over_latin_reply_is_wrong_script() -> None:
    text = (
        "Поштована госпођо Илић,\n\nvaš povraćaj novca je odobren i stiže na račun za "
        "nekoliko dana.\n\nSrdačan pozdrav,\ntim"
    )
    found = _codes(check(text, "sr", _LAT), Code.WRONG_SCRIPT, text)
    assert found == [("Поштована госпођо Илић,", "Poštovana gospođo Ilić,")]


def test_brands_domains_and_codes_in_latin_inside_cyrillic_are_fine() -> None:
    text = (
        "Поштовани господине Пешићу,\n\nваш апарат Mr. Coffee је поправљен, а лампа Lumo E27 "
        "стиже у петак. Пишите на servis@lumo.rs или на www.lumo.rs/servis, или преко "
        "KafaKodKuce.rs.\n\nСрдачан поздрав,\nтим"
    )
    assert _codes(check(text, "sr", _CYR), Code.WRONG_SCRIPT, text) == []


def test_cyrillic_sentence_in_croatian_reply_is_wrong_language() -> None:
    odd = "Рачун ћемо вам послати мејлом."
    text = f"Poštovana gospođo Ilić,\n\nvaša je narudžba zaprimljena. {odd}\n\nLijep pozdrav,\ntim"
    found = _codes(check(text, "hr", _HR), Code.WRONG_LANGUAGE, text)
    assert found == [(odd, "Račun ćemo vam poslati mejlom.")]


def test_one_word_cyrillic_greeting_over_latin_reply_is_wrong_script() -> None:
    text = "Здраво,\n\nhvala na poruci, paket je poslat danas.\n\nPozdrav,\ntim"
    assert _codes(check(text, "sr", _LAT), Code.WRONG_SCRIPT, text) == [("Здраво,", "Zdravo,")]
    latin = "Zdravo,\n\nhvala na poruci, paket je poslat danas.\n\nPozdrav,\ntim"
    assert check(latin, "sr", _LAT) == []
