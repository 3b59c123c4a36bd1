"""Czech and Slovak agreement with a clause's subject: 'Vaše objednávka byl odeslán'.

A clause (text between . ! ? ; , or a line break, "č. 123" not breaking it) that starts
with [possessive] NOUN is read as: subject, then its attributes (prepositional phrases,
"č. 48213", adverbs, one genitive word), then the predicate: a past auxiliary ('byl/byla'),
a past verb ('dorazil/dorazila') or 'je/bude'; then a participle ('odeslán/odeslána') or
long adjective ('odoslaný/odoslaná'). A present-tense full verb ('obsahuje', 'má') is the
predicate too, without gender: the scan stops at it, its object ('pedály') is never read as a
past form. Each gendered word that cannot agree with the subject is reported. The subject's
gender comes from the lexicon in agreement_tables, or from its ending (_noun_guess) when it
opens a sentence or follows a possessive or an adjective; such a guessed subject is dropped
when a known noun follows the predicate ('Omylem byla odeslána faktura': the subject comes
last).
"""

from __future__ import annotations

import re

from supportdesk_tui.langcheck._insert_mask import mask
from supportdesk_tui.langcheck._noun_guess import noun_gender
from supportdesk_tui.langcheck.agreement_tables import CZECH, SLOVAK, SLOVENE, Tables
from supportdesk_tui.langcheck.base import Code, Finding
from supportdesk_tui.langcheck.common import Token, finding, keep_case, split_clauses, word_set

__all__ = ["CZECH", "SLOVAK", "SLOVENE", "check"]

_ADVERBS = word_set(
    "již už právě dnes včera úspěšně bohužel také rovněž ještě zatím nyní teď opět znovu "
    "zajtra ešte žiaľ úspešne práve tiež teraz znova zítra ráno odpoledne se sa si "
    "vám vás nám mu jí jim ti mi ho vam vas nam ji že danes včeraj uspešno tudi še pravkar"
)
"""Adverbs, reflexive particles and clitic pronouns: skipped between subject and predicate."""
_ADJECTIVE_ENDINGS = ("ý", "á", "é", "í", "ové", "ní", "ná", "né", "ný")
_MAX_NAMES = 6
"""Capitalised words (product names, 'Mr Coffee Optimal Brew') skipped after the subject."""
_PREPOSITIONS = word_set("z ze s v ve na o od do u k ke pro při za po bez pre pri iz")
_ABBREVIATIONS = word_set("č čís nr št")
_CONJUNCTIONS = word_set("a ale že protože proto takže když jakmile pokud lebo keď akonáhle")
_L_PARTICIPLE = re.compile(r"^\w{2,}?(?:[aeiouyáéěíóúůý]|š)l(a|o|i|y)?$")
_OTHER_SUBJECT = word_set(
    "jsme jste jsem jsi sme ste som smo sem budeme budete budu budem bomo boste bom boš"
)
"""A first/second person auxiliary: the clause's subject is 'we'/'you', not the noun."""
_PRESENT = re.compile(r"^\w{2,}uj(?:e|í|ú|ou|ejo)$")
_PRESENT_VERBS = word_set(
    "má mají majú stojí činí trvá platí chybí chýba zůstává zostáva zůstane zostane čeká čaká "
    "přijde príde dorazí zahŕňa zahŕňajú ima imajo stane znaša traja velja manjka čaka pride ostane"
)
"""Present (and perfective future) full verbs: 'obsahuje', 'zahrnuje', 'má'. Such a verb is
the clause's predicate and carries no gender; what follows is its object ('Zásilka obsahuje
pedály' is no 'pedál(y)' past form), so the scan stops there."""
_NOT_VERBS = word_set("e-mail mail hotel model kabel cíl materiál detail portál manuál signál styl")
_ENDING_GENDER = {"": "m", "a": "f", "o": "n", "y": "p", "i": "p"}


def check(text: str, tables: Tables) -> list[Finding]:
    text = mask(text)
    found: list[Finding] = []
    for clause in split_clauses(text, _ABBREVIATIONS):
        found += _check_clause(clause, tables)
    return found


def _check_clause(clause: list[Token], tables: Tables) -> list[Finding]:
    if clause[0].lower in _CONJUNCTIONS:
        clause = clause[1:]
    possessive = clause[0] if clause and clause[0].lower in tables.possessives else None
    start = _skip_adjectives(clause, 1 if possessive else 0, tables)
    if len(clause) <= start + 1:
        return []
    noun = clause[start]
    acronym = len(noun.text) > 1 and noun.text.isupper()  # 'DPH': its gender varies
    may_guess = not acronym and (possessive is not None or start > 0 or clause[0].is_capitalised)
    gender = _noun_gender(noun.lower, tables, may_guess)
    if gender is None:
        return []
    guessed = noun.lower not in tables.nouns
    found = []
    if possessive and gender not in tables.possessives[possessive.lower]:
        fix = tables.possessive_forms[gender].get(possessive.lower)
        found.append(_disagrees(possessive, noun, fix))
    predicate = _predicate(clause[start + 1 :], tables)
    if guessed and predicate and _subject_follows(clause, predicate[-1], tables):
        return found
    for word in predicate:
        word_gender = _word_gender(word.lower, tables)
        if word_gender is not None and gender not in word_gender:
            found.append(_disagrees(word, noun, _regender(word.text, gender, tables)))
    return found


def _skip_adjectives(clause: list[Token], start: int, tables: Tables) -> int:
    """Past adjectives before the noun ('Vrácené peníze', 'Váš nový kávovar', 'Záruční list')."""
    for _ in range(2):
        word = clause[start].lower if start < len(clause) else ""
        if start + 2 >= len(clause) or word in tables.nouns:
            break
        following = clause[start + 1].lower
        if not word.endswith(_ADJECTIVE_ENDINGS + tables.attributive_endings):
            break
        if following in tables.nouns or (start > 0 and not _is_verb(following, tables)):
            start += 1
        elif _unknown_noun(following, tables) and word.endswith(tables.attributive_endings):
            start += 1  # 'Dodací list k objednávce': an adjective and a noun no table lists
        else:
            break
    return start


def _unknown_noun(word: str, tables: Tables) -> bool:
    if _is_verb(word, tables) or _participle_gender(word, tables) or _is_adverb(word, tables):
        return False
    return word not in _PREPOSITIONS and noun_gender(tables.lang, word) is not None


def _noun_gender(word: str, tables: Tables, may_guess: bool) -> str | None:
    known = tables.nouns.get(word)
    if known is not None or not may_guess or _is_adverb(word, tables) or word in _ADVERBS:
        return known
    if word in _PREPOSITIONS or word in _CONJUNCTIONS or _is_verb(word, tables):
        return None
    return noun_gender(tables.lang, word)


def _subject_follows(clause: list[Token], last: Token, tables: Tables) -> bool:
    """A known noun right after the predicate: the real subject ('Omylem byla odeslána faktura')."""
    after = [t for t in clause if t.start > last.start][:2]
    return any(t.lower in tables.nouns for t in after)


def _is_adverb(word: str, tables: Tables) -> bool:
    return word in _ADVERBS or bool(tables.adverb.match(word))


def _predicate(rest: list[Token], tables: Tables) -> list[Token]:
    """The verb (and the participle after it), skipping the subject's attributes."""
    free_skips, names, i = 1, 0, 0
    while i < len(rest):
        word = rest[i].lower
        if word in _OTHER_SUBJECT or _is_present(word):
            return []
        if _is_adverb(word, tables) or word in _ABBREVIATIONS:
            i += 1
        elif rest[i].is_capitalised and word not in tables.possessives and names < _MAX_NAMES:
            names, i = names + 1, i + 1  # a name is never the predicate ('na ime Špela')
        elif word in _PREPOSITIONS:
            i = _after_phrase(rest, i + 1, tables)
        elif _is_verb(word, tables):
            if tables.needs_aux and word not in tables.aux and word not in tables.neutral_aux:
                return []  # Slovenian 'znesek pa vrnili': no auxiliary, the subject is elsewhere
            return _verb_group(rest[i:], tables)
        elif free_skips:
            free_skips, i = free_skips - 1, i + 1
        else:
            return []
    return []


def _after_phrase(rest: list[Token], i: int, tables: Tables) -> int:
    """Index after a prepositional phrase: up to three words before the next verb
    ('za březen', 'k objednávce', 'na revijo', 'o koupi')."""
    for _ in range(3):
        word = rest[i].lower if i < len(rest) else ""
        if not word or _is_verb(word, tables) or word in _OTHER_SUBJECT or _is_present(word):
            break
        if rest[i].lower in _PREPOSITIONS and i + 1 < len(rest):
            i += 1
        i += 1
    return i


def _verb_group(rest: list[Token], tables: Tables) -> list[Token]:
    """The verb, a gendered auxiliary after it ('je bil'), and one participle."""
    group = [rest[0]]
    tail = [t for t in rest[1:5] if not _is_adverb(t.lower, tables)][:3]
    if _may_follow_subject(rest[0].lower, tail, tables):
        return []  # 'Zboží převzal kurýr': the first noun may be the object
    if tail and rest[0].lower in tables.neutral_aux and tail[0].lower in tables.aux:
        group.append(tail.pop(0))
    if group[-1].lower not in tables.aux and group[-1].lower not in tables.neutral_aux:
        return group  # 'Servis vyměnil vadné čerpadlo': after a full verb comes its object
    if tail and not tail[0].is_capitalised and _participle_gender(tail[0].lower, tables):
        group.append(tail[0])
    return group


def _may_follow_subject(verb: str, tail: list[Token], tables: Tables) -> bool:
    """A full verb followed by a bare word that may be its real subject (object-verb-subject
    order); auxiliaries ('byl odeslán') always belong to the first noun."""
    if verb in tables.aux or verb in tables.neutral_aux or not tail:
        return False
    nxt = tail[0].lower
    known = nxt in _PREPOSITIONS or nxt in _CONJUNCTIONS or nxt in tables.aux
    return not known and _participle_gender(nxt, tables) is None


def _is_present(word: str) -> bool:
    return word in _PRESENT_VERBS or bool(_PRESENT.match(word))


def _is_verb(word: str, tables: Tables) -> bool:
    if word in tables.aux or word in tables.neutral_aux:
        return True
    return bool(_L_PARTICIPLE.match(word)) and word not in _NOT_VERBS and word not in tables.nouns


def _word_gender(word: str, tables: Tables) -> str | None:
    """Genders a verb or participle form fits; None when it carries none ('je')."""
    if word in tables.aux:
        return tables.aux[word]
    if word in tables.neutral_aux:
        return None
    return _participle_gender(word, tables)


def _participle_gender(word: str, tables: Tables) -> str | None:
    for ending, gender in tables.adjective_endings.items():
        if word.endswith(("n" + ending, "t" + ending)):
            return "np" if ending == "é" else gender
    m = _L_PARTICIPLE.match(word) or tables.short_participle.match(word)
    if m is None or word in _NOT_VERBS or word in tables.nouns:
        return None
    return _ENDING_GENDER[m.group(1) or ""]


def _regender(word: str, gender: str, tables: Tables) -> str | None:
    lowered = word.casefold()
    if lowered in tables.aux:
        return keep_case(tables.aux_forms[gender], word)
    for ending in tables.adjective_endings:
        if lowered.endswith(ending):
            target = {"m": "ý", "f": "á", "n": "é", "p": "é"}[gender]
            return word[: -len(ending)] + target
    stem = word[:-1] if lowered[-1] in "aoyi" else word
    if lowered.endswith("šel") and gender != "m":
        stem = word[:-2] + "l"  # přišel -> přišla
    ending = {"m": "", "f": "a", "n": "o", "p": tables.plural_ending}[gender]
    return stem + ending


def _disagrees(token: Token, noun: Token, fix: str | None) -> Finding:
    message = f"'{token.text}' does not agree with '{noun.text}'."
    suggestion = keep_case(fix, token.text) if fix else None
    return finding(Code.AGREEMENT, message, token, suggestion)
