"""Matrix events into our Messages, edits and removals; what a room's state says about it.

Everything here is untrusted JSON from the homeserver (and through bridges, from anyone): each
field is checked for its type, and an event that does not have the shape the spec gives is
skipped with a log line, never raised. Text is kept as text: a formatted (HTML) body goes
through htmltext, which fetches nothing; safetext cleans it for the terminal when shown.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..domain.models import Attachment, Channel, Customer, Direction, Edit, Message
from ..domain.threads import split_name

log = logging.getLogger(__name__)

Json = dict[str, Any]

BRIDGE_TYPES = ("m.bridge", "uk.half-shot.bridge")
"""MSC2346 bridge info: `content.protocol.id` names the network ("whatsapp", "telegram")."""
STATE_TYPES = ("m.room.member", "m.room.create", *BRIDGE_TYPES)
TIMELINE_TYPES = (
    "m.room.message", "m.room.redaction", "m.room.encrypted", "m.sticker", *STATE_TYPES,
)  # fmt: skip
MEDIA_TYPES = ("m.file", "m.image", "m.video", "m.audio")
NETWORK_NAMES = {"facebook": "messenger", "facebookgo": "messenger", "meta": "messenger"}
"""Bridge protocol ids that the queue knows under another name."""
ENCRYPTED_WARNING = (
    "end-to-end encrypted: supportdesk cannot read encrypted rooms "
    "(turn encryption off for support rooms, e.g. in the bridge's settings)"
)
MAX_FILENAME = 255
_REPLY_FALLBACK_HTML = re.compile(r"^\s*<mx-reply>.*?</mx-reply>", re.IGNORECASE | re.DOTALL)
_NETWORK_ID = re.compile(r"[^a-z0-9_.-]")


def customer_id_for(user_id: str) -> str:
    """As sync.customer_id_for: deterministic, so a rebuilt cache gives the same id."""
    return "cust-" + hashlib.sha256(user_id.casefold().encode("utf-8", "replace")).hexdigest()[:16]


def event_time(event: Json) -> datetime | None:
    ts = event.get("origin_server_ts")
    if not isinstance(ts, int) or isinstance(ts, bool) or not 0 < ts < 10**14:
        return None
    return datetime.fromtimestamp(ts / 1000, UTC)


def media_uri(raw: bytes | None) -> str | None:
    """The mxc:// address of a file message's content, from the event kept as its raw bytes."""
    if not raw:
        return None
    try:
        event = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    content = event.get("content") if isinstance(event, dict) else None
    url = content.get("url") if isinstance(content, dict) else None
    return url if isinstance(url, str) and url.startswith("mxc://") else None


def well_formed(event: Any) -> bool:
    """The fields every room event has (spec: ClientEvent), with their types."""
    return (
        isinstance(event, dict)
        and isinstance(event.get("type"), str)
        and isinstance(event.get("event_id"), str)
        and event["event_id"].startswith("$")
        and isinstance(event.get("sender"), str)
        and event["sender"].startswith("@")
        and isinstance(event.get("content"), dict)
        and event_time(event) is not None
    )


def network_of(content: Json) -> str | None:
    protocol = content.get("protocol")
    network = protocol.get("id") if isinstance(protocol, dict) else None
    if not isinstance(network, str) or not network.strip():
        return None
    network = _NETWORK_ID.sub("", network.strip().lower())[:32]
    return NETWORK_NAMES.get(network, network) or None


@dataclass
class Room:
    """What the connector knows of one room, from its state and the events seen so far."""

    id: str
    names: dict[str, str] = field(default_factory=dict)
    """user id -> display name, from m.room.member events."""
    members: dict[str, str] = field(default_factory=dict)
    """user id -> membership ("join", "invite", "leave", "ban")."""
    heroes: tuple[str, ...] = ()
    """The room summary's other members (lazy-loaded members: the server picks them)."""
    network: str | None = None
    bridgebot: str | None = None
    customer: str | None = None
    """The Matrix id chosen as this room's customer, once known."""
    asked_members: bool = False
    """The server was asked for the joined members (once is enough: state changes follow)."""

    def apply_state(self, event: Any) -> None:
        if not isinstance(event, dict) or not isinstance(event.get("content"), dict):
            return
        kind, key, content = event.get("type"), event.get("state_key"), event["content"]
        if kind == "m.room.member" and isinstance(key, str) and key.startswith("@"):
            membership = content.get("membership")
            if isinstance(membership, str):
                self.members[key] = membership
            name = content.get("displayname")
            if isinstance(name, str) and name.strip():
                self.names[key] = name.strip()[:200]
        elif kind in BRIDGE_TYPES:
            self.network = network_of(content) or self.network
            bot = content.get("bridgebot")
            if isinstance(bot, str) and bot.startswith("@"):
                self.bridgebot = bot

    def apply_summary(self, summary: Any) -> None:
        heroes = summary.get("m.heroes") if isinstance(summary, dict) else None
        if isinstance(heroes, list):
            self.heroes = tuple(h for h in heroes if isinstance(h, str) and h.startswith("@"))

    def name_of(self, user_id: str) -> str:
        return self.names.get(user_id, "")

    def others(self, ours: frozenset[str]) -> list[str]:
        """Members who are not us or the bridge's bot: joined first, then heroes, invited."""
        found = [u for u, m in self.members.items() if m == "join"]
        found += list(self.heroes)
        found += [u for u, m in self.members.items() if m == "invite"]
        not_them = ours | {self.bridgebot or ""}
        return [u for u in dict.fromkeys(found) if u.casefold() not in not_them]

    def customer_record(self) -> Customer | None:
        if self.customer is None:
            return None
        name = self.name_of(self.customer)
        first, last = split_name(name) if name else (None, None)
        return Customer(
            id=customer_id_for(self.customer),
            display_name=name or self.customer,
            first_name=first,
            last_name=last,
            chat_ids=(self.customer,),
        )


@dataclass
class Timeline:
    """One room's events read in order: new messages, edits of stored ones, removals."""

    messages: dict[str, Message] = field(default_factory=dict)
    edits: list[tuple[datetime, Edit]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    started: bool = False
    """The room's first event (m.room.create) was among them."""
    skipped: int = 0


class EventReader:
    """Turns one account's events into domain records; `ours`: Matrix ids that are us."""

    def __init__(self, account: str, ours: frozenset[str]) -> None:
        self.account = account
        self.ours = frozenset(u.casefold() for u in ours)

    def read(self, room: Room, events: list[Any], timeline: Timeline | None = None) -> Timeline:
        """Events in timeline order (oldest first); state events update `room` as they come."""
        timeline = timeline or Timeline()
        for event in events:
            if not well_formed(event):
                timeline.skipped += 1
                log.info("%s: skipped a malformed event in %s", self.account, room.id)
                continue
            try:
                self._read_one(room, event, timeline)
            except (TypeError, ValueError, AttributeError, KeyError) as error:
                timeline.skipped += 1
                log.info("%s: skipped event %s in %s (%s)", self.account,
                         event["event_id"][:80], room.id, type(error).__name__)  # fmt: skip
        return timeline

    def _read_one(self, room: Room, event: Json, timeline: Timeline) -> None:
        kind = event["type"]
        if "state_key" in event:
            room.apply_state(event)
            if kind == "m.room.create":
                timeline.started = True
            return
        unsigned = event.get("unsigned")
        if isinstance(unsigned, dict) and "redacted_because" in unsigned:
            return  # a redacted event keeps no content to show
        if kind == "m.room.redaction":
            target = event.get("redacts") or event["content"].get("redacts")  # v11: in content
            if isinstance(target, str):
                timeline.removed.append(target)
                timeline.messages.pop(target, None)
            return
        relation = event["content"].get("m.relates_to")
        if isinstance(relation, dict) and relation.get("rel_type") == "m.replace":
            self._read_edit(room, event, relation, timeline)
            return
        message = self.message(room, event)
        if message is not None:
            timeline.messages[message.id] = message

    def _read_edit(self, room: Room, event: Json, relation: Json, timeline: Timeline) -> None:
        target, new = relation.get("event_id"), event["content"].get("m.new_content")
        if not isinstance(target, str) or not isinstance(new, dict):
            return
        if new.get("msgtype") in MEDIA_TYPES:
            return  # a file's caption or file replaced: the listed file stays as it was
        sender = event["sender"]
        text, html = body_of(new)
        if new.get("msgtype") == "m.emote":
            text = f"* {room.name_of(sender) or sender} {text}"
        original = timeline.messages.get(target)
        if original is None:
            when = event_time(event)
            assert when is not None  # well_formed
            timeline.edits.append((when, Edit(target, sender, text, html)))
        elif original.author_address == sender and not original.attachments:
            timeline.messages[target] = original.copy_with(body_text=text, body_html=html)

    def message(self, room: Room, event: Json) -> Message | None:
        """A room message (or sticker, or an encrypted one) as our Message; None otherwise."""
        kind, content, sender = event["type"], event["content"], event["sender"]
        sent_at = event_time(event)
        assert sent_at is not None  # well_formed
        author = room.name_of(sender) or sender
        attachments: tuple[Attachment, ...] = ()
        raw: bytes | None = None
        warning: str | None = None
        in_reply_to = _replied_to(content)
        if kind == "m.room.encrypted":
            text, html, warning = "[encrypted message]", None, ENCRYPTED_WARNING
        elif kind == "m.sticker":
            text, html = f"[sticker: {_text(content.get('body'))}]", None
        elif kind == "m.room.message":
            msgtype = content.get("msgtype")
            if not isinstance(msgtype, str):
                return None
            replaced = _bundled_edit(event)
            text, html = body_of(replaced or content, reply=in_reply_to is not None)
            if msgtype == "m.emote":
                text = f"* {author} {text}"
            elif msgtype in MEDIA_TYPES:
                attachment, text = _attachment(content)
                attachments, html = (attachment,), None
                raw = json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()
        else:
            return None
        direction, read = Direction.INCOMING, False
        if sender.casefold() in self.ours:
            direction, read = Direction.OUTGOING, True
        elif sender == room.bridgebot:
            direction, read = Direction.NOTE, True  # the bridge speaking, not the customer
        return Message(
            id=event["event_id"],
            conversation_id=room.id,
            channel=Channel.CHAT,
            direction=direction,
            author_name=author,
            author_address=sender,
            sent_at=sent_at,
            body_text=text,
            body_html=html,
            attachments=attachments,
            in_reply_to=in_reply_to,
            read=read,
            raw=raw,
            account=self.account,
            decode_warning=warning,
        )


def body_of(content: Json, reply: bool = False) -> tuple[str, str | None]:
    """(text, html): the HTML body made text when there is one, else the plain body. A
    reply's quoted fallback (spec before v1.13) is dropped: the thread shows the original."""
    html = content.get("formatted_body")
    if content.get("format") == "org.matrix.custom.html" and isinstance(html, str) and html:
        if reply:
            html = _REPLY_FALLBACK_HTML.sub("", html, count=1)
        from ..htmltext import html_to_text  # lxml only for formatted messages

        return html_to_text(html), html
    text = _text(content.get("body"))
    if reply and text.startswith(">"):
        lines = text.split("\n")
        quoted = next((i for i, line in enumerate(lines) if not line.startswith(">")), len(lines))
        if quoted < len(lines) and not lines[quoted].strip():
            text = "\n".join(lines[quoted + 1 :])
    return text, None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _replied_to(content: Json) -> str | None:
    relation = content.get("m.relates_to")
    reply = relation.get("m.in_reply_to") if isinstance(relation, dict) else None
    target = reply.get("event_id") if isinstance(reply, dict) else None
    return target if isinstance(target, str) else None


def _bundled_edit(event: Json) -> Json | None:
    """The newest edit's new content when the server bundled it with the original (spec
    v1.7: unsigned.m.relations.m.replace is the whole replacing event), from its author."""
    unsigned = event.get("unsigned")
    relations = unsigned.get("m.relations") if isinstance(unsigned, dict) else None
    edit = relations.get("m.replace") if isinstance(relations, dict) else None
    if not isinstance(edit, dict) or edit.get("sender") != event["sender"]:
        return None
    content = edit.get("content")
    new = content.get("m.new_content") if isinstance(content, dict) else None
    return new if isinstance(new, dict) else None


def _attachment(content: Json) -> tuple[Attachment, str]:
    """The file a media message lists (never downloaded here) and its caption, if any."""
    body = _text(content.get("body"))
    filename = content.get("filename")
    caption = ""
    if isinstance(filename, str) and filename.strip():
        caption = body if body != filename else ""
    else:
        filename = body
    info = content.get("info")
    info = info if isinstance(info, dict) else {}
    mimetype, size = info.get("mimetype"), info.get("size")
    return (
        Attachment(
            filename=(filename.strip() or "file")[:MAX_FILENAME],
            content_type=mimetype if isinstance(mimetype, str) and mimetype else _DEFAULT_TYPE,
            size=size if isinstance(size, int) and not isinstance(size, bool) and size > 0 else 0,
        ),
        caption,
    )


_DEFAULT_TYPE = "application/octet-stream"
