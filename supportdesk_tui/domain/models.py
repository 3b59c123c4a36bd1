"""The help desk's own types. Pure data: no IO, no Textual.

Connectors translate into these; the store persists them; the UI shows them.
All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Channel(StrEnum):
    EMAIL = "email"
    CHAT = "chat"


class Status(StrEnum):
    OPEN = "open"
    PENDING = "pending"
    """Waiting for the customer (or a third party)."""
    SNOOZED = "snoozed"
    RESOLVED = "resolved"
    SPAM = "spam"


class Direction(StrEnum):
    INCOMING = "in"
    """Written by the customer."""
    OUTGOING = "out"
    """Written by us (an agent), visible to the customer."""
    NOTE = "note"
    """Internal note: never sent, never counts as an answer."""


class Gender(StrEnum):
    MALE = "m"
    FEMALE = "f"


class Formality(StrEnum):
    FORMAL = "formal"
    INFORMAL = "informal"


class Script(StrEnum):
    LATIN = "latn"
    CYRILLIC = "cyrl"


LANGUAGES: tuple[str, ...] = ("cs", "sk", "pl", "ru", "uk", "bg", "sr", "hr", "sl", "en")
"""The ten customer languages, as ISO 639-1 codes."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    """As the sender named it: untrusted, never used as a path without sanitising."""
    content_type: str
    size: int
    id: int | None = None
    """Store row id, set once persisted; the bytes are fetched on demand."""
    data: bytes | None = None
    """Only set on the way into the store."""


@dataclass(frozen=True)
class Message:
    id: str
    """Stable and unique across syncs: the Message-ID for mail, the event id for chat."""
    conversation_id: str
    channel: Channel
    direction: Direction
    author_name: str
    author_address: str
    """E-mail address or chat user id."""
    sent_at: datetime
    subject: str = ""
    body_text: str = ""
    """Plain text as received (HTML already converted); untrusted, not yet made safe."""
    body_html: str | None = None
    attachments: tuple[Attachment, ...] = ()
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    read: bool = False
    raw: bytes | None = None
    """The original message, kept so it can be re-parsed later."""
    account: str = ""
    folder: str = ""
    uid: int | None = None
    """Server-side id within account/folder, for incremental sync."""
    decode_warning: str | None = None
    """Set when a charset or structure had to be guessed; shown to the agent."""
    to: tuple[str, ...] = ()
    """Recipients' addresses (To, Cc); for our own mail, they say who the customer is."""
    body_pending: bool = False
    """Only the headers are read so far (a big sync); the body is parsed from `raw` later."""

    def copy_with(self, **changes: Any) -> Message:
        """`dataclasses.replace`, without running __init__ again: a first sync copies each
        mail a few times, and replace took 20 µs a call here against 4 for this."""
        unknown = changes.keys() - self.__dataclass_fields__.keys()
        if unknown:
            raise TypeError(f"Message has no field {', '.join(sorted(unknown))}")
        copy = object.__new__(Message)
        copy.__dict__.update(self.__dict__, **changes)
        return copy


@dataclass(frozen=True)
class PendingBody:
    """A message stored with its headers only: its raw mail, and the headers' warnings."""

    message_id: str
    raw: bytes | None
    decode_warning: str | None = None
    conversation_id: str = ""


@dataclass(frozen=True)
class ParsedBody:
    """What parsing a pending body found, for the store to fill in."""

    message_id: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()
    decode_warning: str | None = None
    """The headers' and the body's warnings together."""
    language: str | None = None
    """A guess for a conversation (and customer) whose language is not known yet."""


@dataclass(frozen=True)
class Customer:
    id: str
    display_name: str
    first_name: str | None = None
    last_name: str | None = None
    emails: tuple[str, ...] = ()
    chat_ids: tuple[str, ...] = ()
    language: str | None = None
    script: Script | None = None
    """Serbian customers write in Latin or Cyrillic; replies follow."""
    gender: Gender | None = None
    formality: Formality = Formality.FORMAL
    notes: str = ""
    corrected: frozenset[str] = frozenset()
    """Fields an agent set by hand; a sync never overwrites them."""


@dataclass(frozen=True)
class Conversation:
    id: str
    channel: Channel
    customer_id: str
    subject: str
    status: Status = Status.OPEN
    assignee: str | None = None
    tags: tuple[str, ...] = ()
    snoozed_until: datetime | None = None
    waiting_since: datetime | None = None
    """Oldest customer message not yet answered; None when nobody is waiting."""
    last_message_at: datetime | None = None
    language: str | None = None
    account: str = ""
    network: str | None = None
    """For bridged chat rooms: 'whatsapp', 'telegram', ..."""


@dataclass(frozen=True)
class QueueRow:
    """One line of the queue: what the queue pane shows, nothing more."""

    conversation_id: str
    channel: Channel
    customer_name: str
    language: str | None
    subject: str
    preview: str
    status: Status
    assignee: str | None
    tags: tuple[str, ...]
    waiting_since: datetime | None
    last_message_at: datetime | None
    unread: bool
    network: str | None = None


@dataclass(frozen=True)
class ConversationDetail:
    """Everything the thread and customer panes show for one conversation."""

    conversation: Conversation
    customer: Customer
    messages: tuple[Message, ...]
    previous: tuple[Conversation, ...] = ()
    """The customer's other conversations, newest first."""


@dataclass(frozen=True)
class Edit:
    """A chat message its author changed: the stored message takes the new text, keeping its
    id, time and place in the thread."""

    message_id: str
    author_address: str
    """Only the original author may edit: an edit from anyone else changes nothing."""
    body_text: str
    body_html: str | None = None


@dataclass(frozen=True)
class Batch:
    """What one fetch from one account delivers, applied to the store in one transaction."""

    account: str
    customers: tuple[Customer, ...] = ()
    messages: tuple[Message, ...] = ()
    conversations: tuple[Conversation, ...] = ()
    """Conversation records the connector knows (chat rooms); mail threads are found by sync."""
    cursor: str | None = None
    """Opaque position to resume from; stored in the same transaction as the messages."""
    cursor_key: str = ""
    """Which cursor (e.g. the IMAP folder); '' for one cursor per account."""
    removed_message_ids: tuple[str, ...] = field(default_factory=tuple)
    edits: tuple[Edit, ...] = ()
    """Applied in order after the messages (so an edit of a message in the same batch finds
    it) and before the removals."""


@dataclass(frozen=True)
class MailBatch(Batch):
    """A Batch from one IMAP folder, with the folder's state changes besides new messages."""

    folder: str = ""
    read_changes: tuple[tuple[str, bool], ...] = ()
    """(message id, read) for cached messages whose \\Seen flag differs from the server's."""
    forget_uids: bool = False
    """UIDVALIDITY changed: the cached UIDs of this folder mean nothing any more."""
    prune_unlocated: bool = False
    """The folder's resync is done: cached messages not found again left the server."""
