"""Busiest hours: incoming customer messages by weekday x hour, one shaded cell each.

The shade character carries the level (readable with no colour at all); the colour only
repeats it. A legend gives each shade's counts, and the busiest hour is written out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SHADES = ("·", "░", "▒", "▓", "█")
"""Level 0 (no message) to 4 (the busiest quarter)."""
LABEL_WIDTH = 4


def shade_level(count: int, busiest: int) -> int:
    """0 for none, else 1-4 by equal quarters of the busiest cell's count."""
    if count <= 0 or busiest <= 0:
        return 0
    return min(len(SHADES) - 1, math.ceil(4 * count / busiest))


def level_ranges(busiest: int) -> list[tuple[int, int, int]]:
    """The counts each level 1-4 stands for: (level, first, last); levels no count can
    reach (busiest under 4) are left out."""
    ranges: list[tuple[int, int, int]] = []
    low = 1
    for level in range(1, len(SHADES)):
        high = busiest * level // 4
        if high >= low:
            ranges.append((level, low, high))
        low = max(low, high + 1)
    return ranges


class BusyHoursHeatmap(Widget):
    """Seven rows (Monday first) of 24 hour cells; `show` hands it the counts."""

    DEFAULT_CSS = """
    BusyHoursHeatmap { height: 11; width: 1fr; text-wrap: nowrap; text-overflow: clip; }
    BusyHoursHeatmap > .heatmap--level-0 { color: $foreground 30%; }
    BusyHoursHeatmap > .heatmap--level-1 { color: $primary 55%; }
    BusyHoursHeatmap > .heatmap--level-2 { color: $primary 80%; }
    BusyHoursHeatmap > .heatmap--level-3 { color: $warning; }
    BusyHoursHeatmap > .heatmap--level-4 { color: $error; }
    """
    COMPONENT_CLASSES = {f"heatmap--level-{level}" for level in range(len(SHADES))}

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.counts: tuple[tuple[int, ...], ...] = tuple((0,) * 24 for _ in WEEKDAYS)

    def show(self, counts: Sequence[Sequence[int]]) -> None:
        self.counts = tuple(tuple(row) for row in counts)
        self.refresh()

    @property
    def busiest(self) -> int:
        return max((max(row, default=0) for row in self.counts), default=0)

    def render(self) -> Text:
        cell = max(1, min(3, (self.size.width - LABEL_WIDTH) // 24))
        styles = [self.get_component_rich_style(f"heatmap--level-{n}") for n in range(5)]
        busiest = self.busiest
        out = Text(no_wrap=True, overflow="crop")
        out.append(_hour_axis(cell) + "\n", style="dim")
        for name, row in zip(WEEKDAYS, self.counts, strict=False):
            out.append(f"{name:<{LABEL_WIDTH}}", style="bold")
            for count in row:
                level = shade_level(count, busiest)
                out.append(SHADES[level] * cell, style=styles[level])
            out.append("\n")
        out.append(self._legend(styles))
        out.append(self._peak())
        return out

    def _legend(self, styles: list[Style]) -> Text:
        legend = Text(" " * LABEL_WIDTH)
        legend.append(SHADES[0], style=styles[0])
        legend.append(" 0")
        for level, low, high in level_ranges(self.busiest):
            legend.append("  ")
            legend.append(SHADES[level] * 2, style=styles[level])
            legend.append(f" {low}" if low == high else f" {low}–{high}")
        legend.append("  messages an hour\n", style="dim")
        return legend

    def _peak(self) -> Text:
        busiest = self.busiest
        if busiest == 0:
            return Text(" " * LABEL_WIDTH + "No customer messages in this period.", style="dim")
        day, hour = next(
            (d, h) for d, row in enumerate(self.counts) for h, n in enumerate(row) if n == busiest
        )
        total = sum(sum(row) for row in self.counts)
        return Text(
            " " * LABEL_WIDTH + f"Busiest: {WEEKDAYS[day]} {hour:02d}:00–{hour + 1:02d}:00, "
            f"{busiest} of {total} messages"
        )


def _hour_axis(cell: int) -> str:
    """Hour numbers over their cells: every 3 hours when cells are 2+ wide, else every 6."""
    step = 3 if cell >= 2 else 6
    axis = [" "] * (LABEL_WIDTH + 24 * cell)
    for hour in range(0, 24, step):
        label = f"{hour:02d}"
        at = LABEL_WIDTH + hour * cell
        axis[at : at + len(label)] = label
    return "".join(axis).rstrip()
