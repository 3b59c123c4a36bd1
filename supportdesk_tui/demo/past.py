"""The demo's past: a few hundred conversations resolved over the last eight weeks, so the
reports and the review of past threads have something real to show.

The texts are the hand-written stories again (`past_templates`), cut at different points, for
customers who could have written them, with new order numbers. Some were reopened (the story
goes on after it was resolved), some customers came back within the week, and a few replies
open with a greeting the check flags. Pure and deterministic for a given `now`.
"""

from __future__ import annotations

import random
import string
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from ..domain.metrics import StatusChange
from ..domain.models import Batch, Channel, Conversation, Direction, Message, Status
from ..domain.threads import new_conversation_id
from . import past_clock as clock
from .chat import subject_from
from .content import order_number, pack_for
from .mailbuilder import quote
from .mailthreads import agent_body, customer_body, quote_date, reply_subject
from .past_templates import Template, templates
from .people import AGENTS, PEOPLE, SUPPORT_ADDRESS, Person

MAIL_ACCOUNT, CHAT_ACCOUNT = "demo-mail", "demo-chat"
COUNT = 230
DAYS = 56
LATEST = timedelta(hours=3)
"""Everything in the past happened at least this long before now."""
CHAT_SHARE, REOPEN_SHARE, REPEAT_SHARE, UNASSIGNED_SHARE = 0.4, 0.35, 0.12, 0.1
"""REOPEN_SHARE: of the stories that go on after an answer (most end with the first one)."""

MISTAKES: dict[str, str] = {
    "petr_vondracek": "Dobrý den, pane Vondráček,",
    "jana_kubelkova": "Dobrý den, pane Kubelková,",
    "zuzana_kovacova": "Dobrý deň, pán Kováčová,",
    "jadwiga_nowak": "Dzień dobry, Pani Jadwiga,",
    "myron_shevchenko": "Добрий день, пане Мирон!",
    "radovan_jovanovic": "Поштовани господине Јовановић,",
    "ana_kovacevic": "Poštovani gospodine Kovačević,",
    "siobhan_oconnor": "Dear Mr O'Connor,",
}
"""Customers whose first past mail was answered with a greeting of the wrong case or gender."""

TAGS = {"complaint": "damaged", "delay": "courier", "return": "return", "refund": "refund",
        "wrong_item": "wrong-item", "invoice": "invoice"}  # fmt: skip


@dataclass(frozen=True)
class PastCustomer:
    """A demo customer as the store knows them after the present was loaded."""

    id: str
    email: bool
    """Known by their e-mail address."""
    chat_address: str | None = None


@dataclass(frozen=True)
class PastContent:
    mail: Batch
    chat: Batch
    history: tuple[StatusChange, ...]
    """The whole status history of every past conversation."""
    planted: tuple[tuple[str, str], ...]
    """(conversation id, the wrong greeting) of the replies the check should flag."""


@dataclass
class _Told:
    """One past conversation being told."""

    template: Template
    person: Person
    start: datetime
    times: list[datetime] = field(default_factory=list)
    history: list[StatusChange] = field(default_factory=list)


def compose_past(now: datetime, customers: Mapping[str, PastCustomer]) -> PastContent:
    rng = random.Random("demo:past")
    fitting = [_fit(t, customers) for t in templates()]
    usable = [t for t in fitting if t.people]
    told: list[_Told] = []
    for key in MISTAKES:
        template = next(t for t in usable if t.channel is Channel.EMAIL and PEOPLE[key] in t.people)
        told.append(_tell(rng, template, PEOPLE[key], clock.first_message(rng, now, DAYS), now))
    weights = _weights(usable)
    while len(told) < COUNT:
        if rng.random() < REPEAT_SHARE:
            again = _repeat(rng, rng.choice(told), usable, now)
            if again is not None:
                told.append(again)
            continue
        template = rng.choices(usable, weights)[0]
        start = clock.first_message(rng, now, DAYS)
        told.append(_tell(rng, template, rng.choice(template.people), start, now))
    return _content(rng, told, customers)


def _fit(template: Template, customers: Mapping[str, PastCustomer]) -> Template:
    """Only customers the store knows on this channel."""
    chat = template.channel is Channel.CHAT
    people = tuple(
        p for p in template.people
        if p.key in customers
        and (customers[p.key].chat_address is not None if chat else customers[p.key].email)
    )  # fmt: skip
    return replace(template, people=people)


def _weights(usable: list[Template]) -> list[float]:
    """Every language as busy as the next, on each channel; chat a share of it all."""
    alike = Counter((t.channel, t.people[0].language) for t in usable)
    share = {Channel.CHAT: CHAT_SHARE, Channel.EMAIL: 1 - CHAT_SHARE}
    return [share[t.channel] / alike[(t.channel, t.people[0].language)] for t in usable]


def _repeat(
    rng: random.Random, earlier: _Told, usable: list[Template], now: datetime
) -> _Told | None:
    """The same customer again within the week after their conversation was resolved."""
    choices = [t for t in usable if earlier.person in t.people]
    day = earlier.history[-1].at.astimezone(clock.PRAGUE).date() + timedelta(rng.randint(1, 6))
    start = clock.customer_hour(rng, day)
    again = _tell(rng, rng.choice(choices), earlier.person, start, now, shift=False)
    return (
        again if again.history[-1].at <= now - LATEST and start > earlier.history[-1].at else None
    )


def _tell(
    rng: random.Random, template: Template, person: Person, start: datetime, now: datetime,
    *, shift: bool = True,
) -> _Told:  # fmt: skip
    """Times of each line and the status history; moved back by weeks if it ran into now."""
    ends = template.ends
    reopen_at: int | None = None
    if len(ends) > 1 and rng.random() < REOPEN_SHARE:
        # resolved too early: the story goes on, up to the agent's next answer
        reopen_at = rng.choice(ends[:-1])
        end = ends[ends.index(reopen_at) + 1]
    else:  # longer conversations a little more often than short ones
        end = ends[max(rng.randrange(len(ends)), rng.randrange(len(ends)))]
    told = _Told(template, person, start)
    _play(rng, told, end, reopen_at)
    while shift and told.history[-1].at > now - LATEST:
        week = timedelta(days=7)
        told.times = [t - week for t in told.times]
        told.history = [replace(c, at=c.at - week) for c in told.history]
    return told


def _play(rng: random.Random, told: _Told, end: int, reopen_at: int | None) -> None:
    chat = told.template.channel is Channel.CHAT
    lines = told.template.lines[:end]
    when, status = told.start, Status.OPEN
    told.times, told.history = [when], [StatusChange("", Status.OPEN, when)]
    for index in range(1, len(lines)):
        speaker, before = lines[index][0], lines[index - 1][0]
        if index == reopen_at:
            closed = clock.resolved(rng, when, chat=chat)
            told.history.append(StatusChange("", Status.RESOLVED, closed))
            when, status = clock.customer_again(rng, closed, chat=False), Status.RESOLVED
        elif speaker == before:
            when = clock.same_speaker(rng, when)
        elif speaker == "a":
            when = clock.answered(rng, when, chat=chat)
        else:
            when = clock.customer_again(rng, when, chat=chat)
        told.times.append(when)
        wanted = Status.PENDING if speaker == "a" else Status.OPEN
        if wanted is not status:
            told.history.append(StatusChange("", wanted, when))
            status = wanted
    told.history.append(StatusChange("", Status.RESOLVED, clock.resolved(rng, when, chat=chat)))


def _content(
    rng: random.Random, told: list[_Told], customers: Mapping[str, PastCustomer]
) -> PastContent:
    conversations: dict[Channel, list[Conversation]] = {Channel.EMAIL: [], Channel.CHAT: []}
    messages: dict[Channel, list[Message]] = {Channel.EMAIL: [], Channel.CHAT: []}
    history: list[StatusChange] = []
    planted: list[tuple[str, str]] = []
    wrong = dict(MISTAKES)
    for number, item in enumerate(told):
        customer = customers[item.person.key]
        order = order_number(rng)
        greeting = (
            wrong.pop(item.person.key, None) if item.template.channel is Channel.EMAIL else None
        )
        if item.template.channel is Channel.EMAIL:
            found = _mails(item, number, order, greeting)
        else:
            found = _chat_lines(rng, item, order, customer)
        conversation = _conversation(rng, item, found[0], customer)
        conversations[item.template.channel].append(conversation)
        messages[item.template.channel] += found
        history += [replace(c, conversation_id=conversation.id) for c in item.history]
        if greeting is not None:
            planted.append((conversation.id, greeting))
    return PastContent(
        mail=Batch(MAIL_ACCOUNT, messages=tuple(messages[Channel.EMAIL]),
                   conversations=tuple(conversations[Channel.EMAIL])),
        chat=Batch(CHAT_ACCOUNT, messages=tuple(messages[Channel.CHAT]),
                   conversations=tuple(conversations[Channel.CHAT])),
        history=tuple(history), planted=tuple(planted),
    )  # fmt: skip


def _conversation(
    rng: random.Random, item: _Told, first: Message, customer: PastCustomer
) -> Conversation:
    template, chat = item.template, item.template.channel is Channel.CHAT
    tags = [TAGS[template.kind]] if template.kind in TAGS else []
    if rng.random() < 0.05:
        tags.append("vip")
    address = customer.chat_address or ""
    return Conversation(
        id=first.conversation_id,
        channel=template.channel,
        customer_id=customer.id,
        subject=first.subject if not chat else subject_from(first.body_text),
        status=Status.RESOLVED,
        assignee=None if rng.random() < UNASSIGNED_SHARE else template.agent,
        tags=tuple(tags),
        language=item.person.language,
        account=CHAT_ACCOUNT if chat else MAIL_ACCOUNT,
        network=next((n for n in ("whatsapp", "telegram") if address.startswith(f"@{n}_")),
                     None) if chat else None,
    )  # fmt: skip


def _mails(item: _Told, number: int, order: str, greeting: str | None) -> list[Message]:
    """The mails both sides sent, each quoting the one before, as in `mailthreads`."""
    person, template = item.person, item.template
    pack, agent = pack_for(person), AGENTS[template.agent]
    shop = (f"{agent.first_name} | shop.example", SUPPORT_ADDRESS)
    subject = template.subject.replace("{order}", order)
    found: list[Message] = []
    previous: tuple[str, tuple[str, str], datetime] | None = None
    for index, ((speaker, text), when) in enumerate(zip(template.lines, item.times, strict=False)):
        ours, text = speaker == "a", text.replace("{order}", order)
        writer = replace(person, greeting=greeting) if greeting and index == 1 else person
        body = agent_body(text, writer, pack, agent.id) if ours else customer_body(text, person)
        if previous is not None:
            name = f"{previous[1][0]} <{previous[1][1]}>"
            header = pack.quote_header.format(date=quote_date(pack.code, previous[2]), name=name)
            body += f"\n\n{header}\n{quote(previous[0])}"
        sender = shop if ours else (person.name, person.email)
        domain = "shop.example" if ours else person.mailbox
        message_id = f"{template.key}.past{number}.{index}.{order}@{domain}"
        conversation_id = found[0].conversation_id if found else new_conversation_id(message_id)
        found.append(Message(
            id=message_id, conversation_id=conversation_id, channel=Channel.EMAIL,
            direction=Direction.OUTGOING if ours else Direction.INCOMING,
            author_name=sender[0], author_address=sender[1], sent_at=when,
            subject=reply_subject(subject, index, pack), body_text=body, read=True,
            in_reply_to=found[-1].id if found else None,
            references=tuple(m.id for m in found), account=MAIL_ACCOUNT,
            folder="Sent" if ours else "INBOX", to=(person.email,) if ours else (SUPPORT_ADDRESS,),
        ))  # fmt: skip
        previous = (body, sender, when)
    return found


def _chat_lines(
    rng: random.Random, item: _Told, order: str, customer: PastCustomer
) -> list[Message]:
    agent = AGENTS[item.template.agent]
    room = "!" + "".join(rng.choices(string.ascii_letters, k=18)) + ":shop.example"
    found = []
    for (speaker, text), when in zip(item.template.lines, item.times, strict=False):
        ours = speaker == "a"
        found.append(Message(
            id="$" + "".join(rng.choices(string.ascii_letters + string.digits, k=43)),
            conversation_id=room, channel=Channel.CHAT,
            direction=Direction.OUTGOING if ours else Direction.INCOMING,
            author_name=agent.first_name if ours else item.person.name,
            author_address=agent.chat_id if ours else customer.chat_address or "",
            sent_at=when, body_text=text.replace("{order}", order), read=True,
            account=CHAT_ACCOUNT,
        ))  # fmt: skip
    return found
