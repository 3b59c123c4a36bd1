"""Speed of filling and checking a canned reply (figures, not asserts).

    python bench/bench_canned.py [--rounds N]

Target (issue 6): rendering and checking a reply <= 50 ms. Every shipped reply is filled for
each lint persona and checked; the check's dictionaries are loaded first (the app preloads
them), so the figures are for a warm process, as when an agent inserts a reply.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from supportdesk_tui.canned import RenderValues, load_library, render  # noqa: E402
from supportdesk_tui.canned.lint import SAMPLE, _person, personas  # noqa: E402
from supportdesk_tui.langcheck import checker  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    library, errors = load_library()
    if errors:
        print("\n".join(e.message for e in errors), file=sys.stderr)
    started = time.perf_counter()
    checker.preload()
    print(f"check preloaded in {time.perf_counter() - started:.1f} s")
    renders: list[float] = []
    both: list[float] = []
    for _ in range(args.rounds):
        for reply in library.values():
            for _label, customer in personas(reply):
                values = RenderValues(customer, SAMPLE.order, SAMPLE.agent, SAMPLE.shop)
                began = time.perf_counter()
                text = render(reply, values)
                rendered = time.perf_counter()
                checker.check(text, reply.language, _person(customer, reply.script))
                done = time.perf_counter()
                renders.append((rendered - began) * 1000)
                both.append((done - began) * 1000)
    for name, times in (("render", renders), ("render + check", both)):
        times.sort()
        print(f"{name:15} n={len(times)}  median {statistics.median(times):.1f} ms  "
              f"p95 {times[int(len(times) * 0.95)]:.1f} ms  max {times[-1]:.1f} ms")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
