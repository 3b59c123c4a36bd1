"""A fetched batch into the store: mail threaded into conversations, new customers named.

No Textual, no IO of its own: the store does the reading and writing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from .domain.models import Batch, Channel, Conversation, Customer, Direction, Message
from .domain.threads import (
    SUBJECT_WINDOW,
    ThreadIndex,
    is_reply,
    new_conversation_id,
    normalize_subject,
    reference_ids,
    split_name,
)
from .store import ApplyResult, Store, SubjectIndex

log = logging.getLogger(__name__)

LanguageGuess = Callable[[str], str | None]
Progress = Callable[[int, int], None]


CHUNK_MESSAGES = 500
"""Messages per transaction. Smaller commits keep the queue responsive during a big sync."""


async def apply_fetched(
    store: Store,
    batch: Batch,
    *,
    our_addresses: frozenset[str] = frozenset(),
    guess_language: LanguageGuess | None = None,
    progress: Progress | None = None,
    chunk_messages: int = CHUNK_MESSAGES,
) -> ApplyResult:
    """Thread the batch's unthreaded mail (oldest first), then apply it, oldest first.

    A big batch goes in several transactions; only the last one saves the cursor, so after
    a crash the same fetch is made again, and what was applied already is skipped.
    progress(done, total) counts messages applied.
    """
    threader = _Threader(store, batch, frozenset(a.casefold() for a in our_addresses))
    threader.guess_language = guess_language
    ordered = sorted(batch.messages, key=lambda m: m.sent_at)
    await threader.prefetch(ordered)
    messages = [threader.thread(m) for m in ordered]
    if threader.new_conversations:
        log.debug("threading started %d conversations", len(threader.new_conversations))
    total = ApplyResult()
    parts = _split(batch, threader, messages, max(1, chunk_messages))
    applied = 0
    for part in parts:
        result = await store.apply_batch(part)
        total = ApplyResult(
            total.new_messages + result.new_messages,
            total.new_conversations + result.new_conversations,
            tuple(dict.fromkeys((*total.reopened, *result.reopened))),
        )
        applied += len(part.messages)
        if progress is not None:
            progress(applied, len(messages))
    return total


def _split(batch: Batch, threader: _Threader, messages: list[Message], size: int) -> list[Batch]:
    """Each new conversation (and its new customer) travels with its first message; the
    connector's own records go first; the cursor, edits and removals go last."""
    created = {c.id: c for c in threader.new_conversations}
    customers = {c.id: c for c in threader.new_customers.values()}
    parts: list[Batch] = []
    for start in range(0, max(len(messages), 1), size):
        chunk = tuple(messages[start : start + size])
        starting = [created.pop(m.conversation_id) for m in chunk if m.conversation_id in created]
        people = [customers.pop(c.customer_id) for c in starting if c.customer_id in customers]
        first = not parts
        parts.append(
            Batch(
                batch.account,
                customers=(*(batch.customers if first else ()), *people),
                messages=chunk,
                conversations=(*(batch.conversations if first else ()), *starting),
                cursor_key=batch.cursor_key,
            )
        )
    parts[-1] = replace(
        parts[-1],
        cursor=batch.cursor,
        removed_message_ids=batch.removed_message_ids,
        edits=batch.edits,
    )
    return parts


def customer_id_for(address: str) -> str:
    """Deterministic, so rebuilding the cache gives a customer the same id."""
    return "cust-" + hashlib.sha256(address.casefold().encode("utf-8", "replace")).hexdigest()[:16]


@dataclass
class _Threader:
    store: Store
    batch: Batch
    ours: frozenset[str]
    guess_language: LanguageGuess | None = None
    index: ThreadIndex = field(default_factory=ThreadIndex)
    new_customers: dict[str, Customer] = field(default_factory=dict)
    """By lower-cased address."""
    new_conversations: list[Conversation] = field(default_factory=list)
    stored_threads: dict[str, str] = field(default_factory=dict)
    """What the store knew before this batch: message id -> conversation id, ..."""
    stored_customers: dict[str, Customer] = field(default_factory=dict)
    """... lower-cased address -> customer, and the subjects of those customers' threads."""
    stored_subjects: SubjectIndex = field(default_factory=SubjectIndex)

    async def prefetch(self, messages: list[Message]) -> None:
        """Everything thread() may ask the store, in a few queries for the whole batch.
        Nothing is written until threading is done, so answers asked up front are the same."""
        mail = [
            self._with_direction(m)
            for m in messages
            if m.channel is Channel.EMAIL and not m.conversation_id
        ]
        if not mail:
            return
        addresses = {address for m in mail if (address := self._customer_address(m))}
        self.stored_threads = await self.store.conversations_for_message_ids(
            {mid for m in mail for mid in reference_ids(m)}
        )
        self.stored_customers = await self.store.customers_for_addresses(addresses)
        # The subject fallback is for replies whose references lead nowhere in the cache.
        replies = [
            m for m in mail
            if is_reply(m) and not any(ref in self.stored_threads for ref in reference_ids(m))
        ]  # fmt: skip
        self.stored_subjects = await self.store.subject_index(
            {(self._customer_address(m), normalize_subject(m.subject)) for m in replies}
        )

    def thread(self, message: Message) -> Message:
        """The message with its conversation set (mail not yet threaded) or as it came."""
        if message.channel is not Channel.EMAIL or message.conversation_id:
            return message
        message = self._with_direction(message)
        address = self._customer_address(message)
        conversation_id = (
            self._by_reference(message)
            or self._by_subject(message, address)
            or self._start_conversation(message, address)
        )
        self.index.remember(message, address, conversation_id)
        return message.copy_with(conversation_id=conversation_id)

    def _with_direction(self, message: Message) -> Message:
        """Mail from one of our own addresses is ours, whichever folder it was found in."""
        if (
            message.direction is Direction.INCOMING
            and message.author_address.casefold() in self.ours
        ):
            return message.copy_with(direction=Direction.OUTGOING)
        return message

    def _customer_address(self, message: Message) -> str:
        if message.direction is Direction.INCOMING:
            return message.author_address.strip()
        for address in message.to:
            if address.strip() and address.casefold() not in self.ours:
                return address.strip()
        return ""

    def _by_reference(self, message: Message) -> str | None:
        found = self.index.by_reference(message)
        if found:
            return found
        stored = (self.stored_threads.get(mid) for mid in reference_ids(message))
        return next((conversation for conversation in stored if conversation), None)

    def _by_subject(self, message: Message, address: str) -> str | None:
        found = self.index.by_subject_and_address(message, address)
        key = normalize_subject(message.subject)
        if found or not key or not address or not is_reply(message):
            return found
        since = message.sent_at - SUBJECT_WINDOW
        return self.stored_subjects.conversation_for(key, address, since)

    def _start_conversation(self, message: Message, address: str) -> str:
        language = self.guess_language(message.body_text) if self.guess_language else None
        customer = self._customer(message, address, language)
        conversation = Conversation(
            id=new_conversation_id(message.id),
            channel=Channel.EMAIL,
            customer_id=customer.id,
            subject=message.subject,
            language=language,
            account=message.account or self.batch.account,
        )
        self.new_conversations.append(conversation)
        return conversation.id

    def _customer(self, message: Message, address: str, language: str | None) -> Customer:
        key = address.casefold()
        known = self.new_customers.get(key) or _in_batch(self.batch, key)
        if known is None and address:
            known = self.stored_customers.get(key)
        if known is not None:
            return known
        name = message.author_name.strip() if message.direction is Direction.INCOMING else ""
        first, last = split_name(name)
        created = Customer(
            id=customer_id_for(address) if address else "cust-unknown",
            display_name=name or address or "(unknown recipient)",
            first_name=first,
            last_name=last,
            emails=(address,) if address else (),
            language=language,
        )
        self.new_customers[key] = created
        return created


def _in_batch(batch: Batch, address_key: str) -> Customer | None:
    for customer in batch.customers:
        if any(email.casefold() == address_key for email in customer.emails):
            return customer
    return None
