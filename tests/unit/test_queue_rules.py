from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from supportdesk_tui.domain.models import Channel, Direction, Message, Status
from supportdesk_tui.domain.queue import (
    format_wait,
    parse_snooze,
    snooze_presets,
    status_after_customer_message,
    waiting_since,
)

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
PRAGUE = ZoneInfo("Europe/Prague")


def msg(minutes: int, direction: Direction) -> Message:
    return Message(
        id=f"m{minutes}",
        conversation_id="c",
        channel=Channel.EMAIL,
        direction=direction,
        author_name="x",
        author_address="x@example.com",
        sent_at=T0 + timedelta(minutes=minutes),
    )


def test_waiting_since_is_the_oldest_unanswered_customer_message() -> None:
    thread = [
        msg(0, Direction.INCOMING),
        msg(10, Direction.OUTGOING),
        msg(20, Direction.INCOMING),
        msg(30, Direction.INCOMING),
    ]
    assert waiting_since(thread) == T0 + timedelta(minutes=20)


def test_a_note_is_not_an_answer() -> None:
    thread = [msg(0, Direction.INCOMING), msg(5, Direction.NOTE)]
    assert waiting_since(thread) == T0


def test_nobody_waits_after_our_reply() -> None:
    assert waiting_since([msg(0, Direction.INCOMING), msg(5, Direction.OUTGOING)]) is None


def test_customer_message_reopens() -> None:
    for status in (Status.RESOLVED, Status.SNOOZED, Status.PENDING):
        assert status_after_customer_message(status) is Status.OPEN
    assert status_after_customer_message(Status.SPAM) is Status.SPAM


def test_snooze_presets_follow_the_shop_zone() -> None:
    presets = snooze_presets(T0, PRAGUE)  # 11:00 in Prague, a Tuesday
    assert presets["tomorrow morning"] == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    assert presets["next week"] == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert presets["later today"] == T0 + timedelta(hours=3)


def test_custom_snooze_forms() -> None:
    assert parse_snooze("+3h", T0, PRAGUE) == T0 + timedelta(hours=3)
    assert parse_snooze("2d", T0, PRAGUE) == T0 + timedelta(days=2)
    assert parse_snooze("14:30", T0, PRAGUE) == datetime(2026, 11, 24, 13, 30, tzinfo=UTC)
    assert parse_snooze("10:30", T0, PRAGUE) == datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    assert parse_snooze("1.12.2026 9:00", T0, PRAGUE) == datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def test_nonsense_or_past_snooze_is_refused() -> None:
    for typed in ("soon", "25:00", "1.1.2020", "", "+0h"):
        assert parse_snooze(typed, T0, PRAGUE) is None


def test_wait_is_compact() -> None:
    assert format_wait(T0 - timedelta(minutes=5), T0) == "5m"
    assert format_wait(T0 - timedelta(hours=30), T0) == "30h"
    assert format_wait(T0 - timedelta(days=4), T0) == "4d"
    assert format_wait(None, T0) == "-"
