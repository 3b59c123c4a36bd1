"""Agreement around 'Ваш/Ваша/Ваше + noun (+ был/была + participle)' for Russian and Ukrainian.

The noun's gender and number come from pymorphy3. A pair is wrong only when no analysis of the
possessive agrees with any analysis of the noun, so ambiguous words never raise an alarm.
Subjects (a possessive phrase or a noun at the start of a clause, in the nominative) are handed
to _predicate_morph, which checks the verb or participle. Ukrainian '-но' forms
('замовлення відправлено') are impersonal and fit any noun.
"""

from __future__ import annotations

import re
from typing import Any

from supportdesk_tui.langcheck._insert_mask import mask
from supportdesk_tui.langcheck._morph import Lang, inflect, known, parses
from supportdesk_tui.langcheck._predicate_morph import check_predicate
from supportdesk_tui.langcheck._salute import starts_sentence
from supportdesk_tui.langcheck.base import Code, Finding
from supportdesk_tui.langcheck.common import Token, keep_case, tokenize

POSSESSIVES = {"ru": {"ваш", "твой", "наш"}, "uk": {"ваш", "твій", "наш"}}
_GAP = re.compile(r"[ \t]*")
_OPENERS = {
    "ru": {"и", "а", "но", "что", "когда", "если", "теперь", "уже", "сегодня", "вчера"},
    "uk": {"і", "й", "та", "а", "але", "що", "коли", "якщо", "тепер", "вже", "сьогодні", "вчора"},
}


def _number(p: Any) -> str:
    return "plur" if "plur" in p.tag else "sing"


def _feats(p: Any) -> tuple[str | None, str, str | None]:
    number = _number(p)
    gender = None if number == "plur" or p.tag.gender is None else str(p.tag.gender)
    return gender, number, None if p.tag.case is None else str(p.tag.case)


def _nouns(lang: Lang, word: str) -> list[Any]:
    return [
        p for p in parses(lang, word) if known(p) and p.tag.POS == "NOUN" and "Name" not in p.tag
    ]


def _possessive(lang: Lang, word: str) -> list[Any]:
    return [p for p in parses(lang, word) if p.normal_form in POSSESSIVES[lang] and p.tag.case]


def _agree(a: Any, b: Any) -> bool:
    (ga, na, ca), (gb, nb, cb) = _feats(a), _feats(b)
    return na == nb and ca == cb and (na == "plur" or ga == gb or "ms-f" in (ga, gb))


def check(lang: Lang, text: str) -> list[Finding]:
    text = mask(text)
    toks = tokenize(text)
    out: list[Finding] = []
    for i, tok in enumerate(toks):
        subjects: list[Any] = []
        poss = _possessive(lang, tok.lower) if i + 1 < len(toks) else []
        if poss and _GAP.fullmatch(text, tok.end, toks[i + 1].start):
            noun_at = _after_adjective(lang, text, toks, i + 1)
            nouns = _nouns(lang, toks[noun_at].lower)
            if not nouns:
                continue
            pairs = [(p, n) for p in poss for n in nouns if _agree(p, n)]
            if not pairs:
                out.append(_possessive_finding(lang, tok, poss, nouns))
            agreeing = [n for _, n in pairs] or nouns
            subjects = [n for n in agreeing if n.tag.case == "nomn"]
        elif starts_sentence(text, tok.start) and tok.is_capitalised:
            noun_at = i + 1 if _modifier_only(lang, tok.lower) and i + 1 < len(toks) else i
            subjects = [n for n in _nouns(lang, toks[noun_at].lower) if n.tag.case == "nomn"]
        if subjects and _opens_clause(lang, text, toks, i):
            out.extend(check_predicate(lang, text, toks, noun_at, subjects))
    return out


def _after_adjective(lang: Lang, text: str, toks: list[Token], i: int) -> int:
    """'Ваша гарантийная заявка': the noun after one adjective (its index), else i."""
    j = i + 1
    if j < len(toks) and _modifier_only(lang, toks[i].lower) and _nouns(lang, toks[j].lower):
        return j if _GAP.fullmatch(text, toks[i].end, toks[j].start) else i
    return i


def _modifier_only(lang: Lang, word: str) -> bool:
    ps = [p for p in parses(lang, word) if known(p)]
    return bool(ps) and all(p.tag.POS in ("ADJF", "PRTF") for p in ps)


def _opens_clause(lang: Lang, text: str, toks: list[Token], i: int) -> bool:
    """The noun phrase at toks[i] starts a sentence or follows a conjunction ('что', 'і')."""
    if starts_sentence(text, toks[i].start):
        return True
    return i > 0 and toks[i - 1].lower in _OPENERS[lang]


def _possessive_finding(lang: Lang, tok: Token, poss: list[Any], nouns: list[Any]) -> Finding:
    cases = {p.tag.case for p in poss}
    noun = next((n for n in nouns if n.tag.case in cases), nouns[0])
    gender, number, case = _feats(noun)
    wanted = {g for g in (gender, number, case) if g}
    form = next((f for p in poss if (f := inflect(p, wanted))), None)
    msg = f"'{tok.text}' does not agree with '{noun.word}' in gender or number."
    return Finding(
        Code.AGREEMENT, msg, tok.start, tok.end, keep_case(form, tok.text) if form else None
    )
