"""Between SQLite rows and domain types: datetimes, enums, customers, messages."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from ..domain.models import (
    Attachment,
    Channel,
    Conversation,
    Customer,
    Direction,
    Formality,
    Gender,
    Message,
    Script,
    Status,
)

CUSTOMER_COLUMNS = (
    "id, display_name, first_name, last_name, language, script, gender, formality, notes, corrected"
)
CONVERSATION_COLUMNS = (
    "id, channel, customer_id, subject, status, assignee, snoozed_until, waiting_since, "
    "last_message_at, language, account, network"
)
MESSAGE_COLUMNS = (
    "id, conversation_id, channel, direction, author_name, author_address, sent_at, subject, "
    "body_text, body_html, in_reply_to, refs, read, account, folder, uid, decode_warning, "
    "body_pending"
)


def to_db(moment: datetime) -> str:
    """Fixed-width UTC text (so text order is time order); a naive datetime is taken as UTC.

    isoformat, not strftime: a third faster, and it pads a year before 1000 to four digits."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def to_db_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else to_db(moment)


def from_db(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def encode_corrected(fields: frozenset[str]) -> str:
    return "," + ",".join(sorted(fields)) + "," if fields else ""


def decode_corrected(text: str) -> frozenset[str]:
    return frozenset(part for part in text.split(",") if part)


def customer_from_row(
    row: sqlite3.Row, emails: tuple[str, ...], chat_ids: tuple[str, ...]
) -> Customer:
    return Customer(
        id=row["id"],
        display_name=row["display_name"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        emails=emails,
        chat_ids=chat_ids,
        language=row["language"],
        script=Script(row["script"]) if row["script"] else None,
        gender=Gender(row["gender"]) if row["gender"] else None,
        formality=Formality(row["formality"]),
        notes=row["notes"],
        corrected=decode_corrected(row["corrected"]),
    )


def conversation_from_row(row: sqlite3.Row, tags: tuple[str, ...]) -> Conversation:
    return Conversation(
        id=row["id"],
        channel=Channel(row["channel"]),
        customer_id=row["customer_id"],
        subject=row["subject"],
        status=Status(row["status"]),
        assignee=row["assignee"],
        tags=tags,
        snoozed_until=from_db(row["snoozed_until"]),
        waiting_since=from_db(row["waiting_since"]),
        last_message_at=from_db(row["last_message_at"]),
        language=row["language"],
        account=row["account"],
        network=row["network"],
    )


def message_from_row(row: sqlite3.Row, attachments: tuple[Attachment, ...]) -> Message:
    sent_at = from_db(row["sent_at"])
    assert sent_at is not None  # NOT NULL column
    return Message(
        id=row["id"],
        conversation_id=row["conversation_id"],
        channel=Channel(row["channel"]),
        direction=Direction(row["direction"]),
        author_name=row["author_name"],
        author_address=row["author_address"],
        sent_at=sent_at,
        subject=row["subject"],
        body_text=row["body_text"],
        body_html=row["body_html"],
        attachments=attachments,
        in_reply_to=row["in_reply_to"],
        references=tuple(ref for ref in row["refs"].split("\n") if ref),
        read=bool(row["read"]),
        account=row["account"],
        folder=row["folder"],
        uid=row["uid"],
        decode_warning=row["decode_warning"],
        body_pending=bool(row["body_pending"]),
    )


def message_params(message: Message) -> tuple[object, ...]:
    """Values for an INSERT in MESSAGE_COLUMNS order."""
    return (
        message.id,
        message.conversation_id,
        message.channel.value,
        message.direction.value,
        message.author_name,
        message.author_address,
        to_db(message.sent_at),
        message.subject,
        message.body_text,
        message.body_html,
        message.in_reply_to,
        "\n".join(message.references),
        int(message.read),
        message.account,
        message.folder,
        message.uid,
        message.decode_warning,
        int(message.body_pending),
    )
