"""Serbian (Latin and Cyrillic): vocative in greetings, greeting gender, agreement.

Serbian norm wants the vocative of male -ić surnames ('Poštovani gospodine Petroviću');
see _bcs_names for the rules and their sources. The whole text's script is judged by the core
(wrong_script); here every word is analysed in either script and suggestions keep the script
of the word they replace.
"""

from __future__ import annotations

from typing import Literal

from supportdesk_tui.langcheck import _bcs
from supportdesk_tui.langcheck.base import Finding, Person


def check(text: str, person: Person) -> list[Finding]:
    return _bcs.check(text, person, "sr")


def vocative(name: str, gender: Literal["m", "f"] | None, part: Literal["first", "last"]) -> str:
    return _bcs.vocative(name, gender, part, "sr")


def salutation(person: Person, formal: bool) -> str:
    return _bcs.salutation(person, formal, "sr", cyrillic=person.script == "cyrl")
