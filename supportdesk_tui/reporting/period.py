"""The days a report covers, in shop time: the last 7/30/90/365 days, stepped back and forth,
or a custom from-to. Pure: the Reports screen turns key presses into these."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")
_RANGE_SPLIT = re.compile(r"\s+(?:-|–|to)\s+|\s*(?:–|\.\.)\s*")


@dataclass(frozen=True)
class ReportPeriod:
    first_day: date
    days: int
    """How many days, the first included; a step back or forth moves by this many."""

    @classmethod
    def last(cls, days: int, today: date) -> ReportPeriod:
        return cls(today - timedelta(days=days - 1), days)

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=self.days - 1)

    def shifted(self, steps: int) -> ReportPeriod:
        return ReportPeriod(self.first_day + timedelta(days=steps * self.days), self.days)

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """UTC start (inclusive) and end (exclusive): shop midnights, DST included."""
        start = datetime.combine(self.first_day, time(0), tzinfo=zone)
        end = datetime.combine(self.last_day + timedelta(days=1), time(0), tzinfo=zone)
        return start.astimezone(UTC), end.astimezone(UTC)

    def describe(self, today: date) -> str:
        first = _day(self.first_day)
        if self.first_day.year == self.last_day.year:
            first = first.removesuffix(f" {self.first_day.year}")
        span = f"{first} – {_day(self.last_day)}"
        if self.last_day == today:
            return f"last {self.days} days · {span}"
        return f"{self.days} days · {span}"


def _day(day: date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def parse_range(text: str) -> ReportPeriod | str:
    """ "1.11.2026 - 24.11.2026" (or ISO dates) into a period, or what is wrong with it."""
    parts = [p for p in _RANGE_SPLIT.split(text.strip(), maxsplit=1) if p]
    if len(parts) != 2:
        return "Write two dates: from – to, e.g. 1.11.2026 – 24.11.2026"
    days: list[date] = []
    for part in parts:
        day = _parse_day(part)
        if day is None:
            return f"Not a date: {part!r} (write 24.11.2026 or 2026-11-24)"
        days.append(day)
    first, last = days
    if last < first:
        return "The first date must not come after the second."
    return ReportPeriod(first, (last - first).days + 1)


def _parse_day(text: str) -> date | None:
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None
