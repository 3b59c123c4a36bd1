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
    new_conversation_id,
    normalize_subject,
    reference_ids,
    split_name,
)
from .store import ApplyResult, Store

log = logging.getLogger(__name__)

LanguageGuess = Callable[[str], str | None]
Progress = Callable[[int, int], None]


async def apply_fetched(
    store: Store,
    batch: Batch,
    *,
    our_addresses: frozenset[str] = frozenset(),
    guess_language: LanguageGuess | None = None,
    progress: Progress | None = None,
) -> ApplyResult:
    """Thread the batch's unthreaded mail (oldest first), then apply it in one transaction."""
    unthreaded = sorted(
        (m for m in batch.messages if m.channel is Channel.EMAIL and not m.conversation_id),
        key=lambda m: m.sent_at,
    )
    threader = _Threader(store, batch, frozenset(a.casefold() for a in our_addresses))
    threader.guess_language = guess_language
    placed: dict[str, Message] = {}
    for done, message in enumerate(unthreaded, start=1):
        placed[message.id] = await threader.place(message)
        if progress is not None:
            progress(done, len(unthreaded))
    if unthreaded:
        log.debug(
            "threaded %d mails, %d new conversations",
            len(unthreaded),
            len(threader.new_conversations),
        )
    ready = replace(
        batch,
        messages=tuple(placed.get(m.id, m) if not m.conversation_id else m for m in batch.messages),
        customers=(*batch.customers, *threader.new_customers.values()),
        conversations=(*batch.conversations, *threader.new_conversations),
    )
    return await store.apply_batch(ready)


def customer_id_for(address: str) -> str:
    """Deterministic, so rebuilding the cache gives a customer the same id."""
    return "cust-" + hashlib.sha256(address.casefold().encode("utf-8", "replace")).hexdigest()[:16]


def recipients(message: Message) -> tuple[str, ...]:
    # Message has no recipient field yet (asked for `to`); until then nothing is known.
    to: tuple[str, ...] = getattr(message, "to", ())
    return to


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

    async def place(self, message: Message) -> Message:
        message = self._with_direction(message)
        address = self._customer_address(message)
        conversation_id = (
            await self._by_reference(message)
            or await self._by_subject(message, address)
            or await self._start_conversation(message, address)
        )
        self.index.remember(message, address, conversation_id)
        return replace(message, conversation_id=conversation_id)

    def _with_direction(self, message: Message) -> Message:
        """Mail from one of our own addresses is ours, whichever folder it was found in."""
        if (
            message.direction is Direction.INCOMING
            and message.author_address.casefold() in self.ours
        ):
            return replace(message, direction=Direction.OUTGOING)
        return message

    def _customer_address(self, message: Message) -> str:
        if message.direction is Direction.INCOMING:
            return message.author_address.strip()
        for address in recipients(message):
            if address.strip() and address.casefold() not in self.ours:
                return address.strip()
        return ""

    async def _by_reference(self, message: Message) -> str | None:
        found = self.index.by_reference(message)
        return found or await self.store.conversation_for_message_ids(reference_ids(message))

    async def _by_subject(self, message: Message, address: str) -> str | None:
        found = self.index.by_subject_and_address(message, address)
        key = normalize_subject(message.subject)
        if found or not key or not address:
            return found
        since = message.sent_at - SUBJECT_WINDOW
        return await self.store.conversation_for_subject(key, address, since)

    async def _start_conversation(self, message: Message, address: str) -> str:
        language = self.guess_language(message.body_text) if self.guess_language else None
        customer = await self._customer(message, address, language)
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

    async def _customer(self, message: Message, address: str, language: str | None) -> Customer:
        key = address.casefold()
        known = self.new_customers.get(key) or _in_batch(self.batch, key)
        if known is None and address:
            known = await self.store.customer_for_address(address)
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
