"""An English greeting line over a reply in the customer's Slavic language."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck import checker
from supportdesk_tui.langcheck.base import Person

ANNA = Person("Anna", "Nowak", "f")


def _english_greeting(text: str, lang: str, person: Person = ANNA) -> list[tuple[str, str | None]]:
    return [
        (text[f.start : f.end], f.suggestion)
        for f in checker.check(text, lang, person)
        if f.code.value == "wrong_language" and "\n" not in text[: f.start]
    ]


@pytest.mark.parametrize(
    ("text", "lang", "span"),
    [
        ("Hello,\n\nuprzejmie informujemy, że paczka została nadana i dotrze jutro.", "pl",
         "Hello"),
        ("Dear customer,\n\nvaše reklamace byla vyřízena, peníze vrátíme do pěti dnů.", "cs",
         "Dear customer"),
        ("Good morning Mrs Nowak,\r\nzásielka je už na ceste, kuriér vás bude kontaktovať.", "sk",
         "Good morning Mrs Nowak"),
        ("Hi Anna, paket smo poslali jučer, stiže u petak.", "hr", "Hi Anna"),
        ("Dear Anna!\n\nВаш заказ собран и будет передан курьеру сегодня вечером.", "ru",
         "Dear Anna"),
        ("Hello!\n\nВашата поръчка е изпратена и ще пристигне до два работни дни.", "bg", "Hello"),
        ("Dear customer,\n\nВаша поруџбина је послата, стиже за два дана.", "sr", "Dear customer"),
        ("Hey,\n\npošiljka je na poti, dostava bo v sredo.", "sl", "Hey"),
    ],
)  # fmt: skip
def test_english_greeting_over_a_slavic_body_is_wrong_language(
    text: str, lang: str, span: str
) -> None:
    found = _english_greeting(text, lang)
    assert [s for s, _ in found] == [span]
    assert found[0][1]  # a greeting in the customer's language is offered


def test_the_suggestion_is_the_languages_own_salutation() -> None:
    text = "Dear customer,\n\nvaše objednávka byla odeslána, dorazí zítra."
    assert _english_greeting(text, "cs", Person()) == [("Dear customer", "Dobrý den")]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Hej Anno,\n\npaczka już jest w drodze, dotrze jutro.", "pl"),
        ("Ahoj Anno,\n\nbalík je na cestě, zítra ho máš doma.", "cs"),
        ("Anno,\n\nbalík je na cestě, zítra ho máte doma.", "cs"),
        ("Hello Anna,\n\nyour parcel is on its way and arrives tomorrow.", "en"),
        ("Dzień dobry,\n\nHello Kitty plecak jest znowu dostępny w naszym sklepie.", "pl"),
        ("Hi Anna, díky!", "cs"),
        ("Hello Kitty batoh je opět skladem.\nPošleme ho ještě dnes, dorazí zítra.", "cs"),
    ],
)
def test_native_greetings_names_and_english_replies_pass(text: str, lang: str) -> None:
    assert _english_greeting(text, lang) == []


def test_an_all_english_reply_is_one_body_finding_not_a_greeting_one() -> None:
    text = (
        "Dear customer,\n\nthank you for your message. Your order was shipped yesterday and "
        "should arrive tomorrow. We apologise for the delay."
    )
    findings = [f for f in checker.check(text, "cs", ANNA) if f.code.value == "wrong_language"]
    assert findings and all(f.suggestion is None for f in findings)
