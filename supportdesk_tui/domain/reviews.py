"""The review of past threads: which resolved conversations a reviewer looks at, and the
score and note they leave. Pure data: no IO.

A conversation's *time* in the review is when it was last resolved (status history), or its
last message when no resolution was recorded (a cache from before the history was kept).
Its *agent* is the one reports use (see `metrics.py`): the assignee, else a known agent
who wrote the first answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .models import Channel

SCORES = range(1, 6)
NOTE_LENGTH = 500
"""A short note: longer text is cut here."""


@dataclass(frozen=True)
class ReviewFilter:
    start: datetime | None = None
    """UTC, inclusive: resolved at or after."""
    end: datetime | None = None
    """UTC, exclusive."""
    agent: str | None = None
    tag: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Review:
    conversation_id: str
    reviewer: str
    score: int
    note: str
    at: datetime

    def __post_init__(self) -> None:
        if self.score not in SCORES:
            raise ValueError(f"a score is 1 to 5, not {self.score}")


@dataclass(frozen=True)
class ReviewRow:
    """One line of the review list, with the reviewer's own review if they gave one."""

    conversation_id: str
    channel: Channel
    network: str | None
    customer_name: str
    subject: str
    language: str | None
    agent: str
    """The assignee, else the first answer's author as written; '' when unanswered."""
    tags: tuple[str, ...]
    resolved_at: datetime
    review: Review | None = None

    @property
    def position(self) -> tuple[datetime, str]:
        """Where the next page starts after this row (newest first)."""
        return (self.resolved_at, self.conversation_id)


@dataclass(frozen=True)
class ExportedReview:
    """A review with what a reader of the export needs to find the conversation."""

    review: Review
    subject: str
    customer_name: str
    channel: str
    language: str
    agent: str
    resolved_at: datetime | None
