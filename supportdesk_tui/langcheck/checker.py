"""The greeting and inflection check: one call per draft, findings sorted by position.

Order: placeholders; the body's language (wrong_language: the whole reply, a paragraph, or
one sentence: sentences.py, foreign_sentences.py); Serbian script (wrong_script: the whole
reply, else each sentence or greeting line in the other script, script_units.py, and any
word mixing the two scripts; a lone x by a number is a multiplication sign; Cyrillic
in a Croatian reply is wrong_language, Croatian being Latin-only); then the reply language's
own module (greeting gender and case, agreement), imported
lazily. Every stage after the placeholders sees the draft with placeholders, quoted history
and the signature blanked out (regions.py): only the agent's own words are judged.
Never raises: a failing stage is logged (without the draft) and skipped.
"""

from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Literal

from supportdesk_tui.langcheck import (
    detect,
    foreign_sentences,
    greeting_language,
    mixed,
    regions,
    script_units,
    scripts,
    sentences,
)
from supportdesk_tui.langcheck.base import Code, Finding, Person
from supportdesk_tui.langcheck.common import find_greeting
from supportdesk_tui.langcheck.placeholders import find_placeholders

log = logging.getLogger(__name__)

LANGUAGES = ("cs", "sk", "pl", "ru", "uk", "bg", "sr", "hr", "sl", "en")
_GREETING_CODES = (Code.GREETING_CASE, Code.GREETING_GENDER)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@cache
def language_module(lang: str) -> ModuleType | None:
    """supportdesk_tui.langcheck.<lang>, imported on first use; None if there is none."""
    if lang not in LANGUAGES:
        return None
    try:
        return importlib.import_module(f"supportdesk_tui.langcheck.{lang}")
    except ImportError:
        log.warning("no language module for %s", lang)
        return None


def check(text: str, lang: str, person: Person) -> list[Finding]:
    if not isinstance(text, str) or not text:
        return []
    lang = (lang or "").strip().lower() if isinstance(lang, str) else ""
    placeholders = _stage("placeholders", lambda: find_placeholders(text))
    spans = [(f.start, f.end) for f in placeholders]
    quoted = _stage_spans(lambda: regions.foreign_spans(text))
    masked = regions.blank(text, spans + quoted)
    findings = list(placeholders)
    findings += _stage("language", lambda: _language_findings(masked, lang, person))
    findings += _stage("neighbour words", lambda: mixed.neighbour_words(masked, lang, person))
    findings += _stage("sentences", lambda: sentences.neighbour_sentences(masked, lang))
    findings += _stage("foreign sentences", lambda: _foreign_sentences(masked, lang, findings))
    findings += _stage(
        "greeting language",
        lambda: greeting_language.english_greeting(masked, lang, person, salutation),
    )
    findings += _stage(lang, lambda: _module_findings(text, masked, lang, person, spans))
    return _sorted_unique(findings)


def _foreign_sentences(masked: str, lang: str, found: list[Finding]) -> list[Finding]:
    """Sentences in another language, unless a finding of that kind already covers them."""
    known = [(f.start, f.end) for f in found if f.code is Code.WRONG_LANGUAGE]
    return [
        f
        for f in foreign_sentences.foreign_sentences(masked, lang)
        if not any(s <= f.start and f.end <= e for s, e in known)
    ]


def _sorted_unique(findings: list[Finding]) -> list[Finding]:
    """One finding per span and code (the one with a suggestion), sorted by position."""
    unique: dict[tuple[int, int, str], Finding] = {}
    for f in findings:
        key = (f.start, f.end, f.code.value)
        if key not in unique or (unique[key].suggestion is None and f.suggestion is not None):
            unique[key] = f
    return sorted(unique.values(), key=lambda f: (f.start, f.end, f.code.value))


def _stage(name: str, run: Callable[[], list[Finding]]) -> list[Finding]:
    try:
        return list(run())
    except Exception:
        log.exception("language check stage %r failed", name)
        return []


def _stage_spans(run: Callable[[], list[tuple[int, int]]]) -> list[tuple[int, int]]:
    try:
        return run()
    except Exception:
        log.exception("finding quotes and signatures failed")
        return []


def _text_span(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    return start, len(text.rstrip())


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _language_findings(masked: str, lang: str, person: Person) -> list[Finding]:
    """The whole reply in another language, else each paragraph that is."""
    start, end = _text_span(masked)
    found = detect.body_language(masked, lang)
    spans = [(start, end)] if found else []
    if found is None:
        for p_start, p_end in _paragraphs(masked):
            found_here = detect.body_language(masked[p_start:p_end], lang)
            if found_here is not None:
                found = found_here
                piece = masked[p_start:p_end]
                lead = len(piece) - len(piece.lstrip())
                spans.append((p_start + lead, p_start + len(piece.rstrip())))
    if found is not None:
        message = (
            f"This is written in {detect.language_name(found)}, "
            f"but the customer's language is {detect.language_name(lang)}."
        )
        return [Finding(Code.WRONG_LANGUAGE, message, s, e) for s, e in spans]
    if lang == "sr" and person.script in ("latn", "cyrl"):
        found_script = _script_findings(masked, person.script, start, end)
        return found_script + _mixed_words(masked, person.script, found_script)
    if lang == "sr":
        return _mixed_words(masked, detect.script_of(masked) or "latn", [])
    if lang == "hr":
        return _cyrillic_in_croatian(masked)
    return []


def _script_findings(
    masked: str, wanted: Literal["latn", "cyrl"], start: int, end: int
) -> list[Finding]:
    """The whole reply in the other script, else each sentence or greeting line that is."""
    written = detect.script_of(masked)
    if detect.letters(masked) < 2:
        spans = []
    elif written is None or written == wanted:
        spans = script_units.odd_units(masked, wanted)
    else:
        spans = [(start, end)]
    names = {"latn": "Latin", "cyrl": "Cyrillic"}
    other = names["cyrl" if wanted == "latn" else "latn"]
    message = f"The customer writes Serbian in {names[wanted]} script; this is in {other}."
    return [
        Finding(Code.WRONG_SCRIPT, message, s, e, scripts.transliterate(masked[s:e], wanted))
        for s, e in spans
    ]


def _mixed_words(
    masked: str, wanted: Literal["latn", "cyrl"], found: list[Finding]
) -> list[Finding]:
    """Serbian words written with letters of both scripts ('Кубелковá', 'Poštovаni'), outside
    the sentences already found in the other script; the suggestion is the word in the script
    most of its letters are in (the reply's on a tie)."""
    out = []
    for s, e in script_units.mixed_words(masked):
        if any(f.start <= s and e <= f.end for f in found):
            continue
        word = masked[s:e]
        message = f"'{word}' mixes Latin and Cyrillic letters."
        fix = scripts.transliterate(word, script_units.majority_script(word, wanted))
        out.append(Finding(Code.WRONG_SCRIPT, message, s, e, fix))
    return out


def _cyrillic_in_croatian(masked: str) -> list[Finding]:
    """Decision: Croatian is written in Latin only, so a Cyrillic sentence in a Croatian reply
    is Serbian: wrong_language (the greeting line is judged by hr.py, word by word)."""
    message = "This sentence is in Cyrillic: Croatian is written in Latin script."
    return [
        Finding(Code.WRONG_LANGUAGE, message, s, e, scripts.to_latin(masked[s:e]))
        for s, e in script_units.odd_units(masked, "latn", greeting=False)
    ]


def _module_findings(
    text: str, masked: str, lang: str, person: Person, spans: list[tuple[int, int]]
) -> list[Finding]:
    module = language_module(lang)
    if module is None:
        return []
    findings: list[Finding] = module.check(masked, person)
    greeting = find_greeting(text)
    greeting_has_placeholder = greeting is not None and any(
        s < greeting.end and e > greeting.start for s, e in spans
    )
    return [
        f
        for f in findings
        if not (
            f.code in _GREETING_CODES
            and (greeting_has_placeholder or any(s < f.end and e > f.start for s, e in spans))
        )
    ]


def preload(langs: tuple[str, ...] | list[str] | None = None) -> None:
    """Import the language modules and warm their dictionaries and the identifier."""
    detect.preload()
    sample = Person(first_name="Jana", last_name="Novak", gender="f")
    for lang in langs or LANGUAGES:
        check("Dobrý den, Jana,\n" + "text " * 12, lang, sample)


def vocative(
    lang: str, name: str, gender: Literal["m", "f"] | None, part: Literal["first", "last"]
) -> str:
    """The form of name used when addressing the person; the name itself if unknown."""
    module = language_module(lang)
    try:
        return str(module.vocative(name, gender, part)) if module else name
    except Exception:
        log.exception("vocative failed for %s", lang)
        return name


def salutation(lang: str, person: Person, formal: bool) -> str:
    """A correct opening line in lang; English for a language without a module."""
    module = language_module(lang) or language_module("en")
    assert module is not None
    return str(module.salutation(person, formal))
