"""Report values built by hand, for tests of how the Reports widgets draw given numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from supportdesk_tui.domain.metrics import (
    BacklogPoint,
    Distribution,
    GroupFigures,
    Grouping,
    Histogram,
    Report,
    ReportQuery,
)

HOUR = 3600.0
EDGES = (0.0, 900.0, 3600.0, 4 * HOUR, 24 * HOUR, 48 * HOUR)


def busy_week(
    peak_day: int = 1, peak_hour: int = 10, peak: int = 40
) -> tuple[tuple[int, ...], ...]:
    """Working days busy 9-17, weekends quiet, one peak cell."""
    rows = []
    for day in range(7):
        row = [0] * 24
        for hour in range(9, 17):
            row[hour] = 2 if day >= 5 else 10
        if day == peak_day:
            row[peak_hour] = peak
        rows.append(tuple(row))
    return tuple(rows)


def sample_report(
    *,
    conversations: int = 128,
    grouping: Grouping = Grouping.NONE,
    groups: tuple[GroupFigures, ...] = (),
    first_days: int = 30,
) -> Report:
    start = datetime(2026, 10, 26, tzinfo=UTC)
    total = GroupFigures(
        group="",
        conversations=conversations,
        unanswered=4,
        resolved=110,
        first_response=Distribution(count=124, median=4800.0, p90=6 * HOUR, mean=2 * HOUR),
        resolution=Distribution(count=110, median=51 * HOUR, p90=5 * 24 * HOUR, mean=60 * HOUR),
        replies_to_resolve=Distribution(count=110, median=2, p90=4, mean=2.4),
        repeat_contacts=7,
        reopened=5,
    )
    backlog = tuple(
        BacklogPoint(date(2026, 10, 26) + timedelta(days=i), open=10 + (i * 7) % 23)
        for i in range(first_days)
    )
    return Report(
        query=ReportQuery(start=start, end=start + timedelta(days=first_days), group_by=grouping),
        total=total,
        groups=groups,
        busiest_hours=busy_week(),
        first_response_histogram=Histogram(edges=EDGES, counts=(30, 44, 25, 15, 8, 2)),
        backlog=backlog,
    )
