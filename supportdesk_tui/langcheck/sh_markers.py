"""Positive markers that tell Serbian from Croatian Latin text (Bosnian shares most of both).

Never a guess from statistics: a text counts as the other variety only on words that variety
uses and this one does not. Sources: Hrvatski pravopis (Institut za hrvatski jezik, 2013) and
Pravopis srpskoga jezika (Matica srpska, 2010) for the yat reflex; the differential dictionary
tradition (Brodnjak, "Razlikovni rječnik srpskog i hrvatskog jezika", 1991) for vocabulary.
Ijekavian alone is weak evidence: Serbian is also written ijekavian (Republika Srpska,
Montenegro), so it never decides against Serbian without a Croatian-only word beside it.
"""

from __future__ import annotations

import re

from supportdesk_tui.langcheck.common import word_set

_WORD = re.compile(r"[^\W\d_]+")


SERBIAN_WORDS = word_set(
    "bezbednost celo cena cene ceni cenu ceo deca delovi deo dete dve gde hiljada hiljade "
    "hiljadu hleb istorija izmena izvinite izvinjavamo juče kafa lep lepo lične lični ličnih "
    "magacin magacinu mesec meseca meseci mesta mesto muzika nedelja nedelje nedelju "
    "obaveštavamo obaveštenje obezbediti opšte opšti porodica porudžbina porudžbine porudžbini "
    "porudžbinu posle pre preduzeće primer primera promena reč reči saradnja saradnju sledeće "
    "sledećeg sledeći srećan srećno tačan tačna tačno univerzitet uopšte uslov uslova uslove "
    "uslovi uvek verovatno videti voz vreme vremena želeli "
)
"""Serbian-only words, ekavian forms included (a Croatian text never has them)."""

CROATIAN_WORDS = word_set(
    "dostavljač dostavljaču glazba ispričavamo jučer kava kolovoz kruh lipanj listopad narudžba "
    "narudžbe narudžbi narudžbu nogomet obitelj opće općenito opći osobne osobni osobnih ožujak "
    "poduzeće pogreška pogrešku povijest privitak privitku prosinac rujan siječanj sretan "
    "sretno srpanj studeni suradnja suradnju sustav sustava sustavu sveučilište svibanj tisuća "
    "tisuće tisuću tjedan tjedna tjednu tko točan točna točno travanj tvrtka tvrtke uvjet "
    "uvjeta uvjete uvjeti veljača vjerojatno vlak zaprimili zrakoplov "
)
"""Croatian-only vocabulary (weight 2)."""

IJEKAVIAN_WORDS = word_set(
    "cijeli cijelo cijena cijene cijeni cijenu dijelovi dijete dio djeca dvije gdje izmjena "
    "lijepo mjesec mjeseca mjesta mjesto mlijeko obavijest obavijestiti pjesma poslije prije "
    "primjer primjera procjena promjena riječ riječi sljedeće sljedećeg sljedeći svijet uvijek "
    "vidjeti vremena vrijeme željeli "
)
"""Ijekavian reflexes (weight 1): Croatian, Bosnian, and ijekavian Serbian."""

_SERBIAN_FUTURE = re.compile(r"\b\w{2,}[aeiu]ć(?:emo|ete)\b")
"""'vratićemo', 'dobićete': the infinitive fused with the future clitic is Serbian spelling;
Croatian writes 'vratit ćemo'. 'hoćemo', 'nećemo' are excluded below."""
_FUTURE_EXCEPTIONS = frozenset({"hoćemo", "hoćete", "nećemo", "nećete"})
_SPLIT_FUTURE = re.compile(r"\b\w{2,}t ć(?:u|eš|e|emo|ete)\b")
"""'poslat ćemo': the infinitive cut to -t before the clitic is Croatian (and Bosnian)
spelling; Serbian writes 'poslaćemo' or 'poslati ćemo'. Counts like a Croatian word."""


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def score(text: str, variety: str) -> int:
    """Weighted count of markers for 'sr' or 'hr' in text."""
    words = _words(text)
    if variety == "sr":
        fused = [
            m.group()
            for m in _SERBIAN_FUTURE.finditer(text.casefold())
            if m.group() not in _FUTURE_EXCEPTIONS
        ]
        return 2 * sum(w in SERBIAN_WORDS for w in words) + 2 * len(fused)
    croatian = 2 * sum(w in CROATIAN_WORDS for w in words)
    croatian += 2 * len(_SPLIT_FUTURE.findall(text.casefold()))
    return croatian + sum(w in IJEKAVIAN_WORDS for w in words)


def _has_cyrillic(text: str) -> bool:
    """Mostly Cyrillic: a Croatian text never is (a quoted Russian name does not count)."""
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in text)
    return cyrillic > sum(c.isalpha() for c in text) / 2


def other_variety(text: str, lang: str) -> str | None:
    """'sr' for a Serbian text sent as Croatian, 'hr' for the reverse, else None."""
    if lang == "hr":
        if _has_cyrillic(text):
            return "sr"
        return "sr" if score(text, "sr") >= 2 and score(text, "hr") == 0 else None
    if lang == "sr" and not _has_cyrillic(text):
        croatian_vocabulary = any(w in CROATIAN_WORDS for w in _words(text)) or bool(
            _SPLIT_FUTURE.search(text.casefold())
        )
        if croatian_vocabulary and score(text, "hr") >= 2 and score(text, "sr") == 0:
            return "hr"
    return None
