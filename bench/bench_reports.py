"""Store.report on a 100,000-message cache: every report <= 1 s (issue 8). Figures, not asserts.

    python bench/bench_reports.py [--cache PATH] [--messages 100000] [--conversations 20000]
                                  [--rounds 5] [--end ISO]

Builds the cache with bench/make_big_cache.py when it is missing (a year of conversations with
answers, resolutions, reopenings and their status history). Then, in a fresh process with a
freshly opened store, times one report cold (nothing of the file in SQLite's page cache yet),
and each grouping for the last 7, 30 and 365 days (median of --rounds runs after it). The
periods end when the cache was written (its file's time), so an older cache still has a full
last week; --end pins that time (opening a cache of an older schema migrates it, and the file's
time moves), so runs before and after a change report the same conversations. Business
hours: 09:00-17:00 Monday to Friday, Europe/Prague.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from supportdesk_tui.domain.metrics import BusinessHours, Grouping, Report, ReportQuery
from supportdesk_tui.store import Store

HERE = Path(__file__).resolve().parent
HOURS = BusinessHours(timezone="Europe/Prague")
PERIODS = (7, 30, 365)
TARGET_S = 1.0


async def timed(store: Store, query: ReportQuery) -> tuple[float, Report]:
    began = time.perf_counter()
    report = await store.report(query)
    return time.perf_counter() - began, report


async def measure(cache: Path, rounds: int, end: datetime | None) -> None:
    end = end or datetime.fromtimestamp(cache.stat().st_mtime, UTC)
    store = await Store.open(cache)
    try:
        if not await store.status_history("big-0"):
            sys.exit(f"{cache} has no status history: rebuild it (make_big_cache.py --force)")
        queries = {
            (days, grouping): ReportQuery(end - timedelta(days=days), end, grouping, hours=HOURS)
            for days in PERIODS
            for grouping in Grouping
        }
        cold, first = await timed(store, queries[(365, Grouping.NONE)])
        print(f"periods end {end:%Y-%m-%d %H:%M} UTC")
        print(f"cold: first report after opening (365 days, no grouping): {cold * 1000:.0f} ms")
        print(f"      {first.total.conversations} conversations, backlog at the end "
              f"{first.backlog[-1].open}, median first response "
              f"{(first.total.first_response.median or 0) / 60:.0f} business min")  # fmt: skip
        print(f"\nmedian of {rounds} runs, ms (target <= {TARGET_S * 1000:.0f})")
        print(f"{'grouping':<10}" + "".join(f"{f'{days} days':>12}" for days in PERIODS))
        worst = 0.0
        for grouping in Grouping:
            cells = []
            for days in PERIODS:
                runs = [(await timed(store, queries[(days, grouping)]))[0] for _ in range(rounds)]
                median = statistics.median(runs)
                worst = max(worst, max(runs))
                cells.append(f"{median * 1000:>12.0f}")
            print(f"{grouping.value:<10}" + "".join(cells))
        verdict = "within" if worst <= TARGET_S else "OVER"
        print(f"\nslowest single run: {worst * 1000:.0f} ms ({verdict} the 1 s target)")
    finally:
        await store.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--cache", type=Path, default=HERE / "out" / "big.sqlite3")
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--conversations", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--end", type=datetime.fromisoformat, help="when the periods end (default: the file's time)"
    )
    args = parser.parse_args()
    if not args.cache.exists():
        args.cache.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, str(HERE / "make_big_cache.py"), str(args.cache),
             "--messages", str(args.messages), "--conversations", str(args.conversations)],
            check=True,
        )  # fmt: skip
    asyncio.run(measure(args.cache, args.rounds, args.end))


if __name__ == "__main__":
    main()
