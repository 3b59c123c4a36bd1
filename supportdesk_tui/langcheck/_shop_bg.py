"""Bulgarian shop vocabulary for the agreement check: nouns, possessives, participles.

Bulgarian has no noun cases but marks gender and number, and the definite article sits on the
first word of the phrase ('Вашата поръчка', 'Вашият пакет'). Forms after Граматика на
съвременния български книжовен език (БАН, 1983); the full/short masculine article
('Вашият'/'Вашия') is not judged: usage varies and the check is about gender and number.
"""

from __future__ import annotations

import re
from functools import cache, partial

from supportdesk_tui.langcheck._agree_table import GN, Lexicon
from supportdesk_tui.langcheck._noun_guess import noun_gender
from supportdesk_tui.langcheck.common import word_set

_FEM = {  # singular -> plural
    "поръчка": "поръчки", "пратка": "пратки", "доставка": "доставки", "стока": "стоки",
    "рекламация": "рекламации", "жалба": "жалби", "заявка": "заявки", "сума": "суми",
    "покупка": "покупки", "фактура": "фактури",
}  # fmt: skip
_MASC = {
    "пакет": "пакети", "колет": "колети", "артикул": "артикули", "продукт": "продукти",
    "превод": "преводи", "ваучер": "ваучери", "кашон": "кашони",
}  # fmt: skip
_NEUT = {"плащане": "плащания", "възстановяване": "възстановявания", "връщане": "връщания"}
_POSSESSIVES = {  # lemma -> forms: m, m definite, m short article, f, f def, n, n def, pl, pl def
    "ваш": ("ваш", "вашият", "вашия", "ваша", "вашата", "ваше", "вашето", "ваши", "вашите"),
    "наш": ("наш", "нашият", "нашия", "наша", "нашата", "наше", "нашето", "наши", "нашите"),
    "твой": ("твой", "твоят", "твоя", "твоя", "твоята", "твое", "твоето", "твои", "твоите"),
}
_PARTICIPLES = word_set(
    "изпратен доставен получен обработен приет върнат одобрен потвърден анулиран отказан "
    "регистриран възстановен платен експедиран заведен преведен пуснат подаден създаден "
    "прехвърлен разгледан пристигнал тръгнал бил предаден опакован заплатен издаден"
)
SKIP = word_set(
    "вече успешно днес вчера не ще бъде бъдат все още сега също ви ти му ѝ им го я ни "
    "най-късно утре"
)
AUX = {
    "е": ("s", "са"), "са": ("p", "е"), "беше": ("s", "бяха"), "бяха": ("p", "беше"),
    "бе": ("s", "бяха"),
}  # fmt: skip
NUMBERING = frozenset({"и", "номер", "no"})
OPENERS = word_set("и а но обаче вече днес вчера сега също така затова")
# Finite verbs of arrival, singular -> plural (aorist and present): 'Плащането пристигна'.
_VERBS = {
    "пристигна": "пристигнаха", "постъпи": "постъпят", "тръгна": "тръгнаха",
    "пристига": "пристигат", "постъпва": "постъпват", "пристигне": "пристигнат",
    "остана": "останаха",
}  # fmt: skip
_PLURALIA = ("пари", "парите", "средства", "средствата")
PREPOSITIONS = word_set(
    "за на по от с със в във към до при след без относно чрез заради според върху"
)


def _nouns(lex: Lexicon) -> None:
    for gender, table, article in (("f", _FEM, "та"), ("m", _MASC, "ът"), ("n", _NEUT, "то")):
        for sg, pl in table.items():
            for form in (sg, sg + article, sg + "а" if gender == "m" else sg + article):
                lex.nouns.setdefault(form, set()).add((gender, "s", ""))
            for form in (pl, pl + "те"):
                lex.nouns.setdefault(form, set()).add((gender, "p", ""))


def _possessives(lex: Lexicon) -> None:
    feats = (("m", "s", ""), ("m", "s", "def"), ("m", "s", "short"), ("f", "s", ""),
             ("f", "s", "def"), ("n", "s", ""), ("n", "s", "def"), ("p", "p", ""),
             ("p", "p", "def"))  # fmt: skip
    for lemma, forms in _POSSESSIVES.items():
        for form, (gender, number, style) in zip(forms, feats, strict=True):
            genders = ("m", "f", "n") if gender == "p" else (gender,)
            for g in genders:
                lex.add_modifier(lemma, form, (g, number, ""), style)
                if style == "def" and gender != "m":
                    lex.add_modifier(lemma, form, (g, number, ""), "short")


def _verbs(lex: Lexicon) -> None:
    for sg, pl in _VERBS.items():
        for g in ("m", "f", "n"):
            lex.add_predicate(sg, sg, (g, "s"))
            lex.add_predicate(sg, pl, (g, "p"))
    for form in _PLURALIA:
        for g in ("m", "f", "n"):
            lex.nouns.setdefault(form, set()).add((g, "p", ""))


def _participles(lex: Lexicon) -> None:
    endings: dict[str, tuple[GN, ...]] = {
        "": (("m", "s"),), "а": (("f", "s"),), "о": (("n", "s"),),
        "и": (("m", "p"), ("f", "p"), ("n", "p")),
    }  # fmt: skip
    for base in _PARTICIPLES:
        for end, gns in endings.items():
            for gn in gns:
                lex.add_predicate(base, base + end, gn)


_PASSIVE = re.compile(r"^(\w{3,}(?:ен|ан|ян|ят|ат|ет|ит|ут))(а|о|и)?$")
_ACTIVE = re.compile(r"^(\w{3,}[аеиоуъя]л)(а|о|и)?$")
_ENDING_READINGS: dict[str, set[GN]] = {
    "": {("m", "s")}, "а": {("f", "s")}, "о": {("n", "s")},
    "и": {("m", "p"), ("f", "p"), ("n", "p")},
}  # fmt: skip
_NOT_PARTICIPLES = word_set("пакет план екран сайт кабинет бюджет кредит депозит обект")


def guess_participle(word: str) -> tuple[set[GN], dict[GN, str]] | None:
    """A participle right after 'е/беше/са' read from its ending: 'изпратен', 'пристигнала'."""
    if len(word) < 5 or word in _NOT_PARTICIPLES:
        return None
    m = _PASSIVE.match(word) or _ACTIVE.match(word)
    if m is None:
        return _adjective(word)
    stem, end = m.group(1), m.group(2) or ""
    forms = {("m", "s"): stem}
    for e in ("а", "о", "и"):
        for gn in _ENDING_READINGS[e]:
            forms[gn] = stem + e
    return _ENDING_READINGS[end], forms


_ADJECTIVE = re.compile(r"^(\w{3,}?)(ен|на|но|ни)$")
"""Adjectives with a fleeting е ('валиден', 'валидна'): predicates after 'е' like participles."""


def _adjective(word: str) -> tuple[set[GN], dict[GN, str]] | None:
    m = _ADJECTIVE.match(word)
    if m is None or m.group(1)[-1] in "аеиоуъюя":
        return None
    stem, end = m.group(1), m.group(2)
    forms: dict[GN, str] = {
        ("m", "s"): stem + "ен",
        ("f", "s"): stem + "на",
        ("n", "s"): stem + "но",
    }
    forms |= {(g, "p"): stem + "ни" for g in "mfn"}
    ending = {"ен": "", "на": "а", "но": "о", "ни": "и"}[end]
    return _ENDING_READINGS[ending], forms


@cache
def lexicon() -> Lexicon:
    lex = Lexicon(
        guess=guess_participle,
        adverb=re.compile(r"^\w{3,}(?:ски|[^\Wаеиоуъюяен]но)$"),
        noun_guess=partial(noun_gender, "bg"),
        adjective_endings=("а", "о", "и", "в", "н", "ят", "ия", "то", "те"),
        skip=SKIP, chain=frozenset({"бил"}), prepositions=PREPOSITIONS, aux=AUX,
        numbering=NUMBERING, openers=OPENERS,
    )  # fmt: skip
    _nouns(lex)
    _possessives(lex)
    _participles(lex)
    _verbs(lex)
    return lex
