"""The gender of a noun no table lists, read from its ending ('splátka' f, 'doklad' m).

Used only where the noun stands as a subject (at a sentence start, after a possessive or an
adjective) and only when the ending leaves no doubt; otherwise None and nothing is judged.
Endings after the standard grammars (cs: Mluvnice češtiny; sk: Morfológia slovenského
jazyka; sl: Toporišič; sr/hr: Barić et al.; bg: БАН граматика). Soft consonants are left
out: many feminines end in them ('daň', 'kancelář', 'stvar').
"""

from __future__ import annotations

from supportdesk_tui.langcheck.common import word_set

_HARD = "bdfghkmnprstvzx"
_NOT_SUBJECTS = word_set(
    # time nouns and adverbs that open clauses without being their subject
    "týden měsíc rok den víkend týždeň mesiac teden mesec dan tjedan nedelja sedmica "
    "godina leto ráno večer pak potom poté hned tak proto také navíc nejprve nakonec zde tady "
    "tam tedy jen pouze letos loni omylem kromě mezitím potem nato zato tudi samo sedaj zdaj "
    "lani tukaj preto najprv nakoniec tu len iba vtedy teraz tiež dnes zítra včera zajtra "
    "tento tato toto tyto tieto táto ten ta to ti ty te tisti ovaj ova ovo taj onaj "
    "седмица месец година ден утре вчера днес сега после тогава след този тази това тези "
    "ovog prošli prošle prošlog sljedeći sledeći naslednji prejšnji minulý minulá příští budúci "
    "mesec nedelju tjedna oba obe dva dve dvě tri tři štiri čtyři pět pet štyri"
)
_SR_MASCULINE_A = word_set("tata kolega sudija sudac vođa gazda serviser")


def _czech(word: str) -> str | None:
    if word.endswith(("ost", "nce", "ace", "ice", "a")):
        return "f"
    if word.endswith(("o", "ství", "ení", "ání", "tí", "é")):
        return "n"  # 'é': substantivised adjectives are neuter ('vstupné', 'poštovné')
    return "m" if word[-1] in _HARD else None


def _slovak(word: str) -> str | None:
    if word.endswith(("ca", "ta")) and len(word) > 4 and word[-3] in "vc":
        return None  # 'dopravca', 'správca': masculine in -a
    if word.endswith(("osť", "ia", "a")):
        return "f"
    if word.endswith(("o", "ie", "é")):
        return "n"
    return "m" if word[-1] in _HARD else None


def _slovene(word: str) -> str | None:
    if word.endswith(("ost", "a")):
        return "f"
    if word.endswith(("o", "e")):
        return "n"
    return "m" if word[-1] in _HARD + "čšž" else None


def _serbo_croatian(word: str) -> str | None:
    """Latin script (Cyrillic is transliterated before)."""
    if word in _SR_MASCULINE_A:
        return "m"
    if word.endswith(("ost", "a")):
        return "f"
    if word.endswith(("o", "e")):
        return "n"
    return "m" if word[-1] in _HARD + "čćšžđ" else None


def _bulgarian(word: str) -> str | None:
    if word.endswith(("ът", "ят")):
        return "m"
    if word.endswith(("ата", "ята", "ция", "ия", "тка", "чка", "вка", "нка", "ска", "ост")):
        return "f"
    if word.endswith(("ето", "ото", "не", "ие")):
        return "n"
    if word.endswith(("те", "и")):
        return None  # plural
    return "m" if word[-1] in "бвгдзклмнпрстфхцчшщ" else None


_BY_LANGUAGE = {
    "cs": _czech,
    "sk": _slovak,
    "sl": _slovene,
    "sr": _serbo_croatian,
    "bg": _bulgarian,
}


def noun_gender(lang: str, word: str) -> str | None:
    """'m', 'f' or 'n' for a lowercase noun in the nominative, or None when unsure."""
    guess = _BY_LANGUAGE.get(lang)
    if guess is None or len(word) < 3 or word in _NOT_SUBJECTS or not word.isalpha():
        return None
    return guess(word)
