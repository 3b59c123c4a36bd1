"""The real app driven by Pilot, as an agent would use it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from supportdesk_tui.config import Config
from supportdesk_tui.domain.models import ConversationDetail, QueueRow, Status
from supportdesk_tui.ui.app import SupportDeskApp
from supportdesk_tui.ui.screens.cache_problem_screen import CacheProblemScreen
from supportdesk_tui.ui.screens.help_screen import HelpScreen
from supportdesk_tui.ui.widgets.queue_pane import QueuePane
from supportdesk_tui.ui.widgets.thread_pane import ThreadPane

from .conftest import SIZE, Clock

MakeApp = Callable[..., SupportDeskApp]


async def settle(app: SupportDeskApp, pilot: Pilot[None], rounds: int = 3) -> None:
    """Let workers, the messages they post and the preview timer run out (all but the
    loops that run as long as the app: the outbox's)."""
    for _ in range(rounds):
        await finish_workers(app)
        await pilot.pause(0.15)
    await finish_workers(app)


async def finish_workers(app: SupportDeskApp) -> None:
    running = [w for w in app.workers if w.group != "outbox"]
    if running:  # an empty list would mean every worker
        await app.workers.wait_for_complete(running)


def queue(app: SupportDeskApp) -> QueuePane:
    return app.screen.query_one(QueuePane)


def loaded_rows(app: SupportDeskApp):  # type: ignore[no-untyped-def]
    pane = queue(app)
    return [pane.row_at(i) for i in range(min(pane.total, 100))]


def thread_text(app: SupportDeskApp) -> str:
    return str(app.screen.query_one("#thread-text", Static).render())


async def test_queue_opens_with_every_open_conversation_longest_waiting_first(
    make_app: MakeApp,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        rows = [r for r in loaded_rows(app) if r is not None]
        assert queue(app).total >= 40
        assert all(r.status in (Status.OPEN, Status.PENDING) for r in rows)
        waits = [r.waiting_since for r in rows if r.waiting_since is not None]
        assert waits == sorted(waits), "the longest-waiting customer must come first"
        languages = {r.language for r in rows}
        assert len(languages) >= 8


async def test_moving_the_cursor_shows_that_thread(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("j", "j")
        await settle(app, pilot)
        pane = queue(app)
        assert pane.cursor == 2
        second = pane.row_at(2)
        assert second is not None
        detail = app.screen.query_one(ThreadPane).detail
        assert detail is not None and detail.conversation.id == second.conversation_id
        await pilot.press("G")
        assert pane.cursor == pane.total - 1
        await pilot.press("g")
        assert pane.cursor == 0


async def shown_and_next(
    app: SupportDeskApp, pilot: Pilot[None]
) -> tuple[ConversationDetail, QueueRow]:
    """Once the app has settled: the thread on screen and the queue's next row (another one)."""
    await settle(app, pilot)
    shown = app.screen.query_one(ThreadPane).detail
    second = queue(app).row_at(1)
    assert shown is not None and second is not None
    assert shown.conversation.id != second.conversation_id
    return shown, second


async def test_a_fast_reply_answers_the_conversation_under_the_cursor(
    make_reply_app: MakeApp,
) -> None:
    """`r` pressed right after moving, before the thread has caught up, must not answer the
    customer whose thread was on screen a moment before."""
    from supportdesk_tui.ui.screens.compose_screen import ComposeScreen

    app = make_reply_app()
    async with app.run_test(size=SIZE) as pilot:
        shown, second = await shown_and_next(app, pilot)
        await pilot.press("j", "r")  # no pause: the preview of the next one is not loaded
        await settle(app, pilot)
        assert isinstance(app.screen, ComposeScreen)
        assert app.screen.detail.conversation.id == second.conversation_id


async def test_search_ignores_diacritics_and_finds_names(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"vondracek")
        await pilot.pause(0.3)
        await settle(app, pilot)
        rows = [r for r in loaded_rows(app) if r is not None]
        assert rows, "searching a customer's name without accents finds them"
        assert all(
            "Vondr" in r.customer_name or "vondr" in (r.subject + r.preview).lower() for r in rows
        )
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        assert queue(app).total > len(rows)


async def test_filter_mine_shows_only_my_conversations(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        everyone = queue(app).total
        await pilot.press("f", *"mine", "enter")
        await settle(app, pilot)
        rows = [r for r in loaded_rows(app) if r is not None]
        assert rows and all(r.assignee == "eva" for r in rows)
        assert queue(app).total < everyone
        assert "mine" in str(app.screen.query_one("#filter-bar", Static).render())


async def test_resolve_and_next_survives_a_restart(make_app: MakeApp, cache_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        first = queue(app).current_id
        second = queue(app).row_at(1).conversation_id  # type: ignore[union-attr]
        total = queue(app).total
        await pilot.press("e")
        await settle(app, pilot)
        assert queue(app).total == total - 1
        assert queue(app).current_id == second, "the next conversation takes the cursor"
    again = make_app(path=cache_file)
    async with again.run_test(size=SIZE) as pilot:
        await settle(again, pilot)
        ids = [r.conversation_id for r in loaded_rows(again) if r is not None]
        assert first not in ids
        await pilot.press("f", *"status: resolved", "enter")
        await settle(again, pilot)
        assert first in [r.conversation_id for r in loaded_rows(again) if r is not None]


async def test_snooze_hides_until_the_time_comes(make_app: MakeApp, clock: Clock) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        target = queue(app).current_id
        await pilot.press("z", *"later", "enter")
        await settle(app, pilot)
        assert target not in [r.conversation_id for r in loaded_rows(app) if r is not None]
        clock.now += timedelta(hours=4)
        await app.screen.wake_snoozed()  # type: ignore[attr-defined]
        await settle(app, pilot)
        assert target in [r.conversation_id for r in loaded_rows(app) if r is not None]


async def test_marked_conversations_are_tagged_together(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("space", "space", "space")
        marked = set(queue(app).marked)
        assert len(marked) == 3
        await pilot.press("t", *"callback", "enter")
        await settle(app, pilot)
        await pilot.press("f", *"tag: callback", "enter")
        await settle(app, pilot)
        tagged = {r.conversation_id for r in loaded_rows(app) if r is not None}
        assert tagged == marked
        assert not queue(app).marked


async def test_hostile_text_is_shown_literally(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"URGENT")
        await pilot.pause(0.3)
        await settle(app, pilot)
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        text = thread_text(app)
        assert "[bold red]" in text, "Rich markup from a customer is text, not style"
        assert "\x1b" not in text and "\u202e" not in text


async def test_customer_correction_is_kept(make_app: MakeApp, cache_file: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        detail = app.screen.query_one(ThreadPane).detail
        assert detail is not None
        flipped = "female" if detail.customer.gender != "f" else "male"
        await pilot.press("c", *f"gender: {flipped}", "enter")
        await settle(app, pilot)
        assert "set by agent" in str(app.screen.query_one("#customer-text", Static).render())
    store_app = make_app(path=cache_file)
    async with store_app.run_test(size=SIZE) as pilot:
        await settle(store_app, pilot)
        assert store_app.store is not None
        again = await store_app.store.conversation_detail(detail.conversation.id)
        assert again is not None and "gender" in again.customer.corrected
        assert again.customer.gender == ("f" if flipped == "female" else "m")


async def test_help_lists_keys_of_the_focused_pane_with_ids(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        ids = {entry.binding_id for entry in app.screen.entries}
        assert {"queue.down", "queue.mark", "inbox.snooze", "inbox.search"} <= ids


async def test_keymap_remaps_a_binding(make_app: MakeApp) -> None:
    app = make_app(Config(keymap={"queue.down": "n"}))
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        assert queue(app).cursor == 1


async def test_corrupt_cache_offers_a_way_out(make_app: MakeApp, tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    app = make_app(path=broken)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, CacheProblemScreen)
        await pilot.press("m")
        await settle(app, pilot)
        assert app.store is not None, "a fresh cache opens after moving the old one aside"
        kept = [p for p in tmp_path.iterdir() if p.name.startswith("broken.sqlite3.corrupt")]
        assert kept and kept[0].read_bytes().startswith(b"this is not")


async def open_search_hit(app: SupportDeskApp, pilot: Pilot[None], words: str) -> None:
    await pilot.press("slash", *words)
    await pilot.pause(0.3)
    await settle(app, pilot)
    await pilot.press("enter", "enter")
    await settle(app, pilot)


async def test_a_note_is_kept_and_marked_internal(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("n", *"called the courier", "enter")
        await settle(app, pilot)
        text = thread_text(app)
        assert "NOTE" in text and "called the courier" in text and "internal, not sent" in text


async def test_a_fast_note_lands_on_the_conversation_under_the_cursor(make_app: MakeApp) -> None:
    """`n` right after moving, before the thread has caught up: the box names the customer
    under the cursor and the note is theirs, not the one still on screen."""
    from supportdesk_tui.ui.screens.prompt_screen import PromptScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        shown, second = await shown_and_next(app, pilot)
        await pilot.press("j", "n")  # no pause: the preview of the next one is not loaded
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        assert second.customer_name in app.screen.title_text
        await pilot.press(*"promised a refund", "enter")
        await settle(app, pilot)
        assert app.store is not None
        noted = await app.store.conversation_detail(second.conversation_id)
        before = await app.store.conversation_detail(shown.conversation.id)
        assert noted is not None and before is not None
        assert "promised a refund" in [m.body_text for m in noted.messages]
        assert "promised a refund" not in [m.body_text for m in before.messages]
        assert "promised a refund" in thread_text(app)


async def test_attachments_are_saved_under_safe_names(make_app: MakeApp, tmp_path: Path) -> None:
    app = make_app()
    folder = tmp_path / "saved"
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await open_search_hit(app, pilot, "ecnanif")  # the sender whose attachment hides .exe
        detail = app.screen.query_one(ThreadPane).detail
        assert detail is not None
        names = [a.filename for m in detail.messages for a in m.attachments]
        assert any("\u202e" in name for name in names)
        await pilot.press("A", *"all", "enter")
        await pilot.pause()
        prompt = app.screen.query_one("#prompt-input")
        prompt.value = str(folder)  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(app, pilot)
    saved = sorted(p.name for p in folder.iterdir())
    assert len(saved) == len(names)
    assert all("\u202e" not in name and "/" not in name for name in saved)
    assert all(p.resolve().parent == folder.resolve() for p in folder.iterdir())


async def test_the_command_palette_offers_the_inbox_actions(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        commands = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Snooze", "Resolve+next", "Assign", "Tag", "Filter", "Search"} <= commands
        await pilot.press("ctrl+p", *"snooze", "enter")
        await pilot.pause(0.3)
        assert "Snooze" in str(app.screen.query_one("#pick-title").render())


async def test_a_search_without_hits_says_how_to_get_back(make_app: MakeApp) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"qqxxzzy")
        await pilot.pause(0.3)
        await settle(app, pilot)
        assert queue(app).total == 0
        assert "F clears the filter" in thread_text(app)


async def test_a_thread_whose_body_is_not_parsed_yet_shows_it_when_opened(
    make_app: MakeApp, tmp_path: Path
) -> None:
    """A big sync stores headers first; opening such a conversation parses its bodies at once."""
    from supportdesk_tui.domain.models import Batch
    from supportdesk_tui.mime import parse_headers
    from supportdesk_tui.store import Store
    from supportdesk_tui.sync import apply_fetched
    from tests.connectors.imap_helpers import mail

    path = tmp_path / "pending.sqlite3"
    store = await Store.open(path)
    raw = mail(1, body="Dobrý den, balík 4711 stále nedorazil.")
    await apply_fetched(store, Batch("shop", messages=(parse_headers(raw, account="shop"),)))
    assert await store.count_pending_bodies() == 1
    await store.close()
    app = make_app(path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "balík 4711 stále nedorazil" in thread_text(app)
