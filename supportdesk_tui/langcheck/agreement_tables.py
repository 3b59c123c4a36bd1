"""Word tables for Czech and Slovak agreement (used by agreement_cssk).

Genders: 'm', 'f', 'n', and 'p' for plural subjects (objednávky, peníze: -y/-i agreement).
Lexicon: the nouns e-shop replies are made of, in the nominative; their gender from the
Internetová jazyková příručka (cs), Krátky slovník slovenského jazyka (sk) and
Slovar slovenskega knjižnega jezika (sl).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Tables:
    aux: dict[str, str]
    """Past forms of 'být'/'byť' -> gender."""
    aux_forms: dict[str, str]
    """Gender -> the past auxiliary."""
    neutral_aux: frozenset[str]
    """'je', 'bude': carry no gender."""
    possessives: dict[str, str]
    """Nominative possessive -> the genders it fits ('vaše' fits f, n and plural: 'fnp')."""
    possessive_forms: dict[str, dict[str, str]]
    """Gender -> possessive -> the form that fits."""
    nouns: dict[str, str]
    feminine_endings: tuple[str, ...]
    plural_ending: str
    """l-participle and short participle ending for plural subjects ('byly', 'odeslány')."""
    adjective_endings: dict[str, str]
    """Long adjective/participle ending -> gender ('odeslaný', 'odoslaná')."""
    lang: str = "cs"
    short_participle: re.Pattern[str] = re.compile(r"^\w{3,}?[aáeěií][nt](a|o|y|i)?$")
    """A short passive participle ('odeslán', 'odeslána'); group 1 is its ending."""
    adverb: re.Pattern[str] = re.compile(r"^\w{3,}(?:ně|cky|sky|ého)$")
    """Adverbs by form ('úspěšně', 'automaticky') and genitive adjectives ('vadného'):
    never the predicate, skipped before it."""
    attributive_endings: tuple[str, ...] = ("ý", "á", "é", "ní", "cí", "čí", "ší", "ží")
    """An adjective before a noun the tables lack ('Záruční list', 'Dodací list')."""
    needs_aux: bool = False
    """Slovenian: an l-participle without 'je/bo' has another subject ('znesek pa vrnili')."""


def _lexicon(spaced: str) -> dict[str, str]:
    """'objednávka:f balík:m' -> {'objednávka': 'f', 'balík': 'm'}."""
    return dict(pair.split(":") for pair in spaced.split())


CZECH = Tables(
    aux={"byl": "m", "byla": "f", "bylo": "n", "byly": "p", "byli": "p"},
    aux_forms={"m": "byl", "f": "byla", "n": "bylo", "p": "byly"},
    neutral_aux=frozenset({"je", "bude", "není", "nebude", "jsou", "budou"}),
    possessives={
        "váš": "m",
        "vaše": "fnp",
        "tvůj": "m",
        "tvoje": "fnp",
        "tvá": "f",
        "náš": "m",
        "naše": "fnp",
        "vaši": "p",
        "tvoji": "p",
    },  # fmt: skip
    possessive_forms={
        "m": {"vaše": "váš", "tvoje": "tvůj", "tvá": "tvůj", "naše": "náš"},
        "f": {"váš": "vaše", "tvůj": "tvoje", "náš": "naše"},
        "n": {"váš": "vaše", "tvůj": "tvoje", "náš": "naše", "tvá": "tvoje"},
        "p": {"váš": "vaše", "tvůj": "tvoje", "náš": "naše", "tvá": "tvoje"},
    },
    nouns=_lexicon(
        "objednávka:f zásilka:f platba:f faktura:f reklamace:f záruka:f položka:f dodávka:f "
        "částka:f náhrada:f zpráva:f adresa:f věc:f objednávky:p zásilky:p platby:p peníze:p "
        "balík:m balíček:m produkt:m účet:m kód:m dobropis:m výrobek:m kurýr:m dopravce:m "
        "zboží:n vrácení:n doručení:n číslo:n heslo:n předplatné:n zařízení:n "
        "úhrada:f vratka:f dobírka:f sleva:f karta:f výměna:f oprava:f refundace:f "
        "poukaz:m voucher:m telefon:m počítač:m notebook:m kávovar:m vysavač:m přístroj:m "
        "spotřebič:m příslušenství:n "
        # plural-only nouns and plurals of the shop nouns
        "prostředky:p finance:p brýle:p hodinky:p sluchátka:p kalhoty:p dveře:p balíky:p "
        "produkty:p výrobky:p položky:p faktury:p dobropisy:p"
    ),
    feminine_endings=("ost", "ace", "ice", "a"),
    plural_ending="y",
    adjective_endings={"ý": "m", "á": "f", "é": "n"},
)

SLOVAK = Tables(
    aux={"bol": "m", "bola": "f", "bolo": "n", "boli": "p"},
    aux_forms={"m": "bol", "f": "bola", "n": "bolo", "p": "boli"},
    neutral_aux=frozenset({"je", "bude", "nie", "nebude", "sú", "budú"}),
    possessives={
        "váš": "m",
        "vaša": "f",
        "vaše": "np",
        "tvoj": "m",
        "tvoja": "f",
        "tvoje": "np",
        "náš": "m",
        "naša": "f",
        "naše": "np",
    },  # fmt: skip
    possessive_forms={
        "m": {"vaša": "váš", "vaše": "váš", "tvoja": "tvoj", "tvoje": "tvoj", "naša": "náš"},
        "f": {"váš": "vaša", "vaše": "vaša", "tvoj": "tvoja", "tvoje": "tvoja", "náš": "naša"},
        "n": {"váš": "vaše", "vaša": "vaše", "tvoj": "tvoje", "tvoja": "tvoje", "náš": "naše"},
        "p": {"váš": "vaše", "vaša": "vaše", "tvoj": "tvoje", "tvoja": "tvoje", "náš": "naše"},
    },
    nouns=_lexicon(
        "objednávka:f zásielka:f platba:f faktúra:f reklamácia:f záruka:f položka:f "
        "dodávka:f suma:f náhrada:f správa:f adresa:f vec:f objednávky:p zásielky:p "
        "platby:p peniaze:p balík:m balíček:m produkt:m účet:m kód:m dobropis:m výrobok:m "
        "tovar:m kuriér:m dopravca:m vrátenie:n doručenie:n číslo:n heslo:n zariadenie:n "
        "úhrada:f vratka:f dobierka:f zľava:f karta:f výmena:f oprava:f poukaz:m voucher:m "
        "telefón:m počítač:m notebook:m kávovar:m vysávač:m prístroj:m spotrebič:m "
        "príslušenstvo:n "
        # plural-only nouns and plurals of the shop nouns
        "prostriedky:p financie:p okuliare:p hodinky:p slúchadlá:p nohavice:p dvere:p "
        "balíky:p produkty:p výrobky:p položky:p faktúry:p"
    ),
    feminine_endings=("osť", "cia", "a"),
    plural_ending="i",
    adjective_endings={"ý": "m", "á": "f", "é": "n"},
    lang="sk",
    adverb=re.compile(r"^\w{3,}(?:ne|cky|sky|ého)$"),
    attributive_endings=("ý", "á", "é", "cí", "čí"),
)

# Slovenian: "je bil/bila/bilo" + participle ("Vaše naročilo je bilo odposlano"); dual and
# plural subjects ("naročili", "so bila") are left alone: their agreement has three numbers.
SLOVENE = Tables(
    aux={"bil": "m", "bila": "f", "bilo": "n"},
    aux_forms={"m": "bil", "f": "bila", "n": "bilo", "p": "bili"},
    neutral_aux=frozenset({"je", "bo", "ni", "ne"}),
    possessives={
        "vaš": "m",
        "vaša": "f",
        "vaše": "n",
        "tvoj": "m",
        "tvoja": "f",
        "tvoje": "n",
        "naš": "m",
        "naša": "f",
        "naše": "n",
    },  # fmt: skip
    possessive_forms={
        "m": {"vaša": "vaš", "vaše": "vaš", "tvoja": "tvoj", "tvoje": "tvoj", "naša": "naš"},
        "f": {"vaš": "vaša", "vaše": "vaša", "tvoj": "tvoja", "tvoje": "tvoja", "naš": "naša"},
        "n": {"vaš": "vaše", "vaša": "vaše", "tvoj": "tvoje", "tvoja": "tvoje", "naš": "naše"},
        "p": {},
    },
    nouns=_lexicon(
        "naročilo:n plačilo:n vračilo:n blago:n sporočilo:n paket:m račun:m izdelek:m "
        "denar:m artikel:m kurir:m znesek:m pošiljka:f reklamacija:f kupnina:f dostava:f "
        "garancija:f telefon:m aparat:m računalnik:m polnilec:m dobropis:m kupon:m "
        "popust:m kartica:f menjava:f zamenjava:f popravilo:n"
    ),
    feminine_endings=("a",),
    plural_ending="i",
    adjective_endings={},
    lang="sl",
    # -et/-t only after j, z, č or r ('sprejet', 'odprt'): 'predmet', 'paket' are nouns
    short_participle=re.compile(r"^\w{3,}?(?:[aei]n|[jzč]et|rt)(a|o|i)?$"),
    adverb=re.compile(r"^(?:\w{2,}[^\Waeioun]no|\w{3,}(?:sko|ško|ega))$"),
    attributive_endings=("ski", "ška", "ški", "ska", "čki", "čka", "čna", "ni", "ji", "vi"),
    needs_aux=True,
)
