"""The review of past threads: resolved conversations, newest first, a page at a time; read
one, score it 1-5 with a short note (per reviewer, kept in the cache), re-run the greeting
check over the agent replies of the listed threads, export the reviews as CSV. Reads only
the cache: works with no network."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, OptionList, ProgressBar, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from ...bodies import parse_pending_bodies
from ...domain.models import ConversationDetail
from ...domain.reviews import NOTE_LENGTH, Review, ReviewRow
from ...pastreview.check import PastFinding, check_replies
from ...pastreview.export import export_reviews
from ...reporting.period import parse_range
from ...store import Store
from ..widgets.thread_pane import ThreadPane
from .past_review_text import ReviewView, filter_choices, finding_text, row_text
from .pick_screen import PickScreen
from .prompt_screen import PromptScreen

PAGE_SIZE = 100
LOAD_AHEAD = 30
"""Rows before the end of what is loaded at which the next page is asked for."""
PREVIEW_DELAY = 0.12
CHECK_PAGE = 500


class ReviewList(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="past_review.down"),
        Binding("k", "cursor_up", "Up", show=False, id="past_review.up"),
    ]


def row_width(listing: OptionList) -> int:
    """Cells a row may take (a longer one wraps): the list's inside with its scrollbar shown,
    as it is once a page is in, though the first page is made while the list is empty."""
    outer = listing.outer_size.width or 120
    return max(20, outer - listing.styles.gutter.width - listing.styles.scrollbar_size_vertical)


class PastReviewScreen(Screen[None]):
    CSS_PATH = "past_review_screen.tcss"
    NAME = "past-review"
    """Installed under this name: built once per app (its first build is most of the wait)."""
    BINDINGS = [
        Binding("escape", "back", "Back", id="past_review.back"),
        Binding("f", "filter", "Filter", id="past_review.filter"),
        Binding("F", "clear_filter", "Clear filter", show=False, id="past_review.clear_filter"),
        *(Binding(str(n), f"score({n})", f"Score {n}", show=False, id=f"past_review.score_{n}")
          for n in range(1, 6)),
        Binding("0", "remove_review", "Remove review", show=False, id="past_review.remove"),
        Binding("w", "note", "Note", id="past_review.note"),
        Binding("n", "step(1)", "Next", id="past_review.next"),
        Binding("N", "step(-1)", "Previous", show=False, id="past_review.previous"),
        Binding("c", "check", "Check replies", id="past_review.check"),
        Binding("x", "export", "Export CSV", id="past_review.export"),
    ]  # fmt: skip

    @dataclass
    class PageLoaded(Message):
        generation: int
        rows: list[ReviewRow]
        total: int
        """-1 for a later page (the count came with the first)."""

    @dataclass
    class ThreadLoaded(Message):
        detail: ConversationDetail

    @dataclass
    class ReviewChanged(Message):
        conversation_id: str
        review: Review | None

    @dataclass
    class CheckProgressed(Message):
        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, PastReviewScreen.CheckProgressed)

    @dataclass
    class CheckFinished(Message):
        findings: list[PastFinding]
        conversations: int

    def __init__(self) -> None:
        super().__init__()
        self.view = ReviewView()
        self.rows: list[ReviewRow] = []
        self.total = 0
        self.generation = 0
        self.loading_more = False
        self.findings: list[PastFinding] = []
        self.check_text = ""
        self._preview: Timer | None = None

    @property
    def store(self) -> Store | None:
        return self.app.store  # type: ignore[attr-defined, no-any-return]

    @property
    def services(self):  # type: ignore[no-untyped-def]
        return self.app.services  # type: ignore[attr-defined]

    @property
    def reviewer(self) -> str:
        return str(self.services.agent_id)

    def today(self) -> date:
        return self.services.now().astimezone(self.services.zone).date()  # type: ignore[no-any-return]

    def compose(self) -> ComposeResult:
        yield Static(id="review-bar")
        yield ProgressBar(id="check-progress", show_eta=False)
        with Horizontal(id="review-row"):
            yield ReviewList(id="review-list")
            yield ThreadPane(zone=self.services.zone, id="review-thread")
        yield OptionList(id="findings")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#check-progress").display = False
        self.query_one("#findings").display = False
        self.query_one(ReviewList).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        """Back again: the same view, read afresh (conversations resolved since show up)."""
        if self.rows or self.total:
            self.reload()

    # -- the list, a page at a time ---------------------------------------------------------

    def reload(self) -> None:
        self.generation += 1
        self.rows, self.total, self.loading_more = [], 0, True
        self.query_one(ReviewList).clear_options()
        self._first_page(self.generation, self.view)
        self._show_bar()

    @work(group="review-list", exclusive=True, exit_on_error=False)
    async def _first_page(self, generation: int, view: ReviewView) -> None:
        if self.store is None:
            return
        f = view.review_filter(self.services.zone)
        rows = await self.store.list_resolved(f, self.reviewer, None, PAGE_SIZE)
        total = await self.store.count_resolved(f)
        self.post_message(self.PageLoaded(generation, rows, total))

    @work(group="review-pages", exit_on_error=False)
    async def _next_page(self, generation: int, view: ReviewView, last: ReviewRow) -> None:
        if self.store is None:
            return
        f = view.review_filter(self.services.zone)
        rows = await self.store.list_resolved(f, self.reviewer, last.position, PAGE_SIZE)
        self.post_message(self.PageLoaded(generation, rows, -1))

    @on(PageLoaded)
    def show_page(self, event: PageLoaded) -> None:
        if event.generation != self.generation:
            return  # an answer to a filter the reviewer has already changed
        listing = self.query_one(ReviewList)
        width = row_width(listing)
        listing.add_options(
            [Option(row_text(r, self.services.zone, width), id=r.conversation_id)
             for r in event.rows]
        )  # fmt: skip
        first = not self.rows
        self.rows += event.rows
        if event.total >= 0:
            self.total = event.total
        # nothing more to ask for: all are here, or a later page came back empty
        self.loading_more = len(self.rows) >= self.total or (event.total < 0 and not event.rows)
        if first:
            if self.rows:
                listing.highlighted = 0
            else:
                self.query_one(ThreadPane).show(None, empty_hint=self._empty_hint())
        self._show_bar()

    def _empty_hint(self) -> str:
        if self.view == ReviewView():
            return "No resolved conversations in the cache yet."
        return "No resolved conversation matches this view. F clears the filter."

    @on(OptionList.OptionHighlighted, "#review-list")
    def follow_cursor(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if not self.loading_more and index >= len(self.rows) - LOAD_AHEAD and self.rows:
            self.loading_more = True
            self._next_page(self.generation, self.view, self.rows[-1])
        if self._preview is not None:
            self._preview.stop()
        conversation_id = event.option.id
        if conversation_id is not None:
            self._preview = self.set_timer(PREVIEW_DELAY, lambda: self.load_thread(conversation_id))

    @on(OptionList.OptionSelected, "#review-list")
    def read(self, event: OptionList.OptionSelected) -> None:
        if self._preview is not None:
            self._preview.stop()
        if event.option.id is not None:
            self.load_thread(event.option.id)
            self.query_one(ThreadPane).focus()

    @work(group="review-thread", exclusive=True, exit_on_error=False)
    async def load_thread(self, conversation_id: str) -> None:
        if self.store is None:
            return
        detail = await self.store.conversation_detail(conversation_id)
        if detail is not None and any(m.body_pending for m in detail.messages):
            await parse_pending_bodies(self.store, conversation_id=conversation_id)
            detail = await self.store.conversation_detail(conversation_id)
        if detail is not None:
            self.post_message(self.ThreadLoaded(detail))

    @on(ThreadLoaded)
    def show_thread(self, event: ThreadLoaded) -> None:
        self.query_one(ThreadPane).show(event.detail)

    def current(self) -> ReviewRow | None:
        index = self.query_one(ReviewList).highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None

    def action_step(self, step: int) -> None:
        listing = self.query_one(ReviewList)
        if not self.rows:
            return
        index = min(max((listing.highlighted or 0) + step, 0), len(self.rows) - 1)
        listing.highlighted = index
        listing.scroll_to_highlight()
        self.load_thread(self.rows[index].conversation_id)

    def _show_bar(self) -> None:
        parts = [self.view.describe(self.today())]
        parts.append(f"{self.total} conversation{'' if self.total == 1 else 's'}")
        parts.append(f"reviewer {self.reviewer}")
        if self.check_text:
            parts.append(self.check_text)
        self.query_one("#review-bar", Static).update(Text(" · ".join(parts)))

    # -- filters ------------------------------------------------------------------------------

    @work(group="review-dialog", exit_on_error=False)
    async def action_filter(self) -> None:
        if self.store is None:
            return
        choices = filter_choices(
            await self.store.assignees(), await self.store.tags(), await self.store.languages()
        )
        choice = await self.app.push_screen_wait(PickScreen("Review", choices))
        if choice is None:
            return
        if choice == "period:custom":
            typed = await self.app.push_screen_wait(
                PromptScreen("Resolved from – to", placeholder="1.11.2026 – 24.11.2026",
                             validate=_range_problem)
            )  # fmt: skip
            period = parse_range(typed) if typed else None
            if period is None or isinstance(period, str):
                return
            self.view = ReviewView(period, self.view.agent, self.view.tag, self.view.language)
        else:
            self.view = self.view.with_choice(choice, self.today())
        self.reload()

    def action_clear_filter(self) -> None:
        self.view = ReviewView()
        self.reload()

    # -- scores and notes -----------------------------------------------------------------------

    def action_score(self, score: int) -> None:
        row = self.current()
        if row is None:
            return
        note = row.review.note if row.review else ""
        self.save(Review(row.conversation_id, self.reviewer, score, note, self.services.now()))

    @work(group="review-dialog", exit_on_error=False)
    async def action_note(self) -> None:
        row = self.current()
        if row is None:
            return
        if row.review is None:
            self.notify("Give a score first (1–5), then the note.", timeout=4)
            return
        typed = await self.app.push_screen_wait(
            PromptScreen(f"Note on {row.customer_name}'s conversation", value=row.review.note,
                         placeholder="what was good, what to do better")
        )  # fmt: skip
        if typed is not None:
            note = " ".join(typed.split())[:NOTE_LENGTH]
            review = Review(row.conversation_id, self.reviewer, row.review.score, note,
                            self.services.now())  # fmt: skip
            self.save(review)

    @work(group="review-write", exit_on_error=False)
    async def save(self, review: Review) -> None:
        if self.store is not None:
            await self.store.save_review(review)
            self.post_message(self.ReviewChanged(review.conversation_id, review))

    @work(group="review-write", exit_on_error=False)
    async def action_remove_review(self) -> None:
        row = self.current()
        if row is not None and row.review is not None and self.store is not None:
            await self.store.delete_review(row.conversation_id, self.reviewer)
            self.post_message(self.ReviewChanged(row.conversation_id, None))

    @on(ReviewChanged)
    def show_review(self, event: ReviewChanged) -> None:
        listing = self.query_one(ReviewList)
        for index, row in enumerate(self.rows):
            if row.conversation_id == event.conversation_id:
                self.rows[index] = replace(row, review=event.review)
                prompt = row_text(self.rows[index], self.services.zone, row_width(listing))
                listing.replace_option_prompt_at_index(index, prompt)
        said = "Review removed" if event.review is None else f"Scored {event.review.score}/5"
        self.notify(said, timeout=2)

    # -- the check over past replies ------------------------------------------------------------

    def action_check(self) -> None:
        self.check_replies(self.view)

    @work(group="past-check", exclusive=True, exit_on_error=False)
    async def check_replies(self, view: ReviewView) -> None:
        store, worker = self.store, get_current_worker()
        if store is None:
            return
        f = view.review_filter(self.services.zone)
        ids: list[str] = []
        page = await store.list_resolved(f, self.reviewer, None, CHECK_PAGE)
        while page:
            ids += [row.conversation_id for row in page]
            page = await store.list_resolved(f, self.reviewer, page[-1].position, CHECK_PAGE)
        config, found = self.app.config, []  # type: ignore[attr-defined]
        self.post_message(self.CheckProgressed(0, len(ids)))
        for done, conversation_id in enumerate(ids, start=1):
            if worker.is_cancelled:
                return
            detail = await store.conversation_detail(conversation_id)
            if detail is not None:
                found += await asyncio.to_thread(check_replies, detail, config)
            self.post_message(self.CheckProgressed(done, len(ids)))
        self.post_message(self.CheckFinished(found, len(ids)))

    @on(CheckProgressed)
    def show_check_progress(self, event: CheckProgressed) -> None:
        bar = self.query_one("#check-progress", ProgressBar)
        bar.display = event.done < event.total
        bar.update(total=max(event.total, 1), progress=event.done)
        self.check_text = f"checking replies {event.done}/{event.total}"
        self._show_bar()

    @on(CheckFinished)
    def show_findings(self, event: CheckFinished) -> None:
        self.findings = event.findings
        self.query_one("#check-progress").display = False
        count = len(event.findings)
        self.check_text = (
            f"check: {count} finding{'' if count == 1 else 's'} in {event.conversations} threads"
        )
        self._show_bar()
        findings = self.query_one("#findings", OptionList)
        findings.clear_options()
        findings.add_options(
            [Option(finding_text(f, self.services.zone), id=str(i))
             for i, f in enumerate(event.findings)]
            or [Option(Text("The check finds nothing in these replies."), disabled=True)]
        )  # fmt: skip
        findings.display = True

    @on(OptionList.OptionSelected, "#findings")
    def read_finding(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.load_thread(self.findings[int(event.option.id)].conversation_id)

    # -- export ---------------------------------------------------------------------------------

    @work(group="review-dialog", exit_on_error=False)
    async def action_export(self) -> None:
        default = Path.home() / f"supportdesk-reviews-{self.today().isoformat()}.csv"
        typed = await self.app.push_screen_wait(
            PromptScreen("Export every review as CSV to", value=str(default),
                         validate=lambda text: None if text.strip() else "Type a file name.")
        )  # fmt: skip
        if typed is None or self.store is None:
            return
        path = Path(typed.strip()).expanduser()
        try:
            count = await export_reviews(self.store, path)
        except OSError as error:
            self.notify(f"{path}: {error.strerror or error}", title="Not exported",
                        severity="error", markup=False)  # fmt: skip
            return
        self.notify(f"{count} review{'' if count == 1 else 's'} exported to {path}",
                    markup=False, timeout=6)  # fmt: skip

    def action_back(self) -> None:
        if self.query_one(ThreadPane).has_focus or self.query_one("#findings").has_focus:
            self.query_one(ReviewList).focus()
        else:
            self.dismiss()


def _range_problem(text: str) -> str | None:
    parsed = parse_range(text)
    return parsed if isinstance(parsed, str) else None
