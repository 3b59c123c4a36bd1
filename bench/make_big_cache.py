"""Write a big, realistic cache for the benchmarks, through Store.apply_batch.

    python bench/make_big_cache.py PATH [--messages 100000] [--conversations 20000]

Conversations in all ten languages, texts taken from the demo's hand-written stories with
variation (order numbers, greetings, quoted history), about a fifth of them chat, statuses,
assignees and tags spread as in a real desk, attachment metadata on some mails, and a few
50-message threads (conversations big-0 to big-4) so "open a 50-message thread" can be
measured. Conversations begin throughout the past year; agents answer after a delay of
minutes to days (median about 1.5 h), customers write back after hours to days. Each has the
status history the app would have recorded (through Store.import_status_history): pending
after each answer, or now and then resolved; open again when the customer writes (a reopening
after a resolution); its final status last. Deterministic for a seed.
Prints progress; takes about a minute for the defaults on two cores.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from supportdesk_tui.demo.people import AGENTS, PEOPLE, Person
from supportdesk_tui.demo.stories import PACKS
from supportdesk_tui.domain.metrics import StatusChange
from supportdesk_tui.domain.models import (
    LANGUAGES,
    Attachment,
    Batch,
    Channel,
    Conversation,
    Customer,
    Direction,
    Message,
    Status,
)  # fmt: skip
from supportdesk_tui.domain.queue import status_after_customer_message
from supportdesk_tui.store import Store

LONG_THREADS = 5
"""Conversations with 50 messages each."""
STATUSES = [Status.OPEN] * 9 + [Status.PENDING] * 3 + [Status.RESOLVED] * 7 + [Status.SNOOZED]
ASSIGNEES = ["eva", "eva", "tomas", "olga", None, None]
TAGS = ["refund", "vip", "courier", "damaged", "invoice", "return", "wrong-item"]
FILES = [("IMG_{n}.jpg", "image/jpeg"), ("faktura_{n}.pdf", "application/pdf"),
         ("screenshot_{n}.png", "image/png"), ("Reklamační protokol {n}.docx",
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]  # fmt: skip


Pending = tuple[dict[str, Customer], list[Conversation], list[Message], list[StatusChange]]
"""Customers, conversations, messages and status history of the batch being gathered."""


@dataclass(frozen=True)
class Plan:
    conversations: int
    messages: int
    now: datetime
    per_batch: int = 5000


def thread_lengths(rng: random.Random, plan: Plan) -> list[int]:
    """1 to 9 messages each, a few of 50, summing exactly to the message count."""
    lengths = [50] * LONG_THREADS + [1] * (plan.conversations - LONG_THREADS)
    left = plan.messages - sum(lengths)
    while left > 0:
        index = rng.randrange(LONG_THREADS, plan.conversations)
        if lengths[index] < 9:
            lengths[index] += 1
            left -= 1
    return lengths


def people_by_language() -> dict[str, list[Person]]:
    found: dict[str, list[Person]] = {code: [] for code in LANGUAGES}
    for person in PEOPLE.values():
        found[person.language].append(person)
    return found


def variant(rng: random.Random, people: list[Person], number: int) -> Customer:
    """A new customer in the same language: a first name and a surname of one gender mixed."""
    base = rng.choice(people)
    same = [p for p in people if p.gender == base.gender and p.first_name and p.last_name]
    first = rng.choice(same).first_name if same else base.first_name
    last = rng.choice(same).last_name if same else base.last_name
    name = " ".join(part for part in (first, last) if part) or base.name
    return Customer(
        id=f"big-{number}", display_name=name, first_name=first, last_name=last,
        emails=(f"{base.key.replace('_', '.')}.{number}@{base.mailbox}",),
        chat_ids=(f"@{base.key}.{number}:shop.example",), language=base.language,
        script=base.script, gender=base.gender, formality=base.formality,
    )  # fmt: skip


def texts(rng: random.Random, language: str) -> tuple[str, list[str], list[str]]:
    """Subject, customer turns and agent turns of one story of the language."""
    pack = PACKS[language]
    story = rng.choice(pack.emails)
    order = str(rng.randint(2_400_000, 2_499_999))
    turns = [turn.replace("{order}", order) for turn in story.turns]
    chat_lines = [text.replace("{order}", order) for s in pack.chats for _, text in s.lines]
    customer = turns[0::2] + chat_lines
    agent = turns[1::2] or chat_lines
    return story.subject.replace("{order}", order), customer, agent


def conversation_messages(
    rng: random.Random, conversation: Conversation, customer: Customer, length: int,
    language: str, start: datetime, plan: Plan,
) -> list[Message]:  # fmt: skip
    subject, customer_texts, agent_texts = texts(rng, language)
    pack = PACKS[language]
    agent = AGENTS[rng.choice(list(AGENTS))]
    messages: list[Message] = []
    when = start
    previous = ""
    for index in range(length):
        ours = index % 2 == 1
        body = rng.choice(agent_texts if ours else customer_texts)
        if ours:
            body = f"{body}\n\n{pack.agent_sign_off}\n{agent.first_name}\n-- \n{pack.team}"
        if previous and rng.random() < 0.4 and conversation.channel is Channel.EMAIL:
            body += "\n\n" + "\n".join("> " + line for line in previous.splitlines())
        when = when + _delay(rng, ours)
        when = min(_working_time(rng, when) if ours else when, plan.now)
        messages.append(
            Message(
                id=(
                    f"<big.{conversation.id}.{index}@mail.example>"
                    if conversation.channel is Channel.EMAIL
                    else f"$big{conversation.id}x{index}"
                ),
                conversation_id=conversation.id,
                channel=conversation.channel,
                direction=Direction.OUTGOING if ours else Direction.INCOMING,
                author_name=agent.first_name if ours else customer.display_name,
                author_address=("support@shop.example" if ours else customer.emails[0])
                if conversation.channel is Channel.EMAIL
                else (agent.chat_id if ours else customer.chat_ids[0]),
                sent_at=when,
                subject=("" if index == 0 else pack.reply_prefix) + subject
                if conversation.channel is Channel.EMAIL
                else "",
                body_text=body,
                attachments=_attachments(rng, index),
                read=ours or rng.random() < 0.7,
                account=conversation.account,
                folder="Sent" if ours else "INBOX",
            )  # fmt: skip
        )
        previous = body if len(body) < 2000 else ""
    return messages


def _delay(rng: random.Random, ours: bool) -> timedelta:
    """An agent answers after a median of about 90 minutes (a few minutes to 3 days); a
    customer writes back after a median of about 6 hours (10 minutes to 10 days)."""
    median, low, high = (90, 2, 3 * 24 * 60) if ours else (360, 10, 10 * 24 * 60)
    return timedelta(minutes=min(max(rng.lognormvariate(math.log(median), 1.2), low), high))


def _working_time(rng: random.Random, when: datetime) -> datetime:
    """Most answers are written in working hours (07:00-16:00 UTC, Monday to Friday): one
    due outside them is written soon after the next opening; a few are sent late anyway."""
    if (when.weekday() < 5 and 7 <= when.hour < 16) or rng.random() < 0.15:
        return when
    day = when.date() + timedelta(days=1 if when.hour >= 16 else 0)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    opening = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=7)
    return opening + timedelta(minutes=rng.randint(2, 150))


RESOLVED_AFTER_ANSWER = 0.08
"""How often an answer resolves the conversation (else it waits for the customer)."""


def status_history(
    rng: random.Random, conversation: Conversation, messages: list[Message], now: datetime
) -> list[StatusChange]:
    """What the app would have recorded: open at the first message; each answer leaves it
    pending or resolved; the customer writing again opens it; its final status last."""
    changes = [StatusChange(conversation.id, Status.OPEN, messages[0].sent_at)]
    for message in messages[1:]:
        current = changes[-1].status
        if message.direction is Direction.OUTGOING:
            new = Status.RESOLVED if rng.random() < RESOLVED_AFTER_ANSWER else Status.PENDING
        else:
            new = status_after_customer_message(current)
        if new is not current:
            changes.append(StatusChange(conversation.id, new, message.sent_at))
    if changes[-1].status is not conversation.status:
        later = messages[-1].sent_at + timedelta(minutes=rng.randint(1, 240))
        changes.append(StatusChange(conversation.id, conversation.status, min(later, now)))
    return changes


def _attachments(rng: random.Random, number: int) -> tuple[Attachment, ...]:
    if rng.random() > 0.08:
        return ()
    return tuple(
        Attachment(filename=name.format(n=rng.randint(1000, 9999)), content_type=kind,
                   size=rng.randint(20_000, 4_000_000))
        for name, kind in rng.sample(FILES, rng.randint(1, 2))
    )  # fmt: skip


def batches(plan: Plan, seed: int) -> Iterator[tuple[Batch, list[StatusChange]]]:
    """Batches of about per_batch messages, each with its conversations' status history."""
    rng = random.Random(seed)
    languages = people_by_language()
    customers: list[tuple[Customer, str]] = []
    pending: Pending = ({}, [], [], [])
    for number, length in enumerate(thread_lengths(rng, plan)):
        if customers and rng.random() < 0.25:  # a returning customer
            customer, language = rng.choice(customers)
        else:
            language = rng.choice(LANGUAGES)
            customer = variant(rng, languages[language], len(customers))
            customers.append((customer, language))
        chat = rng.random() < 0.2
        start = plan.now - timedelta(minutes=rng.randint(10, 365 * 24 * 60))
        status = rng.choice(STATUSES)
        conversation = Conversation(
            id=f"big-{number}", channel=Channel.CHAT if chat else Channel.EMAIL,
            customer_id=customer.id, subject="", status=status,
            assignee=rng.choice(ASSIGNEES), tags=tuple(rng.sample(TAGS, rng.choice((0, 0, 1, 2)))),
            snoozed_until=plan.now + timedelta(hours=rng.randint(1, 72))
            if status is Status.SNOOZED else None,
            language=language, account="big-chat" if chat else "big-mail",
            network=rng.choice(("whatsapp", "telegram", None)) if chat else None,
        )  # fmt: skip
        messages = conversation_messages(rng, conversation, customer, length, language, start, plan)
        subject = messages[0].subject if not chat else messages[0].body_text[:60]
        conversation = replace(conversation, subject=subject)
        pending[0][customer.id] = customer
        pending[1].append(conversation)
        pending[2].extend(messages)
        pending[3].extend(status_history(rng, conversation, messages, plan.now))
        if len(pending[2]) >= plan.per_batch:
            yield _batch(pending, number)
            pending = ({}, [], [], [])
    if pending[2]:
        yield _batch(pending, plan.conversations)


def _batch(pending: Pending, number: int) -> tuple[Batch, list[StatusChange]]:
    customers, conversations, messages, history = pending
    return Batch("big", tuple(customers.values()), tuple(messages), tuple(conversations),
                 cursor=str(number)), history  # fmt: skip


async def write(path: Path, plan: Plan, seed: int) -> None:
    store = await Store.open(path)
    began = time.perf_counter()
    written = 0
    try:
        for batch, history in batches(plan, seed):
            await store.apply_batch(batch)
            # The batch recorded each new conversation's final status at its first message.
            await store.import_status_history(history, replace=True)
            written += len(batch.messages)
            elapsed = time.perf_counter() - began
            print(
                f"\r{written:>7} / {plan.messages} messages  {elapsed:5.1f} s", end="", flush=True
            )
    finally:
        await store.close()
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--conversations", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    args = parser.parse_args()
    if (
        args.conversations < LONG_THREADS + 1
        or args.messages < 50 * LONG_THREADS + args.conversations
    ):
        parser.error(
            f"need at least {LONG_THREADS + 1} conversations and enough messages "
            f"for {LONG_THREADS} 50-message threads plus one per conversation"
        )
    if args.messages > 9 * args.conversations:
        parser.error("at most 9 messages per conversation on average")
    if args.path.exists():
        if not args.force:
            parser.error(f"{args.path} exists; pass --force to replace it")
        args.path.unlink()
    args.path.parent.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    began = time.perf_counter()
    asyncio.run(write(args.path, Plan(args.conversations, args.messages, now), args.seed))
    size = args.path.stat().st_size / 1024 / 1024
    print(f"wrote {args.path} ({size:.0f} MB) in {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
