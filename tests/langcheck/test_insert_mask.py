"""Numbers, codes, amounts and foreign names are blanked out for the agreement scan."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck._insert_mask import mask


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Platba 1 250,50 Kč byla přijata.", "Platba byla přijata."),
        ("Zamówienie nr 70211 zostało wysłane.", "Zamówienie zostało wysłane."),
        ("Заявка № А-10233 принята.", "Заявка принята."),
        ("Uplata od 2.450,00 dinara je primljena.", "Uplata je primljena."),
        ("Refund of $249.99 was issued.", "Refund was issued."),
        ("Zásilky č. 51001 a 51002 byly odeslány.", "Zásilky byly odeslány."),
        ("Пылесос Dyson V15 Detect был отправлен.", "Пылесос был отправлен."),
        ("Сумата от 120 лв. е възстановена.", "Сумата е възстановена."),
        ("Objednávka z 3. 11. 2025 byla stornována.", "Objednávka byla stornována."),
    ],
)
def test_values_are_blanked(text: str, kept: str) -> None:
    masked = mask(text)
    assert len(masked) == len(text)
    assert " ".join(masked.split()) == kept


@pytest.mark.parametrize(
    "text",
    ["Celkem 320 Kč. Objednávka byla odeslána.", "Сумата е 59 лв. Поръчката е изпратена."],
)
def test_a_period_that_ends_the_sentence_stays(text: str) -> None:
    assert mask(text).count(".") == text.count(".")


def test_plain_text_is_unchanged() -> None:
    text = "Vaše objednávka byla odeslána.\nS pozdravem"
    assert mask(text) == text


def test_title_dot_inside_a_latin_name_is_not_a_sentence_end() -> None:
    assert mask("Your Mr. Coffee machine was sent.") == "Your Mr  Coffee machine was sent."


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Tarif „Rodinný balíček“ byl prodloužen.", "Tarif byl prodloužen."),
        ("Подписка «Домашний кинозал» продлена.", "Подписка продлена."),
        ('Paket "Premium plus" je aktiviran.', "Paket je aktiviran."),
    ],
)
def test_quoted_titles_are_blanked(text: str, kept: str) -> None:
    masked = mask(text)
    assert len(masked) == len(text)
    assert " ".join(masked.split()) == kept
