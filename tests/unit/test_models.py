"""Message.copy_with: the sync's fast replace must behave as dataclasses.replace."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, datetime

import pytest

from supportdesk_tui.domain.models import Attachment, Channel, Direction, Message

MESSAGE = Message(
    "m1@example.cz", "", Channel.EMAIL, Direction.INCOMING, "Jan", "jan@example.cz",
    datetime(2026, 3, 2, 9, 0, tzinfo=UTC), subject="Objednávka", raw=b"raw",
    attachments=(Attachment("a.pdf", "application/pdf", 3),),
)  # fmt: skip

CHANGES = {
    "conversation_id": "conv-1",
    "direction": Direction.OUTGOING,
    "read": True,
    "raw": b"other",
    "sent_at": datetime(2026, 3, 3, tzinfo=UTC),
    "id": "m2@example.cz",
}


@pytest.mark.parametrize("name", CHANGES)
def test_copy_with_equals_replace_and_leaves_the_original(name: str) -> None:
    copy = MESSAGE.copy_with(**{name: CHANGES[name]})
    assert copy == replace(MESSAGE, **{name: CHANGES[name]})
    assert getattr(MESSAGE, name) != CHANGES[name]
    assert {f.name for f in fields(copy)} == {f.name for f in fields(MESSAGE)}


def test_copy_with_is_frozen_and_refuses_unknown_fields() -> None:
    copy = MESSAGE.copy_with(read=True)
    with pytest.raises(AttributeError):
        copy.read = False  # type: ignore[misc]
    with pytest.raises(TypeError, match="no field conversation"):
        MESSAGE.copy_with(conversation="conv-1")
    assert hash(copy) == hash(replace(MESSAGE, read=True))
