"""Replying from the keyboard: compose, canned replies, the check, review, outbox, undo.

The app runs on the demo cache; replies leave through a route that records what it is
given (the SMTP path itself is tested against a real server in tests/connectors)."""

from __future__ import annotations

import email
import email.policy
import html
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Static, TextArea

from supportdesk_tui.domain.models import Status
from supportdesk_tui.errors import SendError
from supportdesk_tui.store import Store
from supportdesk_tui.ui.app import SupportDeskApp
from supportdesk_tui.ui.screens.compose_screen import ComposeScreen
from supportdesk_tui.ui.screens.prompt_screen import PromptScreen
from supportdesk_tui.ui.screens.replies_screen import RepliesScreen
from supportdesk_tui.ui.screens.review_screen import ReviewScreen
from supportdesk_tui.ui.widgets.queue_pane import QueuePane
from supportdesk_tui.ui.widgets.reply_editor import ReplyEditor

from .conftest import REPLY_ACCOUNT, SIZE, Clock, RecordingRoute
from .test_inbox import settle, thread_text


def editor(app: SupportDeskApp) -> ReplyEditor:
    return app.screen.query_one(ReplyEditor)


async def open_reply_to(
    app: SupportDeskApp, pilot: Pilot[None], language: str, search: str = ""
) -> None:
    """Opens the first email conversation in `language` (matching `search`), and `r`."""
    await settle(app, pilot)
    await pilot.press("f", *f"language: {language}", "enter")
    await settle(app, pilot)
    await pilot.press("f", *"channel: email", "enter")
    await settle(app, pilot)
    if search:
        await pilot.press("slash", *search, "enter")
        await pilot.pause(0.3)
        await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    await pilot.press("r")
    await settle(app, pilot)
    assert isinstance(app.screen, ComposeScreen)


async def review_and_send(app: SupportDeskApp, pilot: Pilot[None]) -> None:
    """Ctrl+S opens the review, Ctrl+S there sends (nothing to override)."""
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    await pilot.press("ctrl+s")
    await settle(app, pilot)


async def undo_window_passes(app: SupportDeskApp, pilot: Pilot[None], clock: Clock) -> None:
    """The clock passes the undo window; returns once the outbox has dealt with what was due
    (on a loaded machine that can take a while)."""
    clock.now += timedelta(seconds=11)
    app.wake_outbox()
    store: Store = app.store  # type: ignore[assignment]
    for _ in range(100):
        await pilot.pause(0.1)
        pending = [e for e in await store.outbox() if e.state.value in ("waiting", "sending")]
        if not [e for e in pending if e.send_after <= clock.now or e.state.value == "sending"]:
            break
    await settle(app, pilot)


def findings(app: SupportDeskApp) -> list[str]:
    listing = app.screen.query_one("#findings", OptionList)
    return [
        str(listing.get_option_at_index(i).prompt)
        for i in range(listing.option_count)
        if not listing.get_option_at_index(i).disabled
    ]


async def type_text(pilot: Pilot[None], text: str) -> None:
    await pilot.press(*("enter" if ch == "\n" else "space" if ch == " " else ch for ch in text))


async def conversation_status(app: SupportDeskApp, conversation_id: str) -> Status:
    store: Store = app.store  # type: ignore[assignment]
    detail = await store.conversation_detail(conversation_id)
    assert detail is not None
    return detail.conversation.status


async def test_the_check_marks_a_wrong_greeting_and_one_key_fixes_it(
    make_reply_app: Callable[..., SupportDeskApp],
) -> None:
    app = make_reply_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reply_to(app, pilot, "cs")
        text = editor(app).text
        assert text.startswith(("Vážený pane ", "Vážená paní ")), text
        assert findings(app) == []  # the greeting the app writes is right
        # the agent writes the greeting for the other gender
        wrong = "Vážená paní " if text.startswith("Vážený") else "Vážený pane "
        editor(app).load_text(wrong + text.split(" ", 2)[2])
        app.screen.text_changed()  # type: ignore[attr-defined]
        await pilot.pause(0.6)
        await settle(app, pilot)
        assert findings(app), "a greeting of the wrong gender must be found"
        assert editor(app).marks, "and underlined in the text"
        for _ in range(3):  # each finding: go to it, take its suggestion
            if not findings(app):
                break
            await pilot.press("ctrl+n", "ctrl+f")
            await pilot.pause(0.6)
            await settle(app, pilot)
        assert editor(app).text == text
        assert findings(app) == []


async def test_a_canned_reply_is_found_without_diacritics_and_filled_for_the_customer(
    make_reply_app: Callable[..., SupportDeskApp],
) -> None:
    app = make_reply_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reply_to(app, pilot, "cs", search="2475120")
        screen = app.screen
        assert isinstance(screen, ComposeScreen)
        greeting = editor(app).text.strip()
        order = screen.context.order
        assert order is not None, "the demo shop knows the customer's order"
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert isinstance(app.screen, RepliesScreen)
        await pilot.press(*"stav objednavky")
        await settle(app, pilot)
        preview = app.screen.query_one("#replies-preview", TextArea).text
        assert order.number in preview and "{{" not in preview
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        text = editor(app).text
        assert text.startswith(greeting) and text.count(greeting) == 1
        assert order.number in text and (order.tracking_url or "") in text
        assert "Eva" in text  # signed by the agent
        await pilot.pause(0.6)
        await settle(app, pilot)
        assert findings(app) == []


async def test_slash_at_a_line_start_offers_replies_and_escape_types_nothing(
    make_reply_app: Callable[..., SupportDeskApp],
) -> None:
    app = make_reply_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("F")  # no filter, no search
        await open_reply_to(app, pilot, "pl")
        before = editor(app).text
        await pilot.press("slash")
        await settle(app, pilot)
        assert isinstance(app.screen, RepliesScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert editor(app).text == before
        await type_text(pilot, "a/b")  # inside a line "/" is just a character
        assert editor(app).text == before + "a/b"


async def test_send_review_outbox_and_the_reply_leaves_after_the_undo_window(
    make_reply_app: Callable[..., SupportDeskApp], route: RecordingRoute, clock: Clock
) -> None:
    app = make_reply_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reply_to(app, pilot, "cs")
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        conversation = compose.detail.conversation
        answered = compose.detail.messages[-1]
        await type_text(pilot, "zásilka je na cestě.")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "support@shop.example" in str(app.screen.query_one("#review-envelope").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, (ReviewScreen, ComposeScreen))
        assert await conversation_status(app, conversation.id) is Status.PENDING
        queue = app.screen.query_one(QueuePane)
        assert queue.has_focus and queue.current_id not in (None, conversation.id), (
            "the queue goes on to the next customer"
        )
        next_customer = queue.current_id
        assert route.sent == []  # the undo window is still open
        store: Store = app.store  # type: ignore[assignment]
        [waiting] = await store.outbox(conversation.id)
        assert waiting.undoable(clock.now)

        await undo_window_passes(app, pilot, clock)
        [(raw, sender, recipients)] = route.sent
        assert sender == "support@shop.example"
        assert recipients == (answered.author_address,)
        assert f"In-Reply-To: <{answered.id}>".encode() in raw
        assert route.copies == [raw]
        detail = await store.conversation_detail(conversation.id)
        assert detail is not None
        assert detail.messages[-1].body_text.endswith("zásilka je na cestě.")
        assert await store.outbox() == [] and await store.draft(conversation.id) is None
        assert queue.current_id == next_customer, "the answered one sank; the cursor stayed"


async def test_undo_takes_a_reply_back_into_the_editor_and_nothing_leaves(
    make_reply_app: Callable[..., SupportDeskApp], route: RecordingRoute, clock: Clock
) -> None:
    app = make_reply_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reply_to(app, pilot, "sk")
        conversation_id = app.screen.detail.conversation.id  # type: ignore[attr-defined]
        await type_text(pilot, "posielame novy kus.")
        text = editor(app).text
        await review_and_send(app, pilot)
        await pilot.press("u")
        await settle(app, pilot)
        assert isinstance(app.screen, ComposeScreen)
        assert editor(app).text == text
        assert await conversation_status(app, conversation_id) is Status.OPEN
        clock.now += timedelta(minutes=5)
        app.wake_outbox()
        await pilot.pause(0.5)
        await settle(app, pilot)
        assert route.sent == []


async def test_a_finding_blocks_sending_until_it_is_overridden(
    make_reply_app: Callable[..., SupportDeskApp], route: RecordingRoute
) -> None:
    app = make_reply_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reply_to(app, pilot, "cs")
        editor(app).load_text("Dobrý den, {{ jmeno }},\n\nv příloze posíláme fakturu.")
        app.screen.text_changed()  # type: ignore[attr-defined]
        await pilot.pause(0.6)
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        keys = [item.key for item in review.items]
        assert any(k.startswith("unfilled_placeholder") for k in keys)
        assert "attachment:missing" in keys  # "v příloze" but no file attached
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is review, "findings not overridden: nothing is sent"
        for _ in keys:
            await pilot.press("space", "down")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, (ReviewScreen, ComposeScreen))
        store: Store = app.store  # type: ignore[assignment]
        [entry] = await store.outbox()
        assert "{{ jmeno }}" in entry.body_text  # sent as the agent decided


async def test_a_draft_survives_leaving_and_a_restart(
    make_reply_app: Callable[..., SupportDeskApp],
) -> None:
    app = make_reply_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reply_to(app, pilot, "uk")
        await type_text(pilot, "Ваше замовлення вже в дорозі.")
        text = editor(app).text
        await pilot.pause(0.7)  # saved on a pause in typing, not only on leaving
        await settle(app, pilot)
    app = make_reply_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reply_to(app, pilot, "uk")
        assert editor(app).text == text


async def test_a_refused_reply_is_kept_with_its_reason_and_comes_back_to_edit(
    make_reply_app: Callable[..., SupportDeskApp], route: RecordingRoute, clock: Clock
) -> None:
    route.refuse = SendError(
        REPLY_ACCOUNT, "550 5.1.1 <x@example.cz>: no such user", permanent=True
    )
    app = make_reply_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reply_to(app, pilot, "hr")
        conversation_id = app.screen.detail.conversation.id  # type: ignore[attr-defined]
        await type_text(pilot, "paket je poslan.")
        text = editor(app).text
        await review_and_send(app, pilot)
        await undo_window_passes(app, pilot, clock)
        assert await conversation_status(app, conversation_id) is Status.OPEN
        await pilot.press("k")  # the queue had gone on to the next customer
        await settle(app, pilot)
        assert "NOT SENT" in thread_text(app) and "no such user" in thread_text(app)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, ComposeScreen)
        assert editor(app).text == text


async def test_ctrl_a_in_the_reply_filter_lists_every_language(
    make_reply_app: Callable[..., SupportDeskApp],
) -> None:
    app = make_reply_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reply_to(app, pilot, "cs")
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, RepliesScreen)
        assert {r.language for r in screen.found} == {"cs"}
        await pilot.press("ctrl+a")
        await settle(app, pilot)
        assert len({r.language for r in screen.found}) == 10


async def test_a_value_nobody_knows_is_asked_for_before_the_reply_goes_in(
    make_reply_app: Callable[..., SupportDeskApp],
) -> None:
    """Radek writes about an app log: the shop has no order of his, so the order-status reply
    asks for the number (and the rest) instead of leaving blanks."""
    app = make_reply_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reply_to(app, pilot, "cs", search="Novotny")
        compose = app.screen
        assert isinstance(compose, ComposeScreen) and compose.context.order is None
        await pilot.press("ctrl+r", *"stav objednavky")
        await settle(app, pilot)
        preview = app.screen.query_one("#replies-preview", TextArea).text
        note = str(app.screen.query_one("#replies-note", Static).render())
        assert "«order.number»" in preview, (note, [r.id for r in app.screen.found])
        await pilot.press("enter")
        await settle(app, pilot)
        asked = []
        for _ in range(8):  # each unknown value in turn
            if not isinstance(app.screen, PromptScreen):
                break
            asked.append(str(app.screen.title_text))
            await pilot.press(*"2400123", "enter")
            await settle(app, pilot)
        assert asked and "order.number" in asked[0]
        assert app.screen is compose
        text = editor(app).text
        assert "2400123" in text and "«" not in text and "{{" not in text


def preview(app: SupportDeskApp) -> str:
    return app.screen.query_one("#replies-preview", TextArea).text


async def answer_every_prompt(app: SupportDeskApp, pilot: Pilot[None], value: str) -> list[str]:
    """Types `value` into each form that asks for a value, in turn; returns what they asked."""
    asked = []
    for _ in range(8):
        if not isinstance(app.screen, PromptScreen):
            break
        asked.append(str(app.screen.title_text))
        await pilot.press(*value, "enter")
        await settle(app, pilot)
    return asked


async def test_the_reply_pane_opens_fresh_for_each_draft(
    make_reply_app: Callable[..., SupportDeskApp],
) -> None:
    """The pane is built once and shown again: each open starts from an empty filter in the
    customer's language, filled from this draft; nothing is left from the last open or the last
    customer, and a value typed for one reply is not asked again in the same draft."""
    app = make_reply_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reply_to(app, pilot, "cs", search="2475120")
        compose = app.screen
        assert isinstance(compose, ComposeScreen) and compose.context.order is not None
        number = compose.context.order.number
        await pilot.press("ctrl+r", *"stav objednavky", "ctrl+a")
        await settle(app, pilot)
        pane = app.screen
        assert isinstance(pane, RepliesScreen) and pane.every_language
        assert number in preview(app)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert app.screen is pane, "the same pane, shown again"
        assert pane.query_one("#replies-filter", Input).value == "" and not pane.every_language
        every_czech = app.reply_index().find("", "cs", None, limit=1000)
        assert [r.id for r in pane.found] == [r.id for r in every_czech]
        assert "CS · " in str(pane.query_one("#replies-title", Static).render())

        await pilot.press("escape", "escape")  # the pane, then the draft (kept)
        await settle(app, pilot)
        await pilot.press("slash", *"Novotny", "enter")
        await pilot.pause(0.3)
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        other = app.screen
        assert isinstance(other, ComposeScreen) and other.context.order is None
        await pilot.press("ctrl+r", *"stav objednavky")
        await settle(app, pilot)
        assert app.screen is pane and pane.context is other.context
        assert number not in preview(app) and "«order.number»" in preview(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "order.number" in (await answer_every_prompt(app, pilot, "2400123"))[0]
        assert app.screen is other and "2400123" in editor(app).text
        await pilot.press("ctrl+r", *"stav objednavky")
        await settle(app, pilot)
        assert "2400123" in preview(app) and "«" not in preview(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is other, "what was typed for this draft is not asked again"
        assert editor(app).text.count("2400123") >= 2


async def test_an_attached_file_goes_with_the_reply(
    make_reply_app: Callable[..., SupportDeskApp],
    route: RecordingRoute,
    clock: Clock,
    tmp_path: Path,
) -> None:
    invoice = tmp_path / "faktura 2475120.pdf"
    invoice.write_bytes(b"%PDF-1.4 invoice")
    app = make_reply_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reply_to(app, pilot, "cs", search="2475120")
        await type_text(pilot, "v příloze posíláme fakturu.")
        await pilot.press("ctrl+o", *str(invoice), "enter")
        await settle(app, pilot)
        assert "faktura 2475120.pdf" in str(app.screen.query_one("#compose-files").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert "attachment:missing" not in [item.key for item in review.items]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await undo_window_passes(app, pilot, clock)
        [(raw, _, _)] = route.sent
        message = email.message_from_bytes(raw, policy=email.policy.default)
        [part] = list(message.iter_attachments())  # type: ignore[attr-defined]
        assert part.get_filename() == "faktura 2475120.pdf"
        assert part.get_content() == b"%PDF-1.4 invoice"


def drawn_text(app: SupportDeskApp) -> str:
    """What the terminal shows (the screen as exported), line by line: the pane is kept, and
    drawn ahead while away, so its widgets' state alone would not tell a stale picture."""
    lines: dict[int, list[str]] = {}
    for match in re.finditer(r'<text [^>]*clip-path="url\(#[\w-]+-line-(\d+)\)">([^<]*)</text>',
                             app.export_screenshot()):  # fmt: skip
        lines.setdefault(int(match[1]), []).append(html.unescape(match[2]).replace("\xa0", " "))
    return "\n".join("".join(parts) for _, parts in sorted(lines.items()))


async def test_the_reply_pane_shows_this_draft_on_screen_when_opened_again(
    make_reply_app: Callable[..., SupportDeskApp],
) -> None:
    """Opened again, the kept pane must show an empty filter, the whole list and the first
    reply filled for this customer: not what it showed last, nor the last customer's reply
    (whose lines stayed on screen when the new reply wrapped to as many lines)."""
    app = make_reply_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_reply_to(app, pilot, "cs", search="2475120")
        compose = app.screen
        assert isinstance(compose, ComposeScreen) and compose.context.order is not None
        number = compose.context.order.number
        await pilot.press("ctrl+r", *"vraceni", "down", "down", "escape")
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        pane = app.screen
        assert isinstance(pane, RepliesScreen)
        shown = drawn_text(app)
        assert "vraceni" not in shown and "find a reply" in shown  # the filter's placeholder
        titles = [shown.index(reply.title) for reply in pane.found]
        assert titles == sorted(titles), "the whole list, in order"
        greeting, _, body = preview(app).split("\n", 2)
        assert body[:40] in shown, "the first reply's preview (not the one highlighted last)"

        await pilot.press("escape", "escape")  # the pane, then the draft (kept)
        await settle(app, pilot)
        await pilot.press("F")  # no filter, no search
        await open_reply_to(app, pilot, "pl")
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        shown = drawn_text(app)
        assert "Canned replies · PL" in shown and "Canned replies · CS" not in shown
        assert number not in shown and greeting not in shown and body[:40] not in shown
        assert preview(app).split("\n", 2)[2][:40] in shown
