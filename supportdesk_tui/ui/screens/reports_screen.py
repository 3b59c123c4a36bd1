"""Reports: how support is doing over a period, as figures and plots, computed in the store.

Keys change the period and the grouping; each change asks the store again in a worker, and an
answer to an older question is dropped. The screen never waits for the store.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Protocol
from zoneinfo import ZoneInfo

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from ...config import Config, business_hours
from ...domain.metrics import BusinessHours, Grouping, Report, ReportQuery
from ...errors import SupportDeskError
from ...reporting.period import ReportPeriod, parse_range
from ..widgets.backlog_chart import BacklogChart
from ..widgets.heatmap import WEEKDAYS, BusyHoursHeatmap
from ..widgets.histogram import ResponseHistogram
from ..widgets.report_figures import GroupTable, figures_text
from .prompt_screen import PromptScreen

DEFAULT_DAYS = 30
ASK_DELAY = 0.15
"""Seconds after a period or grouping key before the store is asked."""
GROUPINGS = tuple(Grouping)


class ReportSource(Protocol):
    """What the screen needs of the store."""

    async def report(self, query: ReportQuery) -> Report: ...


@dataclass
class ReportReady(Message):
    generation: int
    report: Report


@dataclass
class ReportFailed(Message):
    generation: int
    reason: str


def describe_hours(hours: BusinessHours) -> str:
    if hours.always:
        return f"durations in calendar time (24/7), {hours.timezone}"
    days = sorted(hours.weekdays)
    if days and days == list(range(days[0], days[-1] + 1)):
        when = f"{WEEKDAYS[days[0]]}–{WEEKDAYS[days[-1]]}" if len(days) > 1 else WEEKDAYS[days[0]]
    else:
        when = ", ".join(WEEKDAYS[d] for d in days)
    span = f"{hours.start:%H:%M}–{hours.end:%H:%M}"
    return f"durations in business time: {when} {span}, {hours.timezone}"


class ReportsScreen(Screen[None]):
    CSS_PATH = "reports_screen.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="reports.back"),
        Binding("1", "last(7)", "7 days", id="reports.last_7"),
        Binding("2", "last(30)", "30 days", id="reports.last_30"),
        Binding("3", "last(90)", "90 days", id="reports.last_90"),
        Binding("4", "last(365)", "365 days", id="reports.last_365"),
        Binding("left,h", "step(-1)", "Earlier", priority=True, id="reports.earlier"),
        Binding("right,l", "step(1)", "Later", priority=True, id="reports.later"),
        Binding("c", "custom_period", "From–to", id="reports.custom"),
        Binding("g", "next_grouping", "Group by", id="reports.group"),
    ]

    def __init__(self, hours: BusinessHours, repeat_window_days: int = 7) -> None:
        super().__init__()
        self.hours = hours
        self.repeat_window_days = repeat_window_days
        self.zone = ZoneInfo(self.hours.timezone)
        self.period = ReportPeriod.last(DEFAULT_DAYS, self.today())
        self.grouping = Grouping.NONE
        self.generation = 0
        self.report: Report | None = None
        self.status = ""
        self._ask_timer: Timer | None = None

    @classmethod
    def from_config(cls, config: Config) -> ReportsScreen:
        return cls(business_hours(config), config.reports.repeat_window_days)

    @property
    def store(self) -> ReportSource | None:
        return self.app.store  # type: ignore[attr-defined, no-any-return]

    def today(self) -> date:
        return self.app.services.now().astimezone(self.zone).date()  # type: ignore[attr-defined, no-any-return]

    def compose(self) -> ComposeResult:
        yield Static(id="report-title")
        yield Static(id="report-status")
        with VerticalScroll(id="report-body"):
            with Horizontal(id="report-top"):
                yield Static(id="report-figures")
                with Vertical(id="heatmap-box"):
                    yield BusyHoursHeatmap(id="heatmap")
            with Horizontal(id="report-plots"):
                with Vertical(id="histogram-box"):
                    yield ResponseHistogram(id="histogram")
                with Vertical(id="backlog-box"):
                    yield BacklogChart(id="backlog")
            yield GroupTable(id="groups")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-figures").border_title = "Figures"
        self.query_one("#heatmap-box").border_title = "Incoming messages by hour (shop time)"
        self.query_one("#histogram-box").border_title = "First response time"
        self.query_one("#backlog-box").border_title = "Backlog: open at the end of each day"
        self.query_one(GroupTable).display = False
        self.query_one("#report-body").focus()
        self.recompute(at_once=True)

    # -- asking the store ------------------------------------------------------------------

    def report_query(self) -> ReportQuery:
        start, end = self.period.bounds(self.zone)
        return ReportQuery(
            start=start,
            end=end,
            group_by=self.grouping,
            hours=self.hours,
            repeat_window_days=self.repeat_window_days,
        )

    def recompute(self, *, at_once: bool = False) -> None:
        """The title follows the key at once; the store is asked after a short pause, so a
        burst of keys asks once (a cancelled worker cannot stop SQL already running)."""
        self.generation += 1
        self._show_title()
        if self._ask_timer is not None:
            self._ask_timer.stop()
        if self.store is None:
            self._show_status("The cache is still opening; press a period key again in a moment.")
            return
        self._show_status("Computing the report…", busy=True)
        generation = self.generation
        if at_once:
            self._ask(generation)
        else:
            self._ask_timer = self.set_timer(ASK_DELAY, lambda: self._ask(generation))

    def _ask(self, generation: int) -> None:
        if generation == self.generation and self.store is not None:
            self.compute(self.store, generation, self.report_query())

    @work(group="report", exclusive=True, exit_on_error=False)
    async def compute(self, store: ReportSource, generation: int, query: ReportQuery) -> None:
        try:
            report = await store.report(query)
        except SupportDeskError as error:
            self.post_message(ReportFailed(generation, error.message))
        except sqlite3.Error as error:  # a damaged cache answers queries with these
            self.post_message(ReportFailed(generation, f"The cache cannot be read ({error})."))
        else:
            self.post_message(ReportReady(generation, report))

    @on(ReportReady)
    def show_report(self, event: ReportReady) -> None:
        if event.generation != self.generation:
            return  # the agent has moved on to another period or grouping
        report = self.report = event.report
        self.query_one("#report-figures", Static).update(figures_text(report.total))
        self.query_one(BusyHoursHeatmap).show(report.busiest_hours)
        self.query_one(ResponseHistogram).show(report.first_response_histogram)
        self.query_one(BacklogChart).show(report.backlog)
        self.query_one(GroupTable).show(report.query.group_by, report.groups)
        self._show_status("")

    @on(ReportFailed)
    def show_failure(self, event: ReportFailed) -> None:
        if event.generation == self.generation:
            self._show_status(f"Could not compute the report: {event.reason}", error=True)

    @on(Worker.StateChanged)
    def notice_crash(self, event: Worker.StateChanged) -> None:
        """An unexpected error: the app shows its details; here the report must not look
        as if it were still coming."""
        if event.worker.group == "report" and event.state is WorkerState.ERROR:
            self._show_status("Could not compute the report (an unexpected error).", error=True)

    # -- keys ------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_last(self, days: int) -> None:
        self.period = ReportPeriod.last(days, self.today())
        self.recompute()

    def action_step(self, steps: int) -> None:
        later = self.period.shifted(steps)
        if later.first_day > self.today():
            self.notify("That period has not begun yet.", timeout=3)
            return
        self.period = later
        self.recompute()

    def action_next_grouping(self) -> None:
        self.grouping = GROUPINGS[(GROUPINGS.index(self.grouping) + 1) % len(GROUPINGS)]
        self.recompute()

    def action_custom_period(self) -> None:
        def check(text: str) -> str | None:
            parsed = parse_range(text)
            return parsed if isinstance(parsed, str) else None

        def chosen(text: str | None) -> None:
            parsed = parse_range(text) if text else None
            if isinstance(parsed, ReportPeriod):
                self.period = parsed
                self.recompute()

        first, last = self.period.first_day, self.period.last_day
        self.app.push_screen(
            PromptScreen(
                "Report from – to (days in shop time, both included)",
                value=f"{first:%d.%m.%Y} – {last:%d.%m.%Y}",
                placeholder="1.11.2026 – 24.11.2026",
                validate=check,
            ),
            chosen,
        )

    # -- the lines above the plots ---------------------------------------------------------

    def _show_title(self) -> None:
        grouped = "" if self.grouping is Grouping.NONE else f" · by {self.grouping.value}"
        title = Text("Reports · ", style="bold")
        title.append(self.period.describe(self.today()) + grouped, style="bold")
        title.append(f"   ({describe_hours(self.hours)})", style="dim")
        self.query_one("#report-title", Static).update(title)

    def _show_status(self, text: str, *, busy: bool = False, error: bool = False) -> None:
        self.status = text
        status = self.query_one("#report-status", Static)
        status.update(Text(text))
        status.set_class(error, "-error")
        status.display = bool(text)
        self.query_one("#report-body").set_class(busy, "-stale")
