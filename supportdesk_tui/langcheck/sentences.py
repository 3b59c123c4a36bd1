"""One sentence of a neighbouring language inside an otherwise correct reply.

'Ďakujeme za trpezlivosť a prajeme pekný deň.' in a Czech reply, a Czech sentence in a
Polish one, a Slovenian sentence in a Serbian or Croatian one (and the reverse). The whole-
text and paragraph checks in detect.py miss a single sentence; here each sentence of the
agent's own text is judged, and only on positive evidence:
- at least two markers of the neighbour (letters it has and the reply language lacks, or
  words only it uses) in lowercase words, none of the reply language's own markers, and
- the identifier ranks the neighbour first for that sentence.
A Slovenian future ('vam bomo poslali') in a Serbian or Croatian reply is enough on its own.
Capitalised words inside a sentence (names, brands, streets) and URLs, addresses and order
numbers are never markers; sentences under MIN_WORDS words are not judged.
"""

from __future__ import annotations

import re

from supportdesk_tui.langcheck import detect
from supportdesk_tui.langcheck.base import Code, Finding
from supportdesk_tui.langcheck.common import Token, find_greeting, tokenize, word_set

MIN_WORDS = 4
MIN_MARKERS = 2
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)", re.M)

# Letters each language has and its neighbours lack (alphabets), and frequent words used only
# by it among its neighbours (cs/sk/pl; sl/sr/hr). Words shared by a pair are left out
# ('vaše', 'hvala', 'paket', 'také', 'budeme').
_LETTERS = {
    "cs": "řůě", "sk": "äôľĺŕ", "pl": "łąęśźż", "sl": "", "sh": "ćđ",
}  # fmt: skip
_NOT_POLISH = re.compile(r"[áéíýúůěřčšžťďňľôäĺŕ]")
_SUFFIXES = {"sk": ("osť", "ať", "iť", "ieť", "núť", "nuť", "ísť"), "cs": ("ovat",), "sh": ("ija",)}
"""Slovak infinitives end in -ť (poslať, prísť), Czech ones in -t (poslat, přijít, -ovat)."""
_MIN_SUFFIX_WORD = 4
_WORDS = {
    "cs": word_set(
        "jsme jste jsem jsou který která které zboží zítra nebo když protože jestli hezký "
        "hezkou brzy pokud zásilka zásilku zákazník děkujeme přejeme"
    ),
    "sk": word_set(
        "sme ste som sú ktorý ktorá ktoré tovar zajtra alebo keď pretože ďakujeme prajeme "
        "pekný peknú čoskoro ak zásielka zásielku zákazník veľmi tiež ešte troch"
    ),
    "pl": word_set(
        "się jest nie dziękujemy prosimy został została przesyłka paczka zamówienie jutro "
        "bardzo już"
    ),
    "sl": word_set(
        "že bomo lahko prosimo tudi vendar zdaj ki kaj vašo žal jutri danes naročilo naročila "
        "pošiljko poti bo bodo kmalu zahvaljujemo oziroma sporočilo prejeli želimo v z prispel "
        "prispela prispe ponedeljek četrtek petek potrpežljivost"
    ),
    "sh": word_set(
        "će ćemo ćete već ili što gdje gde sutra danas nažalost porudžbina porudžbinu "
        "narudžba narudžbu sledeće sljedeće nedelje tjedna stiže uskoro dobićete poslaćemo u "
        "ponedeljak ponedjeljak četvrtak petak strpljenju strpljenje"
    ),
}
_NEIGHBOURS = {
    "cs": ("sk", "pl"), "sk": ("cs", "pl"), "pl": ("cs", "sk"),
    "sl": ("sh",), "sr": ("sl",), "hr": ("sl",),
}  # fmt: skip


def neighbour_sentences(text: str, lang: str) -> list[Finding]:
    """wrong_language for each sentence clearly written in a neighbour of lang."""
    neighbours = _NEIGHBOURS.get(lang)
    if neighbours is None:
        return []
    own = "sh" if lang in ("sr", "hr") else lang
    greeting = find_greeting(text)
    out = []
    for start, end in _sentences(text, greeting.end if greeting else 0):
        words = _judged_words(text, start, end)
        if len(words) < MIN_WORDS or markers(words, own, lang) > 0:
            continue
        if "sl" in neighbours and slovenian_future(words):
            out.append(_finding("sl", lang, start, end))
            continue
        candidates = [n for n in neighbours if markers(words, n, lang) >= MIN_MARKERS]
        found = _identified(text[start:end]) if candidates else None
        if found in candidates:
            out.append(_finding(str(found), lang, start, end))
    return out


_SL_FUTURE = word_set("bom boš bo bova bosta bomo boste bodo")
_L_PARTICIPLE = re.compile(r"\w{2,}(?:al|il|el|ul|ol|la|lo|li|le)$")
_PARTICIPLE_REACH = 3


def slovenian_future(words: list[str]) -> bool:
    """A Slovenian future ('bomo poslali', 'bo prispela'): a form of 'biti' that Serbian and
    Croatian lack, within three words of an l-participle. Strong enough on its own."""
    for i, word in enumerate(words):
        if word in _SL_FUTURE:
            near = words[max(0, i - _PARTICIPLE_REACH) : i + _PARTICIPLE_REACH + 1]
            if any(_L_PARTICIPLE.match(w) for w in near if w not in _SL_FUTURE):
                return True
    return False


def markers(words: list[str], variety: str, reply_lang: str) -> int:
    """Words of `words` carrying a marker of variety (letters, a suffix or the word itself)."""
    letters = _LETTERS.get(variety, "")
    table = _WORDS.get(variety, frozenset())
    suffixes = _SUFFIXES.get(variety, ())
    count = 0
    for word in words:
        foreign_to_polish = reply_lang == "pl" and variety != "pl" and _NOT_POLISH.search(word)
        if (
            word in table
            or any(c in word for c in letters)
            or (len(word) >= _MIN_SUFFIX_WORD and word.endswith(suffixes))
            or foreign_to_polish
        ):
            count += 1
    return count


def _sentences(text: str, start: int) -> list[tuple[int, int]]:
    spans = []
    for m in _SENTENCE.finditer(text, start):
        piece = m.group()
        lead = len(piece) - len(piece.lstrip())
        if piece.strip():
            spans.append((m.start() + lead, m.start() + len(piece.rstrip())))
    return spans


def _judged_words(text: str, start: int, end: int) -> list[str]:
    """Lowercase words of the sentence; a capitalised one only as its first word."""
    cleaned = detect.clean(text[start:end])
    tokens: list[Token] = tokenize(cleaned)
    return [t.lower for i, t in enumerate(tokens) if i == 0 or not t.is_capitalised]


def _identified(sentence: str) -> str:
    """The identifier's first choice ('sh' for Serbian and Croatian Latin)."""
    probs = detect.identify(detect.clean(sentence))
    return max(probs, key=lambda k: probs[k])


def _finding(found: str, lang: str, start: int, end: int) -> Finding:
    name = "Serbian or Croatian" if found == "sh" else detect.language_name(found)
    message = f"This sentence is in {name}, not {detect.language_name(lang)}."
    return Finding(Code.WRONG_LANGUAGE, message, start, end)
