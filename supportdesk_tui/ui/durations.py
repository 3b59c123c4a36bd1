"""Durations as a manager reads them. `human_duration` ("1 h 20 min", "2 d 3 h") is shared
with `supportdesk report`, so the screen and the command say the same; the short labels of
axes and histogram buckets live here."""

from __future__ import annotations

from ..reporting.formats import human_duration

__all__ = ["bucket_label", "human_duration", "short_duration"]

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
