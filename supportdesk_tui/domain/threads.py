"""Which conversation a mail belongs to, and names for new customers. Pure.

A mail joins the conversation of any message it refers to (its own Message-ID, In-Reply-To,
References). Failing that, a reply (a reply marker in its subject, or references to mail
not in the cache: a client that dropped or mangled the headers) joins a recent conversation
of the same customer with the same normalised subject. Anything else starts a new
conversation: a customer who writes "Objednávka" again next week has a new question, and
joining it to the old thread would bury it there.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache

from .models import Message

SUBJECT_WINDOW = timedelta(days=30)
"""A same-subject mail joins a conversation only if that one was active this recently."""

# Reply and forward markers in the languages our customers' mail programs use, with an optional
# counter ("Re[2]:", "Re(3):"). Each needs its colon, so ordinary words are never eaten.
_REPLY_MARKERS = r"re|aw|odp|odg|sv|vs|ynt|отв|ответ|от|отг|одг|вд|відп|відповідь"
_FORWARD_MARKERS = r"fw|fwd|wg|pd|tr|rv|enc|пр|перес|пересл"
_COUNTER_AND_COLON = r"\s*(?:\[\d+\]|\(\d+\))?\s*[:：]\s*"
_PREFIX = re.compile(
    rf"^\s*(?:{_REPLY_MARKERS}|{_FORWARD_MARKERS}){_COUNTER_AND_COLON}", re.IGNORECASE
)
_REPLY_PREFIX = re.compile(rf"^\s*(?:{_REPLY_MARKERS}){_COUNTER_AND_COLON}", re.IGNORECASE)
_BRACKET_TAG = re.compile(r"\[[^\[\]]{0,40}\]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def normalize_subject(subject: str) -> str:
    """The subject without reply markers, [ticket] tags, case and extra whitespace.

    Cached: threading asks it several times per mail, and a thread's mails share a subject."""
    text = _BRACKET_TAG.sub(" ", subject)
    while True:
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text:
            break
        text = _BRACKET_TAG.sub(" ", stripped)
    return _SPACES.sub(" ", text).strip().casefold()


def is_reply(message: Message) -> bool:
    """Refers to earlier mail: by its headers, or by a reply or forward marker in the subject."""
    if (message.in_reply_to or "").strip() or any(ref.strip() for ref in message.references):
        return True
    return _PREFIX.match(_BRACKET_TAG.sub(" ", message.subject)) is not None


def has_reply_marker(subject: str) -> bool:
    """Starts with a reply marker ("Re:", "AW:", "Odp:", "Отв:"...), [tags] aside; a forward
    marker alone ("Fwd:") does not count: a reply to it is "Re: Fwd: ..."."""
    return _REPLY_PREFIX.match(_BRACKET_TAG.sub(" ", subject)) is not None


def reference_ids(message: Message) -> tuple[str, ...]:
    """Ids that tie a mail to earlier ones: its own, In-Reply-To, References newest first."""
    ids = [message.id, message.in_reply_to or "", *reversed(message.references)]
    seen: dict[str, None] = {}
    for raw in ids:
        cleaned = raw.strip()
        if cleaned:
            seen.setdefault(cleaned, None)
    return tuple(seen)


def new_conversation_id(first_message_id: str) -> str:
    """Deterministic, so a rebuilt cache gives each thread the same id again."""
    digest = hashlib.sha256(first_message_id.strip().encode("utf-8", "replace")).hexdigest()
    return "mail-" + digest[:16]


@dataclass
class ThreadIndex:
    """What one batch has threaded so far, so later mails in it find earlier ones."""

    by_message_id: dict[str, str] = field(default_factory=dict)
    by_subject: dict[tuple[str, str], tuple[str, datetime]] = field(default_factory=dict)

    def by_reference(self, message: Message) -> str | None:
        for ref in reference_ids(message):
            if ref in self.by_message_id:
                return self.by_message_id[ref]
        return None

    def by_subject_and_address(self, message: Message, address: str) -> str | None:
        key = normalize_subject(message.subject)
        if not key or not address or not is_reply(message):
            return None
        found = self.by_subject.get((key, address.casefold()))
        if found is None or message.sent_at - found[1] > SUBJECT_WINDOW:
            return None
        return found[0]

    def remember(self, message: Message, address: str, conversation_id: str) -> None:
        self.by_message_id[message.id.strip()] = conversation_id
        key = normalize_subject(message.subject)
        if key and address:
            previous = self.by_subject.get((key, address.casefold()))
            if previous is None or previous[1] <= message.sent_at:
                self.by_subject[(key, address.casefold())] = (conversation_id, message.sent_at)


# Names, for a customer seen for the first time. "Jan Vondráček" and "Vondráček Jan" are
# both common, so first/last are set only when something shows the order: a comma
# ("Vondráček, Jan"), a surname in capitals, a well-known given name, or a surname ending.

_TITLES = re.compile(
    r"\b(?:ing|mgr|bc|dr|phdr|mudr|judr|rndr|paeddr|doc|prof|ph\.?d|csc|dis|mba|msc|"
    r"mr|mrs|ms|pan|paní|pani|pán|g|gđa|gospod|gospa)\b\.?",
    re.IGNORECASE,
)
_GIVEN_NAMES = frozenset(
    """
    jan petr pavel jiří josef tomáš martin jaroslav miroslav zdeněk václav michal františek
    karel milan lukáš jakub david ondřej vladimír stanislav roman marek radek filip vojtěch
    matěj adam daniel ladislav jozef peter ján juraj marián štefan eva jana marie hana anna
    lenka kateřina věra lucie alena petra veronika martina tereza michaela zuzana mária
    katarína monika ivana helena markéta barbora kristýna klára eliška piotr krzysztof
    andrzej tomasz paweł michał marcin łukasz grzegorz mateusz wojciech kamil maciej rafał
    robert dariusz mariusz zbigniew jerzy tadeusz katarzyna małgorzata agnieszka barbara ewa
    magdalena joanna aleksandra zofia teresa beata natalia marko nikola stefan luka ivan
    dragan zoran goran nenad dejan miloš aleksandar jovan petar marija jelena milica snežana
    dragana maja tijana janez franc jože anton matej mojca nataša špela nina sara tina john
    james michael william mary patricia jennifer linda elizabeth sarah emma oliver george
    thomas александр сергей андрей алексей дмитрий иван михаил николай владимир евгений
    павел олег юрий игорь виктор максим анна елена ольга наталья татьяна ирина мария
    светлана екатерина юлия марина олександр сергій андрій олексій дмитро іван михайло
    микола володимир тарас богдан олена наталія тетяна ірина оксана георги георгий димитър
    петър стоян иванка десислава марко никола стефан лука милан драган зоран горан ненад
    дејан милош александар јован петар ана марија јелена милица ивана снежана маја
    """.split()  # noqa: SIM905
)
_SURNAME_ENDINGS = (
    "ová", "ský", "ská", "cký", "cká", "ski", "ska", "cki", "cka", "wicz", "czyk", "ić", "ič",
    "ов", "ова", "ев", "ева", "ёв", "ский", "ская", "енко", "чук", "ић", "ич",
)  # fmt: skip


def _is_given(word: str) -> bool:
    return word.casefold() in _GIVEN_NAMES


def _looks_like_surname(word: str) -> bool:
    return not _is_given(word) and word.casefold().endswith(_SURNAME_ENDINGS)


def _proper(word: str) -> str:
    """'NOVÁK' -> 'Novák'; names already in mixed case stay as written ('McDonald')."""
    return word.capitalize() if word.isupper() else word


def split_name(display_name: str) -> tuple[str | None, str | None]:
    """(first, last) when the order is clear, else (None, None): the display name stays."""
    text = re.sub(r"\([^)]*\)|<[^>]*>|\"|'", " ", display_name)
    text = _TITLES.sub(" ", text).strip(" ,.")
    if "@" in text:
        return None, None
    if "," in text:
        last, _, first = (part.strip(" .") for part in text.partition(","))
        if len(last.split()) == 1 and len(first.split()) == 1:
            return _proper(first), _proper(last)
        return None, None
    words = text.split()
    if len(words) != 2 or not all(w.replace("-", "").isalpha() for w in words):
        return None, None
    a, b = words
    for first, last in ((a, b), (b, a)):
        if last.isupper() and len(last) > 1 and not first.isupper():
            return _proper(first), _proper(last)
    if _is_given(a) != _is_given(b):
        return (_proper(a), _proper(b)) if _is_given(a) else (_proper(b), _proper(a))
    if _looks_like_surname(a) != _looks_like_surname(b):
        return (_proper(b), _proper(a)) if _looks_like_surname(a) else (_proper(a), _proper(b))
    return None, None
