"""Demo chat rooms as a chat connector would deliver them: rooms, people, events."""

from __future__ import annotations

import random
import string
from datetime import datetime

from ..domain.models import Channel, Conversation, Customer, Direction, Message
from .people import AGENTS, CHAT_SERVER, Person
from .scenarios import Plan
from .story import ChatStory

ACCOUNT = "demo-chat"


def chat_id(person: Person, network: str | None, rng: random.Random) -> str:
    """A Matrix user id; bridged users carry the network and their phone or user number."""
    if network == "whatsapp":
        return f"@whatsapp_{rng.randint(420_600_000_000, 420_799_999_999)}:{CHAT_SERVER}"
    if network == "telegram":
        return f"@telegram_{rng.randint(10_000_000, 999_999_999)}:{CHAT_SERVER}"
    return f"@{person.key.replace('_', '.')}:{CHAT_SERVER}"


def customer(person: Person, address: str, with_email: bool) -> Customer:
    return Customer(
        id=f"demo-{person.key}",
        display_name=person.name,
        first_name=person.first_name,
        last_name=person.last_name,
        emails=(person.email,) if with_email else (),
        chat_ids=(address,),
        language=person.language,
        script=person.script,
        gender=person.gender,
        formality=person.formality,
    )


def room(
    story: ChatStory,
    plan: Plan,
    person: Person,
    times: list[datetime],
    rng: random.Random,
    *,
    with_email: bool = False,
) -> tuple[Customer, Conversation, tuple[Message, ...]]:
    """One room: its customer, its conversation record, and one event per chat line."""
    address = chat_id(person, plan.network, rng)
    who = customer(person, address, with_email)
    room_id = "!" + "".join(rng.choices(string.ascii_letters, k=18)) + f":{CHAT_SERVER}"
    agent = AGENTS[story.agent]
    messages = []
    for (speaker, line), sent_at in zip(story.lines, times, strict=True):
        ours = speaker == "a"
        messages.append(
            Message(
                id="$" + "".join(rng.choices(string.ascii_letters + string.digits, k=43)),
                conversation_id=room_id,
                channel=Channel.CHAT,
                direction=Direction.OUTGOING if ours else Direction.INCOMING,
                author_name=agent.first_name if ours else person.name,
                author_address=agent.chat_id if ours else address,
                sent_at=sent_at,
                body_text=line,
                read=ours,
                account=ACCOUNT,
            )
        )
    conversation = Conversation(
        id=room_id,
        channel=Channel.CHAT,
        customer_id=who.id,
        subject=_room_subject(story),
        language=person.language,
        account=ACCOUNT,
        network=plan.network,
    )
    return who, conversation, tuple(messages)


def _room_subject(story: ChatStory) -> str:
    return subject_from(next(line for speaker, line in story.lines if speaker == "c"))


def subject_from(first: str) -> str:
    """Chat has no subjects: the queue shows the customer's first words instead."""
    return first if len(first) <= 60 else first[:59].rstrip() + "…"
