"""Croatian: vocative in greetings, greeting gender, agreement, Serbian-only words.

Differs from Serbian in one rule (see _bcs_names): a male surname in the nominative after
'gospodine' ('Poštovani gospodine Horvat') is widespread Croatian usage and is not flagged.
Cyrillic in the greeting is reported as wrong_language (Croatian is written in Latin only).
Serbian vocabulary and ekavian forms in the body ('porudžbina', 'uslovi') are positive markers
the core's whole-text check (sh_markers) reports; they are not repeated here.
"""

from __future__ import annotations

from typing import Literal

from supportdesk_tui.langcheck import _bcs
from supportdesk_tui.langcheck._bcs_names import is_cyrillic, latin
from supportdesk_tui.langcheck._salute import greeting
from supportdesk_tui.langcheck.base import Code, Finding, Person


def check(text: str, person: Person) -> list[Finding]:
    out = _bcs.check(text, person, "hr")
    found = greeting(text)
    for tok in found.tokens if found else ():
        if is_cyrillic(tok.text):
            msg = f"'{tok.text}' is Cyrillic: Croatian is written in Latin script."
            out.append(Finding(Code.WRONG_LANGUAGE, msg, tok.start, tok.end, latin(tok.text)))
    return sorted(out, key=lambda f: f.start)


def vocative(name: str, gender: Literal["m", "f"] | None, part: Literal["first", "last"]) -> str:
    return _bcs.vocative(name, gender, part, "hr")


def salutation(person: Person, formal: bool) -> str:
    return _bcs.salutation(person, formal, "hr", cyrillic=False)
