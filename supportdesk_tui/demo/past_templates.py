"""The stories the demo's past is told with, and who could have written each one.

A mail story fits any customer with the same language, gender, formality and script (and
company or not) as its own customer, unless its text names its customer. Chat lines carry the
agent's greeting with the name, so a chat story stays with its own customer.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.models import Channel
from .content import pack_for
from .people import PEOPLE, Person
from .stories import PACKS
from .story import Speaker


@dataclass(frozen=True)
class Template:
    key: str
    """The story's key, e.g. 'cs.damaged'."""
    channel: Channel
    kind: str
    agent: str
    subject: str
    """Mail only; '{order}' is filled in."""
    lines: tuple[tuple[Speaker, str], ...]
    people: tuple[Person, ...]
    """Who could have written it, its own customer first."""

    @property
    def ends(self) -> tuple[int, ...]:
        """Where the conversation can stop: after each answer that ends the agent's turn."""
        speakers = [speaker for speaker, _ in self.lines]
        return tuple(
            index + 1
            for index, speaker in enumerate(speakers)
            if speaker == "a" and (index + 1 == len(speakers) or speakers[index + 1] == "c")
        )


def templates() -> list[Template]:
    """Every story with at least one answer, in a fixed order."""
    found: list[Template] = []
    for pack in PACKS.values():
        for story in pack.emails:
            own = PEOPLE[story.person]
            turns = pack_for(own).emails
            text = next(s for s in turns if s.key == story.key)
            speakers: tuple[Speaker, Speaker] = ("c", "a")
            lines = tuple((speakers[i % 2], t) for i, t in enumerate(text.turns))
            people = (own, *_alike(own, " ".join(text.turns)))
            subject = text.subject
            found.append(Template(story.key, Channel.EMAIL, story.kind, story.agent, subject,
                                  lines, people))  # fmt: skip
        for chat in pack.chats:
            own = PEOPLE[chat.person]
            lines = next(s for s in pack_for(own).chats if s.key == chat.key).lines
            found.append(Template(chat.key, Channel.CHAT, chat.kind, chat.agent, "", lines, (own,)))
    return [t for t in found if t.ends]


def _alike(own: Person, text: str) -> list[Person]:
    if _names(own, text):
        return []
    return [
        person
        for person in PEOPLE.values()
        if person.key != own.key and _kind_of(person) == _kind_of(own)
    ]


def _kind_of(person: Person) -> tuple[object, ...]:
    return (person.language, person.gender, person.formality, person.script,
            person.first_name is None)  # fmt: skip


def _names(person: Person, text: str) -> bool:
    """The text mentions the customer's name (its first four letters will do: cases)."""
    names = [n for n in (person.first_name, person.last_name) if n and len(n) >= 3]
    names += [word for word in person.display_name.split() if len(word) >= 4]
    folded = text.casefold()
    return any(name[:4].casefold() in folded for name in names)
