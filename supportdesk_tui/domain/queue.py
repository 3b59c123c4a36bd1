"""Queue rules: what the queue shows, in which order, and when snoozes end. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from .models import Channel, Direction, Message, Status

OPEN_STATUSES = frozenset({Status.OPEN, Status.PENDING})
"""What 'every open conversation' means: snoozed, resolved and spam are out of the way."""


@dataclass(frozen=True)
class QueueFilter:
    text: str = ""
    """Words to find (FTS5 over subjects, bodies and customer names); '' for all."""
    statuses: frozenset[Status] = field(default_factory=lambda: OPEN_STATUSES)
    assignee: str | None = None
    """Only conversations assigned to this agent ('mine')."""
    unassigned: bool = False
    tag: str | None = None
    channel: Channel | None = None
    language: str | None = None

    def with_changes(self, **changes: object) -> QueueFilter:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def is_default(self) -> bool:
        return self == QueueFilter()


def waiting_since(messages: Iterable[Message]) -> datetime | None:
    """The oldest customer message that no reply of ours has answered yet.

    Notes don't count as answers; a reply answers everything the customer wrote before it.
    """
    waiting: datetime | None = None
    for message in sorted(messages, key=lambda m: m.sent_at):
        if message.direction is Direction.INCOMING:
            if waiting is None:
                waiting = message.sent_at
        elif message.direction is Direction.OUTGOING:
            waiting = None
    return waiting


def status_after_customer_message(status: Status) -> Status:
    """A customer writing again reopens what was resolved, snoozed or pending."""
    if status in (Status.RESOLVED, Status.SNOOZED, Status.PENDING):
        return Status.OPEN
    return status


def snooze_presets(now: datetime, zone: ZoneInfo) -> dict[str, datetime]:
    """Snooze targets offered to the agent, computed in the shop's time zone, returned in UTC."""
    local = now.astimezone(zone)
    later = local + timedelta(hours=3)
    tomorrow = datetime.combine(local.date() + timedelta(days=1), time(9, 0), zone)
    days_to_monday = 7 - local.weekday()
    next_week = datetime.combine(local.date() + timedelta(days=days_to_monday), time(9, 0), zone)
    utc = ZoneInfo("UTC")
    return {
        "later today": later.astimezone(utc),
        "tomorrow morning": tomorrow.astimezone(utc),
        "next week": next_week.astimezone(utc),
    }


def format_wait(since: datetime | None, now: datetime) -> str:
    """Compact waiting time for the queue: '45m', '3h', '2d'."""
    if since is None:
        return "-"
    seconds = max(0, int((now - since).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400 * 2:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"


_RELATIVE = re.compile(r"^\+?\s*(\d+)\s*(m|min|h|d|w)$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%d.%m. %H:%M")


def parse_snooze(text: str, now: datetime, zone: ZoneInfo) -> datetime | None:
    """A snooze time typed by the agent, in the shop's zone; None if not understood or past.

    Accepts '+3h', '2d', '45m', '1w', '14:30' (today, or tomorrow if already past),
    '2026-12-01 09:00', '1.12.2026 9:00', '1.12.2026' (09:00 that day).
    """
    typed = text.strip().lower()
    local_now = now.astimezone(zone)
    target: datetime | None = None
    if match := _RELATIVE.match(typed):
        amount, unit = int(match[1]), match[2]
        unit_delta = {
            "m": timedelta(minutes=1),
            "min": timedelta(minutes=1),
            "h": timedelta(hours=1),
            "d": timedelta(days=1),
            "w": timedelta(weeks=1),
        }[unit]
        target = local_now + amount * unit_delta
    elif match := _CLOCK.match(typed):
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            return None
        target = local_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if target <= local_now:
            target += timedelta(days=1)
    else:
        target = _parse_date(typed, local_now, zone)
    if target is None or target <= local_now:
        return None
    return target.astimezone(ZoneInfo("UTC"))


def _parse_date(typed: str, local_now: datetime, zone: ZoneInfo) -> datetime | None:
    for fmt in _FORMATS:
        try:
            parsed = datetime.strptime(typed, fmt)
        except ValueError:
            continue
        if "%Y" not in fmt:
            parsed = parsed.replace(year=local_now.year)
        if "%H" not in fmt:
            parsed = parsed.replace(hour=9)
        return parsed.replace(tzinfo=zone)
    return None
