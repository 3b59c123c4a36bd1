"""Which conversation a mail belongs to, and names for new customers. Pure.

A mail joins the conversation of any message it refers to (its own Message-ID, In-Reply-To,
References); failing that, a recent conversation of the same customer with the same
normalised subject; failing that, it starts a new conversation.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .models import Message

SUBJECT_WINDOW = timedelta(days=30)
"""A same-subject mail joins a conversation only if that one was active this recently."""

# Reply/forward markers in the languages our customers' mail programs use, with an optional
# counter ("Re[2]:", "Re(3):"). Each needs its colon, so ordinary words are never eaten.
_PREFIX = re.compile(
    r"^\s*(?:re|fw|fwd|aw|wg|odp|odg|pd|tr|sv|vs|rv|enc|ynt|"
    r"отв|ответ|от|отг|одг|пр|перес|пересл|fwd|вд|відп|відповідь|пересл)"
    r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*",
    re.IGNORECASE,
)
_BRACKET_TAG = re.compile(r"\[[^\[\]]{0,40}\]")
_SPACES = re.compile(r"\s+")


def normalize_subject(subject: str) -> str:
    """The subject without reply markers, [ticket] tags, case and extra whitespace."""
    text = _BRACKET_TAG.sub(" ", subject)
    while True:
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text:
            break
        text = _BRACKET_TAG.sub(" ", stripped)
    return _SPACES.sub(" ", text).strip().casefold()


def reference_ids(message: Message) -> tuple[str, ...]:
    """Ids that tie a mail to earlier ones: its own, In-Reply-To, References newest first."""
    ids = [message.id, message.in_reply_to or "", *reversed(message.references)]
    seen: dict[str, None] = {}
    for raw in ids:
        cleaned = raw.strip()
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)


def new_conversation_id(first_message_id: str) -> str:
    """Deterministic, so a rebuilt cache gives each thread the same id again."""
    digest = hashlib.sha256(first_message_id.strip().encode("utf-8", "replace")).hexdigest()
    return "mail-" + digest[:16]


@dataclass
class ThreadIndex:
    """What one batch has threaded so far, so later mails in it find earlier ones."""

    by_message_id: dict[str, str] = field(default_factory=dict)
    by_subject: dict[tuple[str, str], tuple[str, datetime]] = field(default_factory=dict)

    def by_reference(self, message: Message) -> str | None:
        for ref in reference_ids(message):
            if ref in self.by_message_id:
                return self.by_message_id[ref]
        return None

    def by_subject_and_address(self, message: Message, address: str) -> str | None:
        key = normalize_subject(message.subject)
        if not key or not address:
            return None
        found = self.by_subject.get((key, address.casefold()))
        if found is None or message.sent_at - found[1] > SUBJECT_WINDOW:
            return None
        return found[0]

    def remember(self, message: Message, address: str, conversation_id: str) -> None:
        self.by_message_id[message.id.strip()] = conversation_id
        key = normalize_subject(message.subject)
        if key and address:
            previous = self.by_subject.get((key, address.casefold()))
            if previous is None or previous[1] <= message.sent_at:
                self.by_subject[(key, address.casefold())] = (conversation_id, message.sent_at)
