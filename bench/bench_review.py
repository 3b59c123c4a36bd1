"""The review of past threads on a 100k-message cache: issue 8's "review list paged and
instant" (taken here as < 50 ms a page), in the store and in the app.

    python bench/bench_review.py [--cache PATH] [--repeat 7]

Uses (a copy of) bench/out/big.sqlite3, built by bench/make_big_cache.py when missing; the
copy is opened (and migrated) so the benchmark never changes the shared file. Prints, per
view, the median and worst of `--repeat` runs:

    store: the first page (100 rows) and its count, each next page, deep pages (page 20+);
           with filters (a language, a tag, an agent, the last 30 days)
    app:   v in the queue to the first page drawn (first visit builds the screen; again),
           End to the next page drawn, j in the list

Figures, not asserts: run by hand.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from supportdesk_tui.domain.reviews import ReviewFilter
from supportdesk_tui.store import Store

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # bench_queue's helpers
PAGE = 100


async def timed(run: Callable[[], Awaitable[object]], repeat: int) -> tuple[float, float]:
    """(median, worst) milliseconds."""
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        await run()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times), max(times)


async def store_figures(cache: Path, repeat: int) -> list[tuple[str, float, float]]:
    store = await Store.open(cache)
    figures = []
    try:
        everything = ReviewFilter()
        total = await store.count_resolved(everything)
        print(f"{total} resolved conversations in the cache", file=sys.stderr)
        newest = (await store.list_resolved(everything, "eva", None, 1))[0].resolved_at
        views = {
            "all": everything,
            "language pl": ReviewFilter(language="pl"),
            "tag refund": ReviewFilter(tag="refund"),
            "agent tomas": ReviewFilter(agent="tomas"),
            "last 30 days": ReviewFilter(
                start=newest - timedelta(days=30), end=newest + timedelta(1)
            ),
        }
        for name, f in views.items():
            figures.append((f"{name}: first page", *await timed(
                lambda f=f: store.list_resolved(f, "eva", None, PAGE), repeat)))  # fmt: skip
            figures.append((f"{name}: count", *await timed(
                lambda f=f: store.count_resolved(f), repeat)))  # fmt: skip
        pages = []
        after = None
        for _ in range(25):
            page = await store.list_resolved(everything, "eva", after, PAGE)
            if not page:
                break
            pages.append(page[-1].position)
            after = page[-1].position
        figures.append(("all: next page (2nd)", *await timed(
            lambda: store.list_resolved(everything, "eva", pages[0], PAGE), repeat)))  # fmt: skip
        deep = pages[min(19, len(pages) - 2)]
        figures.append((f"all: page {min(21, len(pages))}", *await timed(
            lambda: store.list_resolved(everything, "eva", deep, PAGE), repeat)))  # fmt: skip
    finally:
        await store.close()
    return figures


async def app_figures(cache: Path, repeat: int) -> list[tuple[str, float, float]]:
    """Key to the first frame drawn with the rows (bench_queue's display watch: Pilot's own
    waits are not counted)."""
    from bench_queue import watch_display
    from textual import events

    from supportdesk_tui.config import Config
    from supportdesk_tui.services import Services
    from supportdesk_tui.ui.app import build_app

    figures: dict[str, list[float]] = {}

    async def key(app: Any, name: str, wanted: Callable[[int], bool], label: str) -> None:
        """`wanted(rows loaded)`: the frame to wait for."""
        shown = watch_display(app, lambda: wanted(len(getattr(app.screen, "rows", ()))))
        began = time.perf_counter()
        event = events.Key(name, name)
        event.set_sender(app)
        app._driver.send_message(event)
        figures.setdefault(label, []).append((await asyncio.wait_for(shown, 10) - began) * 1000)

    for _ in range(repeat):
        services = Services(store_path=str(cache), agent_id="eva",
                            clock=lambda: datetime(2026, 11, 24, 10, tzinfo=UTC))  # fmt: skip
        app = build_app(Config(), services=services)
        async with app.run_test(size=(140, 40)) as pilot:
            while app.store is None:
                await pilot.pause(0.05)
            await pilot.pause(1.0)
            await key(app, "v", lambda n: n > 0, "app: v, first page drawn (1st visit)")
            await pilot.pause(0.5)
            await key(app, "end", lambda n: n > PAGE, "app: End, next page drawn")
            await pilot.pause(0.5)
            await key(app, "j", lambda n: True, "app: j in a loaded list, drawn")
            await pilot.press("escape")
            await pilot.pause(0.5)
            await key(app, "v", lambda n: 0 < n <= PAGE, "app: v again, first page drawn")
            await pilot.pause(0.3)
    return [(name, statistics.median(t), max(t)) for name, t in figures.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawTextHelpFormatter)  # fmt: skip
    parser.add_argument("--cache", type=Path, default=HERE / "out" / "big.sqlite3")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    if not args.cache.exists():
        args.cache.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(HERE / "make_big_cache.py"), str(args.cache)],
                       check=True)  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "review.sqlite3"
        shutil.copy(args.cache, copy)
        figures = asyncio.run(store_figures(copy, args.repeat))
        figures += asyncio.run(app_figures(copy, max(3, args.repeat // 2)))
    print(f"{'view':<34} {'median ms':>10} {'worst ms':>10}   (target < 50 ms a page)")
    for name, median, worst in figures:
        print(f"{name:<34} {median:>10.1f} {worst:>10.1f}")


if __name__ == "__main__":
    main()
