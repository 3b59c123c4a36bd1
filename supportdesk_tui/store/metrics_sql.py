"""The managers' numbers (definitions: domain/metrics.py), computed in SQL.

Three statements per report: the figures of the period's conversations (total and groups,
distributions by nearest rank with window functions, the first-response histogram), the
busiest hours, and the backlog (a running sum of status spans). Business time, shop-local
hours and days come from SQL functions registered per report over one `BusinessClock`.
"""

from __future__ import annotations

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
from .codec import to_db

# A unary + on `status` keeps SQLite from walking status_change_by_status (every resolved
# line of the cache) for one conversation's lines: status_change_by_conversation finds them.
EPOCH = "(CAST(strftime('%s', {0}) AS INTEGER) + CAST(substr({0}, 20, 7) AS REAL))"
"""SQL for a stored time (fixed-width UTC text, see migrations) as POSIX seconds: whole
seconds, plus the text's ".ffffff" (julianday would round to about 10 µs)."""

MEASURES = ("first_response", "resolution", "replies_to_resolve")
"""Columns of `figures` whose distributions a report gives, named as GroupFigures' fields."""


def _epoch(column: str) -> str:
    return EPOCH.format(column)


_AGENT = """coalesce(nullif(c.assignee, ''), (SELECT m.author_name FROM message m
    WHERE m.conversation_id = c.id AND m.direction = 'out' ORDER BY m.sent_at, m.rowid LIMIT 1),
    '')"""


def _matching(query: ReportQuery) -> tuple[str, dict[str, object]]:
    """The conversations the filters let through, whenever they began; never spam."""
    needs_agent = query.agent is not None or query.group_by is Grouping.AGENT
    clauses: list[str] = ["1"]  # spam is left out of every figure, see _matching's SQL
    params: dict[str, object] = {}
    if query.channel is not None:
        clauses.append(":channel IN (c.channel, c.network)")
        params["channel"] = query.channel
    if query.language is not None:
        clauses.append("coalesce(c.language, '') = :language")
        params["language"] = query.language
    if query.tag is not None:
        clauses.append(
            "EXISTS (SELECT 1 FROM conversation_tag t WHERE t.conversation_id = c.id "
            "AND t.tag = :tag)"
        )
        params["tag"] = query.tag
    agent = _AGENT if needs_agent else "''"
    sql = f"""matching AS (
    SELECT * FROM (
        SELECT c.id, c.customer_id, c.status, c.last_message_at,
               coalesce(c.network, c.channel) AS channel, coalesce(c.language, '') AS language,
               {agent} AS agent
        FROM conversation c WHERE c.status != 'spam' AND {" AND ".join(clauses)}
    ) WHERE :agent IS NULL OR agent = :agent
)"""
    params["agent"] = query.agent
    return sql, params


_FIRST_IN = """(SELECT min(m.sent_at) FROM message m
    WHERE m.conversation_id = {}.id AND m.direction = 'in')"""

_REPEAT = """(EXISTS (SELECT 1 FROM conversation o JOIN status_change s ON s.conversation_id = o.id
        WHERE o.customer_id = c.customer_id AND o.id != c.id AND +s.status = 'resolved'
          AND s.at < c.first_in AND s.at >= c.window_start)
    OR EXISTS (SELECT 1 FROM conversation o
        WHERE o.customer_id = c.customer_id AND o.id != c.id AND o.status = 'resolved'
          AND o.last_message_at < c.first_in AND o.last_message_at >= c.window_start
          AND NOT EXISTS (SELECT 1 FROM status_change s
                          WHERE s.conversation_id = o.id AND +s.status = 'resolved')))"""

_REOPENED = """EXISTS (SELECT 1 FROM status_change a
    WHERE a.conversation_id = c.id AND +a.status = 'open'
      AND (SELECT b.status FROM status_change b WHERE b.conversation_id = a.conversation_id
           AND (b.at, b.id) < (a.at, a.id) ORDER BY b.at DESC, b.id DESC LIMIT 1) = 'resolved')"""

# Per conversation that counts in the period. `window_start`: repeat_window_days before its
# first customer message, in the stored text format (strftime gives milliseconds).
_FIGURES = f"""
counted AS MATERIALIZED (
    SELECT *, strftime('%Y-%m-%dT%H:%M:%f', first_in, :window) || '000Z' AS window_start
    FROM (SELECT mt.*, {_FIRST_IN.format("mt")} AS first_in FROM matching mt
          WHERE mt.id IN (SELECT conversation_id FROM message
                          WHERE direction = 'in' AND sent_at >= :start AND sent_at < :end))
    WHERE first_in >= :start
),
facts AS MATERIALIZED (
    SELECT c.id, c.channel, c.language, c.agent, c.first_in,
        (SELECT min(m.sent_at) FROM message m WHERE m.conversation_id = c.id
         AND m.direction = 'out' AND m.sent_at >= c.first_in) AS first_out,
        CASE WHEN c.status = 'resolved' THEN coalesce(
            (SELECT max(s.at) FROM status_change s
             WHERE s.conversation_id = c.id AND +s.status = 'resolved'),
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


def _keyed(group_by: Grouping) -> str:
    """Each conversation once for the total (total = 1) and once per group it is in."""
    total = "SELECT 1 AS total, '' AS grp, f.* FROM figures f"
    if group_by is Grouping.NONE:
        return f"keyed AS ({total})"
    if group_by is Grouping.TAG:
        grouped = (
            "SELECT 0, coalesce(t.tag, ''), f.* FROM figures f "
            "LEFT JOIN conversation_tag t ON t.conversation_id = f.id"
        )
    else:
        column = {Grouping.CHANNEL: "channel", Grouping.LANGUAGE: "language"}.get(group_by, "agent")
        grouped = f"SELECT 0, f.{column}, f.* FROM figures f"
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
    SELECT total, grp, count(*) AS conversations, sum(first_out IS NULL) AS unanswered,
        sum(resolved_at IS NOT NULL) AS resolved, sum(repeat_contact) AS repeat_contacts,
        sum(reopened) AS reopened, {_histogram_columns()}
    FROM keyed GROUP BY total, grp
),
ranked AS (
    SELECT total, grp, measure, v,
        row_number() OVER (w ORDER BY v) AS position, count(*) OVER w AS n
    FROM ({measures})
    WINDOW w AS (PARTITION BY total, grp, measure)
),
stats AS (  -- nearest rank: the value at rank ceil(p * n)
    SELECT total, grp, measure, max(n) AS n, avg(v) AS mean,
        max(CASE WHEN position = (n + 1) / 2 THEN v END) AS median,
        max(CASE WHEN position = (9 * n + 9) / 10 THEN v END) AS p90
    FROM ranked GROUP BY total, grp, measure
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
    SELECT {_quarter("m.sent_at")} AS quarter, count(*) AS n FROM message m
    WHERE m.direction = 'in' AND m.sent_at >= :start AND m.sent_at < :end
      AND m.conversation_id IN (SELECT id FROM matching)
    GROUP BY quarter
) GROUP BY slot
"""

# Backlog: each conversation's history as spans [since, until) of one status; a conversation
# with no history at all is open from its first message and in its current status from its
# last; one whose history starts after its first message is open until then. Spans of
# waiting statuses give +1 at their start and -1 at their end; a day's backlog is the sum of
# all before its end (`shop_day`: the shop's day of a quarter hour, as a day number).
_BACKLOG = f"""
firsts AS MATERIALIZED (
    SELECT * FROM (SELECT mt.*, {_FIRST_IN.format("mt")} AS first_in FROM matching mt)
    WHERE first_in IS NOT NULL
),
hist AS (
    SELECT f.id, f.first_in, s.status, s.at, s.id AS seq
    FROM firsts f JOIN status_change s ON s.conversation_id = f.id
    UNION ALL
    SELECT f.id, f.first_in, 'open', f.first_in, -1 FROM firsts f
    WHERE NOT EXISTS (SELECT 1 FROM status_change s
                      WHERE s.conversation_id = f.id AND s.at <= f.first_in)
    UNION ALL
    SELECT f.id, f.first_in, f.status, f.last_message_at, 0 FROM firsts f
    WHERE f.status != 'open' AND f.last_message_at IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM status_change s WHERE s.conversation_id = f.id)
),
spans AS MATERIALIZED (
    SELECT * FROM (
        SELECT status, max(at, first_in) AS since,
            lead(at) OVER (PARTITION BY id ORDER BY at, seq) AS until
        FROM hist
    ) WHERE status NOT IN ('resolved', 'spam') AND (until IS NULL OR until > since)
),
deltas AS MATERIALIZED (
    SELECT since AS at, 1 AS delta FROM spans
    UNION ALL
    SELECT until, -1 FROM spans WHERE until IS NOT NULL
)
SELECT day, sum(sum(delta)) OVER (ORDER BY day) FROM (
    SELECT :first_day AS day, coalesce(sum(delta), 0) AS delta FROM deltas WHERE at < :first_start
    UNION ALL
    SELECT shop_day(quarter), delta FROM (
        SELECT {_quarter("at")} AS quarter, sum(delta) AS delta FROM deltas
        WHERE at >= :first_start AND at < :last_end GROUP BY quarter)
) GROUP BY day
"""


@dataclass(frozen=True)
class _Period:
    days: tuple[date, ...]
    first_start: str
    last_end: str


def _period(clock: BusinessClock, query: ReportQuery) -> _Period:
    first = clock.local_day(query.start.timestamp())
    last = clock.local_day(query.end.timestamp() - 1e-6)
    days = tuple(first + timedelta(days=n) for n in range((last - first).days + 1))
    return _Period(
        days, to_db(clock.day_end(first - timedelta(days=1))), to_db(clock.day_end(last))
    )


async def register_functions(db: aiosqlite.Connection, clock: BusinessClock) -> None:
    """For this report's shop: business_seconds(a, b) over POSIX seconds; shop_slot(q) and
    shop_day(q) of a quarter hour (see _quarter). NULL in, NULL out."""
    functions: dict[str, tuple[int, Callable[..., object]]] = {
        "business_seconds": (2, _nullable(clock.between_epochs)),
        "shop_slot": (1, _nullable(lambda q: clock.local_slot(_quarter_epoch(q)))),
        "shop_day": (1, _nullable(lambda q: clock.local_day(_quarter_epoch(q)).toordinal())),
    }
    for name, (arity, function) in functions.items():
        await db.create_function(name, arity, function, deterministic=True)


def _quarter_epoch(quarter: str) -> float:
    return datetime.fromisoformat(quarter).replace(tzinfo=UTC).timestamp()


def _nullable(function: Callable[..., object]) -> Callable[..., object]:
    def call(*args: float | None) -> object:
        return None if any(arg is None for arg in args) else function(*args)

    return call


async def report(db: aiosqlite.Connection, query: ReportQuery) -> Report:
    """The caller holds the report lock (the SQL functions are this report's)."""
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
    busiest = await _busiest(db, matching, params)
    period = _period(clock, query)
    backlog = await _backlog(db, matching, params, period)
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
    first_day = period.days[0].toordinal()
    found = await db.execute_fetchall(
        f"WITH {matching}, {_BACKLOG}",
        params
        | {"first_start": period.first_start, "last_end": period.last_end, "first_day": first_day},
    )
    running = {int(day): int(total) for day, total in found}
    points, waiting = [], 0
    for day in period.days:
        waiting = running.get(day.toordinal(), waiting)  # no change that day: as the day before
        points.append(BacklogPoint(day, waiting))
    return tuple(points)
