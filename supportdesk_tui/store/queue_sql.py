"""The queue's WHERE clause and order, built from a QueueFilter. No IO."""

from __future__ import annotations

from datetime import datetime

from ..domain.models import Status
from ..domain.queue import QueueFilter
from .codec import to_db
from .search import fts_query

QUEUE_ORDER = "waiting DESC, waiting_since, last_message_at DESC, id"
"""Waiting first, longest waiting first; then the newest activity; the id breaks ties."""


def status_clause(statuses: frozenset[Status], now: datetime) -> tuple[str, list[object]]:
    """A snoozed conversation whose time has come counts as open, not as snoozed."""
    if not statuses or statuses >= set(Status):
        return "", []
    if statuses == {Status.RESOLVED} or statuses == {Status.SPAM}:
        return "status = ?", [next(iter(statuses)).value]  # the status index gives the order
    # '+status' keeps SQLite from collecting each status apart and sorting them: scanning
    # the covering queue index in order and filtering is faster, at any offset.
    parts: list[str] = []
    params: list[object] = []
    plain = sorted(statuses - {Status.SNOOZED})
    if plain:
        parts.append(f"+status IN ({', '.join('?' * len(plain))})")
        params.extend(status.value for status in plain)
    if Status.SNOOZED in statuses and Status.OPEN in statuses:
        parts.append("+status = 'snoozed'")
    elif Status.SNOOZED in statuses:
        parts.append("(+status = 'snoozed' AND (snoozed_until IS NULL OR snoozed_until > ?))")
        params.append(to_db(now))
    elif Status.OPEN in statuses:
        parts.append("(+status = 'snoozed' AND snoozed_until <= ?)")
        params.append(to_db(now))
    return "(" + " OR ".join(parts) + ")", params


def queue_where(f: QueueFilter, now: datetime) -> tuple[str, list[object]]:
    """WHERE text (or '') and its parameters, for the conversation table."""
    clause, params = status_clause(f.statuses, now)
    clauses = [clause] if clause else []
    if f.assignee is not None:
        clauses.append("assignee = ?")
        params.append(f.assignee)
    if f.unassigned:
        clauses.append("assignee IS NULL")
    if f.tag is not None:
        clauses.append("id IN (SELECT conversation_id FROM conversation_tag WHERE tag = ?)")
        params.append(f.tag)
    if f.channel is not None:
        clauses.append("channel = ?")
        params.append(f.channel.value)
    if f.language is not None:
        clauses.append("language = ?")
        params.append(f.language)
    match = fts_query(f.text)
    if match is not None:
        clauses.append(
            "rowid IN (SELECT rowid FROM conversation_search WHERE conversation_search MATCH ?)"
        )
        params.append(match)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def count_sql(f: QueueFilter, now: datetime) -> tuple[str, list[object]]:
    where, params = queue_where(f, now)
    return f"SELECT count(*) FROM conversation{where}", params


def page_sql(f: QueueFilter, now: datetime, offset: int, limit: int) -> tuple[str, list[object]]:
    """One page of queue rows. Paging runs over the (covering) index; the table and the
    customer are read only for the rows of this page."""
    where, params = queue_where(f, now)
    sql = f"""
        SELECT c.id, c.channel, coalesce(cu.display_name, '') AS customer_name, c.language,
               c.subject, c.preview, c.status, c.snoozed_until, c.assignee, c.waiting_since,
               c.last_message_at, c.unread, c.network,
               (SELECT group_concat(t.tag, char(31)) FROM conversation_tag t
                WHERE t.conversation_id = c.id) AS tags
        FROM (SELECT id FROM conversation{where} ORDER BY {QUEUE_ORDER} LIMIT ? OFFSET ?) page
        JOIN conversation c ON c.id = page.id
        LEFT JOIN customer cu ON cu.id = c.customer_id
        ORDER BY c.waiting DESC, c.waiting_since, c.last_message_at DESC, c.id
    """
    return sql, [*params, max(0, limit), max(0, offset)]
