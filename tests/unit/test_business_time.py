"""Business time: only the hours the shop is open count, in its own time zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportdesk_tui.domain.business_time import BusinessClock
from supportdesk_tui.domain.metrics import BusinessHours, nearest_rank

PRAGUE = ZoneInfo("Europe/Prague")
HOUR = 3600.0
WEEKDAYS = BusinessHours(timezone="Europe/Prague")  # Monday to Friday, 09:00-17:00
EVERY_NIGHT = BusinessHours(
    timezone="Europe/Prague", start=time(1), end=time(5), weekdays=frozenset(range(7))
)


def prague(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PRAGUE)


def test_a_message_at_23_answered_at_8_is_one_business_hour_when_opening_at_7() -> None:
    clock = BusinessClock(BusinessHours(timezone="Europe/Prague", start=time(7), end=time(17)))
    # Tuesday 23:00 -> Wednesday 08:00: closed until 07:00, then 07:00-08:00 open.
    assert clock.between(prague(2026, 3, 3, 23), prague(2026, 3, 4, 8)) == HOUR


def test_always_open_counts_calendar_time() -> None:
    clock = BusinessClock(BusinessHours(timezone="Europe/Prague", always=True))
    assert clock.between(prague(2026, 3, 3, 23), prague(2026, 3, 4, 8)) == 9 * HOUR


def test_a_weekend_does_not_count() -> None:
    # Friday 6 March 16:00 -> Monday 9 March 10:00: Friday 16-17 and Monday 9-10.
    clock = BusinessClock(WEEKDAYS)
    assert clock.between(prague(2026, 3, 6, 16), prague(2026, 3, 9, 10)) == 2 * HOUR


def test_a_holiday_does_not_count() -> None:
    # Friday 3 April 16:00 -> Tuesday 7 April 10:00 with Easter Monday (6 April) closed:
    # Friday 16-17 and Tuesday 9-10.
    clock = BusinessClock(
        BusinessHours(timezone="Europe/Prague", holidays=frozenset({date(2026, 4, 6)}))
    )
    assert clock.between(prague(2026, 4, 3, 16), prague(2026, 4, 7, 10)) == 2 * HOUR


def test_a_week_across_the_clock_change_is_five_business_days() -> None:
    # Friday 27 March 09:00 CET -> Friday 3 April 09:00 CEST (clocks went forward on Sunday
    # the 29th): Friday, Monday to Thursday, 8 h each = 40 h; in calendar time 167 h.
    clock = BusinessClock(WEEKDAYS)
    start, end = prague(2026, 3, 27, 9), prague(2026, 4, 3, 9)
    assert end.timestamp() - start.timestamp() == 167 * HOUR
    assert clock.between(start, end) == 40 * HOUR


@pytest.mark.parametrize(
    ("night", "open_hours"),
    [
        (date(2026, 3, 22), 4),  # an ordinary night: 01:00-05:00
        (date(2026, 3, 29), 3),  # spring forward: 02:00 becomes 03:00, an hour is missing
        (date(2026, 10, 25), 5),  # fall back: 02:00-03:00 happens twice
    ],
)
def test_hours_across_the_clock_change_are_real_hours(night: date, open_hours: int) -> None:
    clock = BusinessClock(EVERY_NIGHT)
    evening = datetime.combine(night - timedelta(days=1), time(23), PRAGUE)
    morning = datetime.combine(night, time(6), PRAGUE)
    assert clock.between(evening, morning) == open_hours * HOUR


def test_an_end_before_the_start_is_zero() -> None:
    clock = BusinessClock(WEEKDAYS)
    assert clock.between(prague(2026, 3, 4, 12), prague(2026, 3, 4, 10)) == 0


def test_time_inside_one_open_day() -> None:
    clock = BusinessClock(WEEKDAYS)
    assert clock.between(prague(2026, 3, 4, 8), prague(2026, 3, 4, 9, 30)) == 0.5 * HOUR
    assert clock.between(prague(2026, 3, 4, 16, 45), prague(2026, 3, 4, 20)) == 0.25 * HOUR


def test_the_busiest_hours_cell_is_in_shop_time() -> None:
    clock = BusinessClock(WEEKDAYS)
    # Monday 2 March 08:30 UTC is 09:30 in Prague (CET); Monday 30 March 08:30 UTC is 10:30
    # (CEST); Sunday 1 March 23:30 UTC is already Monday 00:30 in Prague.
    utc = ZoneInfo("UTC")
    assert clock.local_slot(datetime(2026, 3, 2, 8, 30, tzinfo=utc).timestamp()) == 9
    assert clock.local_slot(datetime(2026, 3, 30, 8, 30, tzinfo=utc).timestamp()) == 10
    assert clock.local_slot(datetime(2026, 3, 1, 23, 30, tzinfo=utc).timestamp()) == 0
    assert clock.local_slot(datetime(2026, 3, 1, 22, 30, tzinfo=utc).timestamp()) == 6 * 24 + 23


def test_a_shop_day_ends_at_its_local_midnight() -> None:
    clock = BusinessClock(WEEKDAYS)
    assert clock.day_end(date(2026, 3, 28)) == prague(2026, 3, 29, 0)
    assert clock.day_end(date(2026, 3, 29)) - clock.day_end(date(2026, 3, 28)) == timedelta(
        hours=23
    )


instants = st.datetimes(
    min_value=datetime(2019, 1, 1), max_value=datetime(2031, 12, 31), timezones=st.just(PRAGUE)
)


@given(instants, instants, instants)
def test_spans_add_up_and_one_clock_answers_as_a_fresh_one(
    a: datetime, b: datetime, c: datetime
) -> None:
    a, b, c = sorted((a, b, c), key=lambda moment: moment.timestamp())
    shared = BusinessClock(WEEKDAYS)
    whole = shared.between(a, c)
    assert whole == pytest.approx(shared.between(a, b) + shared.between(b, c), abs=1e-3)
    assert whole == pytest.approx(BusinessClock(WEEKDAYS).between(a, c), abs=1e-3)
    # never more than the calendar time, never more than 8 h a day
    assert 0 <= whole <= c.timestamp() - a.timestamp() + 1e-3
    assert whole <= 8 * HOUR * ((c - a).days + 2)


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([1, 2, 3, 4], 0.5, 2),  # even count: the lower middle
        ([1, 2, 3, 4, 5], 0.5, 3),
        (list(range(1, 11)), 0.9, 9),  # rank ceil(0.9 x 10) = 9
        (list(range(1, 12)), 0.9, 10),  # rank ceil(9.9) = 10
        ([7], 0.9, 7),
        ([], 0.5, None),
    ],
)
def test_nearest_rank(values: list[float], fraction: float, expected: float | None) -> None:
    assert nearest_rank(values, fraction) == expected
