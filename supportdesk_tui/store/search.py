"""Search text: what the user types, made into a safe FTS5 query. Pure."""

from __future__ import annotations

import re

# unicode61 with remove_diacritics 2 already folds á, č, ř, ž, ś, ...; these letters are not
# composed from a base letter plus a mark, so it keeps them apart. Fold them on both sides.
_FOLD = (
    ("ł", "l"), ("Ł", "L"), ("đ", "d"), ("Đ", "D"), ("ø", "o"), ("Ø", "O"), ("ß", "ss"),
    ("ё", "е"), ("Ё", "Е"), ("ї", "і"), ("Ї", "І"), ("й", "и"), ("Й", "И"), ("ı", "i"),
)  # fmt: skip

# The same split unicode61 makes: letters and digits are token characters, all else separates.
_TOKEN = re.compile(r"[^\W_]+")

MAX_TOKENS = 12
"""More words than this only slow the search down; the rest are ignored."""


def fold(text: str | None) -> str:
    """Text as the search index stores it (the SQL function `fold` calls this).

    A chain of str.replace: each pass runs at C speed, where str.translate with a dict
    looks up every character and made indexing ten times slower.
    """
    text = text or ""
    for letter, plain in _FOLD:
        if letter in text:
            text = text.replace(letter, plain)
    return text


def fts_query(text: str) -> str | None:
    """A MATCH expression finding every word, the last one as a prefix; None if no words.

    Every token is quoted, so FTS5 syntax in user text ("OR", "NEAR", '"', '*', ':', '-')
    is just text and never raises.
    """
    tokens = _TOKEN.findall(fold(text))[:MAX_TOKENS]
    if not tokens:
        return None
    quoted = [f'"{token}"' for token in tokens]
    quoted[-1] += "*"
    return " ".join(quoted)
