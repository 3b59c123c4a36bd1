"""Agreement around 'Ваш/Ваша/Ваше + noun (+ был/была + participle)' for Russian and Ukrainian.

The noun's gender and number come from pymorphy3. A pair is wrong only when no analysis of the
possessive agrees with any analysis of the noun, so ambiguous words never raise an alarm.
The predicate is checked for a nominative subject only: a short passive participle
('отправлен', uk 'відправлена') always, an active past verb only when the noun cannot be an
accusative object ('Ваш заказ отправили' is an indefinite-personal sentence, not an error).
Ukrainian '-но' forms ('замовлення відправлено') are impersonal and fit any noun.
"""

from __future__ import annotations

import re
from typing import Any

from supportdesk_tui.langcheck._morph import Lang, inflect, known, parses
from supportdesk_tui.langcheck.base import Code, Finding
from supportdesk_tui.langcheck.common import Token, keep_case, tokenize

POSSESSIVES = {"ru": {"ваш", "твой", "наш"}, "uk": {"ваш", "твій", "наш"}}
_GAP = re.compile(r"[ \t]*")
_NUMBER_GAP = re.compile(r"[\s№#\d/\-]*")
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


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
    toks = tokenize(text)
    out: list[Finding] = []
    for i, tok in enumerate(toks[:-1]):
        poss = _possessive(lang, tok.lower)
        if not poss or not _GAP.fullmatch(text, tok.end, toks[i + 1].start):
            continue
        nouns = _nouns(lang, toks[i + 1].lower)
        if not nouns:
            continue
        pairs = [(p, n) for p in poss for n in nouns if _agree(p, n)]
        if not pairs:
            out.append(_possessive_finding(lang, tok, poss, nouns))
            subjects = [n for n in nouns if n.tag.case == "nomn"]
        else:
            subjects = [n for p, n in pairs if n.tag.case == "nomn"]
        if subjects:
            out.extend(_predicate(lang, text, toks, i + 1, nouns, subjects))
    return out


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


def _predicate(
    lang: Lang, text: str, toks: list[Token], n: int, nouns: list[Any], subjects: list[Any]
) -> list[Finding]:
    """The aux 'был/була' and participle or past verb right after the subject noun."""
    may_be_object = any(p.tag.case == "accs" for p in nouns)
    out: list[Finding] = []
    prev = toks[n]
    for tok in toks[n + 1 : n + 5]:
        if not _NUMBER_GAP.fullmatch(text, prev.end, tok.start):
            break
        prev = tok
        ps = [p for p in parses(lang, tok.lower) if known(p)]
        if any(p.tag.POS in ("ADVB", "PRCL") for p in ps) and not _verbal(ps):
            continue
        verbal = _verbal(ps)
        if not verbal:
            break
        is_aux = all(p.normal_form in ("быть", "бути") for p in verbal)
        participle = any(_is_participle(p) for p in verbal)
        if is_aux and not may_be_object:
            participle = True
        if is_aux and not participle:
            participle = _next_is_participle(lang, toks, tok)
        if participle or not may_be_object:
            found = _disagreeing(tok, verbal, subjects)
            if found:
                out.append(found)
        if not is_aux:
            break
    return out


def _verbal(ps: list[Any]) -> list[Any]:
    return [p for p in ps if (p.tag.POS == "VERB" and "past" in p.tag) or _is_participle(p)]


def _is_participle(p: Any) -> bool:
    return p.tag.POS == "PRTS" or (p.tag.POS == "ADJF" and "pssv" in p.tag and p.tag.case == "nomn")


def _next_is_participle(lang: Lang, toks: list[Token], tok: Token) -> bool:
    later = [t for t in toks if t.start > tok.start][:1]
    return bool(later) and any(_is_participle(p) for p in parses(lang, later[0].lower) if known(p))


def _disagreeing(tok: Token, verbal: list[Any], subjects: list[Any]) -> Finding | None:
    def fits(v: Any, s: Any) -> bool:
        vg, vn, _ = _feats(v)
        sg, sn, _ = _feats(s)
        return vn == sn and (sn == "plur" or vg == sg or vg is None)

    if any(fits(v, s) for v in verbal for s in subjects):
        return None
    gender, number, _ = _feats(subjects[0])
    wanted = {g for g in (gender, number) if g}
    if any(_is_participle(v) and v.tag.POS == "ADJF" for v in verbal):
        wanted.add("nomn")
    form = next((f for v in verbal if (f := inflect(v, wanted))), None)
    msg = f"'{tok.text}' does not agree with '{subjects[0].word}' in gender or number."
    return Finding(
        Code.AGREEMENT, msg, tok.start, tok.end, keep_case(form, tok.text) if form else None
    )
