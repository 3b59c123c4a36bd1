"""How the Reports widgets draw the numbers they are given (hand-built Report values)."""

from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widget import Widget

from supportdesk_tui.domain.metrics import BacklogPoint, Distribution, GroupFigures, Grouping
from supportdesk_tui.ui.widgets.backlog_chart import BacklogChart
from supportdesk_tui.ui.widgets.heatmap import SHADES, BusyHoursHeatmap
from supportdesk_tui.ui.widgets.histogram import ResponseHistogram
from supportdesk_tui.ui.widgets.report_figures import GroupTable, figures_text

from .report_samples import sample_report


class OneWidget(App[None]):
    def __init__(self, widget: Widget) -> None:
        super().__init__()
        self.widget = widget

    def compose(self) -> ComposeResult:
        yield self.widget


def drawn(widget: Widget) -> list[str]:
    rendered = widget.render()
    assert isinstance(rendered, Text)
    return rendered.plain.split("\n")


async def test_heatmap_marks_the_busiest_hour_darkest_and_quiet_hours_empty() -> None:
    heatmap = BusyHoursHeatmap()
    async with OneWidget(heatmap).run_test(size=(80, 14)) as pilot:
        heatmap.show(sample_report().busiest_hours)  # Tuesday 10:00 has 40, workdays 10
        await pilot.pause()
        lines = drawn(heatmap)
    axis, rows = lines[0], lines[1:8]
    assert [row[:3] for row in rows] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    cell = 3  # (80 - 4) // 24 columns per hour
    assert axis[4 + 9 * cell : 4 + 9 * cell + 2] == "09"

    def shade(row: str, hour: int) -> str:
        return row[4 + hour * cell]

    tuesday, saturday = rows[1], rows[5]
    assert shade(tuesday, 10) == SHADES[4]
    assert shade(tuesday, 11) == SHADES[1]  # 10 of 40: the lightest quarter
    assert shade(tuesday, 3) == SHADES[0]
    assert shade(saturday, 10) == SHADES[1]
    assert "31–40" in lines[8]  # the legend says which counts the darkest shade means
    assert "Busiest: Tue 10:00–11:00, 40 of" in lines[9]


async def test_heatmap_with_no_messages_says_so() -> None:
    heatmap = BusyHoursHeatmap()
    async with OneWidget(heatmap).run_test(size=(80, 14)) as pilot:
        heatmap.show([[0] * 24 for _ in range(7)])
        await pilot.pause()
        lines = drawn(heatmap)
    assert all(set(row[4:]) <= {SHADES[0]} for row in lines[1:8])
    assert "No customer messages in this period." in lines[-1]


async def test_histogram_bars_follow_the_counts_with_labels_and_shares() -> None:
    histogram = ResponseHistogram()
    async with OneWidget(histogram).run_test(size=(70, 10)) as pilot:
        histogram.show(sample_report().first_response_histogram)  # 30, 44, 25, 15, 8, 2
        await pilot.pause()
        lines = drawn(histogram)
    labels = [line.split("█")[0].strip() for line in lines]
    assert labels == ["< 15 min", "15 min – 1 h", "1 h – 4 h", "4 h – 1 d", "1 d – 2 d", "≥ 2 d"]
    lengths = [sum(ch in "█▉▊▋▌▍▎▏" for ch in line) for line in lines]
    assert lengths[1] > lengths[0] > lengths[2] > lengths[3] > lengths[4] > lengths[5] > 0
    assert lines[1].rstrip().endswith("44 (35%)")


async def test_backlog_columns_rise_with_the_open_count_over_an_axis() -> None:
    chart = BacklogChart()
    first = date(2026, 11, 1)
    points = [BacklogPoint(first + timedelta(days=i), open=i) for i in range(10)]
    async with OneWidget(chart).run_test(size=(46, 9)) as pilot:
        chart.show(points)
        await pilot.pause()
        lines = drawn(chart)
    plot = [line[6:] for line in lines[:-1]]
    heights = [sum(row[col] != " " for row in plot) for col in range(40)]
    assert heights == sorted(heights), "a growing backlog draws rising columns"
    assert heights[0] == 0 and heights[-1] == len(plot)
    assert lines[0].split()[0] == "10"  # the axis top: a round number at or above 9
    assert lines[-2].split()[0] == "0"
    assert lines[-1].split() == ["1", "Nov", "10", "Nov"]


def test_figures_read_as_durations_in_words() -> None:
    text = figures_text(sample_report().total).plain
    assert "Conversations                128" in text
    first_response = next(line for line in text.splitlines() if "First response" in line)
    assert first_response.split()[2:] == ["1", "h", "20", "min", "6", "h"]
    resolution = next(line for line in text.splitlines() if line.startswith("Resolution"))
    assert resolution.split()[1:] == ["2", "d", "3", "h", "5", "d"]


async def test_group_names_are_shown_as_written_never_as_markup_or_escapes() -> None:
    table = GroupTable()
    groups = (
        GroupFigures(
            "[bold]vip[/bold]\x1b[31m", conversations=3, first_response=Distribution(3, 60.0)
        ),
        GroupFigures("", conversations=1),
    )
    async with OneWidget(table).run_test(size=(160, 10)) as pilot:
        table.show(Grouping.TAG, groups)
        await pilot.pause()
        names = [table.get_row_at(i)[0] for i in range(table.row_count)]
    assert [name.plain for name in names] == ["[bold]vip[/bold]", "(none)"]
    assert table.get_row_at(0)[4].plain == "1 min"
