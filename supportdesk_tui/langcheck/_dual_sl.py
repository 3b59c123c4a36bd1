"""Slovenian dual subjects: 'Oba paketa sta bila odposlana', 'Vaši naročili sta bili odposlani'.

Two of anything take the dual (Slovenska slovnica, Toporišič; Slovenski pravopis 2001): the
verb 'sta/bosta', the l-participle and passive participle in -a for masculine nouns and -i for
feminine and neuter ones. A subject is dual after 'oba/obe/dva/dve', or when the noun is the
dual of a known feminine or neuter shop noun after a possessive ('Vaši naročili', 'naši
pošiljki'). Singular ('je bil') and plural ('so bila') forms with such a subject are reported.
"""

from __future__ import annotations

from supportdesk_tui.langcheck._insert_mask import mask
from supportdesk_tui.langcheck.agreement_tables import SLOVENE
from supportdesk_tui.langcheck.base import Code, Finding
from supportdesk_tui.langcheck.common import Token, finding, keep_case, split_clauses, word_set

_NUMERALS = {"oba": "m", "dva": "m", "obe": "fn", "dve": "fn"}
_DUAL_POSSESSIVES = word_set("vaši naši tvoji vaša naša tvoja")
_AUX = {"je": "sta", "so": "sta", "bo": "bosta", "bodo": "bosta"}
_SKIP = word_set("že danes včeraj uspešno tudi še pravkar že vam ti mu ji jim ne")
_DUAL_NOUNS = {noun[:-1] + "i": gender for noun, gender in SLOVENE.nouns.items() if gender in "fn"}
_MASCULINE_DUALS = {noun + "a" for noun, gender in SLOVENE.nouns.items() if gender == "m"}
_PARTICIPLE_ENDINGS = ("l", "n", "t")


def check(text: str) -> list[Finding]:
    found: list[Finding] = []
    clauses = split_clauses(mask(text))
    for k, clause in enumerate(clauses):
        gender, at = _dual_subject(clause)
        if gender is not None:
            found += _predicate(clause[at + 1 :], gender, clause[at])
        elif k + 2 < len(clauses) and _dual_relative(clauses[k + 1]):
            noun = clause[-1]
            gender = _dual_gender(noun.lower)
            if len(clause) <= 2 and gender is not None:
                found += _predicate(clauses[k + 2], gender, noun)
    return found


def _dual_relative(clause: list[Token]) -> bool:
    """', ki ste ju naročili,': 'ju' is the dual object pronoun, so its antecedent is a dual."""
    return clause[0].lower == "ki" and any(t.lower == "ju" for t in clause[1:4])


def _dual_gender(noun: str) -> str | None:
    """The dual's gender by its ending: -a masculine ('paketa'), -i feminine/neuter."""
    if len(noun) < 4:
        return None
    return "m" if noun.endswith("a") else "fn" if noun.endswith("i") else None


def _dual_subject(clause: list[Token]) -> tuple[str | None, int]:
    """'m' or 'fn' and the noun's index when the clause opens with a dual noun phrase."""
    first = clause[0].lower
    if first in _NUMERALS and len(clause) > 2:
        at = 2 if clause[1].lower in _DUAL_POSSESSIVES else 1
        known = clause[at].lower in _DUAL_NOUNS or clause[at].lower in _MASCULINE_DUALS
        # 'dva dni' may be a time phrase; 'oba/obe' always counts the subject
        return (_NUMERALS[first], at) if first.startswith("ob") or known else (None, 0)
    if first in _DUAL_POSSESSIVES and len(clause) > 2 and clause[1].lower in _DUAL_NOUNS:
        return "fn", 1
    return None, 0


def _predicate(rest: list[Token], gender: str, noun: Token) -> list[Finding]:
    """The auxiliary and up to two participles after the subject ('je bil odposlan')."""
    found: list[Finding] = []
    seen_aux = False
    for token in rest[:6]:
        word = token.lower
        if word in _SKIP or token.is_capitalised:
            continue
        if word in ("sta", "bosta") or word in _AUX:
            if word in _AUX:
                found.append(_disagrees(token, noun, _AUX[word]))
            seen_aux = True
            continue
        fix = _participle_fix(word, gender)
        if not seen_aux or fix is None:
            break
        if fix != word:
            found.append(_disagrees(token, noun, fix))
        if not word.startswith("bil"):
            break  # the main participle ends the predicate ('odposlani včeraj popoldne')
    return found


def _participle_fix(word: str, gender: str) -> str | None:
    """The dual form of an l- or n/t-participle ('bil' -> 'bila'), or None if it is none."""
    want = "a" if gender == "m" else "i"
    if word.endswith(_PARTICIPLE_ENDINGS) and len(word) >= 3:
        return word + want
    if word[-1:] in "aoie" and word[-2:-1] in _PARTICIPLE_ENDINGS and len(word) >= 4:
        return word[:-1] + want
    return None


def _disagrees(token: Token, noun: Token, fix: str) -> Finding:
    message = f"'{token.text}' does not agree with the dual '{noun.text}' (two of them)."
    return finding(Code.AGREEMENT, message, token, keep_case(fix, token.text))
