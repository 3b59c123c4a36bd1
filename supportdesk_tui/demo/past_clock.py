"""When things happened in the demo's past: customers write at the hours people write, agents
answer in office hours (Prague), so the reports' heatmap and response times look lived-in.

Arithmetic is on Prague wall-clock time (aware datetimes add as wall time), converted to UTC
at the end; every choice comes from the caller's `random.Random`.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

PRAGUE = ZoneInfo("Europe/Prague")

HOUR_WEIGHTS = (1, 1, 0, 0, 0, 1, 2, 4, 6, 8, 11, 12, 9, 7, 7, 7, 6, 6, 7, 9, 11, 9, 5, 2)
"""Customer messages by local hour: late mornings and evenings are busiest."""
DAY_WEIGHTS = (10, 10, 9, 9, 8, 4, 5)
"""Monday first: weekends are quieter."""
OFFICE = {weekday: (time(8), time(17)) for weekday in range(5)} | {5: (time(9), time(12))}
"""When agents answer: weekdays 8-17, Saturday mornings; no one on Sunday."""


def first_message(rng: random.Random, now: datetime, days: int) -> datetime:
    """A customer's first message on one of the last `days` days (not today), in UTC."""
    today = now.astimezone(PRAGUE).date()
    while True:
        day = today - timedelta(days=rng.randint(1, days))
        if rng.random() * max(DAY_WEIGHTS) < DAY_WEIGHTS[day.weekday()]:
            return customer_hour(rng, day)


def customer_hour(rng: random.Random, day: date) -> datetime:
    hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
    local = datetime.combine(day, time(hour, rng.randint(0, 59), rng.randint(0, 59)), PRAGUE)
    return local.astimezone(UTC)


def answered(rng: random.Random, after: datetime, *, chat: bool) -> datetime:
    """An agent's reply to a message sent `after`: minutes in office hours, else the next
    opening; now and then a mail waits a day."""
    local = after.astimezone(PRAGUE)
    delay = timedelta(minutes=rng.randint(1, 20) if chat else int(rng.triangular(8, 300, 30)))
    if chat and rng.random() < 0.8 and _in_office(local):
        return (local + delay).astimezone(UTC)
    if not chat and rng.random() < 0.08:
        delay += timedelta(days=1)
    return _office_time(rng, local + delay).astimezone(UTC)


def customer_again(rng: random.Random, after: datetime, *, chat: bool) -> datetime:
    """The customer's next message: minutes later in a chat, hours in mail; not at night."""
    gap = rng.randint(60, 15 * 60) if chat else rng.randint(40 * 60, 20 * 3600)
    local = after.astimezone(PRAGUE) + timedelta(seconds=gap)
    if local.hour < 7:
        local = local.replace(hour=7 + rng.randint(0, 2), minute=rng.randint(0, 59))
    return local.astimezone(UTC)


def same_speaker(rng: random.Random, after: datetime) -> datetime:
    """The next chat line of whoever wrote the last one."""
    return after + timedelta(seconds=rng.randint(15, 240))


def resolved(rng: random.Random, after: datetime, *, chat: bool) -> datetime:
    """Set resolved after the last reply: at once (e), or a few days later when the customer
    did not write back."""
    if chat or rng.random() < 0.7:
        return after + timedelta(seconds=rng.randint(20, 600))
    local = after.astimezone(PRAGUE) + timedelta(days=rng.randint(1, 3))
    return _office_time(rng, local).astimezone(UTC)


def _in_office(local: datetime) -> bool:
    hours = OFFICE.get(local.weekday())
    return hours is not None and hours[0] <= local.time() < hours[1]


def _office_time(rng: random.Random, local: datetime) -> datetime:
    """`local` if the office is open then, else a little after it next opens."""
    if _in_office(local):
        return local
    day = local.date()
    while True:
        hours = OFFICE.get(day.weekday())
        if hours is not None and (day > local.date() or local.time() < hours[0]):
            start = datetime.combine(day, hours[0], PRAGUE)
            return start + timedelta(minutes=rng.randint(2, 95), seconds=rng.randint(0, 59))
        day += timedelta(days=1)
