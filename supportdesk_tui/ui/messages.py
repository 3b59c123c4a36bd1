"""App-wide messages, named in the past tense: what has happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.message import Message

from ..domain.models import ConversationDetail, QueueRow
from ..domain.outbox import OutboxEntry
from ..errors import SupportDeskError
from ..store import Store


@dataclass
class StoreOpened(Message):
    store: Store


@dataclass
class StoreProgressed(Message):
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, StoreProgressed)


@dataclass
class QueuePageLoaded(Message):
    generation: int
    """Which queue query this answers; pages of an older query are dropped."""
    offset: int
    rows: list[QueueRow]
    total: int


@dataclass
class ConversationLoaded(Message):
    detail: ConversationDetail
    outbox: tuple[OutboxEntry, ...] = ()
    """Its replies not delivered yet."""


@dataclass
class ConversationUnreadable(Message):
    """The conversation under the cursor could not be read (e.g. a damaged cache): the panes
    must not go on showing the one before, or the agent would act on the wrong customer."""

    conversation_id: str
    error: SupportDeskError


@dataclass
class ConversationsChanged(Message):
    """Triage wrote to the store: the queue and the open thread need a fresh look."""

    conversation_ids: tuple[str, ...]


@dataclass
class ReadStateChanged(Message):
    """The agent read (or unmarked) mail here: the servers should hear it now, not at the
    next news. Bubbles up to the app, which wakes the sync from IDLE."""

    conversation_id: str


@dataclass
class ReplyQueued(Message):
    """A reply is in the outbox: the app delivers it once `send_after` passes (undo till then)."""

    outbox_id: int
    conversation_id: str
    send_after: datetime


@dataclass
class AgentTyping(Message):
    """The agent is typing a chat reply (or stopped): the customer may be told, if the
    account has typing_notices on."""

    conversation_id: str
    account: str
    typing: bool
