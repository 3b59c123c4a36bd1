"""Czech and Slovak agreement around a subject: 'Vaše objednávka byl odeslán' -> byla odeslána.

Pattern: [possessive] NOUN [adverb] AUX [adverb] PARTICIPLE-or-ADJECTIVE, where AUX is a past
form of 'být'/'byť' (gendered) or 'je'/'bude'/'není' (not gendered). The noun's gender comes
from a small e-shop lexicon, else from its ending (Czech and Slovak grammars: -a and -ost
feminine, -o/-í/-ie neuter, consonant masculine) but only after a possessive, where the
pattern is unambiguous. Plural subjects are skipped (animacy decides byli/byly).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from supportdesk_tui.langcheck.base import Code, Finding
from supportdesk_tui.langcheck.common import Token, finding, keep_case, tokenize, word_set


@dataclass(frozen=True)
class Tables:
    aux: dict[str, str]
    """Gendered auxiliary -> 'm', 'f' or 'n'."""
    aux_forms: dict[str, str]
    """Gender -> auxiliary."""
    neutral_aux: frozenset[str]
    possessives: dict[str, str]
    """Nominative singular possessive -> gender ('vaše' is f or n: 'fn')."""
    possessive_forms: dict[str, dict[str, str]]
    nouns: dict[str, str]
    feminine_consonant_endings: tuple[str, ...]
    """Feminines ending in a consonant ('-ost', '-ť')."""
    adjective_endings: dict[str, str]
    """Long adjective ending -> gender."""


CZECH = Tables(
    aux={"byl": "m", "byla": "f", "bylo": "n", "nebyl": "m", "nebyla": "f", "nebylo": "n"},
    aux_forms={"m": "byl", "f": "byla", "n": "bylo"},
    neutral_aux=frozenset({"je", "bude", "není", "nebude"}),
    possessives={
        "váš": "m",
        "vaše": "fn",
        "tvůj": "m",
        "tvoje": "fn",
        "tvá": "f",
        "náš": "m",
        "naše": "fn",
    },  # fmt: skip
    possessive_forms={
        "m": {"váš": "váš", "vaše": "váš", "tvoje": "tvůj", "tvá": "tvůj", "naše": "náš"},
        "f": {"váš": "vaše", "tvůj": "tvoje", "náš": "naše"},
        "n": {"váš": "vaše", "tvůj": "tvoje", "náš": "naše"},
    },  # fmt: skip
    nouns={
        "objednávka": "f",
        "zásilka": "f",
        "platba": "f",
        "faktura": "f",
        "reklamace": "f",
        "záruka": "f",
        "položka": "f",
        "dodávka": "f",
        "částka": "f",
        "náhrada": "f",
        "zpráva": "f",
        "adresa": "f",
        "věc": "f",
        "balík": "m",
        "balíček": "m",
        "produkt": "m",
        "účet": "m",
        "kód": "m",
        "dobropis": "m",
        "výrobek": "m",
        "zboží": "n",
        "vrácení": "n",
        "doručení": "n",
        "číslo": "n",
        "heslo": "n",
        "předplatné": "n",
        "zařízení": "n",
        "peníze": "p",
        "objednávky": "p",
        "zásilky": "p",
    },  # fmt: skip
    feminine_consonant_endings=("ost", "ěť", "eť", "áž", "ice", "ce"),
    adjective_endings={"ý": "m", "á": "f", "é": "n"},
)

SLOVAK = Tables(
    aux={"bol": "m", "bola": "f", "bolo": "n", "nebol": "m", "nebola": "f", "nebolo": "n"},
    aux_forms={"m": "bol", "f": "bola", "n": "bolo"},
    neutral_aux=frozenset({"je", "bude", "nie", "nebude"}),
    possessives={
        "váš": "m",
        "vaša": "f",
        "vaše": "n",
        "tvoj": "m",
        "tvoja": "f",
        "tvoje": "n",
        "náš": "m",
        "naša": "f",
        "naše": "n",
    },  # fmt: skip
    possessive_forms={
        "m": {"vaša": "váš", "vaše": "váš", "tvoja": "tvoj", "naša": "náš"},
        "f": {"váš": "vaša", "vaše": "vaša", "tvoj": "tvoja", "náš": "naša"},
        "n": {"váš": "vaše", "vaša": "vaše", "tvoj": "tvoje", "náš": "naše"},
    },  # fmt: skip
    nouns={
        "objednávka": "f",
        "zásielka": "f",
        "platba": "f",
        "faktúra": "f",
        "reklamácia": "f",
        "záruka": "f",
        "položka": "f",
        "dodávka": "f",
        "suma": "f",
        "náhrada": "f",
        "správa": "f",
        "adresa": "f",
        "vec": "f",
        "balík": "m",
        "balíček": "m",
        "produkt": "m",
        "účet": "m",
        "kód": "m",
        "dobropis": "m",
        "výrobok": "m",
        "tovar": "m",
        "vrátenie": "n",
        "doručenie": "n",
        "číslo": "n",
        "heslo": "n",
        "zariadenie": "n",
        "peniaze": "p",
        "objednávky": "p",
        "zásielky": "p",
    },  # fmt: skip
    feminine_consonant_endings=("osť", "eť", "áž", "ia"),
    adjective_endings={"ý": "m", "á": "f", "é": "n"},
)

_ADVERBS = word_set(
    "již už právě dnes včera úspěšně bohužel také rovněž ještě zatím nyní teď opět znovu "
    "zajtra ešte žiaľ úspešne práve tiež teraz znova"
)
"""Adverbs that may stand between the subject, the auxiliary and the participle."""
_PREPOSITIONS = word_set("z ze s se v ve na o od do u k ke pro při za po bez")

_SHORT_PARTICIPLE = re.compile(r"^(\w{3,}?[nt])(a|o)?$")
"""Short passive participle: 'odeslán', 'odeslána', 'odesláno', 'zrušen', 'přijat'."""


def _noun_gender(word: str, tables: Tables, after_possessive: bool) -> str | None:
    known = tables.nouns.get(word)
    if known is not None or not after_possessive:
        return known
    if word.endswith(tables.feminine_consonant_endings) or word.endswith("a"):
        return "f"
    if word.endswith(("o", "í", "ie", "é")):
        return "n"
    if word[-1] in "bcčdďfghjklľmnňprřsštťvzž":
        return "m"
    return None


def check(text: str, tables: Tables) -> list[Finding]:
    tokens = tokenize(text)
    found: list[Finding] = []
    subjects_seen: set[int] = set()
    for i, token in enumerate(tokens):
        if i in subjects_seen:
            continue
        possessive = tables.possessives.get(token.lower)
        after_possessive = possessive is not None and i + 1 < len(tokens)
        noun = tokens[i + 1] if after_possessive else token
        gender = _noun_gender(noun.lower, tables, after_possessive)
        if gender is None or gender == "p" or _dependent(tokens, i, tables):
            continue
        start = i + 2 if after_possessive else i + 1
        subjects_seen.add(start - 1)
        chain = _predicate(tokens[start : start + 4], tables)
        if not chain:
            continue
        if possessive is not None and gender not in possessive:
            fix = tables.possessive_forms[gender].get(token.lower)
            found.append(_disagrees(token, noun, fix))
        found += _check_predicate(chain, noun, gender, tables)
    return found


def _dependent(tokens: list[Token], i: int, tables: Tables) -> bool:
    """A noun after another noun or a preposition is not the subject ('Reklamace zboží byla')."""
    if i == 0:
        return False
    before = tokens[i - 1].lower
    return before in tables.nouns or before in _PREPOSITIONS


def _is_aux(word: str, tables: Tables) -> bool:
    return word in tables.aux or word in tables.neutral_aux


def _skip_adverb(window: list[Token]) -> list[Token]:
    return window[1:] if window and window[0].lower in _ADVERBS else window


def _predicate(window: list[Token], tables: Tables) -> list[Token]:
    """AUX and the participle/adjective right after it (one adverb allowed before each)."""
    window = _skip_adverb(window)
    if not window or (
        window[0].lower not in tables.aux and window[0].lower not in tables.neutral_aux
    ):
        return []
    rest = _skip_adverb(window[1:])
    tail = rest[:1] if rest and _form_gender(rest[0].lower, tables) is not None else []
    return [window[0], *tail]


def _form_gender(word: str, tables: Tables) -> str | None:
    for ending, gender in tables.adjective_endings.items():
        if word.endswith("n" + ending) or word.endswith("t" + ending):
            return gender
    m = _SHORT_PARTICIPLE.match(word)
    if m is None:
        return None
    return {"a": "f", "o": "n"}.get(m.group(2) or "", "m")


def _check_predicate(chain: list[Token], noun: Token, gender: str, tables: Tables) -> list[Finding]:
    found = []
    aux, *tail = chain
    aux_gender = tables.aux.get(aux.lower)
    if aux_gender is not None and aux_gender != gender:
        fix = ("ne" if aux.lower.startswith("ne") else "") + tables.aux_forms[gender]
        found.append(_disagrees(aux, noun, keep_case(fix, aux.text)))
    for token in tail:
        form = _form_gender(token.lower, tables)
        if form is not None and form != gender:
            found.append(_disagrees(token, noun, _regender(token.text, gender, tables)))
    return found


def _regender(word: str, gender: str, tables: Tables) -> str | None:
    for ending in tables.adjective_endings:
        if word.endswith(ending):
            target = [e for e, g in tables.adjective_endings.items() if g == gender][0]
            return word[: -len(ending)] + target
    stem = word[:-1] if word[-1] in "ao" else word
    return stem + {"m": "", "f": "a", "n": "o"}[gender]


def _disagrees(token: Token, noun: Token, fix: str | None) -> Finding:
    message = f"'{token.text}' does not agree with '{noun.text}'."
    suggestion = keep_case(fix, token.text) if fix else None
    return finding(Code.AGREEMENT, message, token, suggestion)
