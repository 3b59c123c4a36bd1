"""A sentence of a neighbouring language inside a correct reply; neutral sentences pass."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck import checker
from supportdesk_tui.langcheck.base import Person
from supportdesk_tui.langcheck.sentences import neighbour_sentences

NOBODY = Person()


def _flagged(text: str, lang: str) -> list[str]:
    return [text[f.start : f.end] for f in neighbour_sentences(text, lang)]


@pytest.mark.parametrize(
    ("lang", "greeting", "foreign"),
    [
        ("sk", "Dobrý deň,\n\nobjednávku sme prijali.", "Děkujeme, zboží vám doručíme do tří dnů."),
        ("cs", "Dobrý den,\n\nobjednávku jsme přijali.",
         "Dziękujemy za cierpliwość i życzymy miłego dnia."),
        ("cs", "Dobrý den,\nreklamaci jsme vyřídili.",
         "Ďakujeme za trpezlivosť, peniaze vám vrátime čoskoro."),
        ("sk", "Dobrý deň,\n\nreklamáciu sme vybavili.",
         "Paczka została nadana wczoraj i jutro będzie u Pani."),
        ("pl", "Dzień dobry,\n\nzamówienie zostało przyjęte.",
         "Ďakujeme za trpezlivosť, zásielka je už na ceste."),
        ("pl", "Dzień dobry Panie Marku,\n\nreklamacja została uznana.",
         "Peníze vám vrátíme převodem během pěti pracovních dnů."),
        ("hr", "Poštovani,\n\nnarudžba je zaprimljena.",
         "Paket bomo poslali jutri, prosimo za potrpežljivost."),
        ("sr", "Poštovani,\n\nporudžbina je primljena.",
         "Žal nam je, ker je pošiljka zamujala, vendar je zdaj že pri vas."),
        ("sl", "Spoštovani,\n\nnaročilo smo prejeli.",
         "Vaša narudžba stiže sljedeći tjedan, hvala na strpljenju."),
        ("sl", "Pozdravljeni,\n\nplačilo smo prejeli.", "Porudžbinu ćemo poslati sutra ujutru."),
        ("cs", "Dobrý den,\n\nobjednávku jsme odeslali.", "Zásielka by mala prísť do troch dní."),
        ("hr", "Poštovani,\n\nnarudžba je poslana.",
         "Paket bo prispel v ponedeljek, hvala za potrpežljivost."),
    ],
)  # fmt: skip
def test_a_neighbour_sentence_is_reported_with_its_span(
    lang: str, greeting: str, foreign: str
) -> None:
    text = f"{greeting} {foreign}\n\nS pozdravem\nLipa"
    assert _flagged(text, lang) == [foreign]
    codes = [f.code.value for f in checker.check(text, lang, NOBODY)]
    assert "wrong_language" in codes


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("cs", "Dobrý den,\n\nzboží odešleme zítra. Kurýr DPD vám zavolá předem. Objednávka "
               "č. 2024/118 je zaplacená, viz www.lipa.cz/obchod/pekny-den-ďakujeme."),
        ("cs", "Dobrý den,\n\nzásilku pošleme na adresu Hlavná 12, Košice. Ano, je to tak."),
        ("cs", "Dobrý den,\n\nkávovar Mr. Coffee Optimal Brew máme skladem."),
        ("pl", "Dzień dobry,\n\nprzesyłka została nadana. Kod rabatowy: ŠKODA-2024. Ekspres "
               "Kávovar Café Crème jest dostępny od ręki."),
        ("pl", "Dzień dobry,\n\nzamówienie nr ČZ-48213 wyślemy do Pana Šťastnego we wtorek."),
        ("sk", "Dobrý deň,\n\nďakujeme za objednávku, tovar odošleme zajtra ráno."),
        ("sr", "Poštovani,\n\nhvala na strpljenju, paket je već na putu."),
        ("hr", "Poštovani,\n\nvaša narudžba stiže sutra, a račun smo poslali e-poštom."),
        ("sl", "Spoštovani,\n\nhvala za vaše naročilo, paket je že na poti."),
        ("sl", "Spoštovani,\n\npaket je prevzel gospod Horvatić, ki je podpisal dobavnico."),
        ("sl", "Spoštovani,\n\nizdelek Café Ćevapčići Đuvec je na zalogi."),
        ("hr", "Poštovani,\n\nproizvod možete preuzeti u trgovini Lipa d.o.o. u Zagrebu."),
    ],
)  # fmt: skip
def test_correct_sentences_names_brands_and_links_pass(lang: str, text: str) -> None:
    assert _flagged(text, lang) == []


def test_short_sentences_are_not_judged() -> None:
    assert _flagged("Dobrý den,\n\nĎakujeme pekne!", "cs") == []


def test_languages_without_neighbours_here_are_not_judged() -> None:
    assert _flagged("Dear Anna,\n\nĎakujeme za trpezlivosť a prajeme pekný deň.", "en") == []
