"""The shapes of the demo content: who writes, what they write, in which language.

Texts are written by hand, per language, in `stories/`; this module only says how they fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Speaker = Literal["c", "a"]
"""'c' for the customer, 'a' for our agent."""


@dataclass(frozen=True)
class EmailStory:
    key: str
    """Stable id, e.g. 'cs.damaged'; scenarios refer to stories by it."""
    person: str
    """Key of the customer in `people.PEOPLE`."""
    kind: str
    """order_status, delay, return, refund, wrong_item, complaint, invoice, address_change."""
    subject: str
    turns: tuple[str, ...]
    """Customer, agent, customer, ... The agent's turns come without greeting and sign-off,
    the customer's without their name: the mail builder adds them. '{order}' is filled in."""
    agent: str = "eva"
    """Who writes our replies (the texts agree with that agent's grammatical gender)."""


@dataclass(frozen=True)
class ChatStory:
    key: str
    person: str
    kind: str
    lines: tuple[tuple[Speaker, str], ...]
    """Complete chat lines, greetings included; '{order}' is filled in."""
    agent: str = "eva"


@dataclass(frozen=True)
class LanguagePack:
    code: str
    customer_sign_off: str
    """What a customer writes above their name, e.g. 'S pozdravem'."""
    agent_sign_off: str
    team: str
    """Our signature's second line, e.g. 'zákaznická podpora'."""
    quote_header: str
    """Attribution line above a quoted mail; has '{date}' and '{name}'."""
    forwarded: str
    """Separator line of a forwarded message."""
    emails: tuple[EmailStory, ...]
    chats: tuple[ChatStory, ...]
    reply_prefix: str = "Re: "
