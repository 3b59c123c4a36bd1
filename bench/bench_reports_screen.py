"""Speed of the Reports screen on a 100,000-message cache (figures, not asserts).

    python bench/bench_reports_screen.py [--cache PATH] [--messages 100000] [--rounds 5]

Builds the cache with bench/make_big_cache.py when it is missing, runs the real app headless
(Pilot, 120 x 40) and times:
- opening Reports from the queue (`p` until the report is drawn) and changing the period or
  grouping (a key until the new report is drawn), each split into the store's `report()`
  and what the screen adds (posting, drawing figures, plots and table, the frame);
- a key while the store is still working on a report (365 days), to show keys never wait;
- the heatmap redraw: new counts until the frame is drawn, and the CPU of the heatmap's
  render alone;
- a redraw of the whole screen (every widget repainted, as after a resize or theme change).
Wall times run from the key (or the call) to the frame it caused, watched through the app's
display hook, not Pilot's round trip. Targets (issue 8): every report <= 1 s (the store's),
the heatmap redraw <= 200 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SIZE = (120, 40)


class Frames:
    """Waits for the first frame drawn once a condition holds."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.waiting: tuple[Callable[[], bool], asyncio.Future[float]] | None = None
        original = app._display

        def display(screen: object, renderable: object) -> None:
            original(screen, renderable)
            if self.waiting is not None and renderable is not None:
                ready, shown = self.waiting
                if not shown.done() and ready():
                    shown.set_result(time.perf_counter())

        app._display = display

    async def after(self, start: Callable[[], None], ready: Callable[[], bool]) -> float:
        """Milliseconds from `start()` to the first frame drawn with `ready()` true."""
        shown: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiting = (ready, shown)
        began = time.perf_counter()
        start()
        ended = await asyncio.wait_for(shown, 600)
        self.waiting = None
        return (ended - began) * 1000


def press(app: Any, key: str) -> Callable[[], None]:
    """A key as the terminal driver delivers it (Pilot.press would also wait for idle)."""
    from textual import events

    def send() -> None:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)

    return send


def timed_store(store: Any) -> list[float]:
    """Wraps store.report to record how long each call took, in ms."""
    took: list[float] = []
    original: Callable[[Any], Awaitable[Any]] = store.report

    async def report(query: Any) -> Any:
        began = time.perf_counter()
        try:
            return await original(query)
        finally:
            took.append((time.perf_counter() - began) * 1000)

    store.report = report
    return took


async def keys_while_computing(app: Any, pilot: Any, frames: Frames, period: str) -> list[float]:
    """A key while the store works on a report: the custom-period prompt opens, Esc closes
    it; neither asks the store. Timed until the report arrives (at most 10 times)."""
    screen = app.screen
    press(app, period)()
    await asyncio.sleep(0.5)
    timings: list[float] = []
    while screen.status and len(timings) < 10:
        timings.append(await frames.after(press(app, "c"), lambda: app.screen is not screen))
        await pilot.pause(0.1)
        await frames.after(press(app, "escape"), lambda: app.screen is screen)
        await pilot.pause(0.3)
    while screen.status:
        await asyncio.sleep(0.1)
    return timings


async def measure(cache: Path, rounds: int) -> None:
    from textual.geometry import Region

    from supportdesk_tui.config import Config
    from supportdesk_tui.services import Services
    from supportdesk_tui.ui.app import build_app
    from supportdesk_tui.ui.screens.reports_screen import ASK_DELAY, ReportsScreen
    from supportdesk_tui.ui.widgets.heatmap import BusyHoursHeatmap
    from supportdesk_tui.ui.widgets.queue_pane import QueuePane

    app = build_app(Config(), services=Services(store_path=str(cache), agent_id="eva"))
    async with app.run_test(size=SIZE) as pilot:
        while app.store is None or app.screen.query_one(QueuePane).row_at(0) is None:
            await asyncio.sleep(0.01)
        await pilot.pause(0.5)
        frames = Frames(app)
        store_ms = timed_store(app.store)
        generation = [0]

        def drawn() -> bool:
            screen = app.screen
            return (
                isinstance(screen, ReportsScreen)
                and screen.generation > generation[0]
                and screen.report is not None
                and screen.status == ""
            )

        async def step(key: str) -> tuple[float, float]:
            screen = app.screen
            generation[0] = screen.generation if isinstance(screen, ReportsScreen) else 0
            calls = len(store_ms)
            wall = await frames.after(press(app, key), drawn)
            await pilot.pause(0.2)
            return wall, sum(store_ms[calls:])

        opened = []
        for _ in range(rounds):
            opened.append(await step("p"))
            await pilot.press("escape")
            await pilot.pause(0.3)
        await step("p")
        changes: dict[str, list[tuple[float, float]]] = {}
        # 7 and 30 days, a step back and forth, and all five groupings (back to none)
        for key in ["1", "left", "right", "2", "g", "g", "g", "g", "g"] * rounds:
            changes.setdefault(key, []).append(await step(key))
        for key in ["3", "4"]:  # the long periods once: on a slow store each is long
            changes.setdefault(key, []).append(await step(key))
        busy_keys = await keys_while_computing(app, pilot, frames, "3")

        screen = app.screen
        heatmap = screen.query_one(BusyHoursHeatmap)
        counts = [list(row) for row in heatmap.counts]
        redraws, cpu = [], []
        for k in range(50):
            counts[k % 7][k % 24] += 1
            snapshot = tuple(tuple(row) for row in counts)
            redraws.append(
                await frames.after(lambda s=snapshot: heatmap.show(s), lambda: True)  # type: ignore[misc]
            )
            began = time.process_time()
            heatmap._styles_cache.clear()
            heatmap.render_lines(Region(0, 0, heatmap.size.width, heatmap.size.height))
            cpu.append((time.process_time() - began) * 1000)
            await pilot.pause(0.05)

        def repaint_all() -> None:
            for widget in screen.walk_children():
                widget._styles_cache.clear()
            screen.refresh(layout=True, repaint=True)
            for widget in screen.walk_children():
                widget.refresh(layout=True)

        whole = []
        for _ in range(20):
            whole.append(await frames.after(repaint_all, lambda: True))
            await pilot.pause(0.05)

    print(f"cache: {cache}  terminal: {SIZE[0]}x{SIZE[1]}  rounds: {rounds}")
    print(f"{'measure':<44} {'wall':>9} {'store':>9} {'screen':>9}  target")
    row("open Reports from the queue (30 days)", opened, "report <= 1 s", 0.0)
    names = {"1": "7 days", "2": "30 days", "3": "90 days", "4": "365 days"}
    names |= {"left": "7 days before", "right": "back to the last 7", "g": "next grouping"}
    for key, timings in changes.items():
        row(f"{key}: {names[key]}", timings, "report <= 1 s", ASK_DELAY * 1000)
    if busy_keys:
        print(f"{'a key while a 90-day report is computed':<44} {fmt(busy_keys):>9}")
    else:
        print("a key while a report is computed: not measured (the report came too soon)")
    print(
        f"{'heatmap redraw, new counts to frame':<44} {fmt(redraws):>9} {'':>9} {'':>9}  <= 200 ms"
    )
    print(f"{'heatmap render CPU (render + styled lines)':<44} {fmt(cpu):>9}")
    print(f"{'whole screen repaint (120x40)':<44} {fmt(whole):>9}")


def fmt(values: list[float]) -> str:
    return f"{statistics.median(values):.1f}"


def row(name: str, timings: list[tuple[float, float]], target: str, pause_ms: float) -> None:
    """'screen' leaves out the pause a key waits before the store is asked (ASK_DELAY)."""
    wall = [w for w, _ in timings]
    store = [s for _, s in timings]
    added = [w - s - pause_ms for w, s in timings]
    print(f"{name:<44} {fmt(wall):>9} {fmt(store):>9} {fmt(added):>9}  {target}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--cache", type=Path, default=HERE / "out" / "big.sqlite3")
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--conversations", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not args.cache.exists():
        args.cache.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, str(HERE / "make_big_cache.py"), str(args.cache),
             "--messages", str(args.messages), "--conversations", str(args.conversations)],
            check=True,
        )  # fmt: skip
    print("medians in ms; 'screen' is the wall time less the store's report() and, after a")
    print("period or grouping key, less the 150 ms pause before the store is asked")
    asyncio.run(measure(args.cache, args.rounds))


if __name__ == "__main__":
    main()
