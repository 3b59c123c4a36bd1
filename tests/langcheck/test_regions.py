"""Quoted history and signatures are the customer's (or the agent's own) words: not judged."""

from __future__ import annotations

from supportdesk_tui.langcheck import checker
from supportdesk_tui.langcheck.base import Person
from supportdesk_tui.langcheck.regions import blank, foreign_spans

VONDRACEK = Person("Jan", "Vondráček", "m")


def _codes(text: str, lang: str, person: Person) -> list[str]:
    return [f.code.value for f in checker.check(text, lang, person)]


def test_blanking_keeps_offsets_and_line_breaks() -> None:
    text = "Hi,\r\n\r\nthanks\r\n> quoted\r\nmore\n-- \nJana\nLipa"
    out = blank(text, foreign_spans(text))
    assert len(out) == len(text)
    assert "quoted" not in out and "Jana" not in out and "thanks" in out and "more" in out
    assert out.count("\n") == text.count("\n")


def test_a_quoted_customer_sentence_with_an_error_is_not_agreement() -> None:
    text = (
        "Dobrý den, pane Vondráčku,\n\nděkujeme, vše vyřešíme do zítřka.\n\n"
        "> Moje objednávka byl odeslán špatně a chybí v ní kabel."
    )
    assert _codes(text, "cs", VONDRACEK) == []


def test_slovak_history_after_a_reply_header_is_not_wrong_language() -> None:
    text = (
        "Dobrý den, pane Vondráčku,\n\nděkujeme, vše vyřešíme do zítřka.\n\n"
        "Dňa 3. 1. 2026 o 10:00, Ján Vondráček <jan@example.sk> napísal:\n"
        "Dobrý deň, objednávka mi neprišla, prosím o kontrolu zásielky, ďakujem veľmi pekne."
    )
    assert _codes(text, "cs", VONDRACEK) == []


def test_quoted_ukrainian_in_a_russian_reply_is_not_wrong_language() -> None:
    text = (
        "Здравствуйте, Олег!\n\nСпасибо, проверим сегодня.\n\n"
        "> Добрий день! Моє замовлення ще не прийшло, перевірте, будь ласка.\n> Олег"
    )
    assert _codes(text, "ru", Person("Олег", "Ким", "m")) == []


def test_a_czech_signature_under_a_polish_reply_is_not_judged() -> None:
    text = (
        "Dzień dobry Pani Anno,\n\nprzesyłka jest już w drodze.\n\n-- \n"
        "Mgr. Jana Nováková, zákaznická podpora\nTěšíme se na další nákup!"
    )
    assert _codes(text, "pl", Person("Anna", "Nowak", "f")) == []


def test_the_reply_above_the_quote_is_still_judged() -> None:
    text = (
        "Dobrý den, pane Vondráčku,\n\nvaše objednávka byl odeslán včera.\n\n"
        "> Kdy mi přijde objednávka?"
    )
    assert "agreement" in _codes(text, "cs", VONDRACEK)
