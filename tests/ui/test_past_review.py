"""The review of past threads, driven by Pilot on the demo cache (no network anywhere)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static

from supportdesk_tui.demo.past import MISTAKES
from supportdesk_tui.domain.models import Status
from supportdesk_tui.ui.app import SupportDeskApp
from supportdesk_tui.ui.screens.past_review_screen import PAGE_SIZE, PastReviewScreen
from supportdesk_tui.ui.widgets.thread_pane import ThreadPane

from .conftest import SIZE
from .test_inbox import settle, thread_text

MakeApp = Callable[..., SupportDeskApp]


async def open_review(app: SupportDeskApp, pilot: Pilot[None]) -> PastReviewScreen:
    await settle(app, pilot)
    await pilot.press("v")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, PastReviewScreen)
    return screen


def bar(screen: PastReviewScreen) -> str:
    return str(screen.query_one("#review-bar", Static).render())


async def test_resolved_conversations_newest_first_a_page_at_a_time(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        assert screen.total >= 200, "the demo's past and today's resolved conversations"
        assert len(screen.rows) == PAGE_SIZE, "only the first page is read at first"
        times = [row.resolved_at for row in screen.rows]
        assert times == sorted(times, reverse=True)
        assert f"{screen.total} conversations" in bar(screen)
        listing = screen.query_one("#review-list", OptionList)
        inside = listing.scrollable_content_region.width
        widths = [listing.get_option_at_index(i).prompt.cell_len  # type: ignore[union-attr]
                  for i in range(listing.option_count)]  # fmt: skip
        assert max(widths) <= inside, "a row longer than the list wraps onto two lines"
        await pilot.press("end")  # the last loaded row asks for the next page
        await settle(app, pilot)
        assert len(screen.rows) == min(screen.total, 2 * PAGE_SIZE)
        ids = [row.conversation_id for row in screen.rows]
        assert len(set(ids)) == len(ids)
        assert [r.resolved_at for r in screen.rows] == sorted(times + [
            r.resolved_at for r in screen.rows[PAGE_SIZE:]], reverse=True)  # fmt: skip
        await pilot.press("escape")
        assert not isinstance(app.screen, PastReviewScreen)


async def test_filter_by_language_and_agent(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        everything = screen.total
        await pilot.press("f", *"language: pl", "enter")
        await settle(app, pilot)
        assert 0 < screen.total < everything
        assert {row.language for row in screen.rows} == {"pl"}
        assert "language PL" in bar(screen)
        await pilot.press("f", *"agent: tomas", "enter")
        await settle(app, pilot)
        assert screen.rows and {(r.language, r.agent) for r in screen.rows} == {("pl", "tomas")}
        await pilot.press("F")
        await settle(app, pilot)
        assert screen.total == everything


async def test_enter_reads_the_thread_and_n_goes_to_the_next(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        await pilot.press("j", "enter")
        await settle(app, pilot)
        pane = screen.query_one(ThreadPane)
        assert pane.has_focus
        assert pane.detail is not None
        assert pane.detail.conversation.id == screen.rows[1].conversation_id
        assert pane.detail.conversation.status is Status.RESOLVED
        first_words = pane.detail.messages[0].body_text.split()[0]
        assert first_words in thread_text(app)
        await pilot.press("n")
        await settle(app, pilot)
        assert pane.detail.conversation.id == screen.rows[2].conversation_id


async def test_score_and_note_survive_a_restart(make_app: MakeApp, cache_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        await pilot.press("j", "4")
        await settle(app, pilot)
        await pilot.press("w")
        await pilot.pause(0.2)  # the note's dialog waits for the reviewer: no settle here
        await pilot.press(*"greets well, slow to answer", "enter")
        await settle(app, pilot)
        reviewed = screen.rows[1].conversation_id
        assert screen.rows[1].review is not None
    again = make_app(path=cache_file)
    async with again.run_test(size=SIZE) as pilot:
        screen = await open_review(again, pilot)
        row = next(r for r in screen.rows if r.conversation_id == reviewed)
        assert row.review is not None
        assert (row.review.score, row.review.note, row.review.reviewer) == (
            4, "greets well, slow to answer", "eva",
        )  # fmt: skip
        assert sum(r.review is not None for r in screen.rows) == 1
        listing = screen.query_one("#review-list", OptionList)
        assert "★★★★" in str(listing.get_option_at_index(screen.rows.index(row)).prompt)


async def test_a_note_needs_a_score_first(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        await pilot.press("w")
        await settle(app, pilot)
        assert app.screen is screen, "no note prompt without a score"
        assert screen.rows[0].review is None


async def test_the_check_lists_the_planted_greeting_mistakes(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        await pilot.press("c")
        await settle(app, pilot, rounds=6)
        assert screen.findings, "the check found nothing"
        greetings = [f for f in screen.findings if f.code.startswith("greeting")]
        for wrong in MISTAKES.values():
            assert any(f.excerpt and f.excerpt in wrong for f in greetings), wrong
        assert len({f.conversation_id for f in greetings}) == len(MISTAKES)
        findings = screen.query_one("#findings", OptionList)
        assert findings.display and findings.option_count == len(screen.findings)
        assert f"{len(screen.findings)} findings in {screen.total} threads" in bar(screen)
        findings.focus()
        findings.highlighted = next(
            i for i, f in enumerate(screen.findings) if f.code.startswith("greeting")
        )
        await pilot.press("enter")
        await settle(app, pilot)
        detail = screen.query_one(ThreadPane).detail
        assert detail is not None
        assert detail.conversation.id == screen.findings[findings.highlighted].conversation_id


async def test_export_writes_every_review_as_csv(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app()
    target = tmp_path / "reviews.csv"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        await pilot.press("5", "j", "2")
        await settle(app, pilot)
        await pilot.press("w")
        await pilot.pause(0.2)
        await pilot.press(*"=wrong vocative", "enter")
        await settle(app, pilot)
        await pilot.press("x")
        await pilot.pause(0.2)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        first, second = screen.rows[0], screen.rows[1]
    with target.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [(r["conversation"], r["score"], r["reviewer"]) for r in rows] == [
        (first.conversation_id, "5", "eva"), (second.conversation_id, "2", "eva"),
    ]  # fmt: skip
    assert rows[1]["note"] == "'=wrong vocative", "a note is never a spreadsheet formula"
    assert rows[0]["subject"] and rows[0]["customer"] and rows[0]["language"]
    assert rows[0]["resolved_at"].endswith("Z")


async def test_export_to_a_folder_that_does_not_exist_says_why(
    make_app: MakeApp, tmp_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_review(app, pilot)
        await pilot.press("x")
        await pilot.pause(0.2)
        app.screen.query_one(Input).value = str(tmp_path / "missing" / "reviews.csv")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PastReviewScreen), "the app goes on"
        shown = [n.message for n in app._notifications]
        assert any("missing" in text and "No such file" in text for text in shown)


async def test_review_in_the_command_palette(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"review past")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PastReviewScreen)
