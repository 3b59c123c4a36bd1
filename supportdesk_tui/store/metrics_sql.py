"""The managers' numbers (definitions: domain/metrics.py), computed in SQL.

Three statements per report, over the conversations the filters let through (`matching`)
and their first customer message (`firsts`, one index look-up each): the figures of the
period's conversations (total and groups, distributions by nearest rank with window
functions, the first-response histogram), the busiest hours, and the backlog. Business
time, shop-local hours and days and agent names come from SQL functions registered per
report over one `BusinessClock`.

Every per-conversation fact is an index look-up on message (conversation_id, direction,
sent_at) or status_change (conversation_id, at, status) (schema 7), so a report reads the
index pages of the conversations it counts and not the messages' text.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import aiosqlite

from ..domain.business_time import BusinessClock
from ..domain.metrics import (
    FIRST_RESPONSE_EDGES,
    BacklogPoint,
    Distribution,
    GroupFigures,
    Grouping,
    Histogram,
    Report,
    ReportQuery,
)
from ..errors import StoreError
from .codec import to_db

EPOCH = "(CAST(strftime('%s', {0}) AS INTEGER) + CAST(substr({0}, 20, 7) AS REAL))"
"""SQL for a stored time (fixed-width UTC text, see migrations) as POSIX seconds: whole
seconds, plus the text's ".ffffff" (julianday would round to about 10 µs)."""

MEASURES = ("first_response", "resolution", "replies_to_resolve")
"""Columns of `figures` whose distributions a report gives, named as GroupFigures' fields."""


def _epoch(column: str) -> str:
    return EPOCH.format(column)


# The agent of a conversation (domain/metrics.py): its assignee; else the author of its first
# answer when that name is, but for case and accents, the id of one known agent (`agents`:
# the ids conversations are assigned to); else "" (unassigned).
AGENTS_CTE = """agents AS MATERIALIZED (
    SELECT agent_key(assignee) AS key, min(assignee) AS id
    FROM (SELECT DISTINCT assignee FROM conversation WHERE assignee != '')
    GROUP BY key HAVING count(*) = 1
)"""

CONVERSATION_AGENT = """coalesce(nullif(c.assignee, ''),
    (SELECT a.id FROM agents a WHERE a.key = agent_key(
    (SELECT m.author_name FROM message m WHERE m.conversation_id = c.id AND m.direction = 'out'
     ORDER BY m.sent_at, m.rowid LIMIT 1))), '')"""


def conversation_filters(
    channel: str | None, language: str | None, tag: str | None
) -> tuple[list[str], dict[str, object]]:
    """WHERE clauses on conversation `c` (and their parameters) for the filters given."""
    clauses: list[str] = ["1"]
    params: dict[str, object] = {}
    if channel is not None:
        clauses.append(":channel IN (c.channel, c.network)")
        params["channel"] = channel
    if language is not None:
        clauses.append("coalesce(c.language, '') = :language")
        params["language"] = language
    if tag is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM conversation_tag t WHERE t.conversation_id = c.id "
            "AND t.tag = :tag)"
        )
        params["tag"] = tag
    return clauses, params


def _matching(query: ReportQuery, grouped: bool = True) -> tuple[str, dict[str, object]]:
    """The conversations the filters let through, whenever they began (never spam), and those
    of them with a customer message, with the first one's time (`firsts`). `grouped`: with
    the group's agent (the busiest hours and the backlog are not grouped)."""
    needs_agent = query.agent is not None or (grouped and query.group_by is Grouping.AGENT)
    clauses, params = conversation_filters(query.channel, query.language, query.tag)
    agent = CONVERSATION_AGENT if needs_agent else "''"
    sql = f"""{AGENTS_CTE + "," if needs_agent else ""}
matching AS (
    SELECT * FROM (
        SELECT c.id, c.customer_id, c.status, c.last_message_at,
               coalesce(c.network, c.channel) AS channel, coalesce(c.language, '') AS language,
               {agent} AS agent
        FROM conversation c WHERE c.status != 'spam' AND {" AND ".join(clauses)}
    ) WHERE :agent IS NULL OR agent = :agent
),
with_first AS MATERIALIZED (
    SELECT mt.*, (SELECT min(m.sent_at) FROM message m
                  WHERE m.conversation_id = mt.id AND m.direction = 'in') AS first_in
    FROM matching mt
),
firsts AS (SELECT * FROM with_first WHERE first_in IS NOT NULL)"""
    params["agent"] = query.agent
    return sql, params


# The unary + on `s.status` keeps SQLite from walking status_change_by_status (every resolved
# line of a week) once per conversation: the customer's other conversations' lines are few.
_REPEAT = """(EXISTS (SELECT 1 FROM conversation o JOIN status_change s ON s.conversation_id = o.id
        WHERE o.customer_id = c.customer_id AND o.id != c.id AND +s.status = 'resolved'
          AND s.at < c.first_in AND s.at >= c.window_start)
    OR EXISTS (SELECT 1 FROM conversation o
        WHERE o.customer_id = c.customer_id AND o.id != c.id AND o.status = 'resolved'
          AND o.last_message_at < c.first_in AND o.last_message_at >= c.window_start
          AND NOT EXISTS (SELECT 1 FROM status_change s WHERE s.conversation_id = o.id)))"""

_NEXT_CHANGE = """(SELECT n.{column} FROM status_change n
    WHERE n.conversation_id = {s}.conversation_id AND n.at >= {s}.at
      AND (n.at > {s}.at OR n.id > {s}.id)
    ORDER BY n.at, n.id LIMIT 1)"""
"""The change right after status_change row `s` (history order: time, then id)."""

# Reopened: a `resolved` line whose next line is `open` (the same as an `open` line right
# after a `resolved` one; there are fewer resolved lines to look from).
_REOPENED = f"""EXISTS (SELECT 1 FROM status_change r
    WHERE r.conversation_id = c.id AND r.status = 'resolved'
      AND {_NEXT_CHANGE.format(column="status", s="r")} = 'open')"""

# Per conversation that counts in the period. `window_start`: repeat_window_days before its
# first customer message, in the stored text format (strftime gives milliseconds).
_FIGURES = f"""
counted AS MATERIALIZED (
    SELECT *, strftime('%Y-%m-%dT%H:%M:%f', first_in, :window) || '000Z' AS window_start
    FROM firsts WHERE first_in >= :start AND first_in < :end
),
facts AS MATERIALIZED (
    SELECT c.id, c.channel, c.language, c.agent, c.first_in,
        (SELECT min(m.sent_at) FROM message m WHERE m.conversation_id = c.id
         AND m.direction = 'out' AND m.sent_at >= c.first_in) AS first_out,
        CASE WHEN c.status = 'resolved' THEN coalesce(
            (SELECT max(s.at) FROM status_change s
             WHERE s.conversation_id = c.id AND s.status = 'resolved'),
            c.last_message_at) END AS resolved_at,
        {_REPEAT} AS repeat_contact,
        {_REOPENED} AS reopened
    FROM counted c
),
figures AS MATERIALIZED (
    SELECT f.*,
        CASE WHEN first_out IS NOT NULL
             THEN business_seconds({_epoch("first_in")}, {_epoch("first_out")}) END
            AS first_response,
        CASE WHEN resolved_at IS NOT NULL
             THEN business_seconds({_epoch("first_in")}, {_epoch("resolved_at")}) END
            AS resolution,
        CASE WHEN resolved_at IS NOT NULL THEN (SELECT count(*) FROM message m
             WHERE m.conversation_id = f.id AND m.direction = 'out'
             AND m.sent_at <= f.resolved_at) END AS replies_to_resolve
    FROM facts f
)"""


_KEYED_COLUMNS = (
    "f.first_out IS NULL AS unanswered, f.resolved_at IS NOT NULL AS resolved, "
    "f.repeat_contact, f.reopened, " + ", ".join(f"f.{name}" for name in MEASURES)
)
"""What the groups and distributions read of `figures`: narrow rows sort faster."""


def _keyed(group_by: Grouping) -> str:
    """Each conversation once for the total (total = 1) and once per group it is in."""
    total = f"SELECT 1 AS total, '' AS grp, {_KEYED_COLUMNS} FROM figures f"
    if group_by is Grouping.NONE:
        return f"keyed AS ({total})"
    if group_by is Grouping.TAG:
        grouped = (
            f"SELECT 0, coalesce(t.tag, ''), {_KEYED_COLUMNS} FROM figures f "
            "LEFT JOIN conversation_tag t ON t.conversation_id = f.id"
        )
    else:
        column = {Grouping.CHANNEL: "channel", Grouping.LANGUAGE: "language"}.get(group_by, "agent")
        grouped = f"SELECT 0, f.{column}, {_KEYED_COLUMNS} FROM figures f"
    return f"keyed AS ({total} UNION ALL {grouped})"


def _histogram_columns() -> str:
    edges = FIRST_RESPONSE_EDGES
    bounds = [
        f"first_response >= {low}"
        + (f" AND first_response < {edges[i + 1]}" if i + 1 < len(edges) else "")
        for i, low in enumerate(edges)
    ]
    return ", ".join(f"sum(coalesce({bound}, 0)) AS h{i}" for i, bound in enumerate(bounds))


def _report_sql(group_by: Grouping) -> str:
    measures = " UNION ALL ".join(
        f"SELECT total, grp, '{name}' AS measure, {name} AS v FROM keyed WHERE {name} IS NOT NULL"
        for name in MEASURES
    )
    return f""",
{_keyed(group_by)},
groups AS (
    SELECT total, grp, count(*) AS conversations, sum(unanswered) AS unanswered,
        sum(resolved) AS resolved, sum(repeat_contact) AS repeat_contacts,
        sum(reopened) AS reopened, {_histogram_columns()}
    FROM keyed GROUP BY total, grp
),
measured AS MATERIALIZED ({measures}),
ranked AS (
    SELECT total, grp, measure, v, row_number() OVER (
        PARTITION BY total, grp, measure ORDER BY v) AS position
    FROM measured
),
counts AS MATERIALIZED (
    SELECT total, grp, measure, count(*) AS n, avg(v) AS mean FROM measured
    GROUP BY total, grp, measure
),
stats AS (  -- nearest rank: the value at rank ceil(p * n)
    SELECT c.total, c.grp, c.measure, c.n, c.mean,
        max(CASE WHEN position = (n + 1) / 2 THEN v END) AS median,
        max(CASE WHEN position = (9 * n + 9) / 10 THEN v END) AS p90
    FROM ranked r CROSS JOIN counts c USING (total, grp, measure)  -- ranked read once
    WHERE position IN ((n + 1) / 2, (9 * n + 9) / 10)
    GROUP BY c.total, c.grp, c.measure
)
SELECT g.*, s.measure, s.n, s.median, s.p90, s.mean
FROM groups g LEFT JOIN stats s ON s.total = g.total AND s.grp = g.grp
"""


def _quarter(column: str) -> str:
    """SQL for the quarter hour (UTC, "YYYY-MM-DDTHH:MM") a stored time falls in. Every time
    zone's offset is a whole number of quarter hours, so a shop's hours and days begin on
    one: counting per quarter first calls the shop-time functions once a quarter, not once a
    row."""
    return f"substr({column}, 1, 14) || printf('%02d', substr({column}, 15, 2) / 15 * 15)"


_BUSIEST = f"""
SELECT shop_slot(quarter) AS slot, sum(n) FROM (
    SELECT {_quarter("m.sent_at")} AS quarter, count(*) AS n
    FROM firsts f JOIN message m ON m.conversation_id = f.id
    WHERE m.direction = 'in' AND m.sent_at >= :start AND m.sent_at < :end
    GROUP BY quarter
) GROUP BY slot
"""

# Backlog. A conversation counts from its first customer message (+1 then), except while
# its status is resolved or spam: `closed` spans [since, until) of such a line of its
# history until the next line (-1, +1), from its first customer message on; one with no
# history at all that is resolved now is so from its last message. This is the same as
# adding up spans of the waiting statuses (open before its first recorded change), and
# needs the next line only after the few resolved and spam lines. A day's backlog is the
# sum of all before its end: the running sum at a mark put at each day's end (`day_ends`,
# the instants of the shop's midnights; a mark sorts before a change at the same instant).
_BACKLOG = f"""
spans AS MATERIALIZED (
    SELECT max(s.at, f.first_in) AS since,
        {_NEXT_CHANGE.format(column="at", s="s")} AS until
    FROM firsts f JOIN status_change s ON s.conversation_id = f.id
    WHERE s.status IN ('resolved', 'spam')
    UNION ALL
    SELECT f.last_message_at, NULL FROM firsts f
    WHERE f.status = 'resolved' AND f.last_message_at >= f.first_in
      AND NOT EXISTS (SELECT 1 FROM status_change s WHERE s.conversation_id = f.id)
),
closed AS (SELECT * FROM spans WHERE until IS NULL OR until > since),
deltas AS MATERIALIZED (
    SELECT first_in AS at, 1 AS delta FROM firsts
    UNION ALL
    SELECT since, -1 FROM closed
    UNION ALL
    SELECT until, 1 FROM closed WHERE until IS NOT NULL
),
marked AS (
    SELECT at, delta, NULL AS day FROM deltas WHERE at < :last_end
    UNION ALL
    SELECT value, 0, key FROM json_each(:day_ends)
)
SELECT day, waiting FROM (
    SELECT day, sum(delta) OVER (ORDER BY at, day IS NULL ROWS UNBOUNDED PRECEDING) AS waiting
    FROM marked
) WHERE day IS NOT NULL
"""


@dataclass(frozen=True)
class _Period:
    days: tuple[date, ...]
    ends: tuple[str, ...]
    """When each day ends (stored format)."""


def _period(clock: BusinessClock, query: ReportQuery) -> _Period:
    first = clock.local_day(query.start.timestamp())
    last = clock.local_day(query.end.timestamp() - 1e-6)
    days = tuple(first + timedelta(days=n) for n in range((last - first).days + 1))
    return _Period(days, tuple(to_db(clock.day_end(day)) for day in days))


async def register_functions(db: aiosqlite.Connection, clock: BusinessClock) -> None:
    """For this report's shop: business_seconds(a, b) over POSIX seconds; shop_slot(q) of a
    quarter hour (see _quarter). NULL in, NULL out. (agent_key is the store's own: opening.py)"""
    functions: dict[str, tuple[int, Callable[..., object]]] = {
        "business_seconds": (2, _nullable2(clock.between_epochs)),
        "shop_slot": (1, _nullable(lambda q: clock.local_slot(_quarter_epoch(q)))),
    }
    for name, (arity, function) in functions.items():
        await db.create_function(name, arity, function, deterministic=True)


def _quarter_epoch(quarter: str) -> float:
    return datetime.fromisoformat(quarter).replace(tzinfo=UTC).timestamp()


def _nullable(function: Callable[[Any], object]) -> Callable[[Any], object]:
    def call(arg: Any) -> object:
        return None if arg is None else function(arg)

    return call


def _nullable2(function: Callable[[Any, Any], object]) -> Callable[[Any, Any], object]:
    def call(first: Any, second: Any) -> object:
        return None if first is None or second is None else function(first, second)

    return call


async def report(db: aiosqlite.Connection, query: ReportQuery) -> Report:
    """The caller holds the report lock (the SQL functions are this report's). An SQLite
    error that tells of the cache (busy, damaged, a table missing) is raised as it is, for the
    store's advice on the file; any other is a fault of this module's SQL, said as such."""
    try:
        return await _report(db, query)
    except sqlite3.Error as error:
        if _cache_fault(error):
            raise
        raise StoreError(
            f"The report's query failed ({error}). This is a fault in supportdesk, not in the "
            "cache, which is left as it was: please report it with this message.",
            title="Report error",
        ) from error


def _cache_fault(error: sqlite3.Error) -> bool:
    """SQLITE_ERROR is a statement's own error (syntax, a function that raised, ...) unless a
    table or column of the schema is missing; the other codes (busy, I/O, corrupt, not a
    database, read-only, full, ...) are about the file."""
    name = getattr(error, "sqlite_errorname", None)
    if name not in ("SQLITE_ERROR", "SQLITE_MISUSE", "SQLITE_RANGE", None):
        return True
    text = str(error)
    return text.startswith(("no such table", "no such column"))


async def _report(db: aiosqlite.Connection, query: ReportQuery) -> Report:
    query = replace(query, start=_aware(query.start), end=_aware(query.end))
    clock = BusinessClock(query.hours)
    await register_functions(db, clock)
    matching, params = _matching(query)
    params |= {
        "start": to_db(query.start),
        "end": to_db(query.end),
        "window": f"-{int(query.repeat_window_days)} days",
    }
    if query.end <= query.start:
        return _empty(query)
    figure_rows = await db.execute_fetchall(
        f"WITH {matching},{_FIGURES}{_report_sql(query.group_by)}", params
    )
    total, groups = _group_figures(figure_rows)
    ungrouped, _ = _matching(query, grouped=False)
    busiest = await _busiest(db, ungrouped, params)
    period = _period(clock, query)
    backlog = await _backlog(db, ungrouped, params, period)
    return Report(
        query=query,
        total=total,
        groups=groups,
        busiest_hours=busiest,
        first_response_histogram=Histogram(FIRST_RESPONSE_EDGES, total_histogram(figure_rows)),
        backlog=backlog,
    )


def _aware(moment: datetime) -> datetime:
    """A naive time is UTC, as everywhere in the store."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _empty(query: ReportQuery) -> Report:
    """A period that ends before it begins holds nothing."""
    zeros = tuple(0 for _ in FIRST_RESPONSE_EDGES)
    return Report(
        query=query,
        total=GroupFigures(group=""),
        groups=(),
        busiest_hours=tuple(tuple(0 for _ in range(24)) for _ in range(7)),
        first_response_histogram=Histogram(FIRST_RESPONSE_EDGES, zeros),
        backlog=(),
    )


def _group_figures(
    found: Iterable[aiosqlite.Row],
) -> tuple[GroupFigures, tuple[GroupFigures, ...]]:
    """Rows of (group counts, one measure's distribution) -> the total and the groups,
    largest first."""
    figures: dict[tuple[int, str], GroupFigures] = {}
    for row in found:
        key = (int(row["total"]), str(row["grp"]))
        current = figures.get(key) or GroupFigures(
            group=key[1],
            conversations=row["conversations"],
            unanswered=row["unanswered"],
            resolved=row["resolved"],
            repeat_contacts=row["repeat_contacts"],
            reopened=row["reopened"],
        )
        if row["measure"] is not None:
            distribution = Distribution(
                count=row["n"],
                median=float(row["median"]),
                p90=float(row["p90"]),
                mean=float(row["mean"]),
            )
            measure: dict[str, Any] = {row["measure"]: distribution}
            current = replace(current, **measure)
        figures[key] = current
    total = figures.pop((1, ""), GroupFigures(group=""))
    groups = sorted(figures.values(), key=lambda g: (-g.conversations, g.group))
    return total, tuple(groups)


def total_histogram(found: Iterable[aiosqlite.Row]) -> tuple[int, ...]:
    for row in found:
        if row["total"] == 1:
            return tuple(int(row[f"h{i}"]) for i in range(len(FIRST_RESPONSE_EDGES)))
    return tuple(0 for _ in FIRST_RESPONSE_EDGES)


async def _busiest(
    db: aiosqlite.Connection, matching: str, params: dict[str, object]
) -> tuple[tuple[int, ...], ...]:
    grid = [[0] * 24 for _ in range(7)]
    sql = f"WITH {matching} {_BUSIEST}"
    for slot, count in await db.execute_fetchall(sql, params):
        grid[slot // 24][slot % 24] = count
    return tuple(tuple(day) for day in grid)


async def _backlog(
    db: aiosqlite.Connection, matching: str, params: dict[str, object], period: _Period
) -> tuple[BacklogPoint, ...]:
    found = await db.execute_fetchall(
        f"WITH {matching}, {_BACKLOG}",
        params | {"day_ends": json.dumps(period.ends), "last_end": period.ends[-1]},
    )
    waiting = {int(index): int(count) for index, count in found}
    return tuple(BacklogPoint(day, waiting[index]) for index, day in enumerate(period.days))
