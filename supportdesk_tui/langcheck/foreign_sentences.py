"""One sentence of another language inside a reply, judged by evidence a reader would see.

sentences.py covers the Latin neighbours (cs/sk/pl, sl/sr/hr) by their markers; here:
- Cyrillic letters the reply's alphabet lacks (Serbian ђ ћ џ љ њ ј in a Bulgarian reply,
  Russian ы э ё in a Ukrainian one, Ukrainian і ї є ґ in a Russian one): two such words, or
  one when the identifier also ranks that language first for the sentence;
- an English sentence inside a Slavic reply (English function words, at least half the words);
- a German, French or Spanish sentence inside an English reply (their function words).
Only lowercase words count (and a sentence's first word): capitalised words mid-sentence are
names and brands. URLs, addresses, codes and text in quotation marks are never judged, and a
sentence needs MIN_WORDS words.
"""

from __future__ import annotations

import re

from supportdesk_tui.langcheck import detect
from supportdesk_tui.langcheck.base import Code, Finding
from supportdesk_tui.langcheck.common import tokenize, word_set
from supportdesk_tui.langcheck.script_units import units

MIN_WORDS = 4
MIN_EVIDENCE = 2
_ALPHABETS = {
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'’",
    "bg": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "sr": "абвгдђежзијклљмнњопрстћуфхцчџш",
}
_TELLING_LETTERS = (("ђћџљњј", "sr"), ("іїєґ", "uk"), ("ыэё", "ru"))
_QUOTED = re.compile(r"„[^“”\n]*[“”]|“[^”\n]*”|«[^»\n]*»|\"[^\"\n]*\"")
_CODE_LIKE = re.compile(r"[\w-]+(?:\.[\w-]+)+|\S*\d\S*|\S*[a-z][A-Z]\S*")
_ENGLISH = word_set(
    "the is are was were will would been has have had your you our with for of and this that "
    "from please thank thanks can be not it an us soon back sent shipped"
)
_OTHERS = {
    "German": word_set(
        "wir ihnen sie und ist nicht das der mit für zurück werden wird haben ihre ihr unser "
        "auf auch noch eine wurde bitte vielen dank bis sind schicken"
    ),
    "French": word_set(
        "nous vous votre est sont avec pour les des une merci sera été dans avons"
    ),
    "Spanish": word_set(
        "nosotros usted hemos está con para los las una gracias será sido pedido enviaremos"
    ),
}  # fmt: skip


def foreign_sentences(text: str, lang: str) -> list[Finding]:
    """wrong_language for each sentence after the greeting written in another language."""
    out = []
    for start, end in units(text, with_greeting=False):
        words = _judged_words(text[start:end])
        if len(words) < MIN_WORDS:
            continue
        found = _foreign_language(words, lang)
        if found is not None:
            message = f"This sentence is in {found}, not {detect.language_name(lang)}."
            out.append(Finding(Code.WRONG_LANGUAGE, message, start, end))
    return out


def _judged_words(sentence: str) -> list[str]:
    cleaned = _CODE_LIKE.sub(" ", _QUOTED.sub(" ", detect.clean(sentence)))
    tokens = tokenize(cleaned)
    return [t.lower for i, t in enumerate(tokens) if i == 0 or not t.is_capitalised]


def _foreign_language(words: list[str], lang: str) -> str | None:
    if lang in _ALPHABETS:
        found = _foreign_letters(words, lang)
        if found is not None:
            return found
    if lang == "en":
        return _other_than_english(words)
    return "English" if _english(words) else None


def _foreign_letters(words: list[str], lang: str) -> str | None:
    """Two words with letters lang lacks, or one whose language the identifier confirms."""
    alphabet = _ALPHABETS[lang]
    odd = [w for w in words if detect.script_of(w) == "cyrl" and set(w) - set(alphabet)]
    if not odd:
        return None
    letters = set("".join(odd)) - set(alphabet)
    other = next((o for t, o in _TELLING_LETTERS if letters & set(t) and o != lang), None)
    if len(odd) >= MIN_EVIDENCE:
        return detect.language_name(other) if other else "another language"
    if other is None:
        return None
    probs = detect.identify(" ".join(words))
    return detect.language_name(other) if max(probs, key=lambda k: probs[k]) == other else None


def _english(words: list[str]) -> bool:
    english = sum(w in _ENGLISH for w in words)
    ascii_words = sum(w.isascii() for w in words)
    return (
        english >= MIN_EVIDENCE
        and 2 * english >= len(words) - english
        and (ascii_words == len(words))
    )


def _other_than_english(words: list[str]) -> str | None:
    if any(w in _ENGLISH for w in words):
        return None
    for name, table in _OTHERS.items():
        if sum(w in table for w in words) >= MIN_EVIDENCE:
            return name
    return None
