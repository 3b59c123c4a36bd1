"""Queue benchmark: the foundation issue's speed targets, measured on a 100k-message cache.

    python bench/bench_queue.py [--cache PATH] [--messages 100000] [--conversations 20000]

Builds the cache with bench/make_big_cache.py when it is missing, then runs the real app headless
(Textual's Pilot) in a fresh process, so start-up includes imports, and prints one table:

    start to queue painted ........ target <= 1.0 s
    j/k key to updated screen ..... target median <= 10 ms, p99 <= 30 ms
    open a 50-message thread ...... target <= 50 ms
    FTS search over all bodies .... target <= 100 ms
    peak memory of the app ........ target <= 200 MB

Figures, not asserts: run by hand, copy the table into the issue's note.
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()  # before the heavy imports: start-up time includes them

import argparse  # noqa: E402
import asyncio  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
LONG_THREADS = ("big-0", "big-1", "big-2", "big-3", "big-4")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def watch_display(app: object, ready: Callable[[], bool]) -> asyncio.Future[float]:
    """A future for the time of the first screen update made once `ready()` holds."""
    shown: asyncio.Future[float] = asyncio.get_running_loop().create_future()
    original = app._display  # type: ignore[attr-defined]

    def display(screen: object, renderable: object) -> None:
        original(screen, renderable)
        if renderable is not None and not shown.done() and ready():
            shown.set_result(time.perf_counter())
            app._display = original  # type: ignore[attr-defined]

    app._display = display  # type: ignore[attr-defined]
    return shown


async def key_to_screen(app: object, key: str) -> float:
    """Milliseconds from a key arriving from the terminal driver to the next screen update.

    Pilot.press() waits for the whole app to idle (about 40 ms even for an empty app), so it
    would measure Pilot, not us; this watches the app's own display call instead.
    """
    from textual import events

    shown = watch_display(app, lambda: True)
    began = time.perf_counter()
    event = events.Key(key, key)
    event.set_sender(app)  # type: ignore[arg-type]
    app._driver.send_message(event)  # type: ignore[attr-defined]
    return (await asyncio.wait_for(shown, 2) - began) * 1000


async def measure(cache: Path) -> dict[str, float]:
    from supportdesk_tui.config import Config
    from supportdesk_tui.domain.queue import QueueFilter
    from supportdesk_tui.services import Services
    from supportdesk_tui.ui.app import build_app
    from supportdesk_tui.ui.widgets.queue_pane import QueuePane
    from supportdesk_tui.ui.widgets.thread_pane import ThreadPane

    app = build_app(Config(), services=Services(store_path=str(cache), agent_id="eva"))
    figures: dict[str, float] = {}
    async with app.run_test(size=(160, 48)) as pilot:
        pane = app.screen.query_one(QueuePane)
        while pane.row_at(0) is None:
            await asyncio.sleep(0.002)
        await pilot.pause()
        figures["start_s"] = time.perf_counter() - STARTED
        figures["conversations"] = pane.total

        latencies = []
        for step in range(400):
            key = "j" if (step // 100) % 2 == 0 else "k"
            latencies.append(await key_to_screen(app, key))
            await asyncio.sleep(0.02)  # a fast typist's pace, so each key is measured alone
        figures["jk_median_ms"] = statistics.median(latencies)
        figures["jk_p99_ms"] = percentile(latencies, 0.99)

        store = app.store
        assert store is not None
        await asyncio.sleep(0.5)  # let the thread preview that follows the cursor settle first
        thread = app.screen.query_one(ThreadPane)
        opens = []
        for longest in LONG_THREADS:  # make_big_cache.py gives these 50 messages each
            painted = watch_display(
                app,
                lambda cid=longest: (
                    thread.detail is not None and thread.detail.conversation.id == cid
                ),
            )
            began = time.perf_counter()
            app.screen.load_conversation(longest)  # type: ignore[attr-defined]
            opens.append((await asyncio.wait_for(painted, 5) - began) * 1000)
            await asyncio.sleep(0.3)
        figures["thread_ms"] = statistics.median(opens)
        figures["thread_worst_ms"] = max(opens)
        assert thread.detail is not None
        figures["thread_messages"] = len(thread.detail.messages)

        searches = []
        for word in ("reklamace", "zamówienie", "посылка", "refund", "dostava", "vondracek"):
            began = time.perf_counter()
            f = QueueFilter(text=word)
            await store.count_queue(f, app.services.now())
            await store.list_queue(f, app.services.now(), 0, 100)
            searches.append((time.perf_counter() - began) * 1000)
        figures["fts_median_ms"] = statistics.median(searches)
        figures["fts_max_ms"] = max(searches)
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--cache", type=Path, default=HERE / "out" / "big.sqlite3")
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--conversations", type=int, default=20_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(measure(args.cache))))
        return
    if not args.cache.exists():
        args.cache.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(HERE / "make_big_cache.py"),
                str(args.cache),
                "--messages",
                str(args.messages),
                "--conversations",
                str(args.conversations),
            ],
            check=True,
        )
    out = subprocess.run(
        [sys.executable, __file__, "--child", "--cache", str(args.cache)],
        check=True,
        capture_output=True,
        text=True,
    )
    f = json.loads(out.stdout.strip().splitlines()[-1])
    rows = [
        ("conversations in the open queue", f"{f['conversations']:.0f}", ""),
        ("start to queue painted", f"{f['start_s']:.2f} s", "<= 1.0 s"),
        ("j/k key to updated screen, median", f"{f['jk_median_ms']:.1f} ms", "<= 10 ms"),
        ("j/k key to updated screen, p99", f"{f['jk_p99_ms']:.1f} ms", "<= 30 ms"),
        (
            f"open a {f['thread_messages']:.0f}-message thread, median of 5",
            f"{f['thread_ms']:.1f} ms",
            "<= 50 ms",
        ),
        ("open a 50-message thread, worst of 5", f"{f['thread_worst_ms']:.1f} ms", ""),
        ("FTS search over all bodies, median", f"{f['fts_median_ms']:.1f} ms", "<= 100 ms"),
        ("FTS search over all bodies, worst", f"{f['fts_max_ms']:.1f} ms", "<= 100 ms"),
        ("peak memory of the app", f"{f['peak_rss_mb']:.0f} MB", "<= 200 MB"),
    ]
    print(f"{'measure':<40} {'figure':>12}  target")
    for name, value, target in rows:
        print(f"{name:<40} {value:>12}  {target}")


if __name__ == "__main__":
    main()
