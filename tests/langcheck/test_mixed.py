"""Neighbour-language words in Russian and Ukrainian replies: positive evidence only."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck import checker
from supportdesk_tui.langcheck.base import Person

IRINA = Person("Ирина", "Белова", "f")
OLEG = Person("Олег", "Ким", "m")
OLENA = Person("Олена", "Бойко", "f")


def _wrong_language(text: str, lang: str, person: Person) -> list[str]:
    return [
        text[f.start : f.end]
        for f in checker.check(text, lang, person)
        if f.code.value == "wrong_language"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Добрый день, Ирина!\n\nМультиварка и геймпад уже на складе, промокод на скидку "
        "действует до пятницы.\n\nС уважением,\nМагазин «Кухня»",
        "Здравствуйте, Ирина!\n\nКешбек начислен, трек-номер посылки придёт в SMS. "
        "Маркетплейс обновит статус завтра.",
        "Ирина, добрый вечер!\nПромокод ЛЕТО24 не сработал, потому что корзина меньше 500 ₽.",
        "Здравствуйте!\n\nЗаказ передан в службу доставки «Нова Пошта», отделение № 12.",
    ],
)
def test_russian_loanwords_and_brands_are_not_ukrainian(text: str) -> None:
    assert _wrong_language(text, "ru", IRINA) == []


def test_ukrainian_words_in_a_russian_sentence_are_found() -> None:
    text = "Здравствуйте, Олег!\n\nПосылку привезут завтра, зателефонуйте нам, якщо треба."
    found = " ".join(_wrong_language(text, "ru", OLEG))
    assert "зателефонуйте" in found and "якщо" in found and "Посылку" not in found


def test_a_single_distinctive_russian_word_in_ukrainian_is_found() -> None:
    text = "Добрий день, Олено!\n\nМи надішлемо товар завтра, когда отримаємо оплату."
    assert _wrong_language(text, "uk", OLENA) == ["когда"]


def test_a_single_unknown_noun_is_not_enough() -> None:
    text = "Добрий день, Олено!\n\nВаш геймпад і мультиварку відправлено, трекинг буде завтра."
    assert _wrong_language(text, "uk", OLENA) == []


def test_a_brand_inside_a_sentence_is_not_judged() -> None:
    text = "Здравствуйте, Олег!\n\nЧай Да Хун Пао и Те Гуань Инь есть на складе."
    assert _wrong_language(text, "ru", OLEG) == []


def test_ukrainian_uzhe_after_a_consonant_is_ukrainian() -> None:
    text = "Добрий день, Олено!\n\nТовар уже на складі, і ми передамо посилку кур'єру сьогодні."
    assert _wrong_language(text, "uk", OLENA) == []
