"""The whole demo, composed in memory from stories, plans and a clock. Pure and deterministic.

Every random choice comes from a `random.Random` seeded with the story's key, so a given `now`
always gives the same bytes, ids and times, whatever order the stories are composed in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from ..domain.models import Batch, Channel, Conversation, Customer, Message, Script
from . import chat, hostile
from .mailthreads import RawMail, compose
from .people import PEOPLE, Person
from .scenarios import CHAT_PLANS, EMAIL_PLANS, Plan
from .stories import PACKS, chat_stories, email_stories, latin_serbian
from .story import ChatStory, EmailStory, LanguagePack


@dataclass(frozen=True)
class Triage:
    """What agents did to one conversation after its messages arrived."""

    key: str
    channel: Channel
    plan: Plan
    last_message_at: datetime
    language: str
    person: Person | None = None
    """The customer, for mail: the sync only knows their address and name."""
    first_id: str = ""
    """Chat: the room id. Mail: filled in once the first mail is parsed."""


@dataclass(frozen=True)
class DemoContent:
    chat: Batch
    mails: tuple[RawMail, ...]
    """Every mail, oldest first."""
    triage: tuple[Triage, ...]


def compose_demo(now: datetime) -> DemoContent:
    chat_batch, chat_triage = _compose_chat(now)
    mails, mail_triage = _compose_mail(now)
    return DemoContent(chat_batch, mails, (*chat_triage, *mail_triage))


def _compose_chat(now: datetime) -> tuple[Batch, list[Triage]]:
    mail_people = {story.person for pack in PACKS.values() for story in pack.emails}
    customers: dict[str, Customer] = {}
    rooms: list[Conversation] = []
    messages: list[Message] = []
    triage: list[Triage] = []
    for plan in CHAT_PLANS:
        story, person, rng = _chat_story(plan.story)
        times = _times(rng, [who for who, _ in story.lines], now, plan.quiet, chat=True)
        who, room, events = chat.room(
            story, plan, person, times, rng, with_email=person.key in mail_people
        )
        customers[who.id] = who
        rooms.append(room)
        messages += events
        triage.append(
            Triage(plan.story, Channel.CHAT, plan, times[-1], person.language, first_id=room.id)
        )
    batch = Batch(
        account=chat.ACCOUNT,
        customers=tuple(customers.values()),
        conversations=tuple(rooms),
        messages=tuple(messages),
        cursor="demo",
    )
    return batch, triage


def _compose_mail(now: datetime) -> tuple[tuple[RawMail, ...], list[Triage]]:
    """Every mail, oldest first, and what the agents did to each thread."""
    mails: list[tuple[datetime, RawMail]] = []
    triage: list[Triage] = []
    for plan in EMAIL_PLANS:
        story, person, pack, rng, order = _email_story(plan.story)
        count = len(story.turns) if plan.turns is None else plan.turns
        speakers = ["c" if i % 2 == 0 else "a" for i in range(count)]
        times = _times(rng, speakers, now, plan.quiet, chat=False)
        mails += zip(times, compose(story, plan, person, pack, order, times), strict=True)
        triage.append(Triage(plan.story, Channel.EMAIL, plan, times[-1], person.language, person))
    for key, builder, minutes, status, language in hostile.HOSTILE:
        when = now - timedelta(minutes=minutes)
        mails.append((when, RawMail("INBOX", f"hostile.{key}", builder(when))))
        triage.append(
            Triage(f"hostile.{key}", Channel.EMAIL, Plan(key, status=status), when, language)
        )
    ordered = tuple(mail for _, mail in sorted(mails, key=lambda pair: pair[0]))
    return ordered, triage


def pack_for(person: Person) -> LanguagePack:
    pack = PACKS[person.language]
    return latin_serbian(pack) if person.script is Script.LATIN else pack


def _email_story(key: str) -> tuple[EmailStory, Person, LanguagePack, random.Random, str]:
    person = PEOPLE[_find(key).person]
    pack = pack_for(person)
    story = next(s for s in pack.emails if s.key == key)
    rng = random.Random(f"demo:{key}")
    return story, person, pack, rng, order_number(rng)


def _chat_story(key: str) -> tuple[ChatStory, Person, random.Random]:
    person = PEOPLE[_find(key).person]
    story = next(s for s in pack_for(person).chats if s.key == key)
    rng = random.Random(f"demo:{key}")
    order = order_number(rng)
    lines = tuple((who, text.replace("{order}", order)) for who, text in story.lines)
    return replace(story, lines=lines), person, rng


def _find(key: str) -> EmailStory | ChatStory:
    stories: list[EmailStory | ChatStory] = [*email_stories(), *chat_stories()]
    for story in stories:
        if story.key == key:
            return story
    raise KeyError(f"no demo story {key!r}")


def order_number(rng: random.Random) -> str:
    return f"{rng.randint(2_400_000, 2_499_999)}"


def _times(
    rng: random.Random, speakers: list[str], now: datetime, quiet: int, *, chat: bool
) -> list[datetime]:
    """Send times, oldest first: the last `quiet` minutes ago, the others spaced before it."""
    when = now - timedelta(minutes=quiet, seconds=rng.randint(0, 59))
    if speakers[-1] == "a" and not chat:
        when = _office_hours(when)
    times = [when]
    for later, earlier in zip(reversed(speakers[1:]), reversed(speakers[:-1]), strict=True):
        if chat:
            gap = rng.randint(15, 300) if later == earlier else rng.randint(40, 900)
        elif later == "a":
            gap = rng.randint(25 * 60, 9 * 3600)  # our answer
        else:
            gap = rng.randint(40 * 60, 20 * 3600)  # the customer's next mail
        when -= timedelta(seconds=gap)
        if earlier == "a" and not chat:
            when = _office_hours(when)
        times.append(when)
    return times[::-1]


def _office_hours(when: datetime) -> datetime:
    """Our mails go out 8:00-17:00 in Prague (07-16 UTC in winter): moved earlier if needed."""
    late_hour = 15 - when.hour % 4  # spread over the afternoon, not all at 15:xx
    if when.hour >= 16:
        return when.replace(hour=late_hour)
    if when.hour < 7:
        return (when - timedelta(days=1)).replace(hour=late_hour)
    return when


def snooze_until(kind: str, now: datetime) -> datetime:
    """'soon' wakes within the hour; 'tomorrow' at 8 o'clock in Prague (07:00 UTC in winter)."""
    if kind == "soon":
        return now + timedelta(minutes=20)
    return (now + timedelta(days=1)).replace(hour=7, minute=0, second=0, microsecond=0)


def story_orders() -> list[tuple[str, str]]:
    """(order number, customer e-mail) of every demo story, as the stories write them."""
    found = []
    for story in email_stories():
        _, person, _, _, number = _email_story(story.key)
        found.append((number, person.email))
    for chat_story in chat_stories():
        person = PEOPLE[_find(chat_story.key).person]
        found.append((order_number(random.Random(f"demo:{chat_story.key}")), person.email))
    return found
