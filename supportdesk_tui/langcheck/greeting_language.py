"""An English greeting over a reply in the customer's Slavic language ('Dear customer,').

The greeting is the first thing the customer reads, so it must be in their language like the
rest: 'Hello,' above a Czech body is a template left in English. Flagged only when the line
opens with an English greeting word AND the body under it is not English (an all-English
reply is the body check's business). Decisions:
- 'Hi' and 'Hey' count as English: every one of the nine languages has its own informal
  greeting (Ahoj, Cześć, Привет, Zdravo, Živjo), while 'Hej' and 'Ahoj' are native and
  never flagged;
- a greeting that is only a name ('Anna,') or a native word is not judged here, nor a line
  that only starts with such a word ('Hello Kitty batoh je opět skladem.');
- in an English reply nothing is judged here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from supportdesk_tui.langcheck import detect
from supportdesk_tui.langcheck.base import Code, Finding, Person
from supportdesk_tui.langcheck.common import find_greeting, tokenize, word_set

_OPENERS = word_set("dear hello hi hey hiya greetings howdy")
_TIMES_OF_DAY = word_set("morning afternoon evening day")
_LINE_END = re.compile(r"[,!:;\n]")
MIN_BODY_LETTERS = 12
MAX_GREETING_WORDS = 5
"""'Good morning Mr John Smith' at most; a longer run before the first comma is a sentence."""


def english_greeting(
    text: str, lang: str, person: Person, salutation: Callable[[str, Person, bool], str]
) -> list[Finding]:
    """wrong_language on an English greeting over a non-English body in a Slavic lang."""
    if lang == "en" or lang not in detect.NAMES:
        return []
    greeting = find_greeting(text)
    if greeting is None or not greeting.tokens:
        return []
    first = greeting.tokens[0]
    opener = first.lower
    if opener == "good" and len(greeting.tokens) > 1:
        opener = greeting.tokens[1].lower if greeting.tokens[1].lower in _TIMES_OF_DAY else ""
    elif opener not in _OPENERS:
        return []
    if not opener:
        return []
    stop = _LINE_END.search(text, first.end)
    end = min(stop.start() if stop else len(text), greeting.end)
    end = first.start + len(text[first.start : end].rstrip())
    if len(tokenize(text, first.start, end)) > MAX_GREETING_WORDS:
        return []  # 'Hello Kitty batoh je opět skladem.': a sentence, not a greeting
    if not _in_customer_language(text[end:], lang):
        return []
    formal = person.formal if person.formal is not None else opener not in ("hi", "hey", "hiya")
    suggestion = salutation(lang, person, formal).rstrip(",!: ")
    message = (
        f"The greeting is in English; the reply and the customer's language are "
        f"{detect.language_name(lang)}."
    )
    return [Finding(Code.WRONG_LANGUAGE, message, first.start, end, suggestion or None)]


def _in_customer_language(body: str, lang: str) -> bool:
    """The text under the greeting is not English (it may be the customer's or a neighbour's)."""
    cleaned = detect.clean(body)
    if detect.letters(cleaned) < MIN_BODY_LETTERS or not tokenize(cleaned):
        return False
    english, own = detect.marker_score(cleaned, "en"), detect.marker_score(cleaned, lang)
    if english > own:
        return False
    probs = detect.identify(cleaned)
    top = max(probs, key=lambda k: probs[k])
    return top != "en" and probs.get("en", 0.0) < 0.5
