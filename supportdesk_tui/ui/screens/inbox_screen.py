"""The main screen: the queue on top, the open thread and its customer below."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, ProgressBar, Static
from textual.worker import Worker, WorkerState

from ...bodies import parse_pending_bodies
from ...domain.models import ConversationDetail, QueueRow, Status
from ...domain.outbox import OutboxEntry, OutboxState
from ...domain.queue import QueueFilter
from ...errors import CacheDamaged, SupportDeskError
from ...store import Store
from ..messages import (
    ConversationLoaded,
    ConversationsChanged,
    ConversationUnreadable,
    QueuePageLoaded,
    ReadStateChanged,
)
from ..widgets.customer_pane import CustomerPane
from ..widgets.queue_pane import PAGE_SIZE, QueuePane
from ..widgets.thread_pane import ThreadPane
from . import triage
from .cache_problem_screen import REBUILD_IN_APP
from .help_screen import HelpScreen, KeyHelp

PREVIEW_DELAY = 0.12
"""Seconds the cursor must rest before the thread follows it, so j/k stay instant."""
SEARCH_DELAY = 0.15


class InboxScreen(Screen[None]):
    CSS_PATH = "inbox_screen.tcss"
    BINDINGS = [
        Binding("slash", "search", "Search", id="inbox.search"),
        Binding("f", "filter", "Filter", id="inbox.filter"),
        Binding("F", "clear_filter", "Clear filter", show=False, id="inbox.clear_filter"),
        Binding("s", "status", "Status", id="inbox.status"),
        Binding("e", "resolve_next", "Resolve+next", id="inbox.resolve_next"),
        Binding("z", "snooze", "Snooze", id="inbox.snooze"),
        Binding("a", "assign", "Assign", id="inbox.assign"),
        Binding("t", "tag", "Tag", id="inbox.tag"),
        Binding("n", "note", "Note", id="inbox.note"),
        Binding("r", "reply", "Reply", id="inbox.reply"),
        Binding("u", "undo_send", "Undo send", show=False, id="inbox.undo_send"),
        Binding("R", "retry_send", "Retry send", show=False, id="inbox.retry_send"),
        Binding("c", "correct_customer", "Customer", show=False, id="inbox.correct_customer"),
        Binding(
            "A", "save_attachments", "Save attachments", show=False, id="inbox.save_attachments"
        ),
        Binding("escape", "back", "Back", show=False, id="inbox.back"),
        Binding("p", "reports", "Reports", id="inbox.reports"),
        Binding("v", "review_past", "Review past threads", show=False, id="inbox.review_past"),
        Binding("question_mark,f1", "help", "Keys", id="inbox.help"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = QueueFilter()
        self.generation = 0
        self.detail: ConversationDetail | None = None
        self.outbox: tuple[OutboxEntry, ...] = ()
        self.next_after_reply = False
        self.follow_id: str | None = None
        """The conversation the queue's cursor is to stay on at the next reload."""
        """A reply was just queued: back here, the queue (now at the next customer) has focus."""
        self.sync_text = ""
        self._preview_timer: Timer | None = None
        self._search_timer: Timer | None = None

    @property
    def store(self) -> Store | None:
        return self.app.store  # type: ignore[attr-defined, no-any-return]

    @on(Worker.StateChanged)
    def report_worker_error(self, event: Worker.StateChanged) -> None:
        """A worker's state change does not bubble: its failure (a full disk, a damaged
        cache) would go unsaid. Said as the app says its own."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.app.report(event.worker.error)  # type: ignore[attr-defined]

    @property
    def services(self):  # type: ignore[no-untyped-def]
        return self.app.services  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        zone = self.services.zone
        with Vertical(id="queue-column"):
            yield ProgressBar(id="progress", show_eta=False)
            yield Static(Text("Opening the cache…"), id="filter-bar")
            yield Input(placeholder="search subjects, messages and names", id="search")
            yield Static(id="queue-header")
            yield QueuePane(id="queue")
        with Horizontal(id="detail-row"):
            yield ThreadPane(zone=zone, fold_quotes=self.app.config.ui.fold_quotes, id="thread")  # type: ignore[attr-defined]
            yield CustomerPane(zone=zone, id="customer")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(QueuePane).focus()
        self.query_one("#search").display = False
        self.query_one("#progress").display = False
        self.set_interval(30, self.wake_snoozed)
        self._show_filter()

    def on_screen_resume(self) -> None:
        if self.next_after_reply:
            self.next_after_reply = False
            queue = self.query_one(QueuePane)
            queue.focus()
            if self.detail is not None and queue.current_id == self.detail.conversation.id:
                queue.action_cursor_down()
                self.follow_id = queue.current_id

    def on_resize(self) -> None:
        queue = self.query_one(QueuePane)
        self.query_one("#queue-header", Static).update(Text(queue.header_text(queue.size.width)))

    # -- loading -------------------------------------------------------------------------------

    def start(self) -> None:
        """Called by the app once the store is open."""
        self.query_one("#progress").display = False
        self.reload_queue()

    def show_progress(self, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.display = done < total
        bar.update(total=total, progress=done)
        self.query_one("#filter-bar", Static).update(Text(f"Preparing the cache… {done}/{total}"))

    def show_sync(self, text: str) -> None:
        """Sync state, shown at the end of the filter bar."""
        self.sync_text = text
        self._show_filter()

    def reload_queue(self) -> None:
        self.generation += 1
        self._load_first_page(self.generation, self.filter, self.query_one(QueuePane).cursor)

    @work(group="queue", exclusive=True, exit_on_error=False)
    async def _load_first_page(
        self, generation: int, queue_filter: QueueFilter, cursor: int
    ) -> None:
        store = self.store
        if store is None:
            return
        now = self.services.now()
        total = await store.count_queue(queue_filter, now)
        offset = (min(cursor, max(0, total - 1)) // PAGE_SIZE) * PAGE_SIZE
        rows = await store.list_queue(queue_filter, now, offset, PAGE_SIZE)
        self.post_message(QueuePageLoaded(generation, offset, rows, total))

    @on(QueuePane.RowsWanted)
    def want_rows(self, event: QueuePane.RowsWanted) -> None:
        self._load_page(self.generation, self.filter, event.offset, event.limit)

    @work(group="pages", exit_on_error=False)
    async def _load_page(
        self, generation: int, queue_filter: QueueFilter, offset: int, limit: int
    ) -> None:
        if self.store is None:
            return
        rows = await self.store.list_queue(queue_filter, self.services.now(), offset, limit)
        self.post_message(QueuePageLoaded(generation, offset, rows, -1))

    @on(QueuePageLoaded)
    def show_page(self, event: QueuePageLoaded) -> None:
        if event.generation != self.generation:
            return  # an answer to a query the agent has already changed
        queue = self.query_one(QueuePane)
        if event.total >= 0:
            queue.reset(event.total, self.services.now(), follow=self.follow_id)
            self.follow_id = None
        if event.total == 0:
            self.detail = None
            hint = (
                "Nothing is waiting. New here? `supportdesk --demo` opens a filled demo desk."
                if self.filter.is_default
                else "No conversation matches this view. F clears the filter, Esc the search."
            )
            self.query_one(ThreadPane).show(None, empty_hint=hint)
            self.query_one(CustomerPane).show(None)
        queue.add_page(event.offset, event.rows)
        self._show_filter()
        self.on_resize()

    @on(QueuePane.Highlighted)
    def follow_cursor(self, event: QueuePane.Highlighted) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
        if event.conversation_id is None:
            return
        conversation_id = event.conversation_id
        self._preview_timer = self.set_timer(
            PREVIEW_DELAY, lambda: self.load_conversation(conversation_id)
        )

    @on(QueuePane.Opened)
    def open_conversation(self, event: QueuePane.Opened) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()  # a late preview must not replace what was opened
        self.load_conversation(event.conversation_id)
        self.mark_read(event.conversation_id)
        self.query_one(ThreadPane).focus()

    @work(group="detail", exclusive=True, exit_on_error=False)
    async def load_conversation(self, conversation_id: str) -> None:
        try:
            loaded = await self._read_conversation(conversation_id)
        except SupportDeskError as error:
            self.post_message(ConversationUnreadable(conversation_id, error))
            raise  # told by the worker's error report
        if loaded is not None:
            self.post_message(loaded)

    async def _read_conversation(self, conversation_id: str) -> ConversationLoaded | None:
        if self.store is None:
            return None
        detail = await self.store.conversation_detail(conversation_id)
        if detail is not None and any(m.body_pending for m in detail.messages):
            # A big sync is still parsing bodies: this conversation's go first.
            await parse_pending_bodies(self.store, conversation_id=conversation_id)
            detail = await self.store.conversation_detail(conversation_id)
        if detail is None:
            return None
        outbox = await self.store.outbox(conversation_id)
        return ConversationLoaded(detail, tuple(outbox))

    @work(group="write", exit_on_error=False)
    async def mark_read(self, conversation_id: str) -> None:
        """Its own worker: a newer preview cancels loads, never a write."""
        if self.store is not None:
            await self.store.mark_read(conversation_id)
            self.post_message(ConversationsChanged((conversation_id,)))
            self.post_message(ReadStateChanged(conversation_id))

    @on(ConversationLoaded)
    def show_conversation(self, event: ConversationLoaded) -> None:
        self.detail = event.detail
        self.outbox = event.outbox
        self.query_one(ThreadPane).show(event.detail, outbox=event.outbox)
        self.query_one(CustomerPane).show(event.detail)

    @on(ConversationUnreadable)
    def show_unreadable(self, event: ConversationUnreadable) -> None:
        if self.query_one(QueuePane).current_id != event.conversation_id:
            return  # the cursor has moved on; its own load shows what is there
        self.detail, self.outbox = None, ()
        hint = f"This conversation cannot be read from the cache. {event.error.message}"
        if isinstance(event.error, CacheDamaged):
            hint += f"\n{REBUILD_IN_APP}"
        self.query_one(ThreadPane).show(None, empty_hint=hint)
        self.query_one(CustomerPane).show(None)

    @on(ConversationsChanged)
    def refresh_after_change(self, event: ConversationsChanged) -> None:
        self.reload_queue()
        if self.detail and self.detail.conversation.id in event.conversation_ids:
            self.load_conversation(self.detail.conversation.id)

    async def wake_snoozed(self) -> None:
        if self.store is None:
            return
        woken = await self.store.wake_expired_snoozes(self.services.now())
        if woken:
            self.post_message(ConversationsChanged(tuple(woken)))

    # -- search and filter ---------------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#search", Input)
        search.display = True
        search.focus()

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        text = event.value
        self._search_timer = self.set_timer(SEARCH_DELAY, lambda: self.apply_filter(text=text))

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.query_one(QueuePane).focus()

    def apply_filter(self, **changes: object) -> None:
        self.filter = self.filter.with_changes(**changes)
        self.query_one(QueuePane).cursor = 0
        self.reload_queue()

    def action_clear_filter(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        search.display = False
        self.filter = QueueFilter()
        self.reload_queue()
        self.query_one(QueuePane).focus()

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.has_focus:
            if search.value:
                search.value = ""
            else:
                search.display = False
            self.query_one(QueuePane).focus()
        elif not self.query_one(QueuePane).has_focus:
            self.query_one(QueuePane).focus()

    def _show_filter(self) -> None:
        queue = self.query_one(QueuePane)
        parts = [triage.describe_filter(self.filter, self.services.agent_id)]
        parts.append(f"{queue.total} conversation{'s' if queue.total != 1 else ''}")
        if queue.marked:
            parts.append(f"{len(queue.marked)} marked")
        if self.sync_text:
            parts.append(self.sync_text)
        self.query_one("#filter-bar", Static).update(Text(" · ".join(parts)))

    # -- triage (the choices and writes live in triage.py) -------------------------------------

    def targets(self) -> tuple[str, ...]:
        return self.query_one(QueuePane).target_ids()

    def current_row(self) -> QueueRow | None:
        return self.query_one(QueuePane).current_row

    def action_filter(self) -> None:
        triage.choose_filter(self)

    def action_status(self) -> None:
        triage.choose_status(self)

    def action_resolve_next(self) -> None:
        ids = self.targets()
        if ids:
            self.write(ids, "set_status", Status.RESOLVED, done=f"Resolved {len(ids)}")

    def action_snooze(self) -> None:
        triage.choose_snooze(self)

    def action_assign(self) -> None:
        triage.choose_assignee(self)

    def action_tag(self) -> None:
        triage.choose_tag(self)

    def action_note(self) -> None:
        triage.ask_note(self)

    # -- replies (the compose screen writes them; the app's outbox delivers them) ----------------

    def action_reply(self) -> None:
        """Replies to the conversation under the queue's cursor, even when its thread is
        still loading (a fast `r` must never answer the one shown a moment before)."""
        wanted = self.query_one(QueuePane).current_id
        if wanted is None and self.detail is not None:
            wanted = self.detail.conversation.id
        if wanted is None:
            self.notify("Open a conversation first.", timeout=3)
            return
        self.reply_to(wanted)

    @work(group="reply", exclusive=True, exit_on_error=False)
    async def reply_to(self, conversation_id: str) -> None:
        detail, outbox = self.detail, self.outbox
        if detail is None or detail.conversation.id != conversation_id:
            loaded = await self._read_conversation(conversation_id)
            if loaded is None:
                return
            detail, outbox = loaded.detail, loaded.outbox
        waiting = [e for e in outbox if e.editable()]
        if waiting:  # a reply in the undo window or refused: back to the editor with it
            self.take_back(waiting[-1].id)
        else:
            self.app.open_compose(detail)  # type: ignore[attr-defined]

    def action_undo_send(self) -> None:
        outbox_id = self.app.last_queued  # type: ignore[attr-defined]
        if outbox_id is None:
            self.notify("No reply to take back.", timeout=3)
            return
        self.take_back(outbox_id)

    @work(group="write", exit_on_error=False)
    async def take_back(self, outbox_id: int) -> None:
        if self.store is None:
            return
        conversation_id = await self.store.take_back(outbox_id)
        if self.app.last_queued == outbox_id:  # type: ignore[attr-defined]
            self.app.last_queued = None  # type: ignore[attr-defined]
        self.post_message(ConversationsChanged((conversation_id,)))
        detail = await self.store.conversation_detail(conversation_id)
        if detail is not None:
            self.notify("The reply is back in the editor; nothing was sent.", timeout=4)
            self.app.open_compose(detail)  # type: ignore[attr-defined]

    @work(group="write", exit_on_error=False)
    async def action_retry_send(self) -> None:
        failed = [e for e in self.outbox if e.state is OutboxState.FAILED]
        if self.store is None or not failed:
            self.notify("No refused reply here to send again.", timeout=3)
            return
        for entry in failed:
            await self.store.retry_reply(entry.id, self.services.now())
        self.app.wake_outbox()  # type: ignore[attr-defined]
        self.post_message(ConversationsChanged((failed[0].conversation_id,)))

    def action_correct_customer(self) -> None:
        triage.choose_customer_fix(self)

    def action_save_attachments(self) -> None:
        triage.choose_attachments(self)

    @work(group="write", exit_on_error=False)
    async def write(self, ids: tuple[str, ...], method: str, *args: object, done: str = "") -> None:
        """Every triage change goes through here: written at once, then the views refresh."""
        if self.store is None:
            return
        await getattr(self.store, method)(list(ids), *args)
        queue = self.query_one(QueuePane)
        queue.marked.difference_update(ids)
        if done:
            self.notify(done, timeout=2, markup=False)
        self.post_message(ConversationsChanged(ids))

    @work(group="write", exit_on_error=False)
    async def save_attachments(self, attachments: list[tuple[int, str]], folder: Path) -> None:
        if self.store is None:
            return
        routes = self.app.services.routes  # type: ignore[attr-defined]
        try:
            saved = await triage.save_attachments(self.store, attachments, folder, routes)
        except SupportDeskError as error:
            self.notify(error.message, title="Not saved", severity="error", markup=False)
            return
        except OSError as error:
            self.notify(f"{folder}: {error.strerror or error}", title="Not saved",
                        severity="error", markup=False)  # fmt: skip
            return
        self.notify(f"Saved {len(saved)} file(s) to {folder}", markup=False)

    def action_reports(self) -> None:
        from .reports_screen import ReportsScreen

        self.app.push_screen(ReportsScreen.from_config(self.app.config))  # type: ignore[attr-defined]

    def action_review_past(self) -> None:
        from .past_review_screen import PastReviewScreen

        # Installed, so it is built once per app and keeps its filters between visits.
        if not self.app.is_screen_installed(PastReviewScreen.NAME):
            self.app.install_screen(PastReviewScreen(), PastReviewScreen.NAME)
        self.app.push_screen(PastReviewScreen.NAME)

    def action_help(self) -> None:
        grouped: dict[tuple[str, str], list[str]] = {}
        described: dict[tuple[str, str], str] = {}
        for active in self.active_bindings.values():
            binding = active.binding
            section = type(active.node).__name__.replace("Screen", "").replace("Pane", " pane")
            ident = (section, binding.id or binding.action)
            grouped.setdefault(ident, []).append(self.app.get_key_display(binding))
            described[ident] = binding.description or binding.action
        entries = [
            KeyHelp(section, ", ".join(keys), described[(section, ident)], ident)
            for (section, ident), keys in grouped.items()
        ]
        # Bindings come from the focused pane outwards: its keys first, as `?` promises.
        self.app.push_screen(HelpScreen(entries))
