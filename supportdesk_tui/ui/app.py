"""The Textual app: opens the store, shows the inbox, routes errors."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import traceback
from collections.abc import Iterable
from functools import partial

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from ..canned.library import load_library
from ..canned.search import ReplyIndex
from ..compose.context import reply_context
from ..config import Config
from ..domain.models import ConversationDetail, Direction
from ..errors import CacheDamaged, ConnectorError, StoreError, SupportDeskError
from ..outbox import DeliveryReport, ReadReceipts, TypingNotices, deliver_due
from ..services import Services
from ..store import Store
from ..store.cachelock import APP, SYNC, CacheInUse
from .live_sync import (
    BodiesProgressed,
    ConnectionLost,
    Nudge,
    SyncFinished,
    SyncProgressed,
    keep_in_sync,
)
from .messages import (
    AgentTyping,
    ConversationsChanged,
    ReadStateChanged,
    ReplyQueued,
    StoreOpened,
    StoreProgressed,
)
from .screens.cache_problem_screen import REBUILD_IN_APP, CacheProblemScreen
from .screens.error_screen import ErrorScreen
from .screens.inbox_screen import InboxScreen

log = logging.getLogger(__name__)

OUTBOX_POLL = 30.0
"""Seconds between outbox rounds when nothing is due sooner (a retry time, an undo window)."""


class SupportDeskApp(App[None]):
    TITLE = "supportdesk"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.commands"),
    ]

    def __init__(self, config: Config, services: Services) -> None:
        super().__init__()
        self.config = config
        self.services = services
        self.store: Store | None = None
        self.sync_nudge = Nudge()
        self.outbox_nudge = asyncio.Event()
        self.last_queued: int | None = None
        """The outbox id `u` takes back."""
        self.sync_trouble: dict[str, str] = {}
        """Account -> what went wrong with it and what happens next, until it syncs again."""
        self._sync_errors: dict[str, str] = {}
        """Account -> the error last told, so a retry failing the same way is not told again."""
        self._reply_index: ReplyIndex | None = None
        self.cache_damage: str | None = None
        """What the open cache's damage was said to be, for Ctrl+P → Rebuild the cache."""
        self.set_keymap(config.keymap)

    def on_mount(self) -> None:
        try:
            self.theme = self.config.ui.theme
        except Exception:  # noqa: BLE001 - an unknown theme name must not stop the app
            self.notify(f"Unknown theme {self.config.ui.theme!r}; using the default.", markup=False)
        self.push_screen(InboxScreen())
        self.open_store()
        self._exit_when_the_terminal_goes()

    def _exit_when_the_terminal_goes(self) -> None:
        """A closed terminal window (SIGHUP) or a kill (SIGTERM) ends the app cleanly;
        otherwise it can outlive its terminal and spin on a dead tty."""
        if not self.is_headless and _has_terminal():
            # Started under make or a script, the app may get no SIGHUP when the window
            # closes: it only loses its controlling terminal. Look for that too.
            self.set_interval(2, self._exit_without_terminal)
        loop = asyncio.get_running_loop()
        for number in (signal.SIGHUP, signal.SIGTERM):
            # not on every platform, and not outside the main thread (tests)
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self.exit)

    def _exit_without_terminal(self) -> None:
        if not _has_terminal():
            log.info("the terminal went away; exiting")
            self.exit()

    @work(group="store", exclusive=True, exit_on_error=False)
    async def open_store(self) -> None:
        def progress(done: int, total: int) -> None:
            self.post_message(StoreProgressed(done, total))

        try:
            store = await self.services.open_store(progress=progress, role=APP)
        except CacheInUse as exc:
            if exc.holder.role == SYNC:  # it ends by itself: the queue opens when it has
                self.notify(f"{exc.message} The queue opens when it is done.",
                            markup=False, timeout=3)  # fmt: skip
                await asyncio.sleep(3)
                self.open_store()
                return
            screen = CacheProblemScreen(self.services.store_path, exc.message, in_use=True)
            self.push_screen(screen, self.cache_choice)
            return
        except StoreError as exc:
            self.push_screen(
                CacheProblemScreen(self.services.store_path, exc.message), self.cache_choice
            )
            return
        self.post_message(StoreOpened(store))

    def cache_choice(self, choice: str | None) -> None:
        if choice == "rebuild":
            self.rebuild_cache()
        elif choice == "retry":
            self.open_store()
        else:
            self.exit(return_code=1)

    def ask_rebuild(self) -> None:
        """In the open app: the damaged cache's way out without quitting (Ctrl+P)."""
        problem = self.cache_damage or (
            "Use this when the cache is damaged (the app said so, or it shows wrong or missing "
            "conversations). Mail and chat come back from the servers."
        )
        screen = CacheProblemScreen(self.services.store_path, problem, while_open=True)
        self.push_screen(screen, self.rebuild_choice)

    def rebuild_choice(self, choice: str | None) -> None:
        if choice == "rebuild":
            self.rebuild_cache()

    @work(group="store", exclusive=True, exit_on_error=False)
    async def rebuild_cache(self) -> None:
        """The damaged cache aside, what the agents wrote salvaged from it (store/salvage.py),
        a new cache filled by the sync; the salvaged items follow their conversations."""
        store, self.store = self.store, None
        if store is not None:  # asked for in the open app: what uses the cache stops first
            await self._stop_workers_but_this_one()
            await store.close()
        self.notify("Moving the cache aside and reading the agents' work out of it…",
                    markup=False, timeout=4)  # fmt: skip
        rebuilt = await asyncio.to_thread(self.services.rebuild_cache, APP)
        self.cache_damage = None
        self.notify(rebuilt.message(), title="A new cache", markup=False, timeout=20)
        self.open_store()

    async def _stop_workers_but_this_one(self) -> None:
        this = get_current_worker()
        others = [worker for worker in self.workers if worker is not this]
        for worker in others:
            worker.cancel()
        for worker in others:
            # cancelled (WorkerCancelled), failed before (WorkerFailed), never started: all
            # that matters is that none is still inside the store
            with contextlib.suppress(Exception):
                await worker.wait()

    @on(StoreProgressed)
    def show_progress(self, event: StoreProgressed) -> None:
        if isinstance(self.screen, InboxScreen):
            self.screen.show_progress(event.done, event.total)

    @on(StoreOpened)
    def start_inbox(self, event: StoreOpened) -> None:
        self.store = event.store
        for screen in self.screen_stack:
            if isinstance(screen, InboxScreen):
                screen.start()
        if self.services.connectors:
            self.sync_in_background(event.store)
        if self.services.routes:
            self.deliver_replies(event.store)
            self.preload_check()
        self.guess_languages(event.store)

    @work(group="sync", exclusive=True, exit_on_error=False)
    async def sync_in_background(self, store: Store) -> None:
        worker = get_current_worker()
        await keep_in_sync(
            self, store, self.services.connectors, lambda: worker.is_cancelled,
            self.services.our_addresses, self.sync_nudge,
        )  # fmt: skip

    @work(thread=True, group="preload", exit_on_error=False)
    def preload_check(self) -> None:
        """The check's dictionaries (about a second) load while the agent reads, not when
        the first draft is checked."""
        from ..langcheck import checker

        checker.preload()
        # What is alive now (the cache's queue, the check's dictionaries) lives as long as the
        # app: frozen, a full collection no longer walks it (80-90 ms -> ~20 ms, within a key).
        gc.collect()
        if not get_current_worker().is_cancelled:
            gc.freeze()

    @work(group="languages", exclusive=True, exit_on_error=False)
    async def guess_languages(self, store: Store) -> None:
        """The language of each conversation nobody has named, from the customer's first
        message: the queue's language column and filter, and replies, need it."""
        from ..langcheck.detect import guess_language

        changed = False
        while pending := await store.unguessed_languages():
            guessed = await asyncio.to_thread(
                lambda: [(cid, guess_language(text)) for cid, text in pending]
            )
            await store.set_guessed_languages(guessed)
            changed = True
        if changed:
            for screen in self.screen_stack:
                if isinstance(screen, InboxScreen):
                    screen.post_message(ConversationsChanged(()))

    # -- replies ---------------------------------------------------------------------------------

    def reply_index(self) -> ReplyIndex:
        """The canned replies (shipped and the user's), read once; broken files are named."""
        if self._reply_index is None:
            library, errors = load_library(self.config.canned.folders)
            for error in errors[:3]:
                self.notify(error.message, title=error.title, severity="warning", markup=False)
            self._reply_index = ReplyIndex.build(list(library.values()))
        return self._reply_index

    def open_compose(self, detail: ConversationDetail) -> None:
        from .screens.compose_screen import ComposeScreen

        try:
            order = self.services.order_for(detail)
        except SupportDeskError as error:  # a broken order file must not stop replying
            self.notify(error.message, title=error.title, severity="warning", markup=False)
            order = None
        config = self.config
        if self.services.demo:
            from ..demo.route import demo_config

            config = demo_config(config)
        context = reply_context(detail, config, order)
        identity = self.services.identities.get(detail.conversation.account)
        self.push_screen(ComposeScreen(detail, context, self.reply_index(), identity))

    @on(ReplyQueued)
    def reply_queued(self, event: ReplyQueued) -> None:
        self.last_queued = event.outbox_id
        when = event.send_after.astimezone(self.services.zone).strftime("%H:%M:%S")
        self.notify(f"Reply in the outbox: it leaves at {when}. u takes it back.", timeout=6)
        self.wake_outbox()
        for screen in self.screen_stack:
            if isinstance(screen, InboxScreen):
                screen.next_after_reply = True
                screen.post_message(ConversationsChanged((event.conversation_id,)))

    def wake_outbox(self) -> None:
        self.outbox_nudge.set()

    @work(group="outbox", exclusive=True, exit_on_error=False)
    async def deliver_replies(self, store: Store) -> None:
        """Sends replies as their undo windows end; retries the temporarily failed ones."""
        while True:
            self.outbox_nudge.clear()
            try:
                report = await deliver_due(store, self.services.routes, self.services.now)
            except SupportDeskError as error:  # e.g. the cache; try again on the next round
                self.report(error)
            else:
                self._tell_delivery(report)
            # the next round when a reply falls due, read without the replies' bytes
            due = await store.next_reply_due()
            pause = OUTBOX_POLL
            if due is not None:
                pause = max(0.2, min(pause, (due - self.services.now()).total_seconds()))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.outbox_nudge.wait(), pause)

    def _tell_delivery(self, report: DeliveryReport) -> None:
        if report.sent:
            count = len(report.sent)
            text = f"Sent {count} repl{'y' if count == 1 else 'ies'}."
            if self.services.demo:
                text += " (The demo has no mail server: it only joined the thread.)"
            self.notify(text, timeout=3, markup=False)
            self.sync_nudge()  # the next sync finds the copy in Sent and files it there
        for entry, why in report.refused:
            self.notify(
                f"{why}\nThe reply is kept: r in its conversation edits it, R sends it again.",
                title=f"Not sent: {entry.subject}", severity="error", timeout=12, markup=False,
            )  # fmt: skip
        for entry, why in report.retrying:
            self.notify(
                f"{why}\nIt is tried again shortly.", title=f"Not sent yet: {entry.subject}",
                severity="warning", timeout=6, markup=False,
            )  # fmt: skip
        if report.changed_conversations:
            for screen in self.screen_stack:
                if isinstance(screen, InboxScreen):
                    screen.post_message(ConversationsChanged(report.changed_conversations))

    @on(ReadStateChanged)
    def push_read_state(self, event: ReadStateChanged) -> None:
        self.sync_nudge()  # mail: the sync marks it seen on the server
        self.send_read_receipt(event.conversation_id)

    @work(group="receipts", exit_on_error=False)
    async def send_read_receipt(self, conversation_id: str) -> None:
        """Chat: the customer sees the agent has read their last message. Offline, the
        next opening sends it; a receipt is never worth an error on screen."""
        if self.store is None:
            return
        detail = await self.store.conversation_detail(conversation_id)
        route = detail and self.services.routes.get(detail.conversation.account)
        if detail is None or not isinstance(route, ReadReceipts):
            return
        incoming = [m for m in detail.messages if m.direction is Direction.INCOMING]
        if incoming:
            try:
                await route.mark_read(conversation_id, incoming[-1].id)
            except ConnectorError as error:
                log.info("no read receipt for %s: %s", conversation_id, error.message)

    @on(AgentTyping)
    def tell_typing(self, event: AgentTyping) -> None:
        route = self.services.routes.get(event.account)
        if isinstance(route, TypingNotices):
            self.send_typing(route, event.conversation_id, event.typing)

    @work(group="typing", exit_on_error=False)
    async def send_typing(self, route: TypingNotices, conversation_id: str, typing: bool) -> None:
        try:
            await route.set_typing(conversation_id, typing)
        except ConnectorError as error:  # a typing notice is never worth an error on screen
            log.info("no typing notice for %s: %s", conversation_id, error.message)

    @on(SyncProgressed)
    def show_sync_progress(self, event: SyncProgressed) -> None:
        if isinstance(self.screen, InboxScreen):
            self.screen.show_sync(f"{event.account}: syncing {event.done}/{event.total}")

    @on(BodiesProgressed)
    def show_body_progress(self, event: BodiesProgressed) -> None:
        if isinstance(self.screen, InboxScreen):
            self.screen.show_sync(f"reading message bodies {event.done}/{event.total}")

    @on(SyncFinished)
    def sync_finished(self, event: SyncFinished) -> None:
        later = _retry_text(event.retry_in)
        for result in event.summary.accounts:
            if result.error is None:
                self.sync_trouble.pop(result.account, None)
                self._sync_errors.pop(result.account, None)
                continue
            self.sync_trouble[result.account] = f"sync failed: {result.account}, {later}"
            if self._sync_errors.get(result.account) == result.error.message:
                continue  # the same failure again (a server still down): the status line says it
            self._sync_errors[result.account] = result.error.message
            self.notify(
                f"{result.error.message}\nNothing in the cache is lost; {later} "
                "(Ctrl+P, Sync now: at once).",
                title=result.error.title, severity="error", markup=False, timeout=10,
            )  # fmt: skip
        inbox = next((s for s in self.screen_stack if isinstance(s, InboxScreen)), None)
        if inbox is None:
            return
        self._show_sync_state(inbox)
        if (event.summary.bodies_parsed or event.summary.new_messages) and self.store is not None:
            self.guess_languages(self.store)
        if event.summary.new_messages or event.summary.bodies_parsed or any(
                r.removed_messages or r.read_changes for r in event.summary.accounts):  # fmt: skip
            inbox.post_message(ConversationsChanged(()))

    @on(ConnectionLost)
    def connection_lost(self, event: ConnectionLost) -> None:
        self.sync_trouble[event.account] = f"{event.account}: connection lost, reconnecting"
        self._sync_errors[event.account] = event.reason  # the sync failing alike: told once
        self.notify(
            f"{event.reason}\nReconnecting; the queue shows what the cache has meanwhile.",
            title=event.title, severity="warning", markup=False, timeout=8,
        )  # fmt: skip
        inbox = next((s for s in self.screen_stack if isinstance(s, InboxScreen)), None)
        if inbox is not None:
            self._show_sync_state(inbox)

    def _show_sync_state(self, inbox: InboxScreen) -> None:
        if self.sync_trouble:
            inbox.show_sync("; ".join(self.sync_trouble[a] for a in sorted(self.sync_trouble)))
        else:
            when = self.services.now().astimezone(self.services.zone).strftime("%H:%M")
            inbox.show_sync(f"synced {when}")

    def sync_now(self) -> None:
        """Every account syncs now (after a failure, without waiting for the next try)."""
        self.sync_nudge()
        self.notify("Syncing now.", timeout=2, markup=False)

    async def on_unmount(self) -> None:
        for worker in self.workers:
            worker.cancel()  # the IDLE threads poll this and let go of their connections
        for connector in self.services.connectors:
            await asyncio.to_thread(connector.close)
        if self.store is not None:
            await self.store.close()
        self.services.unlock_cache()
        gc.unfreeze()  # collectable again once the app is gone (tests run many apps)

    @on(Worker.StateChanged)
    def route_worker_error(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.report(event.worker.error)

    def report(self, error: BaseException) -> None:
        """Expected failures become a notification; anything else a copyable error view."""
        if isinstance(error, CacheDamaged) and self.store is not None:
            self.cache_damage = error.message
            self.notify(
                f"{error.message}\n{REBUILD_IN_APP}",
                title=error.title, severity="error", markup=False, timeout=20,
            )  # fmt: skip
            return
        if isinstance(error, SupportDeskError):
            self.notify(
                error.message, title=error.title, severity="error", markup=False, timeout=10
            )
            return
        log.error("unexpected error", exc_info=error)
        details = "".join(traceback.format_exception(error))
        self.push_screen(ErrorScreen(f"Something went wrong: {type(error).__name__}", details))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.services.connectors:
            yield SystemCommand(
                "Sync now", "Fetch new mail and chat now, also after a failed sync", self.sync_now
            )
        if self.store is not None and isinstance(screen, InboxScreen):
            yield SystemCommand(
                "Rebuild the cache",
                "A damaged cache: move it aside, keep what agents wrote, refill from the servers",
                self.ask_rebuild,
            )
        for node in (screen, *screen.query("QueuePane, ThreadPane, CustomerPane, ReplyEditor")):
            for binding in node.BINDINGS:
                if isinstance(binding, Binding) and binding.description:
                    yield SystemCommand(
                        binding.description,
                        f"{type(node).__name__}: {binding.key}  ({binding.id})",
                        partial(node.run_action, binding.action),
                    )


def _retry_text(seconds: float | None) -> str:
    if seconds is None:
        return "the next sync tries again"
    return f"trying again in {seconds:.0f} s"


def _has_terminal() -> bool:
    """True while the process still has a controlling terminal."""
    try:
        os.close(os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY))
    except OSError:
        return False
    return True


def build_app(
    config: Config, *, services: Services | None = None, demo: bool = False, dev: bool = False
) -> SupportDeskApp:
    """One factory for the CLI, the demo and the tests."""
    if services is None:
        services = Services.from_config(config, demo=demo)
    if dev:
        from textual.logging import TextualHandler

        logging.getLogger().addHandler(TextualHandler())
    return SupportDeskApp(config=config, services=services)
