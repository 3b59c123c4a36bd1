"""Blank out inserted values that stand between a subject and its predicate.

Drafts carry order numbers ('nr 55344', '№ Р-54796', 'br. R-53289'), amounts ('45,90 €',
'2 490 ₽', 'od 1.990 dinara', 'of £19.90'), foreign product names ('Mr. Coffee Optimal
Brew' inside Cyrillic text) and quoted titles ('«Мастерская»', '„Zlatý klub“'). They carry
no gender or number of their own, but their commas and periods look like clause ends and
their letters like words. `mask` replaces them with spaces
(same length, line breaks kept), so the agreement scanners see 'platba      bol prijatý' and
findings keep their offsets. A period that ends a sentence ('… 59 лв. Поръчката …') is kept.
"""

from __future__ import annotations

import re

_CURRENCY = (
    r"(?:€|\$|£|₽|₴|¥|zł|Kč|kč|лв|грн|руб|р|din|dinara|dinar|dinarjev|kn|kuna|eur|evrov|eura|"
    r"EUR|USD|CZK|PLN|RSD|BGN|UAH|RUB|GBP|HRK|евро|долара|рублей|рубля|гривень|гривні|"
    r"złotych|zlotych|korun|Sk|lei|pounds)"
)
_DATE = r"\d{1,2}\.[ \u00a0]?\d{1,2}\.(?:[ \u00a0]?\d{4})?"
_NUMBER = r"\d+(?:(?:[.,'’/:\-]|[ \u00a0](?=\d{3}(?!\d)))\d+)*"
_CODE = rf"(?:[^\W\d_]{{1,4}}[\-/]?)?{_NUMBER}(?:[^\W_]*)"
_NUMBERING = (
    r"(?:№|#|č\.|čís\.|č|nr\.?|Nr\.?|no\.?|No\.?|št\.|br\.|бр\.|broj|број|номер|номер:|"
    r"č\.\s?obj\.)"
)
_AMOUNT_LEAD = (
    r"(?:od|от|of|ve výši|vo výške|w kwocie|w wysokości|na kwotę|na částku|na sumu|на сумму|"
    r"в размере|на суму|у розмірі|в розмірі|в размер на|на стойност|u iznosu|u visini|"
    r"v višini|v znesku|v vrednosti|in the amount of|worth|за|z|ze|do|dne|dnia|z dnia|з|із|до|"
    r"від|с|со|from|dated)"
)
_VALUE = (
    rf"(?:{_DATE}|{_CURRENCY}[ \u00a0]?{_NUMBER}|{_CODE}(?:[ \u00a0]?{_CURRENCY}(?![^\W\d_])\.?)?)"
)
_LIST_JOIN = r"(?:a|i|и|і|й|та|in|and|und|oraz|,)"
_INSERT = re.compile(
    rf"(?<![\w\-])(?:{_AMOUNT_LEAD}[ \u00a0]+(?=[\d€$£₽₴¥]))?(?:{_NUMBERING}[ \u00a0]*)?{_VALUE}"
    rf"(?:[ \u00a0]*{_LIST_JOIN}[ \u00a0]+(?:{_NUMBERING}[ \u00a0]*)?{_VALUE})*",
)
_LATIN_RUN = re.compile(
    r"[A-Za-zÀ-ɏ][\wÀ-ɏ'’&\-]*(?:\.?[ \u00a0]+(?:[A-Za-zÀ-ɏ0-9][\wÀ-ɏ'’&\-]*|&))*\.?"
)
_QUOTED = re.compile(r"«[^«»\n]{1,60}»|„[^„“”\n]{1,60}[“”]|“[^“”\n]{1,60}”|\"[^\"\n]{1,60}\"")
"""A quoted title ('«Мастерская»', '„Zlatý klub“'): a name, whatever its words' gender."""
_BRACKETED_VALUE = re.compile(r"\([^()\n]{0,40}\d[^()\n]{0,40}\)")
"""'Кошти (1290 гривень) повернуто': an amount in brackets."""
_TITLE_DOT = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Co|Inc|Ltd)\.(?=[ \u00a0]+[A-Z0-9])")


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] not in "\r\n":
            chars[i] = " "


def _ends_sentence(text: str, end: int) -> bool:
    """A period at text[end-1] is followed by a capital or the end: it closes a sentence."""
    rest = text[end:].lstrip(" \u00a0\t")
    return not rest or rest[0].isupper() or rest[0] in "\r\n"


def _cyrillic(text: str) -> bool:
    cyr = sum(1 for c in text if "\u0400" <= c <= "\u04ff")
    return cyr > sum(1 for c in text if c.isascii() and c.isalpha())


def mask(text: str) -> str:
    """text with numbers, codes, amounts and (in Cyrillic text) Latin names blanked out."""
    quoted = any(q in text for q in '«„“"')
    if (
        not any(c.isdigit() for c in text)
        and "." not in text
        and not _cyrillic(text)
        and not quoted
    ):
        return text
    chars = list(text)
    for m in _QUOTED.finditer(text):
        _blank(chars, m.start(), m.end())
    for m in _BRACKETED_VALUE.finditer(text):
        _blank(chars, m.start(), m.end())
    for m in _INSERT.finditer(text):
        end = m.end()
        if text[end - 1] == "." and _ends_sentence(text, end):
            end -= 1
        _blank(chars, m.start(), end)
    if _cyrillic(text):
        for m in _LATIN_RUN.finditer(text):
            end = m.end()
            if text[end - 1] == "." and _ends_sentence(text, end):
                end -= 1
            _blank(chars, m.start(), end)
    else:
        for m in _TITLE_DOT.finditer(text):
            _blank(chars, m.end() - 1, m.end())
    return "".join(chars)
