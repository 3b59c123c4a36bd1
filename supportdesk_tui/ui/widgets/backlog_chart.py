"""The backlog over the period: conversations still open at the end of each day, as columns
drawn in eighths of a cell, with a count axis and the first and last day under them."""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.text import Text
from textual.widget import Widget

from ...domain.metrics import BacklogPoint

LEVELS = " ▁▂▃▄▅▆▇█"
AXIS_WIDTH = 6


def nice_ceiling(value: int) -> int:
    """The smallest round number (1, 2, 3, 4, 5, 6 or 8 x 10^n) at or above `value`, at least
    1: an axis top that wastes at most a third of the height."""
    if value <= 1:
        return 1
    power = int(10 ** math.floor(math.log10(value)))
    for step in (1, 2, 3, 4, 5, 6, 8, 10):
        if step * power >= value:
            return step * power
    raise AssertionError("unreachable: 10 * power >= value")


def columns(values: Sequence[int], width: int) -> list[int]:
    """One value per column across the whole width: a day spread over several columns when
    they fit; else each column stands for a run of days and shows the highest of them."""
    if not values or width <= 0:
        return []
    if len(values) <= width:
        return [values[i * len(values) // width] for i in range(width)]
    return [
        max(values[i * len(values) // width : (i + 1) * len(values) // width]) for i in range(width)
    ]


def column_cell(value: int, top: int, row: int, rows: int) -> str:
    """The character of `row` (0 = bottom) in a column of `rows` cells showing value/top."""
    eighths = round(8 * rows * value / top)
    if value > 0:
        eighths = max(1, eighths)
    return LEVELS[max(0, min(8, eighths - 8 * row))]


class BacklogChart(Widget):
    DEFAULT_CSS = """
    BacklogChart { height: 9; width: 1fr; text-wrap: nowrap; text-overflow: clip; }
    BacklogChart > .backlog--column { color: $accent; }
    """
    COMPONENT_CLASSES = {"backlog--column"}

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.points: tuple[BacklogPoint, ...] = ()

    def show(self, points: Sequence[BacklogPoint]) -> None:
        self.points = tuple(points)
        self.refresh()

    def render(self) -> Text:
        if not self.points:
            return Text("No days in this period.", style="dim")
        rows = max(2, self.size.height - 1)
        plot_width = max(1, self.size.width - AXIS_WIDTH)
        values = columns([p.open for p in self.points], plot_width)
        top = nice_ceiling(max(values))
        style = self.get_component_rich_style("backlog--column")
        out = Text(no_wrap=True, overflow="crop")
        for row in reversed(range(rows)):
            out.append(f"{_axis_label(row, rows, top):>{AXIS_WIDTH - 1}} ", style="dim")
            out.append("".join(column_cell(v, top, row, rows) for v in values), style=style)
            out.append("\n")
        out.append(_date_axis(self.points, len(values)), style="dim")
        return out


def _axis_label(row: int, rows: int, top: int) -> str:
    """The count at the top edge of `row`: the top and, when exact, the half; 0 beside the
    bottom row."""
    if row == 0:
        return "0"
    if row == rows - 1 or (2 * (row + 1) == rows and top % 2 == 0):
        return str((row + 1) * top // rows)
    return ""


def _date_axis(points: Sequence[BacklogPoint], width: int) -> str:
    first = points[0].day.strftime("%-d %b")
    last = points[-1].day.strftime("%-d %b")
    gap = max(1, width - len(first) - len(last))
    return " " * AXIS_WIDTH + (first + " " * gap + last if len(points) > 1 else first)
