"""Serbian Cyrillic <-> Latin transliteration (the official one-to-one mapping, Vuk/Gaj).

Latin -> Cyrillic reads the digraphs lj, nj, dž as one letter; the rare words where they are
two letters ("nadživeti", "injekcija") come out wrong, so this is only offered as a suggestion.
"""

from __future__ import annotations

import re
from typing import Literal

_CYR = "абвгдђежзијклљмнњопрстћуфхцчџш"
_LAT = ["a", "b", "v", "g", "d", "đ", "e", "ž", "z", "i", "j", "k", "l", "lj", "m", "n", "nj",
        "o", "p", "r", "s", "t", "ć", "u", "f", "h", "c", "č", "dž", "š"]  # fmt: skip
_TO_LATIN = dict(zip(_CYR, _LAT, strict=True))
_TO_CYRILLIC = {lat: cyr for cyr, lat in _TO_LATIN.items()}
_LATIN_UNIT = re.compile(r"lj|nj|dž|[a-zđžćčš]", re.I)


def _cased(out: str, model: str) -> str:
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

    return _LATIN_UNIT.sub(unit, text)


def transliterate(text: str, script: Literal["latn", "cyrl"]) -> str:
    return to_latin(text) if script == "latn" else to_cyrillic(text)
