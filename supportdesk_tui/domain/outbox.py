"""Drafts and the outbox: what the agent wrote, kept until the customer has it.

A draft lives until its reply is really sent. Queueing a reply puts a row in the outbox that
points at the draft; undo (or a refused reply the agent wants to fix) simply detaches the
draft again. So nothing the agent wrote is lost at any step: not in the undo window, not
while offline, not when the server refuses it, not after a crash.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from .models import Attachment, Channel, Status


class OutboxState(StrEnum):
    WAITING = "waiting"
    """In the undo window, or waiting for the next attempt after a temporary failure."""
    SENDING = "sending"
    """Handed to the server; a crash here means it may or may not have left."""
    SENT = "sent"
    """Accepted by the server; only the copy to the Sent folder may be missing."""
    FAILED = "failed"
    """Refused for good (a wrong address, a wrong password): the agent must act."""


@dataclass(frozen=True)
class Draft:
    id: int
    conversation_id: str
    body: str
    updated_at: datetime
    subject: str | None = None
    """None: the reply subject derived from the conversation's."""
    attachments: tuple[Attachment, ...] = ()
    overrides: frozenset[str] = frozenset()
    """Check findings the agent chose to send anyway (finding keys)."""


@dataclass(frozen=True)
class NewReply:
    """A reply the agent has approved, ready for the outbox."""

    draft_id: int
    account: str
    channel: Channel
    message_id: str
    raw: bytes
    sender: str
    recipients: tuple[str, ...]
    subject: str
    body_text: str
    created_at: datetime
    send_after: datetime
    """The end of the undo window."""
    status_after: Status | None
    """The conversation's status once the reply is queued (None: unchanged)."""


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    draft_id: int
    conversation_id: str
    account: str
    channel: Channel
    message_id: str
    raw: bytes
    """The exact bytes to send: every retry sends the same message (same Message-ID)."""
    sender: str
    recipients: tuple[str, ...]
    subject: str
    body_text: str
    created_at: datetime
    send_after: datetime
    state: OutboxState
    status_before: Status
    """The conversation's status before the reply moved it; undo puts it back."""
    attempts: int = 0
    last_error: str | None = None

    def undoable(self, now: datetime) -> bool:
        """Still in the undo window and not handed to any server."""
        return self.state is OutboxState.WAITING and self.attempts == 0 and now < self.send_after

    def editable(self) -> bool:
        """Can go back into the editor: it has not left (or has been refused for good)."""
        return self.state in (OutboxState.WAITING, OutboxState.FAILED)


RETRY_DELAYS = (30, 60, 120, 300, 600, 900)
"""Seconds before each next attempt after a temporary failure; the last one repeats."""


def next_attempt(attempts: int, now: datetime) -> datetime:
    """When a reply that failed `attempts` times (temporarily) is tried again."""
    delay = RETRY_DELAYS[min(max(attempts, 1), len(RETRY_DELAYS)) - 1]
    return now + timedelta(seconds=delay)
