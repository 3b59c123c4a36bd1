"""Agreement across what stands between subject and predicate (numbers, amounts, brand names,
clitics, adjectives before the noun, plural-only nouns), with correct twins that must pass.

Probe sentences written for this test, not taken from the tuning or holdout sets.
"""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck.base import Person
from supportdesk_tui.langcheck.checker import language_module

PERSON = Person("Alex", "Novak", None)


def agreement(lang: str, text: str) -> list[str]:
    module = language_module(lang)
    assert module is not None
    text = "Hello,\n\n" + text  # the probe is body text, not the greeting line
    return [text[f.start : f.end] for f in module.check(text, PERSON) if f.code == "agreement"]


WRONG = [
    ("cs", "Vaše platba 1 299,00 Kč byl připsán na účet.", "byl"),
    ("cs", "Vaše reklamace č. RK-20931 byl vyřízen.", "byl"),
    ("cs", "Vrácené peníze byl poslán zpět na kartu.", "byl"),
    ("cs", "Finanční prostředky byla vrácena.", "byla"),
    ("cs", "Váš vysavač Dyson V15 Detect byla předána kurýrovi.", "byla"),
    ("cs", "Zásilka Vám byl doručen včera.", "byl"),
    ("cs", "Vaše nová karta byl zablokován.", "byl"),
    ("sk", "Vaša objednávka č. 88120 bol odoslaný.", "bol"),
    ("sk", "Vaša úhrada 12,50 € bol pripísaný.", "bol"),
    ("sk", "Vrátené peniaze bola poukázaná.", "bola"),
    ("sk", "Váš telefón Samsung Galaxy A55 bola odoslaná.", "bola"),
    ("sl", "Vaše plačilo 49,99 € je bil prejet.", "bil"),
    ("sl", "Vaš računalnik Lenovo IdeaPad je bila poslana.", "bila"),
    ("sl", "Vaša pošiljka št. 77 je bil oddan.", "bil"),
    ("pl", "Pana paczka nr 30112 został nadany.", "został"),
    ("pl", "Pani zwrot 89,99 zł została zaksięgowana.", "została"),
    ("pl", "Twój odkurzacz Philips PowerPro została wysłana.", "została"),
    ("pl", "Państwa reklamacja nr RK/2231 został rozpatrzony.", "został"),
    ("bg", "Вашата прахосмукачка Dyson V15 беше изпратен днес.", "изпратен"),
    ("bg", "Връщането Ви от 120 лв. беше одобрена.", "одобрена"),
    ("bg", "Вашият нов телефон е доставена.", "доставена"),
    ("bg", "Заявката Ви № ЗВ-1182 беше приет.", "приет"),
    ("sr", "Vaš novi usisivač je već poslata.", "poslata"),
    ("sr", "Vaša uplata od 3.490 dinara je evidentiran.", "evidentiran"),
    ("sr", "Ваша жалба бр. Ж-7731 је одбијен.", "одбијен"),
    ("hr", "Vaš punjač Anker PowerPort je preuzeta.", "preuzeta"),
    ("hr", "Vaša narudžba br. 20113 je stigao.", "stigao"),
    ("hr", "Vaše slušalice su već poslan.", "poslan"),
    ("en", "The three books we shipped you was delayed.", "was"),
    ("en", "The charger that you returned were faulty.", "were"),
    ("en", "Your refund of €42.50 were approved today.", "were"),
    ("en", "Your Bose QuietComfort headphones was dispatched.", "was"),
    ("ru", "Ваша заявка № А-7741 был принят.", "был"),
    ("ru", "Ваш возврат 1 250 ₽ была оформлена.", "была"),
    ("ru", "Ваш пылесос Dyson V15 Detect была отправлена.", "была"),
    ("uk", "Ваша оплата 2 100 грн був отриманий.", "був"),
    ("uk", "Ваш пилосос Philips PowerPro була відправлена.", "була"),
]
CORRECT = [
    ("cs", "Vaše platba 1 299,00 Kč byla připsána na účet."),
    ("cs", "Vrácené peníze byly poslány zpět na kartu."),
    ("cs", "Váš vysavač Dyson V15 Detect byl předán kurýrovi."),
    ("cs", "Objednávku na jméno Pavla Nováková jsme odeslali."),
    ("cs", "Zboží, které jste vrátila, přišlo v pořádku."),
    ("cs", "Celkem 450 Kč. Objednávka byla odeslána."),
    ("cs", "Vaše vrácení bylo schváleno."),
    ("cs", "Zboží převzal kurýr PPL včera odpoledne."),
    ("cs", "Kávovar De'Longhi Magnifica S byl opraven a vrácen."),
    ("sk", "Vaša úhrada 12,50 € bola pripísaná."),
    ("sk", "Vrátené peniaze boli poukázané."),
    ("sk", "Váš telefón Samsung Galaxy A55 bol odoslaný."),
    ("sl", "Naročilo je bilo oddano na ime Mojca Zupan."),
    ("sl", "Vaše plačilo 49,99 € je bilo prejeto."),
    ("sl", "Paket se glasi na ime Vesna Kralj."),
    ("pl", "Pana paczka nr 30112 została nadana."),
    ("pl", "Pani zwrot 89,99 zł został zaksięgowany."),
    ("pl", "Twój odkurzacz Philips PowerPro został wysłany."),
    ("pl", "Zamówienie Pani Kowalskiej zostało wysłane wczoraj."),
    ("bg", "Вашата прахосмукачка Dyson V15 беше изпратена днес."),
    ("bg", "Връщането Ви от 120 лв. беше одобрено."),
    ("bg", "Вашият нов телефон е на път."),
    ("bg", "Сумата е 59 лв. Поръчката Ви е изпратена."),
    ("sr", "Vaš novi usisivač je već poslat."),
    ("sr", "Vaš kod je spreman za korišćenje."),
    ("sr", "Vaša kartica je aktivna od danas."),
    ("sr", "Vaše pitanje je prosleđeno službi za reklamacije."),
    ("sr", "Vaša stara adresa je promenjena."),
    ("bg", "Вашето съобщение е получено и вашата парола е сменена."),
    ("bg", "Вашият отговор е важен за нас."),
    ("hr", "Vaš punjač Anker PowerPort je preuzet."),
    ("hr", "Vaša narudžba br. 20113 je stigla."),
    ("hr", "Vaš paket je u dostavi, a račun je poslan e-poštom."),
    ("en", "The three books we shipped you were delayed."),
    ("en", "The refund you asked for has been issued."),
    ("en", "Your Bose QuietComfort headphones were dispatched."),
    ("ru", "Ваша заявка № А-7741 была принята."),
    ("ru", "Ваш пылесос Dyson V15 Detect был отправлен."),
    ("uk", "Ваша оплата 2 100 грн була отримана."),
]


@pytest.mark.parametrize(("lang", "text", "wrong"), WRONG)
def test_disagreeing_predicate_is_found_across_inserted_material(
    lang: str, text: str, wrong: str
) -> None:
    assert wrong in agreement(lang, text)


@pytest.mark.parametrize(("lang", "text"), CORRECT)
def test_agreeing_sentences_pass(lang: str, text: str) -> None:
    assert agreement(lang, text) == []
