"""Which of the ten languages a draft is written in, and in which script.

Identifier: py3langid restricted to the ten languages (+ Bosnian, merged with Serbian and
Croatian). Measured on tests/langcheck/langid_samples.py (100 replies, 10 per language) against
lingua-language-detector 2.1: py3langid 100/100 (99/100 when cut to 45 chars, 96/100 at 30),
0.1 ms per text, 0.8 s load, 131 MB peak RSS; lingua low-accuracy 100/95/89, 0.3 ms, 0.1 s,
41 MB; lingua high-accuracy 380 MB (over the 350 MB budget). py3langid wins on short drafts.

A reply is judged only with >= 40 letters, and only when the identifier AND positive markers
(letters or words the customer's language lacks) agree: false alarms are costly.
Serbian, Croatian (and Bosnian) Latin text is one group; sr and hr are told apart only by
markers in sh_markers.py (ekavian/ijekavian reflexes, vocabulary), never by the identifier.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Any, Literal

from supportdesk_tui.langcheck import sh_markers
from supportdesk_tui.langcheck.common import word_set

log = logging.getLogger(__name__)

MIN_LETTERS = 40
MAX_OWN_PROBABILITY = 0.05
"""The customer's language must be this unlikely before the reply is called foreign."""
NAMES = {
    "cs": "Czech", "sk": "Slovak", "pl": "Polish", "ru": "Russian", "uk": "Ukrainian",
    "bg": "Bulgarian", "sr": "Serbian", "hr": "Croatian", "sl": "Slovenian", "en": "English",
}  # fmt: skip
_IDENTIFIER_LANGS = [*NAMES, "bs"]
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zA-Z\u00c0-\u024f]")

# Letters and words found in one language of a confusable pair and not in the other.
# Sources: the alphabets (ř ů ě Czech only; ä ô ľ ĺ ŕ Slovak only; і ї є ґ Ukrainian only;
# ы э ё Russian only; ђ ћ џ љ њ ј Serbian Cyrillic only), and the commonest function words.
_MARKER_CHARS = {
    "cs": "řůě", "sk": "äôľĺŕ", "pl": "łąęśźżń", "ru": "ыэё", "uk": "іїєґ",
    "sr": "ђћџљњј", "hr": "ćđ", "sl": "", "bg": "ъ", "en": "",
}  # fmt: skip
_MARKER_WORDS = {
    "cs": word_set(
        "jsme jste jsem jsou byla bylo byl také který která které se vaši děkujeme zboží zítra "
        "aby nebo jako ještě můžeme budou dvou kurýr zásilka zásilku odešleme není děkuji"
    ),
    "sk": word_set(
        "sme ste som sú bola bolo bol tiež ktorý ktorá ktoré sa vašu ďakujeme tovar zajtra "
        "aby alebo ako ešte môžeme budú dvoch kuriér zásielka zásielku odošleme nie ďakujem"
    ),
    "pl": word_set("się jest nie dziękujemy zostało został została prosimy"),
    "ru": word_set(
        "что это спасибо вы мы был была уже его течение заказ курьер доставит дней сегодня "
        "рабочих пути твой если только нет будет пожалуйста"
    ),
    "uk": word_set(
        "що це дякуємо ви ми був була вже замовлення днів сьогодні посилку його протягом "
        "робочих будь ласка"
    ),
    "bg": word_set(
        "ще благодарим които това е съм сме сте във със ви моля днес утре може вашата вашия ни "
        "беше са поръчка поръчката куриер куриерът дни пратката"
    ),
    "sr": word_set("molimo vaša vašu nažalost ili sutra danas poruci hvala"),
    "hr": word_set("molimo vaša vašu nažalost ili sutra danas poruci hvala"),
    "sl": word_set(
        "bomo lahko prosimo tudi vendar nato zdaj že ki kaj vaše vašo žal jutri danes "
        "sporočilo hvala bo bodo"
    ),  # fmt: skip
    "en": word_set("the and you your we thank please is are to"),
}
_WORD = re.compile(r"[^\W\d_]+")
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|^>.*$", re.M)
"""URLs, addresses and quoted lines ('> ...') are not the agent's language."""


def script_of(text: str) -> Literal["latn", "cyrl"] | None:
    """The script most letters are in, when at least 80% are; None for mixed or no letters."""
    cyr = len(_CYRILLIC.findall(text))
    lat = len(_LATIN.findall(text))
    if cyr + lat == 0:
        return None
    if cyr >= 0.8 * (cyr + lat):
        return "cyrl"
    if lat >= 0.8 * (cyr + lat):
        return "latn"
    return None


def letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def clean(text: str) -> str:
    return _NOISE.sub(" ", text)


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(_IDENTIFIER_LANGS)
    log.debug("language identifier loaded")
    return identifier


def preload() -> None:
    _identifier()


def identify(text: str) -> dict[str, float]:
    """Probability of each of the ten languages.

    In Latin text Serbian, Croatian and Bosnian are one group, 'sh', with their summed
    probability; in Cyrillic text Bosnian counts as Serbian.
    """
    latin = script_of(text) != "cyrl"
    totals: dict[str, float] = {}
    for lang, prob in _identifier().rank(text):
        key = str(lang)
        if key in ("sr", "hr", "bs"):
            key = "sh" if latin else "sr"
        totals[key] = totals.get(key, 0.0) + float(prob)
    return totals


def marker_score(text: str, lang: str) -> int:
    lowered = text.casefold()
    chars = sum(lowered.count(c) for c in _MARKER_CHARS.get(lang, ""))
    words = sum(w in _MARKER_WORDS.get(lang, set()) for w in _WORD.findall(lowered))
    return chars + words


def _group(lang: str) -> str:
    return "sh" if lang in ("sr", "hr", "sh") else lang


_CONFUSABLE = ({"cs", "sk", "pl"}, {"ru", "uk", "bg", "sr"}, {"sr", "hr", "sh", "sl"})
_CYRILLIC_LANGS = {"ru", "uk", "bg"}


def _confusable(a: str, b: str) -> bool:
    return any(a in group and b in group for group in _CONFUSABLE)


def _script_mismatch(body: str, lang: str) -> bool:
    """Mostly Latin text for a Cyrillic-only language, or the reverse (Serbian has both)."""
    script = script_of(body)
    if lang == "sr" or script is None:
        return False
    return (script == "cyrl") != (lang in _CYRILLIC_LANGS)


def body_language(text: str, lang: str) -> str | None:
    """The language the text is clearly written in when it is not `lang`, else None."""
    body = clean(text)
    if lang not in NAMES or letters(body) < MIN_LETTERS:
        return None
    probs = identify(body)
    found = max(probs, key=lambda k: probs[k])
    if _group(found) == _group(lang):
        return sh_markers.other_variety(body, lang) if lang in ("sr", "hr") else None
    theirs_p = probs[found]
    if found == "sh":
        found = "hr" if sh_markers.score(body, "hr") > sh_markers.score(body, "sr") else "sr"
    if _script_mismatch(body, lang):
        return found
    own = probs.get(_group(lang), 0.0)
    if not _confusable(found, lang):
        return found if own <= MAX_OWN_PROBABILITY else None
    mine, theirs = marker_score(body, lang), marker_score(body, found)
    if own <= MAX_OWN_PROBABILITY:
        return found if (theirs >= 1 and mine == 0) or theirs > 2 * mine else None
    # A close pair (cs/sk, ru/uk/bg): the identifier's lead plus only the other's markers.
    return found if theirs_p >= 0.6 and theirs >= 2 and mine == 0 else None


def language_name(lang: str) -> str:
    return NAMES.get(lang, lang)


GUESS_MIN_LETTERS = 12
"""A customer's first mail may be one line ("kde je moje zásilka?"); fewer letters: no guess."""
GUESS_MIN_PROBABILITY = 0.5


def guess_language(text: str) -> str | None:
    """The language a customer wrote in (their own words: quoted lines are left out), or None
    when the text is too short or unclear. Serbian and Croatian Latin are told apart by their
    markers; without any, Cyrillic means Serbian and Latin Croatian (Serbian Latin writers
    usually also show ekavian forms)."""
    own = "\n".join(line for line in text[:4000].splitlines() if not line.lstrip().startswith(">"))
    body = clean(own)[:1500]
    if letters(body) < GUESS_MIN_LETTERS:
        return None
    probs = identify(body)
    found = max(probs, key=lambda k: probs[k])
    if probs[found] < GUESS_MIN_PROBABILITY:
        return None
    if found == "sh":
        return "sr" if sh_markers.score(body, "sr") > sh_markers.score(body, "hr") else "hr"
    return found
