"""The days a report covers: presets, steps back and forth, a typed from-to, shop time."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from supportdesk_tui.reporting.period import ReportPeriod, parse_range

PRAGUE = ZoneInfo("Europe/Prague")


def test_last_30_days_ends_today_and_steps_by_30_days() -> None:
    period = ReportPeriod.last(30, date(2026, 11, 24))
    assert (period.first_day, period.last_day) == (date(2026, 10, 26), date(2026, 11, 24))
    earlier = period.shifted(-1)
    assert (earlier.first_day, earlier.last_day) == (date(2026, 9, 26), date(2026, 10, 25))
    assert earlier.shifted(1) == period
    assert ReportPeriod(date(2025, 12, 25), 14).describe(date(2026, 11, 24)) == (
        "14 days · 25 Dec 2025 – 7 Jan 2026"
    )
    assert period.describe(date(2026, 11, 24)) == "last 30 days · 26 Oct – 24 Nov 2026"
    assert earlier.describe(date(2026, 11, 24)) == "30 days · 26 Sep – 25 Oct 2026"


def test_bounds_are_shop_midnights_across_the_clock_change() -> None:
    # Summer time ended in Prague on 25 Oct 2026: that day had 25 hours.
    start, end = ReportPeriod(date(2026, 10, 25), 1).bounds(PRAGUE)
    assert start == datetime(2026, 10, 24, 22, 0, tzinfo=UTC)
    assert end == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)


def test_a_typed_range_in_either_date_style() -> None:
    assert parse_range("1.11.2026 – 24.11.2026") == ReportPeriod(date(2026, 11, 1), 24)
    assert parse_range("2026-11-01 - 2026-11-01") == ReportPeriod(date(2026, 11, 1), 1)
    assert parse_range("1.11.2026..7.11.2026") == ReportPeriod(date(2026, 11, 1), 7)


def test_a_bad_range_says_what_is_wrong() -> None:
    assert "two dates" in str(parse_range("yesterday"))
    assert "Not a date: '31.02.2026'" in str(parse_range("1.2.2026 - 31.02.2026"))
    assert "must not come after" in str(parse_range("24.11.2026 - 1.11.2026"))
