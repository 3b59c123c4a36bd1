"""`supportdesk reviews export --csv PATH`, through the real command line, offline."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime
from pathlib import Path

from supportdesk_tui.domain.models import Batch, Channel, Conversation, Customer, Status
from supportdesk_tui.domain.reviews import Review
from supportdesk_tui.store import Store

from .test_cli import run

WHEN = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def cache_with_reviews(path: Path) -> None:
    async def build() -> None:
        store = await Store.open(path)
        await store.apply_batch(Batch(
            "shop", customers=(Customer("c1", "Jana Kubelková"),),
            conversations=(Conversation("conv-1", Channel.EMAIL, "c1", "Reklamace kávovaru",
                                        status=Status.RESOLVED, assignee="tomas",
                                        language="cs"),),
        ))  # fmt: skip
        await store.save_review(Review("conv-1", "eva", 4, "+ polite, but late", WHEN))
        await store.save_review(Review("conv-1", "olga", 2, "wrong vocative", WHEN))
        await store.close()

    asyncio.run(build())


def test_export_writes_every_review(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache.sqlite3", tmp_path / "reviews.csv"
    cache_with_reviews(cache)
    result = run("--cache", str(cache), "reviews", "export", "--csv", str(out), home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2 reviews exported" in result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["reviewer"], r["score"], r["note"]) for r in rows] == [
        ("eva", "4", "'+ polite, but late"), ("olga", "2", "wrong vocative"),
    ]  # fmt: skip
    first = rows[0]
    assert (first["conversation"], first["subject"], first["customer"], first["agent"]) == (
        "conv-1", "Reklamace kávovaru", "Jana Kubelková", "tomas",
    )  # fmt: skip
    assert (first["language"], first["channel"], first["reviewed_at"]) == (
        "cs", "email", "2026-11-20T09:30:00Z",
    )  # fmt: skip


def test_export_to_standard_output(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite3"
    cache_with_reviews(cache)
    result = run("--cache", str(cache), "reviews", "export", "--csv", "-", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(list(csv.DictReader(io.StringIO(result.stdout)))) == 2


def test_a_missing_cache_or_folder_is_named(tmp_path: Path) -> None:
    missing = run("--cache", str(tmp_path / "nope.sqlite3"), "reviews", "export", "--csv",
                  str(tmp_path / "out.csv"), home=tmp_path)  # fmt: skip
    assert missing.returncode == 3 and "no cache" in missing.stderr
    assert not (tmp_path / "nope.sqlite3").exists(), "nothing is created"
    cache = tmp_path / "cache.sqlite3"
    cache_with_reviews(cache)
    target = tmp_path / "no-such-folder" / "out.csv"
    unwritable = run("--cache", str(cache), "reviews", "export", "--csv", str(target),
                     home=tmp_path)  # fmt: skip
    assert unwritable.returncode == 1 and "cannot write" in unwritable.stderr
