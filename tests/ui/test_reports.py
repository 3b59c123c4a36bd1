"""The Reports screen in the real app on the demo cache, driven by keys as a manager would."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.widgets import Static

from supportdesk_tui.config import Config, business_hours
from supportdesk_tui.domain.metrics import Grouping, Report, ReportQuery
from supportdesk_tui.ui.app import SupportDeskApp
from supportdesk_tui.ui.screens.inbox_screen import InboxScreen
from supportdesk_tui.ui.screens.reports_screen import ReportsScreen
from supportdesk_tui.ui.widgets.heatmap import BusyHoursHeatmap
from supportdesk_tui.ui.widgets.queue_pane import QueuePane
from supportdesk_tui.ui.widgets.report_figures import GroupTable

from .conftest import SIZE
from .test_inbox import settle

MakeApp = Callable[..., SupportDeskApp]
TODAY_END = datetime(2026, 11, 25, tzinfo=UTC)
"""The end of the fixed clock's day (UTC is the default shop zone)."""


def reports(app: SupportDeskApp) -> ReportsScreen:
    screen = app.screen
    assert isinstance(screen, ReportsScreen), f"Reports is not open: {screen!r}"
    return screen


def shown(app: SupportDeskApp, widget_id: str) -> str:
    return str(reports(app).query_one(widget_id, Static).render())


def shown_count(app: SupportDeskApp, label: str) -> int:
    found = re.search(rf"^\s*{label}\s+(\d+)$", shown(app, "#report-figures"), re.MULTILINE)
    assert found, shown(app, "#report-figures")
    return int(found.group(1))


async def store_report(app: SupportDeskApp, start: datetime, end: datetime, **kw: object) -> Report:
    """What the store says for a period, asked directly: what the screen must show."""
    assert app.store is not None
    query = ReportQuery(start=start, end=end, hours=business_hours(app.config), **kw)  # type: ignore[arg-type]
    return await app.store.report(query)


async def open_reports(app: SupportDeskApp, pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(app, pilot)
    await pilot.press("p")
    await settle(app, pilot)


async def test_reports_open_from_the_queue_with_the_last_30_days_figures(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reports(app, pilot)
        assert "last 30 days · 26 Oct – 24 Nov 2026" in shown(app, "#report-title")
        expected = await store_report(app, TODAY_END - timedelta(days=30), TODAY_END)
        assert expected.total.conversations > 0, "the demo should have numbers to show"
        assert shown_count(app, "Conversations") == expected.total.conversations
        assert shown_count(app, "resolved") == expected.total.resolved
        heatmap = reports(app).query_one(BusyHoursHeatmap)
        assert heatmap.counts == expected.busiest_hours
        assert f"of {sum(map(sum, expected.busiest_hours))} messages" in str(heatmap.render())
        assert not reports(app).query_one(GroupTable).display


async def test_period_keys_step_through_time_and_the_numbers_follow(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reports(app, pilot)
        await pilot.press("1")
        await settle(app, pilot)
        week = await store_report(app, TODAY_END - timedelta(days=7), TODAY_END)
        assert "last 7 days · 18 Nov – 24 Nov 2026" in shown(app, "#report-title")
        assert shown_count(app, "Conversations") == week.total.conversations

        await pilot.press("left")
        await settle(app, pilot)
        before = await store_report(
            app, TODAY_END - timedelta(days=14), TODAY_END - timedelta(days=7)
        )
        assert "7 days · 11 Nov – 17 Nov 2026" in shown(app, "#report-title")
        assert shown_count(app, "Conversations") == before.total.conversations
        assert reports(app).query_one(BusyHoursHeatmap).counts == before.busiest_hours
        assert week.busiest_hours != before.busiest_hours, "two weeks should not look alike"

        await pilot.press("right", "right")  # the second would go past today: refused
        await settle(app, pilot)
        assert "last 7 days" in shown(app, "#report-title")


async def test_grouping_key_shows_a_row_per_channel_adding_up_to_the_total(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reports(app, pilot)
        await pilot.press("g")
        await settle(app, pilot)
        assert "by channel" in shown(app, "#report-title")
        table = reports(app).query_one(GroupTable)
        assert table.display
        rows = [table.get_row_at(i) for i in range(table.row_count)]
        expected = await store_report(
            app, TODAY_END - timedelta(days=30), TODAY_END, group_by=Grouping.CHANNEL
        )
        assert [row[0].plain for row in rows] == [g.group or "(none)" for g in expected.groups]
        assert len(rows) >= 2, "the demo has mail and chat"
        assert sum(int(row[1].plain) for row in rows) == shown_count(app, "Conversations")

        await pilot.press("g")
        await settle(app, pilot)
        assert "by language" in shown(app, "#report-title")


async def test_fast_keys_end_on_the_last_choice(make_app: MakeApp) -> None:
    """Each key asks the store again while the last answer may still be coming: only the
    answer to the last question may be drawn."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reports(app, pilot)
        await pilot.press("4", "1", "3", "g", "g")
        await settle(app, pilot)
        assert "last 90 days" in shown(app, "#report-title")
        assert "by language" in shown(app, "#report-title")
        expected = await store_report(
            app, TODAY_END - timedelta(days=90), TODAY_END, group_by=Grouping.LANGUAGE
        )
        assert shown_count(app, "Conversations") == expected.total.conversations
        assert reports(app).query_one(GroupTable).row_count == len(expected.groups)


async def test_escape_goes_back_to_the_queue_with_the_cursor_where_it_was(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "j", "j")
        await settle(app, pilot)
        queue = app.screen.query_one(QueuePane)
        before = queue.current_id
        await pilot.press("p")
        await settle(app, pilot)
        reports(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, InboxScreen)
        assert queue.cursor == 3 and queue.current_id == before
        assert queue.has_focus


async def test_reports_in_the_command_palette(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p", *"Reports")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "last 30 days" in shown(app, "#report-title")


async def test_a_cache_that_cannot_answer_shows_why_and_the_app_goes_on(
    make_app: MakeApp, cache_file: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        with sqlite3.connect(cache_file) as damage:  # as a bad disk or a crashed tool might
            damage.execute("DROP TABLE status_change")
        await pilot.press("p")
        await settle(app, pilot)
        status = shown(app, "#report-status")
        assert status.startswith("Could not compute the report:"), status
        assert "status_change" in status
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, InboxScreen)


async def test_the_reports_key_can_be_remapped(make_app: MakeApp) -> None:
    app = make_app(Config(keymap={"inbox.reports": "f9"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        assert isinstance(app.screen, InboxScreen)
        await pilot.press("f9")
        await settle(app, pilot)
        assert "last 30 days" in shown(app, "#report-title")
