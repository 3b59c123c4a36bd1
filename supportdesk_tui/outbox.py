"""Delivering queued replies: each account's route sends them and keeps a copy.

Runs in the app (a worker wakes it when a reply is queued and every few seconds) and in
`supportdesk sync`. Everything it learns goes to the store at once, so a crash at any
point leaves each reply either waiting, being sent (tried again at the next start) or in
its thread; never lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol, runtime_checkable

from .chatout import BrokenChatReply, unpack_chat_reply
from .domain.models import Channel, Direction, Message
from .domain.outbox import OutboxEntry, OutboxState, next_attempt
from .errors import ConnectorError, SendError
from .mime import parse_message
from .store import Store

log = logging.getLogger(__name__)

INTERRUPTED_AFTER = timedelta(minutes=5)
"""A reply 'being sent' for longer was caught by a crash (a send gives up after 30 s)."""


class ReplyRoute(Protocol):
    """How one account's replies leave (SMTP for mail, the chat server for chat)."""

    async def send(self, entry: OutboxEntry) -> str | None:
        """Hand the reply to the server; SendError (permanent or not) if it is not taken.
        The id the server gave the message when it is not ours (a chat event id), else None."""
        ...

    async def keep_copy(self, entry: OutboxEntry) -> None:
        """Put a copy where the account keeps its sent mail (IMAP: the Sent folder; chat
        servers keep what was sent: nothing to do)."""
        ...


@runtime_checkable
class ReadReceipts(Protocol):
    """A route whose server shows the customer what the agent has read (chat)."""

    async def mark_read(self, conversation_id: str, message_id: str) -> None: ...


@runtime_checkable
class TypingNotices(Protocol):
    """A route whose server can show the customer that the agent is typing (chat)."""

    async def set_typing(self, conversation_id: str, typing: bool) -> None: ...


@runtime_checkable
class FileSource(Protocol):
    """A route whose server keeps the files of its messages (chat): fetched when saved."""

    async def fetch_file(self, message_raw: bytes | None) -> bytes: ...


@dataclass
class DeliveryReport:
    sent: list[OutboxEntry] = field(default_factory=list)
    retrying: list[tuple[OutboxEntry, str]] = field(default_factory=list)
    refused: list[tuple[OutboxEntry, str]] = field(default_factory=list)
    """Refused for good: the agent must fix them (the text is kept in the outbox)."""
    copy_failed: list[tuple[OutboxEntry, str]] = field(default_factory=list)

    @property
    def changed_conversations(self) -> tuple[str, ...]:
        entries = [*self.sent, *(e for e, _ in (*self.retrying, *self.refused))]
        return tuple(dict.fromkeys(e.conversation_id for e in entries))


async def deliver_due(
    store: Store, routes: Mapping[str, ReplyRoute], now: Callable[[], datetime]
) -> DeliveryReport:
    """Sends every reply whose undo window has passed, and copies sent ones to Sent."""
    report = DeliveryReport()
    await store.recover_interrupted_replies(now() - INTERRUPTED_AFTER)
    for entry in await store.due_replies(now()):
        route = routes.get(entry.account)
        if route is None:
            why = f"no account named {entry.account!r} can send it (check the config)"
            if entry.state is OutboxState.WAITING and await store.claim_reply(entry.id, now()):
                await store.reply_failed(entry.id, why, retry_at=None)
                report.refused.append((entry, why))
            continue
        if entry.state is OutboxState.WAITING and not await _send(store, route, entry, now, report):
            continue
        await _copy(store, route, entry, report)
    return report


async def _send(
    store: Store,
    route: ReplyRoute,
    entry: OutboxEntry,
    now: Callable[[], datetime],
    report: DeliveryReport,
) -> bool:
    if not await store.claim_reply(entry.id, now()):
        return False  # taken back (undo) since it was read
    try:
        server_id = await route.send(entry)
    except SendError as error:
        retry_at = None if error.permanent else next_attempt(entry.attempts + 1, now())
        await store.reply_failed(entry.id, error.message, retry_at)
        (report.refused if retry_at is None else report.retrying).append((entry, error.message))
        log.info("reply %s not sent: %s", entry.id, error.message)
        return False
    except ConnectorError as error:  # e.g. no password: the agent must fix it first
        await store.reply_failed(entry.id, error.message, None)
        report.refused.append((entry, error.message))
        return False
    await store.reply_sent(entry.id, _sent_message(entry, server_id, now()))
    report.sent.append(entry)
    log.info("reply %s sent", entry.id)
    return True


def _sent_message(entry: OutboxEntry, server_id: str | None, sent_at: datetime) -> Message:
    """The reply as its thread shows it from now on; the next sync brings the server's
    own copy under the same id (the Message-ID, or the chat event id)."""
    if entry.channel is Channel.EMAIL:
        message = parse_message(entry.raw, account=entry.account)
    else:  # a chat reply's files are messages of their own, which the sync brings
        try:
            author = unpack_chat_reply(entry.raw).author or entry.sender
        except BrokenChatReply:
            author = entry.sender
        message = Message(
            id=entry.message_id, conversation_id=entry.conversation_id, channel=entry.channel,
            direction=Direction.OUTGOING, author_name=author,
            author_address=entry.sender, sent_at=sent_at, account=entry.account,
        )  # fmt: skip
    return message.copy_with(
        id=server_id or message.id,
        conversation_id=entry.conversation_id,
        channel=entry.channel,
        direction=Direction.OUTGOING,
        body_text=entry.body_text,
        read=True,
        sent_at=sent_at,
    )


async def _copy(
    store: Store, route: ReplyRoute, entry: OutboxEntry, report: DeliveryReport
) -> None:
    try:
        await route.keep_copy(entry)
    except ConnectorError as error:
        # Sent is sent: only the copy waits for the next round.
        report.copy_failed.append((entry, error.message))
        log.info("copy of reply %s not kept yet: %s", entry.id, error.message)
        return
    await store.reply_copied(entry.id)
