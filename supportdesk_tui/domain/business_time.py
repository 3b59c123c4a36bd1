"""Business time: seconds between two instants counted only while the shop is open.

The shop is open on its weekdays (not on holidays) from `BusinessHours.start` to `end`, local
time in its time zone; a day's open hours are measured in real seconds, so on the night the
clocks change a shop open across 02:00-03:00 is open an hour less (or more). With
`BusinessHours.always`, business time is calendar time. Pure: no IO.

Instants come as POSIX seconds (what SQLite hands a registered function) or aware datetimes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from .metrics import BusinessHours

_GROW_DAYS = 64
"""Days added to the cumulative table at once, so a long report extends it rarely."""


class BusinessClock:
    """Business seconds for one shop's hours. Cheap per call: each day's open hours are
    worked out once, and a running total per day turns any span into two look-ups."""

    def __init__(self, hours: BusinessHours) -> None:
        self.hours = hours
        self._zone = ZoneInfo(hours.timezone)
        self._first = 0
        """Ordinal of the first day in the tables below (0: empty)."""
        self._opens: list[float] = []
        self._lengths: list[float] = []
        self._before: list[float] = []
        """Business seconds from the first day's start to each day's start."""

    def between(self, start: datetime, end: datetime) -> float:
        """Business seconds from `start` to `end`; 0 when `end` is not after `start`."""
        return self.between_epochs(start.timestamp(), end.timestamp())

    def between_epochs(self, start: float, end: float) -> float:
        """The same in POSIX seconds. Called once or twice per conversation of a report (a
        year's report: some 27,000 times), so written out in one body."""
        if end <= start:
            return 0.0
        if self.hours.always:
            return end - start
        first = datetime.fromtimestamp(start, self._zone).toordinal()
        last = datetime.fromtimestamp(end, self._zone).toordinal()
        if first < self._first or last >= self._first + len(self._opens):
            self._cover(first)  # both before either total is read: covering may move the origin
            self._cover(last)
        opens, lengths, before = self._opens, self._lengths, self._before
        i, j = first - self._first, last - self._first
        since_start = before[i] + min(max(start - opens[i], 0.0), lengths[i])
        since_end = before[j] + min(max(end - opens[j], 0.0), lengths[j])
        return max(0.0, since_end - since_start)

    def local_day(self, epoch: float) -> date:
        """The shop's calendar date at this instant."""
        return datetime.fromtimestamp(epoch, self._zone).date()

    def local_slot(self, epoch: float) -> int:
        """weekday * 24 + hour (Monday = 0), shop time: a cell of the busiest-hours grid."""
        local = datetime.fromtimestamp(epoch, self._zone)
        return local.weekday() * 24 + local.hour

    def day_end(self, day: date) -> datetime:
        """The instant (UTC) the shop's calendar day ends: the next local midnight."""
        midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), self._zone)
        return midnight.astimezone(UTC)

    def is_business_day(self, day: date) -> bool:
        return day.weekday() in self.hours.weekdays and day not in self.hours.holidays

    def _cover(self, ordinal: int) -> None:
        if not self._opens:
            self._first = ordinal
            self._append(ordinal, _GROW_DAYS)
        elif ordinal < self._first:
            # Rebuild from an earlier first day: totals are relative to it.
            last = self._first + len(self._opens)
            self._opens, self._lengths, self._before = [], [], []
            self._first = ordinal - _GROW_DAYS
            self._append(self._first, last - self._first)
        last = self._first + len(self._opens)
        if ordinal >= last:
            self._append(last, ordinal - last + _GROW_DAYS)

    def _append(self, first: int, count: int) -> None:
        total = self._before[-1] + self._lengths[-1] if self._opens else 0.0
        for ordinal in range(first, first + count):
            opens, length = self._open_hours(date.fromordinal(ordinal))
            self._opens.append(opens)
            self._lengths.append(length)
            self._before.append(total)
            total += length

    def _open_hours(self, day: date) -> tuple[float, float]:
        """(when the shop opens, for how many real seconds) on this day; 0 s when closed."""
        opens = datetime.combine(day, self.hours.start, self._zone).timestamp()
        if not self.is_business_day(day):
            return opens, 0.0
        closes = datetime.combine(day, self.hours.end, self._zone).timestamp()
        return opens, max(0.0, closes - opens)
