"""Types shared by the greeting and inflection check and its per-language modules.

The check is pure: no IO beyond lazily loading offline dictionaries, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, Protocol


class Code(StrEnum):
    UNFILLED_PLACEHOLDER = "unfilled_placeholder"
    GREETING_GENDER = "greeting_gender"
    GREETING_CASE = "greeting_case"
    AGREEMENT = "agreement"
    WRONG_LANGUAGE = "wrong_language"
    WRONG_SCRIPT = "wrong_script"


@dataclass(frozen=True)
class Finding:
    code: Code
    message: str
    """In English, for the agent."""
    start: int
    """Character offsets into the draft, end exclusive."""
    end: int
    suggestion: str | None = None
    """Replacement for text[start:end], when one is known. Names keep their capitals."""


@dataclass(frozen=True)
class Person:
    """The customer as the check sees them."""

    first_name: str | None = None
    last_name: str | None = None
    gender: Literal["m", "f"] | None = None
    """From the customer record; None when unknown (then inferred only where reliable)."""
    script: Literal["latn", "cyrl"] | None = None
    """Serbian only: the script the customer writes in."""
    formal: bool | None = None
    """Preferred address; None when unknown."""


class LanguageRules(Protocol):
    """What every module `supportdesk_tui.langcheck.<lang>` provides at module level."""

    def check(self, text: str, person: Person) -> list[Finding]:
        """greeting_gender, greeting_case, agreement (and greeting-level wrong_language)."""
        ...

    def vocative(
        self, name: str, gender: Literal["m", "f"] | None, part: Literal["first", "last"]
    ) -> str:
        """`name` as used to address the person (nominative where the language keeps it)."""
        ...

    def salutation(self, person: Person, formal: bool) -> str:
        """A correct opening line, e.g. 'Vážená paní Kubelková,'."""
        ...
