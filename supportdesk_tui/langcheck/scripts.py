"""Serbian Cyrillic <-> Latin transliteration (the official one-to-one mapping, Vuk/Gaj).

Latin -> Cyrillic reads the digraphs lj, nj, dž as one letter; the rare words where they are
two letters ("nadživeti", "injekcija") come out wrong, so this is only offered as a suggestion.
Letters Serbian Latin lacks (a customer's foreign name: 'Kubelková', 'Dvořák', 'Müller',
'Wałęsa') are first brought to Serbian Latin by serbian_letters, so the Cyrillic never keeps a
Latin letter ('Кубелкова', 'Дворак', 'Миллер', 'Валеса').
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

_CYR = "абвгдђежзијклљмнњопрстћуфхцчџш"
_LAT = ["a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "lj", "m", "n", "nj",
        "o", "p", "r", "s", "t", "ć", "u", "f", "h", "c", "č", "dž", "š"]  # fmt: skip
_TO_LATIN = dict(zip(_CYR, _LAT, strict=True))
_TO_CYRILLIC = {lat: cyr for cyr, lat in _TO_LATIN.items()}
_LATIN_UNIT = re.compile(r"lj|nj|dž|[a-zđžćčš]", re.I)


_SERBIAN_LATIN = frozenset("abcčćdđefghijklmnoprsštuvzž")
# Decision for the letters Serbian Latin lacks (each maps to Serbian Latin, never to nothing):
# - č ć š ž đ are Serbian and stay; Polish ż is the Serbian ž and stays too.
# - The umlauts follow the transcription rules of Pravopis srpskoga jezika for German,
#   Hungarian and the Nordic languages, by sound: ü ű -> i, ö ő ä -> e ('Müller' -> Miller,
#   as Pravopis' Милер, Гете, Хендл). Stripping them to u/o/a would write a vowel the name
#   does not have.
# - Every other accented letter loses its accent (á -> a, ř -> r, ý -> y -> i, ů -> u,
#   ł -> l, ø -> o, ñ -> n, ç -> c): a full transcription by source language (Pravopis
#   writes Dvořák as Дворжак) needs to know that language, which a customer record lacks.
# - w -> v, q -> k (qu -> kv), x -> ks, ß -> ss, æ œ -> e; y -> j before a vowel at the
#   start or after a vowel ('Maya' -> Maja, 'Yuri' -> Juri), else i ('Lyon' -> Lion).
_FOREIGN_LETTERS = {
    "ü": "i", "ű": "i", "ö": "e", "ő": "e", "ä": "e", "ż": "ž", "ł": "l", "ø": "o",
    "ß": "ss", "æ": "e", "œ": "e", "ı": "i", "ð": "d", "þ": "t", "w": "v", "x": "ks", "q": "k",
}  # fmt: skip
_VOWELS = "aeiouyáéíóúýůěäöüåøæœ"
_QU = re.compile(r"qu", re.I)


def serbian_letters(text: str) -> str:
    """text with every Latin letter outside Serbian Latin brought to a Serbian one."""
    if text.isascii() and not re.search(r"[qwxyQWXY]", text):
        return text
    text = _QU.sub(lambda m: _cased("kv", m.group()) if m.group()[0].isupper() else "kv", text)
    out = []
    for i, c in enumerate(text):
        low = c.lower()
        if low in _SERBIAN_LATIN or not c.isalpha() or not _is_latin(c):
            out.append(c)
            continue
        rep = _FOREIGN_LETTERS.get(low) or _base(low)
        if rep == "y":
            before = text[i - 1].lower() if i else ""
            after = text[i + 1 : i + 2].lower()
            opens = not before.isalpha() or before in _VOWELS
            rep = "j" if opens and after and after in _VOWELS else "i"
        rep = "".join(_FOREIGN_LETTERS.get(r, r) for r in rep)  # ẃ -> w -> v
        if not rep or not all(r in _SERBIAN_LATIN for r in rep):
            rep = low  # no Latin base letter Unicode knows of: left as it is
        shout = c.isupper() and text[i + 1 : i + 2].isupper()  # 'XAVER' -> 'KSAVER'
        out.append(rep.upper() if shout else rep.capitalize() if c.isupper() else rep)
    return "".join(out)


def _base(letter: str) -> str:
    """The letter without its accents: 'á' -> 'a', 'ř' -> 'r', the ligature 'ĳ' -> 'ij'."""
    return "".join(c for c in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(c))


def _is_latin(c: str) -> bool:
    return "LATIN" in unicodedata.name(c, "")


def _cased(out: str, model: str) -> str:
    if model[:1].isupper() and not model.isupper():
        return out.capitalize()  # 'Qu' -> 'Kv'
    if model.isupper():
        return out.upper() if len(model) > 1 or len(out) == 1 else out.capitalize()
    return out


def to_latin(text: str) -> str:
    return "".join(_cased(_TO_LATIN.get(c.lower(), c), c) if c.lower() in _TO_LATIN else c
                   for c in text)  # fmt: skip


def to_cyrillic(text: str) -> str:
    def unit(m: re.Match[str]) -> str:
        piece = m.group()
        cyr = _TO_CYRILLIC.get(piece.lower())
        if cyr is None:
            return piece
        return cyr.upper() if piece[0].isupper() else cyr

    return _LATIN_UNIT.sub(unit, serbian_letters(text))


def transliterate(text: str, script: Literal["latn", "cyrl"]) -> str:
    return to_latin(text) if script == "latn" else to_cyrillic(text)
