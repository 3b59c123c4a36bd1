"""A few SVG snapshots of what the agent sees. Textual is pinned in pyproject.toml for these.

Update after an intended change with: pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from supportdesk_tui.ui.app import SupportDeskApp

from .test_inbox import settle

MakeApp = Callable[..., SupportDeskApp]


def steady_cursors(app: SupportDeskApp) -> None:
    """A blinking cursor is on or off depending on when the picture is taken: hold it on."""
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]


def test_inbox_with_demo_queue(snap_compare, make_app: MakeApp) -> None:  # type: ignore[no-untyped-def]
    app = make_app()

    async def ready(pilot: Pilot[None]) -> None:
        await settle(app, pilot)
        await pilot.press("j", "enter")
        await settle(app, pilot)

        steady_cursors(app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(140, 40), run_before=ready)


def test_help_for_the_queue(snap_compare, make_app: MakeApp) -> None:  # type: ignore[no-untyped-def]
    app = make_app()

    async def ready(pilot: Pilot[None]) -> None:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()

        steady_cursors(app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=ready)


def test_snooze_choices(snap_compare, make_app: MakeApp) -> None:  # type: ignore[no-untyped-def]
    app = make_app()

    async def ready(pilot: Pilot[None]) -> None:
        await settle(app, pilot)
        await pilot.press("z")
        await pilot.pause()

        steady_cursors(app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 32), run_before=ready)


async def _reply_to_kubelkova(app: SupportDeskApp, pilot: Pilot[None]) -> None:
    from .test_compose import open_reply_to

    await open_reply_to(app, pilot, "cs", search="2475120")


def test_compose_with_a_finding(snap_compare, make_reply_app: MakeApp) -> None:  # type: ignore[no-untyped-def]
    """The draft with a greeting of the wrong gender: listed, underlined."""
    app = make_reply_app()

    async def ready(pilot: Pilot[None]) -> None:
        await _reply_to_kubelkova(app, pilot)
        editor = app.screen.query_one("ReplyEditor")
        editor.load_text("Vážený pane Kubelková,\n\nvaše zásilka je na cestě.\n")  # type: ignore[attr-defined]
        app.screen.text_changed()  # type: ignore[attr-defined]
        await pilot.pause(0.6)
        await settle(app, pilot)

        steady_cursors(app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 30), run_before=ready)


def test_canned_reply_preview(snap_compare, make_reply_app: MakeApp) -> None:  # type: ignore[no-untyped-def]
    app = make_reply_app()

    async def ready(pilot: Pilot[None]) -> None:
        await _reply_to_kubelkova(app, pilot)
        await pilot.press("ctrl+r", *"stav")
        await settle(app, pilot)

        steady_cursors(app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 34), run_before=ready)


def test_review_lists_what_blocks_sending(snap_compare, make_reply_app: MakeApp) -> None:  # type: ignore[no-untyped-def]
    app = make_reply_app()

    async def ready(pilot: Pilot[None]) -> None:
        await _reply_to_kubelkova(app, pilot)
        editor = app.screen.query_one("ReplyEditor")
        editor.load_text("Vážený pane Kubelková,\n\nv příloze posíláme fakturu.\n")  # type: ignore[attr-defined]
        app.screen.text_changed()  # type: ignore[attr-defined]
        await pilot.pause(0.6)
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)

        steady_cursors(app)
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 30), run_before=ready)
