"""Builders for store tests: small batches with readable defaults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from supportdesk_tui.domain.models import (
    Batch,
    Channel,
    Conversation,
    Customer,
    Direction,
    Message,
    Status,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def customer(cid: str = "cust-1", name: str = "Jan Novák", **kw: object) -> Customer:
    emails = kw.pop("emails", (f"{cid}@example.cz",))
    return Customer(cid, name, emails=emails, **kw)  # type: ignore[arg-type]


def conversation(
    cid: str = "conv-1", customer_id: str = "cust-1", subject: str = "Objednávka 1234", **kw: object
) -> Conversation:
    return Conversation(cid, kw.pop("channel", Channel.EMAIL), customer_id, subject, **kw)  # type: ignore[arg-type]


def message(
    mid: str,
    conv: str = "conv-1",
    hours: float = 0,
    direction: Direction = Direction.INCOMING,
    body: str = "Dobrý den",
    **kw: object,
) -> Message:
    return Message(
        id=mid,
        conversation_id=conv,
        channel=kw.pop("channel", Channel.EMAIL),  # type: ignore[arg-type]
        direction=direction,
        author_name=str(kw.pop("author_name", "Jan Novák")),
        author_address=str(kw.pop("author_address", "jan@example.cz")),
        sent_at=at(hours),
        body_text=body,
        **kw,  # type: ignore[arg-type]
    )


def thread(
    conv: str,
    *directions: Direction,
    cust: str = "cust-1",
    name: str = "Jan Novák",
    start: float = 0,
    status: Status = Status.OPEN,
    **kw: object,
) -> Batch:
    """One conversation with one message per direction, an hour apart."""
    messages = tuple(message(f"{conv}-m{i}", conv, start + i, d) for i, d in enumerate(directions))
    return Batch(
        "shop",
        customers=(customer(cust, name),),
        conversations=(conversation(conv, cust, status=status, **kw),),  # type: ignore[arg-type]
        messages=messages,
    )
