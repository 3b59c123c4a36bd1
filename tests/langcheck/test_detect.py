"""Language identification of the reply body and Serbian/Croatian markers."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck import detect, sh_markers
from tests.langcheck.langid_samples import SAMPLES

ALL = [(lang, text) for lang, texts in SAMPLES.items() for text in texts]


@pytest.mark.parametrize(("lang", "text"), ALL)
def test_a_reply_in_the_customers_language_is_never_called_foreign(lang: str, text: str) -> None:
    assert detect.body_language(text, lang) is None


@pytest.mark.parametrize(("lang", "text"), ALL)
def test_a_reply_in_another_language_is_caught_mostly(lang: str, text: str) -> None:
    others = [o for o in SAMPLES if o != lang and {o, lang} != {"sr", "hr"}]
    caught = [o for o in others if detect.body_language(text, o) is not None]
    assert len(caught) >= len(others) - 3, (lang, set(others) - set(caught))


def test_czech_and_slovak_are_told_apart() -> None:
    slovak = "Vaša objednávka č. 48213 bola dnes odoslaná. Zásielku doručí kuriér do dvoch dní."
    czech = (
        "Vaše objednávka č. 48213 byla dnes odeslána. Zásilku doručí kurýr do dvou pracovních dnů."
    )
    assert detect.body_language(slovak, "cs") == "sk"
    assert detect.body_language(czech, "sk") == "cs"


def test_short_text_is_not_judged() -> None:
    assert detect.body_language("Thank you, bye.", "cs") is None


def test_serbian_ekavian_and_vocabulary_in_a_croatian_reply() -> None:
    text = "Hvala na poruci. Vaša porudžbina je juče poslata i trebalo bi da stigne sutra."
    assert detect.body_language(text, "hr") == "sr"


def test_croatian_vocabulary_in_a_serbian_reply() -> None:
    text = "Hvala na poruci. Vaša narudžba je jučer poslana i trebala bi stići idući tjedan."
    assert detect.body_language(text, "sr") == "hr"


def test_ijekavian_alone_does_not_make_serbian_croatian() -> None:
    text = "Hvala na poruci. Uvijek smo tu za vas, a cijena ostaje ista kao i prije, bez promjene."
    assert sh_markers.other_variety(text, "sr") is None


def test_neutral_sh_text_is_not_judged_either_way() -> None:
    text = "Hvala na poruci. Paket ćemo danas predati kuriru i javićemo vam kad stigne."
    assert detect.body_language(text, "hr") in (None, "sr")
    assert detect.body_language(text, "sr") is None


def test_cyrillic_in_a_croatian_reply_is_serbian() -> None:
    text = "Хвала на поруци. Ваша поруџбина је јуче послата и требало би да стигне сутра."
    assert detect.body_language(text, "hr") == "sr"


@pytest.mark.parametrize(
    ("text", "script"),
    [("Здраво Марко", "cyrl"), ("Zdravo Marko", "latn"), ("12345", None), ("Zdravo Марко", None)],
)
def test_script_of(text: str, script: str | None) -> None:
    assert detect.script_of(text) == script


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dobrý den, kde je moje zásilka?", "cs"),
        ("Dobrý deň, kde je moja zásielka?", "sk"),
        ("Dzień dobry, gdzie jest moja paczka?", "pl"),
        ("Здравствуйте, где мой заказ?", "ru"),
        ("Добрий день, де моє замовлення?", "uk"),
        ("Здравейте, къде е поръчката ми?", "bg"),
        ("Здраво, где је мој пакет?", "sr"),
        ("Pozdrav, gdje je moj paket?", "hr"),
        ("Zdravo, gde je moj paket? Hvala unapred.", "sr"),
        ("Pozdravljeni, kje je moj paket?", "sl"),
        ("> Dobrý den, posíláme fakturu.\nHello, where is my parcel?", "en"),
        ("ok", None),
    ],
)
def test_a_customers_first_line_is_enough_to_guess_their_language(
    text: str, expected: str | None
) -> None:
    assert detect.guess_language(text) == expected
