"""Agreement from small word tables, for languages without a morphology library here (bg, sr, hr).

A Lexicon lists the shop nouns ('pošiljka', 'поръчка') with every form's gender, number and
case, the possessives ('Vaš', 'Вашата') and the participles that follow them ('poslana',
'изпратена'). A possessive is wrong only when none of its readings matches any reading of the
noun; a participle is checked only for a nominative subject (after a possessive or at the start
of a sentence) and only when nothing but auxiliaries and adverbs stands between them.
A noun the tables lack takes its gender from the possessive before it or, at a sentence start,
from its ending (`noun_guess`); such a guessed subject is dropped when a known noun follows the
predicate ('Prošli tjedan je poslana pošiljka': the subject comes last).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from supportdesk_tui.langcheck._insert_mask import mask
from supportdesk_tui.langcheck._salute import starts_sentence
from supportdesk_tui.langcheck.base import Code, Finding
from supportdesk_tui.langcheck.common import Token, keep_case, tokenize

Feat = tuple[str, str, str]
"""(gender m/f/n, number s/p, case N/G/D/A/I/L; '' where the language has no case)."""
GN = tuple[str, str]
Guess = tuple[set[GN], dict[GN, str]]
"""A participle's readings and its forms by gender and number."""

_GAP = re.compile(r"[ \t]*")
_PREDICATE_GAP = re.compile(r"[ \t\d№#/\-.]*")
"""Numbers are blanked before the scan: a comma left is a clause end ('..., с която е ...')."""
_PP_LENGTH = 3
_FUTURE = frozenset({"će", "ce", "ću", "ćemo", "ćete", "ćeš", "bi", "ще"})
_CLITICS = frozenset({"ви", "ти", "ни", "vi", "ti"})
"""A dative clitic may stand between an adjective and its noun in Bulgarian."""
_OTHER_SUBJECT = frozenset({"sam", "smo", "ste", "съм", "сме", "сте"})
"""'uplatili smo': a first/second person auxiliary, the subject is 'we'/'you'."""
_MAX_NAMES = 6
"""Capitalised words (a brand, 'Mr Coffee Optimal Brew') skipped after the subject."""
"""Words of a prepositional phrase skipped between subject and predicate ('za porudžbinu')."""


def _identity(word: str) -> str:
    return word


def _same(form: str, like: str) -> str:
    return form


def _no_guess(word: str) -> Guess | None:
    return None


def _no_gender(word: str) -> str | None:
    return None


@dataclass
class Lexicon:
    nouns: dict[str, set[Feat]] = field(default_factory=dict)
    modifiers: dict[str, set[tuple[str, Feat, str]]] = field(default_factory=dict)
    """form -> {(lemma, feat, style)}; style keeps e.g. the Bulgarian article in suggestions."""
    modifier_forms: dict[tuple[str, Feat, str], str] = field(default_factory=dict)
    predicates: dict[str, set[tuple[str, GN]]] = field(default_factory=dict)
    predicate_forms: dict[tuple[str, GN], str] = field(default_factory=dict)
    skip: frozenset[str] = frozenset()
    """Auxiliaries and adverbs allowed between the subject and its participle."""
    prepositions: frozenset[str] = frozenset()
    """Words that make the next noun phrase an object (Bulgarian has no case to show it)."""
    chain: frozenset[str] = frozenset()
    """Participle lemmas after which another participle may follow ('bila poslana')."""
    aux: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Auxiliaries marked for number: form -> (s/p, the form of the other number)."""
    openers: frozenset[str] = frozenset()
    """Words after which a clause, and so its subject, may begin ('i', 'ali', 'и', 'но')."""
    numbering: frozenset[str] = frozenset()
    """Words of an order number ('br.', 'и' in '№ 48213 и 48214'), skipped after the subject."""
    normalise: Callable[[str], str] = _identity
    """Lowercase word -> table key (sr: Cyrillic to Latin)."""
    restore: Callable[[str, str], str] = _same
    """(suggestion, original word) -> suggestion in the original's script."""
    guess: Callable[[str], Guess | None] = _no_guess
    """A participle not in the table, read from its ending; used only right after 'je/е/беше'."""
    adjective_endings: tuple[str, ...] = ()
    """Endings of an adjective that may stand between possessive and noun ('Vaš novi punjač')."""
    noun_guess: Callable[[str], str | None] = _no_gender
    """Gender of a noun the tables lack, from its ending ('otpremnica' f), or None."""
    adverb: re.Pattern[str] | None = None
    """Adverbs by form ('automatski', 'автоматично'), skipped before the participle."""

    def add_modifier(self, lemma: str, form: str, feat: Feat, style: str = "") -> None:
        self.modifiers.setdefault(form, set()).add((lemma, feat, style))
        self.modifier_forms.setdefault((lemma, feat, style), form)

    def add_predicate(self, lemma: str, form: str, gn: GN) -> None:
        self.predicates.setdefault(form, set()).add((lemma, gn))
        self.predicate_forms.setdefault((lemma, gn), form)


def check(text: str, lex: Lexicon) -> list[Finding]:
    text = mask(text)
    toks = tokenize(text)
    keys = [lex.normalise(t.lower) for t in toks]
    out: list[Finding] = []
    for i, tok in enumerate(toks):
        feats = lex.nouns.get(keys[i])
        if not feats:
            owner = _owner_of_unknown(text, lex, toks, keys, i)
            if owner is not None and _opens(text, lex, keys, toks, owner):
                out.extend(_predicate(text, lex, toks, keys, i, _owner_feats(lex, keys[owner])))
            elif owner is None and (gender := _guessed_subject(text, lex, toks, keys, i)):
                found = _predicate(text, lex, toks, keys, i, {(gender, "s", "N")})
                if found and not _subject_follows(lex, keys, toks, found[-1]):
                    out.extend(found)
            continue
        mods = lex.modifiers.get(keys[i - 1], set()) if i > 0 else set()
        if mods and _GAP.fullmatch(text, toks[i - 1].end, tok.start):
            subjects = _possessive(lex, toks[i - 1], mods, feats, out)
            opens = starts_sentence(text, toks[i - 1].start)
            if not opens and (i < 2 or keys[i - 2] not in lex.openers):
                continue  # 'Status Vaše narudžbe je ...': a complement, not the subject
        elif starts_sentence(text, tok.start) or _opening_adjective(text, lex, toks, keys, i):
            subjects = {f for f in feats if f[2] in ("N", "")}
        else:
            continue
        if subjects:
            out.extend(_predicate(text, lex, toks, keys, i, subjects))
    return out


def _opens(text: str, lex: Lexicon, keys: list[str], toks: list[Token], i: int) -> bool:
    """toks[i] starts a sentence or follows a conjunction: its phrase may be the subject."""
    return starts_sentence(text, toks[i].start) or (i > 0 and keys[i - 1] in lex.openers)


def _owner_of_unknown(
    text: str, lex: Lexicon, toks: list[Token], keys: list[str], i: int
) -> int | None:
    """For a noun the tables lack ('Vaš (novi) punjač', 'Вашата кафеварка'): the index of the
    possessive before it, which then gives the subject's gender and number."""
    key = keys[i]
    if i == 0 or toks[i].is_capitalised or key in lex.modifiers or _function_word(lex, key):
        return None
    j = i - 1
    adjective = keys[j].endswith(lex.adjective_endings) and not _function_word(lex, keys[j])
    if keys[j] not in lex.modifiers and j > 0 and adjective and keys[j] not in lex.nouns:
        j -= 1  # one adjective between
    if keys[j] not in lex.modifiers or i + 1 >= len(toks):
        return None
    if not _GAP.fullmatch(text, toks[j].end, toks[j + 1].start):
        return None
    return j


def _opening_adjective(text: str, lex: Lexicon, toks: list[Token], keys: list[str], i: int) -> bool:
    """toks[i] follows one adjective that opens the sentence ('Ispravljeni račun ...')."""
    if i == 0 or toks[i].is_capitalised:
        return False
    if i > 1 and keys[i - 1] in _CLITICS:
        i -= 1  # 'Гаранционната Ви рекламация'
    if not toks[i - 1].is_capitalised:
        return False
    before = keys[i - 1]
    if not before.endswith(lex.adjective_endings) or _function_word(lex, before):
        return False
    if before in lex.nouns or before in lex.modifiers:
        return False
    gap = _GAP.fullmatch(text, toks[i - 1].end, toks[i].start)
    return bool(gap) and starts_sentence(text, toks[i - 1].start)


def _guess(lex: Lexicon, key: str) -> str | None:
    """Gender of an unknown noun; of a compound ('poklon-kartica') from its last part."""
    return lex.noun_guess(key.rsplit("-", 1)[-1])


def _guessed_subject(
    text: str, lex: Lexicon, toks: list[Token], keys: list[str], i: int
) -> str | None:
    """The gender of an unknown noun that opens a sentence, alone or after one adjective
    ('Otpremnica je ...', 'Jamstveni list za ... je ...', 'Гаранционната карта е ...')."""
    key = keys[i]
    if _function_word(lex, key) or key in lex.modifiers or i + 1 >= len(toks):
        return None
    if len(toks[i].text) > 1 and toks[i].text.isupper():
        return None  # an acronym ('ДДС', 'PDV'): its gender varies
    if _opens(text, lex, keys, toks, i) and toks[i].is_capitalised:
        return _guess(lex, key)
    before = keys[i - 1] if i > 0 else ""
    adjective = before.endswith(lex.adjective_endings) and not _function_word(lex, before)
    if not adjective or before in lex.nouns or before in lex.modifiers or toks[i].is_capitalised:
        return None
    if not (_opens(text, lex, keys, toks, i - 1) and toks[i - 1].is_capitalised):
        return None
    if not _GAP.fullmatch(text, toks[i - 1].end, toks[i].start):
        return None
    return _guess(lex, key) or lex.noun_guess(before)  # bg: 'Гаранционната' has the article


def _subject_follows(lex: Lexicon, keys: list[str], toks: list[Token], last: Finding) -> bool:
    """A known nominative noun right after the predicate is the real subject."""
    after = [k for k, t in zip(keys, toks, strict=True) if t.start >= last.end][:1]
    return any(f[2] in ("N", "") for k in after for f in lex.nouns.get(k, ()))


def _function_word(lex: Lexicon, key: str) -> bool:
    return (
        key in lex.predicates
        or key in lex.skip
        or key in lex.aux
        or key in lex.prepositions
        or key in lex.numbering
        or key in lex.openers
    )


def _owner_feats(lex: Lexicon, key: str) -> set[Feat]:
    return {f for _, f, _ in lex.modifiers[key] if f[2] in ("N", "")}


def _possessive(
    lex: Lexicon, tok: Token, mods: set[tuple[str, Feat, str]], feats: set[Feat], out: list[Finding]
) -> set[Feat]:
    """Adds a finding when the possessive fits no reading of the noun; returns the subjects."""
    agreeing = {f for _, m, _ in mods for f in feats if m == f}
    if agreeing:
        return {f for f in agreeing if f[2] in ("N", "")}
    cases = {m[2] for _, m, _ in mods}
    target = min((f for f in feats if f[2] in cases), default=min(feats))
    lemma, _, style = min(mods)
    form = lex.modifier_forms.get((lemma, target, style))
    suggestion = lex.restore(keep_case(form, tok.text), tok.text) if form else None
    msg = f"'{tok.text}' does not agree with the noun after it in gender or number."
    out.append(Finding(Code.AGREEMENT, msg, tok.start, tok.end, suggestion))
    return {f for f in feats if f[2] in ("N", "")}


def _predicate(
    text: str, lex: Lexicon, toks: list[Token], keys: list[str], n: int, subjects: set[Feat]
) -> list[Finding]:
    """Checks auxiliaries and the participle after the subject.

    Skipped on the way: adverbs and clitics, order numbers ('бр. 48213 и 48214'), genitive
    complements ('Povrat novca'), and short prepositional phrases ('за поруџбину').
    """
    wanted = {(g, num) for g, num, _ in subjects}
    numbers = {num for _, num in wanted}
    out: list[Finding] = []
    in_phrase = names = 0
    free_skips = 1
    after_aux = False
    for j in range(n + 1, min(n + 20, len(toks))):
        gap = text[toks[j - 1].end : toks[j].start]
        if not _PREDICATE_GAP.fullmatch(gap) or ("." in gap and keys[j - 1] not in lex.numbering):
            break
        key, tok = keys[j], toks[j]
        if key in _OTHER_SUBJECT:
            break
        if key in lex.aux and keys[j - 1] in _FUTURE:
            continue  # 'Kurir će je isporučiti': after 'će' the 'je' is a pronoun ('her')
        if key in lex.aux:
            number, other = lex.aux[key]
            if number not in numbers:
                out.append(_finding(lex, tok, other))
            in_phrase, after_aux = 0, True
            continue
        if tok.is_capitalised and not after_aux and names < _MAX_NAMES:
            names += 1
            continue
        if lex.adverb is not None and lex.adverb.match(key) and key not in lex.predicates:
            continue
        readings = lex.predicates.get(key)
        guessed = lex.guess(key) if after_aux and not readings and key not in lex.skip else None
        if guessed is not None:
            gns, forms = guessed
            if not gns & wanted:
                out.append(_finding(lex, tok, forms.get(min(wanted))))
            break
        if key not in lex.skip:
            after_aux = False
        if readings and in_phrase == _PP_LENGTH:
            in_phrase -= 1  # 'za vraćeni stol': a participle opening the phrase is attributive
            continue
        if readings:
            out.extend(_participle(lex, tok, readings, wanted))
            if not any(lemma in lex.chain for lemma, _ in readings):
                break
            continue
        if key in lex.skip or key in lex.numbering:
            continue
        if key in lex.prepositions:
            in_phrase = _PP_LENGTH
        elif in_phrase:
            in_phrase -= 1
        elif _genitive_complement(lex, key):
            continue
        elif free_skips and j == n + 1 and _attribute(lex, key):
            free_skips -= 1  # 'narudžba namještaja': one genitive word the tables lack
        else:
            break
    return out


def _attribute(lex: Lexicon, key: str) -> bool:
    """A lowercase word that is no participle, auxiliary or noun in the tables."""
    return key not in lex.nouns and lex.guess(key) is None and key not in lex.predicates


def _genitive_complement(lex: Lexicon, key: str) -> bool:
    feats = lex.nouns.get(key, set())
    return bool(feats) and all(f[2] == "G" for f in feats)


def _participle(
    lex: Lexicon, tok: Token, readings: set[tuple[str, GN]], wanted: set[GN]
) -> list[Finding]:
    if any(gn in wanted for _, gn in readings):
        return []
    lemma = min(readings)[0]
    form = lex.predicate_forms.get((lemma, min(wanted)))
    return [_finding(lex, tok, form)]


def _finding(lex: Lexicon, tok: Token, form: str | None) -> Finding:
    suggestion = lex.restore(keep_case(form, tok.text), tok.text) if form else None
    msg = f"'{tok.text}' does not agree with its subject in gender or number."
    return Finding(Code.AGREEMENT, msg, tok.start, tok.end, suggestion)
