"""A Report written as text: a terminal table, CSV (one row per group) and JSON (everything).

Group names are tags and agent ids people typed: the table strips control characters;
CSV and JSON quote them by their own rules.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from ..domain.metrics import Distribution, GroupFigures, Report
from ..safetext import clean_name

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def human_duration(seconds: float | None) -> str:
    """'45 s', '12 min', '1 h 20 min', '2 d 3 h'; '–' when there is nothing to show."""
    if seconds is None:
        return NO_VALUE
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR
NO_VALUE = "–"


def short_duration(seconds: float) -> str:
    """One unit, for axis and bucket labels: "15 min", "4 h", "2 d"."""
    if seconds < HOUR:
        return f"{seconds / MINUTE:g} min"
    if seconds < DAY:
        return f"{seconds / HOUR:g} h"
    return f"{seconds / DAY:g} d"


def bucket_label(start: float, end: float | None) -> str:
    """A histogram bucket [start, end): "< 15 min", "15 min – 1 h", "≥ 2 d"."""
    if end is None:
        return f"≥ {short_duration(start)}"
    if start <= 0:
        return f"< {short_duration(end)}"
    return f"{short_duration(start)} – {short_duration(end)}"


def _count(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:g}"


COLUMNS: tuple[tuple[str, str], ...] = (
    ("conversations", "conversations"),
    ("unanswered", "unanswered"),
    ("resolved", "resolved"),
    ("first response median", "first_response_median_s"),
    ("first response p90", "first_response_p90_s"),
    ("resolution median", "resolution_median_s"),
    ("resolution p90", "resolution_p90_s"),
    ("replies to resolve median", "replies_to_resolve_median"),
    ("repeat contacts", "repeat_contacts"),
    ("reopened", "reopened"),
)


def _row(figures: GroupFigures) -> dict[str, float | int | None]:
    return {
        "conversations": figures.conversations,
        "unanswered": figures.unanswered,
        "resolved": figures.resolved,
        "first_response_median_s": figures.first_response.median,
        "first_response_p90_s": figures.first_response.p90,
        "first_response_mean_s": figures.first_response.mean,
        "resolution_median_s": figures.resolution.median,
        "resolution_p90_s": figures.resolution.p90,
        "resolution_mean_s": figures.resolution.mean,
        "replies_to_resolve_median": figures.replies_to_resolve.median,
        "replies_to_resolve_p90": figures.replies_to_resolve.p90,
        "repeat_contacts": figures.repeat_contacts,
        "reopened": figures.reopened,
    }


def _shown(key: str, value: float | int | None) -> str:
    if key.endswith("_s"):
        return human_duration(value)
    return _count(value)


def figure_rows(report: Report) -> list[tuple[str, GroupFigures]]:
    """(label, figures): everything first, then each group."""
    rows = [("all", report.total)]
    rows += [(clean_name(g.group) or "(none)", g) for g in report.groups]
    return rows


def period_line(report: Report) -> str:
    query = report.query
    hours = query.hours
    counted = (
        "calendar time"
        if hours.always
        else f"business hours {hours.start:%H:%M}–{hours.end:%H:%M} "
        f"{','.join(WEEKDAYS[d] for d in sorted(hours.weekdays))}"
    )
    filters = [
        f"{name} {value}"
        for name, value in (
            ("channel", query.channel),
            ("language", query.language),
            ("agent", query.agent),
            ("tag", query.tag),
        )
        if value
    ]
    zone = ZoneInfo(hours.timezone)
    first = query.start.astimezone(zone)
    last = (query.end - timedelta(microseconds=1)).astimezone(zone)
    return (
        f"{first:%a %d %b %Y} – {last:%a %d %b %Y} ({hours.timezone}); durations in {counted}"
        + (f"; only {', '.join(filters)}" if filters else "")
    )


def as_table(report: Report) -> str:
    """Figures as rows, groups as columns: reads down on a narrow terminal."""
    rows = figure_rows(report)
    header = ["", *(label for label, _ in rows)]
    lines = [header]
    for title, key in COLUMNS:
        lines.append([title, *(_shown(key, _row(f)[key]) for _, f in rows)])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = [period_line(report), ""]
    for line in lines:
        cells = [line[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(line[1:], widths[1:], strict=True)]
        out.append("  ".join(cells).rstrip())
    out += ["", "busiest hours (customer messages, shop time):", *heatmap_lines(report)]
    return "\n".join(out) + "\n"


def heatmap_lines(report: Report) -> list[str]:
    """Weekday rows, hour columns, each cell a shade from ' ' to '█' (plain text)."""
    shades = " ░▒▓█"
    peak = max((n for day in report.busiest_hours for n in day), default=0)
    lines = [("     " + "".join(f"{h:<3d}" for h in range(0, 24, 3))).rstrip()]
    for day, counts in zip(WEEKDAYS, report.busiest_hours, strict=False):
        cells = "".join(
            shades[0 if peak == 0 or n == 0 else 1 + min(3, (n * 4 - 1) // peak)] for n in counts
        )
        lines.append(f"{day}  {cells}  {sum(counts)}")
    return lines


def spreadsheet_safe(text: str) -> str:
    """A name people typed, for a CSV cell: no control characters, and not read as a formula
    by a spreadsheet (a leading = + - @ gets a quote, as OWASP advises)."""
    text = clean_name(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def as_csv(report: Report) -> str:
    buffer = io.StringIO()
    fields = list(_row(report.total))
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["group", *fields])
    for label, figures in [("all", report.total), *((g.group, g) for g in report.groups)]:
        row = _row(figures)
        writer.writerow(
            [spreadsheet_safe(label), *("" if row[f] is None else row[f] for f in fields)]
        )
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, frozenset | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def as_json(report: Report) -> str:
    return json.dumps(_plain(asdict(report)), ensure_ascii=False, indent=2) + "\n"


def distribution_text(d: Distribution) -> str:
    return f"median {human_duration(d.median)}, p90 {human_duration(d.p90)} (n={d.count})"
