"""Figures the fault and hostile-input tests count, summed into one table at the end of a run.

Issue 9 asks for numbers (faults injected and survived, messages checked, inputs tried, crashes,
escapes, secrets found); each harness adds what it did with `count(area, figure=n)` and
`pytest_terminal_summary` (tests/conftest.py) prints the table, also written as JSON when
SUPPORTDESK_FIGURES names a file. A figure is counted only after the checks behind it passed,
except `crashes`, `escapes` and `secrets_found`, which are counted as seen (and fail the test).
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter, defaultdict
from pathlib import Path

FIGURES: defaultdict[str, Counter[str]] = defaultdict(Counter)
SECONDS: defaultdict[str, float] = defaultdict(float)
FIGURES_ENV = "SUPPORTDESK_FIGURES"
SOAK = False
"""True when the run asked for the full counts (--soak; set by tests/conftest.py)."""


def rounds(default: int, full: int) -> int:
    """How many rounds a harness runs: `default` in the normal run, `full` with --soak."""
    return full if SOAK else default


def count(area: str, **figures: int) -> None:
    """Add `figures` (e.g. faults_injected=1, messages_checked=40) to `area`'s row."""
    FIGURES[area].update(figures)


class timed:
    """`with timed(area):` adds the block's wall time to the area's harness time."""

    def __init__(self, area: str) -> None:
        self.area = area
        self.start = 0.0

    def __enter__(self) -> timed:
        self.start = time.monotonic()
        return self

    def __exit__(self, *exc: object) -> None:
        SECONDS[self.area] += time.monotonic() - self.start


HEADLINE = (
    "faults_injected",
    "faults_survived",
    "messages_checked",
    "inputs_tried",
    "crashes",
    "escapes",
    "secrets_found",
)
"""The issue's columns, always shown in this order; other figures go to the last column."""


def table() -> list[str]:
    """The figures as aligned text lines: one row per area, then the totals.

    A dash means the area does not count that figure (different from a counted 0).
    """
    if not FIGURES:
        return []
    header = ["area", *(name.replace("_", " ") for name in HEADLINE), "seconds", "other"]
    rows = []
    for area in sorted(FIGURES):
        row = FIGURES[area]
        other = ", ".join(f"{name}={row[name]}" for name in sorted(row) if name not in HEADLINE)
        cells = [str(row[name]) if name in row else "-" for name in HEADLINE]
        rows.append([area, *cells, f"{SECONDS[area]:.1f}", other])
    totals = [
        str(sum(row[name] for row in FIGURES.values()))
        if any(name in row for row in FIGURES.values())
        else "-"
        for name in HEADLINE
    ]
    rows.append(["total", *totals, f"{sum(SECONDS.values()):.1f}", ""])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]


def write_json() -> None:
    target = os.environ.get(FIGURES_ENV)
    if target and FIGURES:
        data = {area: {**FIGURES[area], "seconds": round(SECONDS[area], 1)} for area in FIGURES}
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        Path(target).write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")
