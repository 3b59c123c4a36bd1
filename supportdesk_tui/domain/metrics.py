"""What the managers' numbers mean: the one place each metric is defined.

The store computes them (in SQL, see ``store/metrics_sql.py``); the Reports screen, the
``supportdesk report`` command and the benchmarks only read a `Report`. Pure data: no IO.

Definitions (all durations in seconds of *business time* unless ``BusinessHours.always``;
see ``domain/business_time.py``):

- A conversation *counts in a period* when its first customer message falls in the period.
  Its figures are as they stand now: an answer or a resolution after the period counts.
- **First response time**: from the conversation's first customer message to the first agent
  message (direction ``out``; internal notes never count) at or after it. Conversations with
  no answer yet are counted as ``unanswered``, not in the distribution.
- **Resolution time**: from the first customer message to the last time the conversation was
  set ``resolved`` (status history); only conversations resolved now count. A conversation
  resolved before the history was kept (schema 6: its history holds no ``resolved`` line)
  counts as resolved at its last message (``last_message_at``: the newest message that is
  not a note), here and for repeat contacts.
- **Replies to resolve**: agent messages sent before (or at) that last resolution.
- **Repeat contact**: a conversation whose customer had another conversation set resolved
  within ``repeat_window_days`` before this one's first customer message; **reopened**: a
  conversation that went from ``resolved`` straight back to ``open`` (the customer wrote
  again, or an agent reopened it) at least once. A reply taken back (undo) or refused for good
  withdraws the status change its sending made, so it reopens nothing.
- **Backlog**: for each day of the period (shop calendar: the day of ``start`` to the day of
  the last instant before ``end``), at its end, conversations matching the filters (whenever
  they began) that had a customer message by then and whose status then was neither resolved
  nor spam. Before its first recorded change a conversation counts as open; one with no
  history at all is open from its first message and in its current status from its last.
- **Busiest hours**: customer messages sent in the period, of the conversations matching the
  filters, by weekday x hour in the shop's time zone.
- **Median and p90**: nearest rank, see `nearest_rank`.

Conversations marked spam are left out of every figure. A report's ``channel`` is the
bridged network of a chat room (``whatsapp``, ``telegram``, ...), else ``email`` or ``chat``;
the ``channel`` filter matches either.

**Agent**: one identity per person, the agent id (as in assignments). A conversation's agent
is its assignee; an unassigned one goes to the author of its first answer only when that
name is the id of a known agent, ignoring case and accents (see `agent_key`: the answer
"Eva" or "EVA" goes to ``eva``, "Tomáš" to ``tomas``); known agents are the ids conversations
in the cache are assigned to, so an agent who never had a conversation assigned is not
known. A name that is no known id ("Eva Horáková", a shared "Support"), or that two ids
match, is not guessed at: the conversation is unassigned. The ``agent`` filter matches the
same. In a grouping, conversations without a value (no tag; unassigned; language unknown)
form the group ``""``; a conversation with two tags counts in both tags' groups (and once in
the total).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
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


def nearest_rank(ordered: Sequence[float], fraction: float) -> float | None:
    """The nearest-rank percentile of values sorted ascending: the value at 1-based rank
    ceil(fraction x n), so at least that fraction of the values are at or below it. The
    median (0.5) of an even count is the lower of the middle two. None when empty."""
    if not ordered:
        return None
    rank = max(1, math.ceil(round(fraction * len(ordered), 9)))
    return ordered[min(rank, len(ordered)) - 1]


def agent_key(name: str) -> str:
    """An agent id or an author's name as compared for the agent grouping: case and accents
    ignored, outer spaces dropped ("Tomáš " and "tomas" -> "tomas")."""
    if name.isascii():
        return name.strip().casefold()
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return plain.strip().casefold()


FIRST_RESPONSE_EDGES: tuple[float, ...] = (0, 900, 3600, 4 * 3600, 8 * 3600, 24 * 3600, 48 * 3600)
"""Histogram buckets of first response times (business seconds): under 15 min, 15 min-1 h,
1-4 h, 4-8 h (a business day), 8-24 h, 24-48 h, 48 h and more."""


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
