"""Reviews as CSV: one row per review, with what finds its conversation again."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from ..domain.reviews import ExportedReview
from ..reporting.formats import spreadsheet_safe
from ..store import Store

COLUMNS = (
    "conversation", "subject", "customer", "channel", "language", "agent", "resolved_at",
    "reviewer", "score", "note", "reviewed_at",
)  # fmt: skip


def reviews_csv(reviews: Sequence[ExportedReview]) -> str:
    """Times in UTC (ISO 8601); people's text cleaned and never read as a formula."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for item in reviews:
        review = item.review
        writer.writerow([
            review.conversation_id, spreadsheet_safe(item.subject),
            spreadsheet_safe(item.customer_name), item.channel, item.language,
            spreadsheet_safe(item.agent), _when(item.resolved_at),
            spreadsheet_safe(review.reviewer), review.score, spreadsheet_safe(review.note),
            _when(review.at),
        ])  # fmt: skip
    return buffer.getvalue()


def _when(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


async def export_reviews(store: Store, path: Path) -> int:
    """Writes every review to `path` (replacing it); returns how many. OSError if it cannot."""
    reviews = await store.all_reviews()
    text = reviews_csv(reviews)
    await asyncio.to_thread(path.write_text, text, encoding="utf-8")
    return len(reviews)
