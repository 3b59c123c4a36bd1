"""A reviewed draft made into the reply the outbox sends."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape

from ..chatout import ChatFile, ChatReply, new_txn_id, pack_chat_reply
from ..domain.models import Channel, ConversationDetail, Direction, Message, Status
from ..domain.outbox import Draft, NewReply
from ..mailout import OutgoingAttachment, build_reply, envelope, reply_subject, wire_bytes


@dataclass(frozen=True)
class Identity:
    """Who a reply is from: the agent's name and the account's address."""

    account: str
    name: str
    address: str


class CannotReply(Exception):
    """This conversation cannot be answered from here; the message says why."""


_URL = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
_BLANK_LINE = re.compile(r"^[ \t]+$", re.MULTILINE)
_REPEATED_SPACE = re.compile(r"(?:^|(?<= )) ")  # at a line's start or after another space


def text_as_html(text: str) -> str:
    """The reply's text as simple HTML: escaped, paragraphs and line breaks kept, spaces that
    HTML would fold kept as no-break spaces, http(s) addresses as links.

    A line of only spaces separates paragraphs, as it does to the eye in the text."""
    text = _BLANK_LINE.sub("", text.replace("\r\n", "\n"))
    paragraphs = [p.strip("\n") for p in re.split(r"\n{2,}", text) if p.strip("\n")]
    body = "\n".join(
        "<p>" + "<br>\n".join(_line_as_html(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )
    head = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>'
    return f"{head}\n{body}\n</body></html>\n"


def _line_as_html(line: str) -> str:
    out: list[str] = []
    done = 0
    for match in _URL.finditer(line):
        url = _without_trailing_punctuation(match.group(0))
        if "://" not in url or url.endswith("://"):
            continue
        out.append(_text_as_html(line[done : match.start()]))
        out.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        done = match.start() + len(url)
    out.append(_text_as_html(line[done:]))
    return "".join(out)


def _text_as_html(text: str) -> str:
    return _REPEATED_SPACE.sub("&nbsp;", escape(text))


def _without_trailing_punctuation(url: str) -> str:
    """The address without the sentence's full stop, comma or closing bracket after it (a
    bracket the address opened itself stays)."""
    while url and (url[-1] in ".,;:!?" or _unmatched_closing(url)):
        url = url[:-1]
    return url


def _unmatched_closing(url: str) -> bool:
    opening = {")": "(", "]": "[", "}": "{"}.get(url[-1])
    return opening is not None and url.count(url[-1]) > url.count(opening)


def answered_message(detail: ConversationDetail) -> Message | None:
    """The customer's message a reply answers: their newest."""
    incoming = [m for m in detail.messages if m.direction is Direction.INCOMING]
    return incoming[-1] if incoming else None


def default_subject(detail: ConversationDetail) -> str:
    return reply_subject(detail.conversation.subject)


def new_reply(
    detail: ConversationDetail,
    draft: Draft,
    identity: Identity,
    subject: str,
    now: datetime,
    undo_seconds: int,
    status_after: Status | None,
    html: bool = False,
) -> NewReply:
    """The reply as it will leave; CannotReply (or mailout.InvalidAddress) if it cannot."""
    if detail.conversation.channel is Channel.CHAT:
        return chat_reply(detail, draft, identity, now, undo_seconds, status_after)
    answered = answered_message(detail)
    address = (answered.author_address if answered else "") or next(
        iter(detail.customer.emails), ""
    )
    if not address:
        raise CannotReply("The customer has no e-mail address to answer to.")
    name = (answered.author_name if answered else "") or detail.customer.display_name
    message = build_reply(
        from_name=identity.name,
        from_address=identity.address,
        to=[(name, address)],
        subject=subject,
        body_text=draft.body,
        in_reply_to=answered.id if answered else None,
        references=answered.references if answered else (),
        body_html=text_as_html(draft.body) if html else None,
        attachments=[
            OutgoingAttachment(a.filename, a.content_type, a.data or b"") for a in draft.attachments
        ],
        now=now,
    )
    sender, recipients = envelope(message)
    return NewReply(
        draft_id=draft.id,
        account=identity.account,
        channel=Channel.EMAIL,
        message_id=str(message["Message-ID"]).strip().strip("<>"),
        raw=wire_bytes(message),
        sender=sender,
        recipients=tuple(recipients),
        subject=subject,
        body_text=draft.body,
        created_at=now,
        send_after=now + timedelta(seconds=undo_seconds),
        status_after=status_after,
    )


def chat_reply(
    detail: ConversationDetail,
    draft: Draft,
    identity: Identity,
    now: datetime,
    undo_seconds: int,
    status_after: Status | None,
) -> NewReply:
    """A reply into the conversation's chat room: its text, then each file as a message."""
    reply = ChatReply(
        new_txn_id(),
        draft.body.replace("\r\n", "\n").strip("\n"),
        tuple(ChatFile(a.filename, a.content_type, a.data or b"") for a in draft.attachments),
        author=identity.name,
    )
    return NewReply(
        draft_id=draft.id,
        account=identity.account,
        channel=Channel.CHAT,
        message_id=reply.txn_id,
        raw=pack_chat_reply(reply),
        sender=identity.address,
        recipients=(detail.conversation.id,),
        subject=detail.conversation.subject,
        body_text=reply.text,
        created_at=now,
        send_after=now + timedelta(seconds=undo_seconds),
        status_after=status_after,
    )
