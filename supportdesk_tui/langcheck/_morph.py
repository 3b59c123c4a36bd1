"""pymorphy3 analysers for Russian and Ukrainian, loaded on first use and cached.

Loading a dictionary takes ~0.1-0.2 s and ~25 MB each, so nothing happens at import.
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache
from typing import Any, Literal

log = logging.getLogger(__name__)

Lang = Literal["ru", "uk"]


@cache
def analyzer(lang: Lang) -> Any:
    """The shared MorphAnalyzer for lang (pymorphy3 ships no type hints)."""
    import pymorphy3  # deferred: the import itself costs time and memory

    log.debug("loading pymorphy3 dictionary for %s", lang)
    return pymorphy3.MorphAnalyzer(lang=lang)


@lru_cache(maxsize=20_000)
def parses(lang: Lang, word: str) -> tuple[Any, ...]:
    """All analyses of word (lowercased), memoised with a bound: drafts repeat their words."""
    return tuple(analyzer(lang).parse(word.lower()))


def known(parse: Any) -> bool:
    """True for analyses straight from the dictionary, not guessed from the ending."""
    return type(parse.methods_stack[0][0]).__name__ == "DictionaryAnalyzer"


def name_gender(lang: Lang, word: str) -> Literal["m", "f"] | None:
    """Gender of a first name when the dictionary is unambiguous ('Саша', 'Женя' give None)."""
    genders = set()
    for p in parses(lang, word):
        if known(p) and "Name" in p.tag and "nomn" in p.tag:
            genders.add(p.tag.gender)
    if genders == {"masc"}:
        return "m"
    if genders == {"femn"}:
        return "f"
    return None


def inflect(parse: Any, grammemes: set[str]) -> str | None:
    """parse inflected to grammemes, or None when pymorphy3 cannot."""
    if "sing" not in parse.tag.grammemes and "plur" not in parse.tag.grammemes:
        grammemes = grammemes - {"sing"}  # the Ukrainian tag set leaves singular unmarked
    try:
        form = parse.inflect(grammemes)
    except ValueError:  # a grammeme this tag set does not know
        return None
    return None if form is None else str(form.word)
