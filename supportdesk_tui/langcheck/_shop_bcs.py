"""Serbian and Croatian shop vocabulary for the agreement check, in Latin script.

Declension after Barić et al., Hrvatska gramatika, and Stanojčić & Popović, Gramatika srpskog
jezika: a-stem feminines ('pošiljka'), masculine o-stems ('paket'), neuter -nje nouns
('plaćanje'); possessive pronouns 'vaš/naš/tvoj'; passive participles m/f/n, sg/pl.
Serbian Cyrillic is looked up through its Latin transliteration.
"""

from __future__ import annotations

import re
from functools import cache, partial

from supportdesk_tui.langcheck._agree_table import GN, Lexicon
from supportdesk_tui.langcheck._noun_guess import noun_gender
from supportdesk_tui.langcheck.common import word_set

_FEM = {  # a-stems: stem -> (dative/locative singular, genitive plural)
    "narudžb": ("narudžbi", "narudžbi"), "narudžbin": ("narudžbini", "narudžbina"),
    "porudžbin": ("porudžbini", "porudžbina"), "pošiljk": ("pošiljci", "pošiljaka"),
    "reklamacij": ("reklamaciji", "reklamacija"), "uplat": ("uplati", "uplata"),
    "dostav": ("dostavi", "dostava"), "isporuk": ("isporuci", "isporuka"),
    "rob": ("robi", "roba"), "pritužb": ("pritužbi", "pritužbi"), "žalb": ("žalbi", "žalbi"),
    "naplat": ("naplati", "naplata"), "refundacij": ("refundaciji", "refundacija"),
    "kupovin": ("kupovini", "kupovina"), "transakcij": ("transakciji", "transakcija"),
    "pratilic": ("pratilici", "pratilica"),
}  # fmt: skip
_MASC = {  # nominative -> oblique stem
    "paket": "paket", "povrat": "povrat", "povraćaj": "povraćaj", "artikal": "artikl",
    "artikl": "artikl", "proizvod": "proizvod", "zahtjev": "zahtjev", "zahtev": "zahtev",
    "račun": "račun", "iznos": "iznos", "novac": "novc", "prigovor": "prigovor",
    "predmet": "predmet", "paketić": "paketić", "ugovor": "ugovor",
}  # fmt: skip
_NEUT = ("plaćanj", "vraćanj", "slanj", "naručivanj", "otkazivanj", "preuzimanj")
_PLURALIA = {"sredstva": ("n", "NAG"), "sredstvima": ("n", "DIL"), "novci": ("m", "N")}
_PALATAL = ("j", "ć", "č", "š", "ž", "đ", "lj", "nj", "c")

_POSSESSIVES = {
    "vaš": ("vaš", "vaš"),
    "naš": ("naš", "naš"),
    "tvoj": ("tvoj", "tvoj"),
    "moj": ("moj", "moj"),
}
_PARTICIPLES = (
    "poslan", "poslat", "isporučen", "dostavljen", "zaprimljen", "primljen", "obrađen",
    "odobren", "otkazan", "vraćen", "uplaćen", "otpremljen", "odbijen", "potvrđen", "preuzet",
    "isplaćen", "refundiran", "evidentiran", "proslijeđen", "prosleđen", "izdan", "izdat",
    "kreiran", "plaćen", "naplaćen", "registriran", "registrovan", "zaprimljen", "riješen",
    "rešen", "storniran", "zamijenjen", "zamenjen", "pripremljen", "spakiran", "spakovan",
    "predan", "predat", "uručen", "naručen", "oštećen", "izgubljen", "pronađen", "prihvaćen",
    "odbačen", "obrisan", "ažuriran", "izvršen", "aktiviran",
)  # fmt: skip
# Active past participles (l-participles), m sg -> stem of the other forms.
_L_PARTICIPLES = {
    "stigao": "stigl",
    "krenuo": "krenul",
    "bio": "bil",
    "otišao": "otišl",
    "legao": "legl",
}
AUX = {"je": ("s", "su"), "su": ("p", "je"), "nije": ("s", "nisu"), "nisu": ("p", "nije")}
OPENERS = word_set(
    "i a ali pa te jer da kada kad ako već sada danas jučer juče upravo nažalost međutim "
    "također takođe zato stoga još"
)
NUMBERING = frozenset({"br", "broj", "brojem", "i", "no", "nr"})
SKIP = word_set(
    "je su će ce bi biti bude budu već vec uspješno uspešno danas jučer juče jucer "
    "upravo nije nisu još jos sada sad također takođe uredno ubrzo jutros sutra vam vas "
    "ti te mu joj im najkasnije odmah"
)


# A noun phrase after these is an object, never the subject of the next participle.
PREPOSITIONS = word_set(
    "za na u o po s sa kroz prema zbog od do iz bez kod oko nakon posle poslije pre prije "
    "preko uz pri povodom radi"
)


def _noun_forms(lex: Lexicon) -> None:
    for stem, (dl, gpl) in _FEM.items():
        sg = {"a": "N", "e": "G", "u": "A", "om": "I"}
        for end, case in sg.items():
            lex.nouns.setdefault(stem + end, set()).add(("f", "s", case))
        for case in "DL":
            lex.nouns.setdefault(dl, set()).add(("f", "s", case))
        for end, cases in {"e": "NA", "ama": "DIL"}.items():
            for case in cases:
                lex.nouns.setdefault(stem + end, set()).add(("f", "p", case))
        lex.nouns.setdefault(gpl, set()).add(("f", "p", "G"))
    for nom, stem in _MASC.items():
        ins = "em" if stem.endswith(_PALATAL) else "om"
        forms = {nom: "NA", stem + "a": "G", stem + "u": "DL", stem + ins: "I"}
        for form, cases in forms.items():
            for case in cases:
                lex.nouns.setdefault(form, set()).add(("m", "s", case))
        for form, cases in {
            stem + "i": "N",
            stem + "a": "G",
            stem + "ima": "DIL",
            stem + "e": "A",
        }.items():
            for case in cases:
                lex.nouns.setdefault(form, set()).add(("m", "p", case))
    for form, (gender, cases) in _PLURALIA.items():
        for case in cases:
            lex.nouns.setdefault(form, set()).add((gender, "p", case))
    for stem in _NEUT:
        for form, cases in {
            stem + "e": "NA",
            stem + "a": "G",
            stem + "u": "DL",
            stem + "em": "I",
        }.items():
            for case in cases:
                lex.nouns.setdefault(form, set()).add(("n", "s", case))
        for form, cases in {stem + "a": "NAG", stem + "ima": "DIL"}.items():
            for case in cases:
                lex.nouns.setdefault(form, set()).add(("n", "p", case))


def _possessive_forms(lex: Lexicon, lemma: str) -> None:
    s = lemma  # vaš, naš, tvoj, moj: the same endings (tvog/tvom are added as variants)
    plural_dil = ("mpD", "mpI", "mpL", "fpD", "fpI", "fpL", "npD", "npI", "npL")
    table: dict[str, tuple[str, ...]] = {
        s: ("msN", "msA"),
        s + "a": ("fsN", "npN", "npA"),
        s + "e": ("fsG", "nsN", "nsA", "mpA", "fpN", "fpA"),
        s + "eg": ("msG", "nsG"),
        s + "ega": ("msG", "nsG"),
        s + "em": ("msD", "msL", "nsD", "nsL"),
        s + "emu": ("msD", "msL", "nsD", "nsL"),
        s + "im": ("msI", "nsI", *plural_dil),
        s + "ima": plural_dil,
        s + "oj": ("fsD", "fsL"),
        s + "u": ("fsA",),
        s + "om": ("fsI",),
        s + "i": ("mpN",),
        s + "ih": ("mpG", "fpG", "npG"),
    }
    if lemma.endswith("oj"):
        short = lemma[:-2]
        table[short + "og"] = ("msG", "nsG")
        table[short + "om"] = ("msD", "msL", "nsD", "nsL", "fsI")
        table[short + "ome"] = ("msD", "msL", "nsD", "nsL")
    for form, feats in table.items():
        for f in feats:
            lex.add_modifier(lemma, form, (f[0], f[1], f[2]))


def _participle_forms(lex: Lexicon) -> None:
    endings: dict[str, GN] = {
        "": ("m", "s"),
        "a": ("f", "s"),
        "o": ("n", "s"),
        "i": ("m", "p"),
        "e": ("f", "p"),
    }
    for base in _PARTICIPLES:
        for end, gn in endings.items():
            lex.add_predicate(base, base + end, gn)
        lex.add_predicate(base, base + "a", ("n", "p"))
    for m_sg, stem in _L_PARTICIPLES.items():
        lex.add_predicate(m_sg, m_sg, ("m", "s"))
        for end, gn in list(endings.items())[1:]:
            lex.add_predicate(m_sg, stem + end, gn)
        lex.add_predicate(m_sg, stem + "a", ("n", "p"))


@cache
def lexicon_latin() -> Lexicon:
    lex = Lexicon(
        guess=guess_participle,
        adverb=re.compile(r"^\w{3,}(?:ski|čki|ško|sko|[^\Waeioun]no)$"),
        noun_guess=partial(noun_gender, "sr"),
        adjective_endings=("i", "a", "o", "e"),
        skip=SKIP,
        chain=frozenset({"bio"}),
        prepositions=PREPOSITIONS,
        aux=AUX,
        numbering=NUMBERING,
        openers=OPENERS,
    )
    _noun_forms(lex)
    for lemma in _POSSESSIVES:
        _possessive_forms(lex, lemma)
    _participle_forms(lex)
    return lex


_PASSIVE = re.compile(r"^(\w{3,}(?:en|an|at|et|ut|it))(a|o|i|e)?$")
_ACTIVE = re.compile(r"^(\w{2,}l)(a|o|i|e)$")
_ENDING_READINGS: dict[str, set[GN]] = {
    "": {("m", "s")}, "a": {("f", "s"), ("n", "p")}, "o": {("n", "s")}, "i": {("m", "p")},
    "e": {("f", "p")},
}  # fmt: skip
_NOT_PARTICIPLES = word_set("paket plan ekran stan kupon komad telefon restoran")
_FLEETING_A = word_set("spreman dostupan siguran zadovoljan dužan aktivan ispravan važan")
"""Short adjectives in -an whose other forms drop the a ('spremna'): no suggestion."""


def guess_participle(word: str) -> tuple[set[GN], dict[GN, str]] | None:
    """A participle right after 'je/su' read from its ending: 'poslata', 'preuzeti', 'stigla'."""
    if len(word) < 5 or word in _NOT_PARTICIPLES:
        return None
    if m := _PASSIVE.match(word):
        stem, end = m.group(1), m.group(2) or ""
        forms = {gn: stem + e for e, gns in _ENDING_READINGS.items() if e for gn in gns}
        forms[("m", "s")] = stem
        return _ENDING_READINGS[end], ({} if word in _FLEETING_A else forms)
    if m := _ACTIVE.match(word):
        stem, end = m.group(1), m.group(2)
        forms = {gn: stem + e for e, gns in _ENDING_READINGS.items() if e for gn in gns}
        vowel_before = stem[-2] in "aeiou"
        forms[("m", "s")] = stem[:-1] + ("o" if vowel_before else "ao")  # bila/bio, stigla/stigao
        return _ENDING_READINGS[end], forms
    return None
