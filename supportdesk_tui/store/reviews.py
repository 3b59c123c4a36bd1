"""The review of past threads (domain/reviews.py): the paged list of resolved conversations,
the reviewers' scores and notes, and their export.

Pages are keyed by (time, id) of the last row shown, newest first, so page 50 costs what
page 1 does. The list scans the resolved conversations (conversation_queue_by_status) and
looks up each one's last resolution in its status history: measured on 100k messages in
bench/bench_review.py.

Each function runs inside the caller's transaction or read.
"""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from ..domain.models import Channel
from ..domain.reviews import ExportedReview, Review, ReviewFilter, ReviewRow
from .codec import from_db, to_db
from .fetch import rows
from .metrics_sql import AGENTS_CTE, CONVERSATION_AGENT, conversation_filters

# A unary + keeps SQLite on the conversation's own history lines (an index by conversation),
# not on every resolved line of the cache.
_RESOLVED_AT = """coalesce((SELECT max(s.at) FROM status_change s
    WHERE s.conversation_id = c.id AND +s.status = 'resolved'), c.last_message_at, '')"""


def _listed(f: ReviewFilter) -> tuple[str, dict[str, object]]:
    """WITH ... listed(id, done_at, agent): the resolved conversations the filter lets through."""
    clauses, params = conversation_filters(None, f.language, f.tag)
    clauses.append("c.status = 'resolved'")
    params["agent"] = f.agent
    period = []
    if f.start is not None:
        period.append("done_at >= :start")
        params["start"] = to_db(f.start)
    if f.end is not None:
        period.append("done_at < :end")
        params["end"] = to_db(f.end)
    agent = CONVERSATION_AGENT if f.agent is not None else "''"
    sql = f"""WITH {AGENTS_CTE},
listed AS (
    SELECT * FROM (
        SELECT c.id, {_RESOLVED_AT} AS done_at, {agent} AS agent
        FROM conversation c WHERE {" AND ".join(clauses)}
    ) WHERE (:agent IS NULL OR agent = :agent) {"".join(" AND " + p for p in period)}
)"""
    return sql, params


async def count_resolved(db: aiosqlite.Connection, f: ReviewFilter) -> int:
    sql, params = _listed(f)
    found = list(await db.execute_fetchall(f"{sql} SELECT count(*) FROM listed", params))
    return int(found[0][0])


async def list_resolved(
    db: aiosqlite.Connection,
    f: ReviewFilter,
    reviewer: str,
    after: tuple[datetime, str] | None,
    limit: int,
) -> list[ReviewRow]:
    """Newest resolution first; `after`: the `position` of the last row already shown."""
    sql, params = _listed(f)
    params |= {"reviewer": reviewer, "limit": limit, "after_at": None, "after_id": None}
    if after is not None:
        params |= {"after_at": to_db(after[0]), "after_id": after[1]}
    page_sql = f"""{sql},
page AS MATERIALIZED (
    SELECT * FROM listed WHERE :after_at IS NULL OR (done_at, id) < (:after_at, :after_id)
    ORDER BY done_at DESC, id DESC LIMIT :limit
)
SELECT p.id, p.done_at, c.channel, c.network, c.subject, c.language,
    {CONVERSATION_AGENT} AS agent, coalesce(cu.display_name, '') AS customer_name,
    (SELECT group_concat(t.tag, char(10)) FROM conversation_tag t
     WHERE t.conversation_id = p.id) AS tags,
    r.score, r.note, r.at AS reviewed_at
FROM page p JOIN conversation c ON c.id = p.id
LEFT JOIN customer cu ON cu.id = c.customer_id
LEFT JOIN review r ON r.conversation_id = p.id AND r.reviewer = :reviewer
ORDER BY p.done_at DESC, p.id DESC"""
    return [_row(found, reviewer) for found in await db.execute_fetchall(page_sql, params)]


def _row(found: aiosqlite.Row, reviewer: str) -> ReviewRow:
    review = None
    if found["score"] is not None:
        at = from_db(found["reviewed_at"])
        assert at is not None
        review = Review(found["id"], reviewer, int(found["score"]), found["note"], at)
    done = from_db(found["done_at"] or None)
    assert done is not None  # a resolved conversation has a message or a resolution
    return ReviewRow(
        conversation_id=found["id"],
        channel=Channel(found["channel"]),
        network=found["network"],
        customer_name=found["customer_name"],
        subject=found["subject"],
        language=found["language"],
        agent=found["agent"],
        tags=tuple(sorted((found["tags"] or "").split("\n"))) if found["tags"] else (),
        resolved_at=done,
        review=review,
    )


async def save_review(db: aiosqlite.Connection, review: Review) -> None:
    """One per reviewer and conversation: a second save replaces the first."""
    await db.execute(
        "INSERT INTO review (conversation_id, reviewer, score, note, at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (conversation_id, reviewer) DO UPDATE SET score = excluded.score, "
        "note = excluded.note, at = excluded.at",
        (review.conversation_id, review.reviewer, review.score, review.note, to_db(review.at)),
    )


async def delete_review(db: aiosqlite.Connection, conversation_id: str, reviewer: str) -> None:
    await db.execute(
        "DELETE FROM review WHERE conversation_id = ? AND reviewer = ?",
        (conversation_id, reviewer),
    )


async def all_reviews(db: aiosqlite.Connection) -> list[ExportedReview]:
    """Every reviewer's reviews, oldest first, with what finds the conversation again."""
    sql = f"""WITH {AGENTS_CTE}
SELECT r.conversation_id, r.reviewer, r.score, r.note, r.at,
    coalesce(c.subject, '') AS subject, coalesce(cu.display_name, '') AS customer_name,
    coalesce(c.network, c.channel, '') AS channel, coalesce(c.language, '') AS language,
    CASE WHEN c.id IS NULL THEN '' ELSE {CONVERSATION_AGENT} END AS agent,
    CASE WHEN c.id IS NULL THEN NULL ELSE {_RESOLVED_AT} END AS done_at
FROM review r LEFT JOIN conversation c ON c.id = r.conversation_id
LEFT JOIN customer cu ON cu.id = c.customer_id
ORDER BY r.at, r.conversation_id, r.reviewer"""
    return [_exported(found) for found in await rows(db, sql)]


def _exported(found: aiosqlite.Row) -> ExportedReview:
    at = from_db(found["at"])
    assert at is not None
    review = Review(found["conversation_id"], found["reviewer"], int(found["score"]),
                    found["note"], at)  # fmt: skip
    return ExportedReview(
        review=review,
        subject=found["subject"],
        customer_name=found["customer_name"],
        channel=found["channel"],
        language=found["language"],
        agent=found["agent"],
        resolved_at=from_db(found["done_at"] or None),
    )
