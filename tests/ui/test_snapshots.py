"""A few SVG snapshots of what the agent sees. Textual is pinned in pyproject.toml for these.

Update after an intended change with: pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from supportdesk_tui.ui.app import SupportDeskApp

from .test_inbox import settle

MakeApp = Callable[..., SupportDeskApp]


def test_inbox_with_demo_queue(snap_compare, make_app: MakeApp) -> None:  # type: ignore[no-untyped-def]
    app = make_app()

    async def ready(pilot: Pilot[None]) -> None:
        await settle(app, pilot)
        await pilot.press("j", "enter")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(140, 40), run_before=ready)


def test_help_for_the_queue(snap_compare, make_app: MakeApp) -> None:  # type: ignore[no-untyped-def]
    app = make_app()

    async def ready(pilot: Pilot[None]) -> None:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=ready)


def test_snooze_choices(snap_compare, make_app: MakeApp) -> None:  # type: ignore[no-untyped-def]
    app = make_app()

    async def ready(pilot: Pilot[None]) -> None:
        await settle(app, pilot)
        await pilot.press("z")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 32), run_before=ready)
