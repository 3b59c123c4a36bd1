"""Russian and Ukrainian: does the predicate agree with its nominative subject?

'Оплата по заказу № 48213 поступил', 'Деньги поступит', 'Повернення коштів ... був схвалений'.
From the subject noun the scan skips what may stand before the predicate: adverbs and
particles, order numbers ('№ 48213 и 48214'), a genitive complement ('средств'), a short
prepositional phrase ('по заказу'). It then checks, by pymorphy3's tags:
- past verbs, short participles (uk: passive participles) for gender and number;
- present/future verbs in the 3rd person for number.
When the noun may be an accusative object ('Заказ отправили вчера', 'Деньги вернёт банк'),
only participles and verbs that cannot take an object (intransitive, reflexive, or in Ukrainian,
whose tags lack transitivity, a small list of arrival verbs) are judged.
"""

from __future__ import annotations

import re
from typing import Any

from supportdesk_tui.langcheck._morph import Lang, inflect, known, parses
from supportdesk_tui.langcheck.base import Code, Finding
from supportdesk_tui.langcheck.common import Token, keep_case

_GAP = re.compile(r"[ \t]*(?:[№#]?[ \t]*\d[\d/\-]*[ \t]*,?[ \t]*)*")
_PP_LENGTH = 3
_SKIP = {
    "ru": {"уже", "не", "сегодня", "вчера", "успешно", "также", "тоже", "только", "что"},
    "uk": {"вже", "не", "сьогодні", "вчора", "успішно", "також", "теж", "щойно", "ще"},
}
_NUMBER_JOINS = {"и", "і", "й", "та"}
_UK_INTRANSITIVE = {
    "надійти", "прибути", "прийти", "надходити", "прибувати", "приходити", "дійти", "доходити",
    "поступити", "надіслатися", "бути", "залишитися", "стати",
}  # fmt: skip
_AUX = {"быть", "бути"}


def check_predicate(
    lang: Lang, text: str, toks: list[Token], n: int, subjects: list[Any]
) -> list[Finding]:
    """Findings for the predicate after the subject noun toks[n] (its nominative readings)."""
    may_be_object = any(p.tag.case == "accs" for p in parses(lang, toks[n].lower) if known(p))
    out: list[Finding] = []
    in_phrase = 0
    for j in range(n + 1, min(n + 14, len(toks))):
        gap = text[toks[j - 1].end : toks[j].start]
        if not _GAP.fullmatch(gap):
            break
        tok = toks[j]
        ps = [p for p in parses(lang, tok.lower) if known(p)]
        verbal = [p for p in ps if _verbal(p)]
        # a wide gap is a blanked value: the preposition's object ('на 500 гривень дійсна')
        after_preposition = len(gap) <= 2 and any(
            p.tag.POS == "PREP" for p in parses(lang, toks[j - 1].lower)
        )
        if in_phrase and after_preposition and all(p.tag.POS == "ADJF" for p in verbal):
            verbal = []  # 'за повернений товар': a participle opening the phrase is attributive
        if not verbal and not after_preposition and _predicative(lang, ps, text, toks, j):
            verbal = [p for p in ps if p.tag.case == "nomn"]
        if verbal:
            if _judged(lang, verbal, may_be_object, toks, j):
                out.extend(_disagreeing(tok, verbal, subjects))
            if all(p.normal_form in _AUX for p in verbal) and not out:
                in_phrase = 0  # 'на пилосос була схвалений': the phrase ended at the auxiliary
                continue
            break
        if tok.lower in _NUMBER_JOINS and any(c.isdigit() for c in gap):
            continue
        if any(p.tag.POS == "PREP" for p in ps):
            in_phrase = _PP_LENGTH
        elif tok.lower in _SKIP[lang] or _adverb(ps):
            continue  # 'на журнал автоматично подовжений': an adverb does not end the phrase
        elif in_phrase:
            in_phrase -= 1
        elif not (tok.lower in _SKIP[lang] or _adverb(ps) or _genitive(ps)):
            break
    return out


def _verbal(p: Any) -> bool:
    tag = p.tag
    if tag.POS == "VERB":
        return "past" in tag or ("3per" in tag and ("pres" in tag or "futr" in tag))
    if tag.POS in ("PRTS", "ADJS"):
        return True  # short forms are always predicative ('действительна')
    return (
        tag.POS == "ADJF"
        and "perf" in tag
        and tag.case == "nomn"
        and ("pssv" in tag or "actv" in tag)
    )


def _predicative(lang: Lang, ps: list[Any], text: str, toks: list[Token], j: int) -> bool:
    """An adjective as the predicate ('Картка на 500 гривень дійсна до ...'): every reading an
    adjective, a nominative one among them, and a preposition or the clause end after it."""
    if not ps or not all(p.tag.POS == "ADJF" for p in ps):
        return False
    if not any(p.tag.case == "nomn" for p in ps):
        return False
    if j + 1 >= len(toks) or not _GAP.fullmatch(text[toks[j].end : toks[j + 1].start]):
        return True
    return any(p.tag.POS == "PREP" for p in parses(lang, toks[j + 1].lower) if known(p))


def _adverb(ps: list[Any]) -> bool:
    return bool(ps) and all(p.tag.POS in ("ADVB", "PRCL") for p in ps)


def _genitive(ps: list[Any]) -> bool:
    nouns = [p for p in ps if p.tag.POS == "NOUN"]
    return bool(nouns) and len(nouns) == len(ps) and all(p.tag.case == "gent" for p in nouns)


def _participle(p: Any) -> bool:
    return p.tag.POS in ("PRTS", "ADJF")


def _judged(lang: Lang, verbal: list[Any], may_be_object: bool, toks: list[Token], j: int) -> bool:
    """Participles always; finite verbs unless the noun could be their object."""
    if not may_be_object or any(_participle(p) for p in verbal):
        return True
    if all(p.normal_form in _AUX for p in verbal):
        later = toks[j + 1 : j + 2]
        return bool(later) and any(_participle(p) for p in parses(lang, later[0].lower) if known(p))
    if lang == "ru":
        return all("intr" in p.tag or p.normal_form.endswith(("ся", "сь")) for p in verbal)
    return all(p.normal_form in _UK_INTRANSITIVE or p.normal_form.endswith("ся") for p in verbal)


def _feats(p: Any) -> tuple[str | None, str]:
    number = "plur" if "plur" in p.tag else "sing"
    gender = None if number == "plur" or p.tag.gender is None else str(p.tag.gender)
    return gender, number


def _fits(v: Any, s: Any) -> bool:
    (vg, vn), (sg, sn) = _feats(v), _feats(s)
    if vn != sn:
        return False
    return sn == "plur" or vg is None or vg == sg or "ms-f" in (vg, sg)


def _disagreeing(tok: Token, verbal: list[Any], subjects: list[Any]) -> list[Finding]:
    if any(_fits(v, s) for v in verbal for s in subjects):
        return []
    gender, number = _feats(subjects[0])
    wanted = {number}
    if gender and any(v.tag.gender for v in verbal):
        wanted.add(gender)
    if any(v.tag.POS == "ADJF" for v in verbal):
        wanted.add("nomn")
    form = next((f for v in verbal if (f := inflect(v, wanted))), None)
    msg = f"'{tok.text}' does not agree with '{subjects[0].word}' in gender or number."
    suggestion = keep_case(form, tok.text) if form else None
    return [Finding(Code.AGREEMENT, msg, tok.start, tok.end, suggestion)]
