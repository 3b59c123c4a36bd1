"""Speed of filling and checking a canned reply (figures, not asserts).

    python bench/bench_canned.py [--rounds N]

Targets (issue 6): filtering 500 replies as you type <= 30 ms a key; rendering and checking a
reply <= 50 ms. The 500 are the shipped replies copied with numbered titles. Every shipped
reply is filled for each lint persona and checked; the check's dictionaries are loaded first
(the app preloads them), so the figures are for a warm process, as when an agent inserts one.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from supportdesk_tui.canned import CannedReply, RenderValues, load_library, render  # noqa: E402
from supportdesk_tui.canned.lint import SAMPLE, personas  # noqa: E402
from supportdesk_tui.canned.render import person_for  # noqa: E402
from supportdesk_tui.canned.search import ReplyIndex  # noqa: E402
from supportdesk_tui.langcheck import checker  # noqa: E402

TYPED = ("vraceni penez", "spatne zbozi", "refnd", "задерж")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    library, errors = load_library()
    if errors:
        print("\n".join(e.message for e in errors), file=sys.stderr)
    bench_search(list(library.values()))
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
                checker.check(text, reply.language, person_for(customer, reply.script))
                done = time.perf_counter()
                renders.append((rendered - began) * 1000)
                both.append((done - began) * 1000)
    for name, times in (("render", renders), ("render + check", both)):
        times.sort()
        print(f"{name:15} n={len(times)}  median {statistics.median(times):.1f} ms  "
              f"p95 {times[int(len(times) * 0.95)]:.1f} ms  max {times[-1]:.1f} ms")  # fmt: skip
    return 0


def bench_search(shipped: list[CannedReply]) -> None:
    many = [
        replace(reply, id=f"{reply.id}-{n}", title=f"{reply.title} {n}")
        for n in range(500 // len(shipped) + 1)
        for reply in shipped
    ][:500]
    began = time.perf_counter()
    index = ReplyIndex.build(many)
    print(f"index of {len(many)} replies built in {(time.perf_counter() - began) * 1000:.1f} ms")
    for language in ("cs", None):
        keys: list[float] = []
        for query in TYPED:
            for end in range(1, len(query) + 1):
                began = time.perf_counter()
                index.find(query[:end], language)
                keys.append((time.perf_counter() - began) * 1000)
        keys.sort()
        print(f"filter a key ({language or 'all languages'}): n={len(keys)}  median "
              f"{statistics.median(keys):.2f} ms  max {keys[-1]:.2f} ms")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
