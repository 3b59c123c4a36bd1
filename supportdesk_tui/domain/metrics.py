"""What the managers' numbers mean: the one place each metric is defined.

The store computes them (in SQL, see ``store/metrics_sql.py``); the Reports screen, the
``supportdesk report`` command and the benchmarks only read a `Report`. Pure data: no IO.

Definitions (all durations in seconds of *business time* unless ``BusinessHours.always``):

- A conversation *counts in a period* when its first customer message falls in the period.
- **First response time**: from the conversation's first customer message to the first agent
  message (direction ``out``; internal notes never count) after it. Conversations with no
  answer yet are counted as ``unanswered``, not in the distribution.
- **Resolution time**: from the first customer message to the last time the conversation was
  set ``resolved`` (status history); only conversations resolved now count.
- **Replies to resolve**: agent messages sent before that last resolution.
- **Repeat contact**: a conversation whose customer had another conversation resolved within
  ``repeat_window_days`` before this one's first message; **reopened**: a conversation that
  went from ``resolved`` back to ``open`` (the customer wrote again) at least once.
- **Backlog**: for each day of the period, at its end (shop time), conversations that had a
  customer message and were neither resolved nor spam.
- **Busiest hours**: incoming customer messages by weekday x hour, in the shop's time zone.

Grouping by agent uses the conversation's assignee, else the author of its first answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

from .models import Status


class Grouping(StrEnum):
    NONE = "none"
    CHANNEL = "channel"
    LANGUAGE = "language"
    AGENT = "agent"
    TAG = "tag"


@dataclass(frozen=True)
class BusinessHours:
    """When the shop answers. A message at 23:00 answered at 08:00 next day with hours
    from 07:00 is one business hour."""

    timezone: str = "UTC"
    start: time = time(9, 0)
    end: time = time(17, 0)
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    """Monday = 0."""
    holidays: frozenset[date] = frozenset()
    always: bool = False
    """Count every hour (24/7 support): business time is calendar time."""


@dataclass(frozen=True)
class ReportQuery:
    start: datetime
    """UTC, inclusive."""
    end: datetime
    """UTC, exclusive."""
    group_by: Grouping = Grouping.NONE
    channel: str | None = None
    language: str | None = None
    agent: str | None = None
    tag: str | None = None
    hours: BusinessHours = field(default_factory=BusinessHours)
    repeat_window_days: int = 7


@dataclass(frozen=True)
class Distribution:
    """Median and 90th percentile (nearest-rank), not only the mean; None when empty."""

    count: int = 0
    median: float | None = None
    p90: float | None = None
    mean: float | None = None


@dataclass(frozen=True)
class GroupFigures:
    group: str
    """The channel, language, agent or tag; "" for everything (and for "none")."""
    conversations: int = 0
    unanswered: int = 0
    resolved: int = 0
    first_response: Distribution = Distribution()
    resolution: Distribution = Distribution()
    replies_to_resolve: Distribution = Distribution()
    repeat_contacts: int = 0
    reopened: int = 0


@dataclass(frozen=True)
class Histogram:
    """First response times: counts[i] fell in [edges[i], edges[i + 1]) seconds; the last
    bucket is open-ended."""

    edges: tuple[float, ...]
    counts: tuple[int, ...]


@dataclass(frozen=True)
class BacklogPoint:
    day: date
    """Shop time."""
    open: int


@dataclass(frozen=True)
class Report:
    query: ReportQuery
    total: GroupFigures
    groups: tuple[GroupFigures, ...]
    """One per group value, largest first; empty for Grouping.NONE."""
    busiest_hours: tuple[tuple[int, ...], ...]
    """[weekday 0..6][hour 0..23] incoming customer messages, shop time."""
    first_response_histogram: Histogram
    backlog: tuple[BacklogPoint, ...]


@dataclass(frozen=True)
class StatusChange:
    """One line of a conversation's status history (kept since schema 6)."""

    conversation_id: str
    status: Status
    at: datetime
