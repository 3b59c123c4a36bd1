"""One sentence of another language inside a reply (new probe sentences, with correct twins)."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck.base import Code, Person
from supportdesk_tui.langcheck.checker import check

_SOMEONE = Person(None, None, None)


def _wrong_language_spans(text: str, lang: str) -> list[str]:
    return [
        text[f.start : f.end] for f in check(text, lang, _SOMEONE) if f.code is Code.WRONG_LANGUAGE
    ]


@pytest.mark.parametrize(
    ("lang", "before", "odd", "twin"),
    [
        ("bg", "Здравейте,\n\nПоръчката ви е готова.", "Фактуру ћемо вам послати сутра.",
         "Фактурата ще ви изпратим утре."),
        ("uk", "Добрий день,\n\nЗамовлення вже готове.", "Счёт мы отправим вам завтра.",
         "Рахунок ми надішлемо вам завтра."),
        ("ru", "Здравствуйте,\n\nЗаказ уже готов.", "Рахунок ми надішлемо вам завтра, дякуємо.",
         "Счёт мы отправим вам завтра, спасибо."),
        ("uk", "Добрий день,\n\nЗамовлення вже готове.", "Your refund has been approved today.",
         "Кошти повернемо вам сьогодні."),
        ("cs", "Dobrý den,\n\nobjednávka je připravená.", "The invoice will be sent by email.",
         "Fakturu vám pošleme e-mailem."),
        ("pl", "Dzień dobry,\n\nzamówienie jest gotowe.", "Your parcel has been handed over.",
         "Paczka została przekazana kurierowi."),
        ("en", "Dear customer,\n\nyour order is ready.", "Wir schicken Ihnen die Rechnung morgen.",
         "We will send you the invoice tomorrow."),
    ],
)  # fmt: skip
def test_sentence_of_another_language_is_flagged_and_twin_passes(
    lang: str, before: str, odd: str, twin: str
) -> None:
    after = "\n\nS pozdravem\nTeam" if lang != "en" else "\n\nBest regards,\nTeam"
    assert odd in _wrong_language_spans(f"{before}\n\n{odd}{after}", lang)
    assert _wrong_language_spans(f"{before}\n\n{twin}{after}", lang) == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("cs", "Dobrý den,\n\nposlali jsme vám knihu Harry Potter and the Chamber of Secrets "
               "a dárkový poukaz.\n\nS pozdravem\nTým"),
        ("uk", "Добрий день,\n\nкавоварка Mr. Coffee та чайник Tefal Smart & Light вже в "
               "дорозі, деталі на www.shop.ua/track.\n\nЗ повагою\nКоманда"),
        ("pl", "Dzień dobry,\n\nw zamówieniu jest płyta „The Best of You and Me” oraz "
               "słuchawki.\n\nPozdrawiamy\nZespół"),
    ],
)  # fmt: skip
def test_titles_brands_and_urls_in_english_are_not_a_foreign_sentence(lang: str, text: str) -> None:
    assert _wrong_language_spans(text, lang) == []


@pytest.mark.parametrize(
    ("lang", "odd", "twin"),
    [
        ("sr", "Nov polnilec vam bomo poslali naslednji teden.",
         "Novi punjač ćemo vam poslati sledeće nedelje."),
        ("hr", "Nadomestno napravo vam bo kurir dostavil do srede.",
         "Zamjenski uređaj kurir će vam dostaviti do srijede."),
    ],
)  # fmt: skip
def test_slovenian_future_in_serbian_or_croatian_reply(lang: str, odd: str, twin: str) -> None:
    before = "Poštovani,\n\nreklamacija je prihvaćena."
    after = "\n\nSrdačan pozdrav,\nTim"
    assert odd in _wrong_language_spans(f"{before}\n\n{odd}{after}", lang)
    assert _wrong_language_spans(f"{before}\n\n{twin}{after}", lang) == []
