"""Canned replies: type to find one (title, keywords, case; no diacritics needed), see it
filled for this conversation, Enter to insert it. Only the customer's language is listed
until Ctrl+A shows every language. A value nobody knows is asked for before inserting.

Drawn for speed (issue 6: 30 ms an open or a key). The screen is built once per app and
shown again (`RepliesScreen.ready`): built anew each time (compose, styles, a Footer of its
own) it took 230-270 ms to open. It is built, set and drawn while away (`build_ahead`), so an
open only shows it. A key redraws the list and the preview in one frame."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, Static, TextArea

from ...canned.library import CannedReply, TemplateError
from ...canned.render import MissingValue, render
from ...canned.search import ReplyIndex
from ...compose.context import ReplyContext
from ...safetext import clean
from ..widgets.pick_list import PickList
from .prompt_screen import PromptScreen

INSTALLED_AS = "canned-replies"
PREVIEW_HEADING = "Preview, filled for this conversation"
PREVIEW_LONGER = " · more below"
PREVIEW_FILL_LIMIT = 12
"""Unknown values marked «like.this» in a preview, at most (a template could ask forever)."""
DRAW_AHEAD_DELAY = 0.1
"""Seconds from mounting the pane ahead to drawing it off screen: by then its widgets have taken
in their first sizes (each redraws itself then, which would undo the drawing)."""


class SteadyFooter(Footer):
    """A Footer that is rebuilt only when the keys it shows change. Textual's own rebuilds
    itself (a widget per key) each time a screen is pushed over its screen or popped, though
    its keys stay the same: 40-80 ms on every open and close of this pane."""

    _shown: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = tuple(
            (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
            for _node, binding, enabled, tooltip in screen.active_bindings.values()
            if binding.show
        )
        if shown != self._shown or not self._bindings_ready:
            self._shown = shown
            super().bindings_changed(screen)


class RepliesScreen(ModalScreen[str | None]):
    CSS_PATH = "replies_screen.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="replies.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="replies.down"),
        Binding("up", "move(-1)", "Up", show=False, id="replies.up"),
        Binding("pagedown", "move(10)", "Page down", show=False, id="replies.page_down"),
        Binding("pageup", "move(-10)", "Page up", show=False, id="replies.page_up"),
        Binding(
            "ctrl+a", "all_languages", "All languages", priority=True, id="replies.all_languages"
        ),
    ]

    def __init__(self, index: ReplyIndex, context: ReplyContext, query: str = "") -> None:
        super().__init__()
        self.index = index
        self.context = context
        self.query_text = query
        self.every_language = False
        self.found: list[CannedReply] = []
        self._previewed: str | None = None
        """The reply shown in the preview: redrawn only when another one is highlighted."""
        self._styled_for: str | None = None
        """The theme its styles were worked out for."""
        self._note = ""
        self._note_shown: tuple[str, bool] | None = None
        self._filled: dict[str, tuple[str, str]] = {}
        """Previews filled for this context, by reply id: typing back and forth, or opening the
        pane again for the same draft, highlights the same replies again."""
        self._title_shown = ""

    @classmethod
    def build_ahead(cls, app: App[object], index: ReplyIndex, context: ReplyContext) -> None:
        """The app's pane set for this draft and, while it is away, built, laid out and drawn
        off screen, so that Ctrl+R only shows it. Built at the first Ctrl+R, the first open of
        a session took 85-120 ms (3-6 frames); drawn at each open, an open took 13-15 ms; now
        both take 7-10 ms (bench_compose). Called once the draft and its findings are drawn,
        and after each close (the next open starts afresh, so it can be set now)."""
        pane = cls.ready(app, index, context)
        if not pane.is_running:
            # What push_screen does first (Textual is pinned): mounts the pane without showing it.
            app._get_screen(pane)
            return  # on_mount draws it
        pane.call_after_refresh(pane._draw_ahead)

    @classmethod
    def ready(
        cls, app: App[object], index: ReplyIndex, context: ReplyContext, query: str = ""
    ) -> RepliesScreen:
        """The app's pane, set for this draft (its context, a fresh filter), to be pushed."""
        if not app.is_screen_installed(INSTALLED_AS):
            screen = cls(index, context, query)
            app.install_screen(screen, INSTALLED_AS)
            return screen
        screen = app.get_screen(INSTALLED_AS, cls)
        screen.prepare(index, context, query)
        return screen

    def prepare(self, index: ReplyIndex, context: ReplyContext, query: str = "") -> None:
        """Everything set before the push, so that the first frame shows this draft's list
        and preview (no state is left from the last open). What is already so is left as it
        is: a pane set (and drawn) ahead for this draft draws nothing anew when shown."""
        if index is not self.index:
            self._filled = {}
            self._previewed = None
        self.index = index
        self._set_context(context)
        self.query_text = query
        self.every_language = False
        if not self.is_mounted:
            return  # on_mount does it
        field = self.query_one("#replies-filter", Input)
        field.value = query
        field.cursor_position = len(query)
        self._show(self._find())
        self.query_one("#replies-preview", TextArea).scroll_home(animate=False, immediate=True)
        field.focus()

    def compose(self) -> ComposeResult:
        with Vertical(id="replies-box"):
            yield Static("", id="replies-title")
            yield Input(  # compact: each key redraws the whole Input, one line instead of three
                value=self.query_text, placeholder="find a reply", id="replies-filter", compact=True
            )
            with Horizontal(id="replies-body"):
                yield PickList(id="replies-list")
                with Vertical(id="replies-preview-box"):
                    yield Static("", id="replies-note")
                    yield TextArea(
                        id="replies-preview", read_only=True, soft_wrap=True,
                        show_cursor=False,
                    )  # fmt: skip
        yield SteadyFooter()

    def on_mount(self) -> None:
        field = self.query_one("#replies-filter", Input)
        # Watched, not Input.Changed: a watcher runs within the key, so the list is redrawn
        # in the same frame as the typed letter. The message arrives after that frame and
        # its list waited for the next one (~17 ms later).
        self.watch(field, "value", self.refilter, init=False)
        # Wrapped anew (first shown, a new width): whether it goes on below may have changed.
        preview = self.query_one("#replies-preview", TextArea)
        self.watch(preview, "virtual_size", self._show_note, init=False)
        self.refilter()
        field.focus()
        self._styled_for = self.app.theme  # worked out as it was mounted
        if self not in self.app.screen_stack:  # mounted ahead (build_ahead), not pushed
            self._refresh_layout(self.app.size)  # its widgets learn their sizes, then settle
            self.set_timer(DRAW_AHEAD_DELAY, self._draw_ahead)

    def _draw_ahead(self) -> None:
        """Lays the pane out and draws it while it is away; the frame is thrown away, what is
        kept is each widget's drawn lines, which the next open shows as they are. Textual lays
        out and draws only the screen on top, so these are its own private steps (it is pinned).
        """
        if self in self.app.screen_stack or not self.is_attached:
            return  # shown meanwhile: drawn the usual way
        self._refresh_layout(self.app.size)
        self._compositor.render_update(full=True)
        # The screen's frame clock, started now: its first tick comes a whole period (17 ms)
        # after it starts, later ones at once. Away, a tick draws nothing.
        self._update_timer.resume()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before Screen's own handler (Textual calls them in MRO order): unless the theme
        changed while the pane was away, its styles are as they were, and working them all
        out again on each push took 15-20 ms."""
        if self._styled_for == self.app.theme:
            event.refresh_styles = False
        self._styled_for = self.app.theme

    def refilter(self) -> None:
        found = self._find()
        if [r.id for r in found] == [r.id for r in self.found] and self.found:
            return  # one more letter, the same replies: nothing to redraw (most keys)
        self._show(found)

    def _find(self) -> list[CannedReply]:
        query = self.query_one("#replies-filter", Input).value
        language = None if self.every_language else self.context.language
        script = None if self.every_language else self.context.script
        return self.index.find(query, language, script, limit=len(self.index.replies))

    def _show(self, found: list[CannedReply]) -> None:
        """The list from its top, its first reply previewed; what is already shown so is not
        drawn again."""
        self.found = found
        self.query_one("#replies-list", PickList).show(
            [f"{r.title}  ({_language_label(r)})" for r in found]
        )
        where = "all languages" if self.every_language else _language_label(self.context)
        title = f"Canned replies · {where} · {len(found)} found · Enter inserts"
        if title != self._title_shown:
            self._title_shown = title
            # One line whatever it says: no layout needed (a layout is a frame's work).
            self.query_one("#replies-title", Static).update(Text(title), layout=False)
        self._show_preview(0)

    @on(PickList.Highlighted)
    def highlighted(self, event: PickList.Highlighted) -> None:
        self._show_preview(event.index)

    def _show_preview(self, index: int) -> None:
        """In the same frame as the list (a TextArea draws only the lines in view: ~10 ms),
        and only when another reply is highlighted."""
        reply = self.found[index] if 0 <= index < len(self.found) else None
        if reply is None:
            self._previewed = None
            self._set_preview(
                "Nothing matches. Ctrl+A searches every language." if not self.every_language
                else "Nothing matches.", ""
            )  # fmt: skip
        elif reply.id != self._previewed:
            self._previewed = reply.id
            if reply.id not in self._filled:
                self._filled[reply.id] = self._preview(reply)
            self._set_preview(*self._filled[reply.id])

    def _set_preview(self, text: str, note: str) -> None:
        """A read-only TextArea draws only the lines in view: a long reply costs no layout."""
        self._note = note
        # Without the blank lines at its end: "more below" must not mean only those.
        area = self.query_one("#replies-preview", TextArea)
        area.load_text(text.rstrip("\n"))
        # A soft-wrapped TextArea repaints on a load only when the text's height changes: a
        # reply as tall as the last one was shown with the last one's lines (another customer's).
        area.refresh()
        self._show_note()

    def _show_note(self) -> None:
        """The note, else a heading that says when the reply goes on below (there is no
        scrollbar: see the .tcss). Always one line: a note that came, went or grew was drawn
        a frame late (what it cuts short is asked, or reported, in full on Enter)."""
        area = self.query_one("#replies-preview", TextArea)
        longer = area.wrapped_document.height > area.scrollable_content_region.height > 0
        shown = (self._note, longer)
        if shown == self._note_shown:
            return  # an update would lay the screen out again for nothing
        self._note_shown = shown
        self.query_one("#replies-note", Static).update(
            Text(self._note, style="yellow", no_wrap=True, overflow="ellipsis") if self._note
            else Text(
                PREVIEW_HEADING + (PREVIEW_LONGER if longer else ""), style="dim", no_wrap=True,
                overflow="ellipsis",
            ),
            layout=False,  # one line whatever it says
        )  # fmt: skip

    def _preview(self, reply: CannedReply) -> tuple[str, str]:
        """The reply filled for this customer (unknown values marked «like.this»), and a note
        on what will be asked or what is wrong with it."""
        context = self.context
        asked: list[str] = []
        for _ in range(PREVIEW_FILL_LIMIT):
            try:
                filled = render(reply, context.values)
            except MissingValue as missing:
                asked.append(missing.name)
                context = context.with_value(missing.name, f"«{missing.name}»")
                continue
            except TemplateError as error:
                return "", f"This reply cannot be filled: {clean(error.message)}"
            note = f"Asked when inserted: {', '.join(asked)}" if asked else ""
            return clean(filled), note
        return "", "This reply asks for too many unknown values."

    @on(Input.Submitted, "#replies-filter")
    def choose(self) -> None:
        index = self.query_one("#replies-list", PickList).cursor
        if 0 <= index < len(self.found):
            self._insert(self.found[index], self.context)

    def _insert(self, reply: CannedReply, context: ReplyContext) -> None:
        try:
            text = render(reply, context.values)
        except MissingValue as missing:
            self._ask(reply, context, missing.name)
            return
        except TemplateError as error:
            self.notify(error.message, title=error.title, severity="error", markup=False)
            return
        self._set_context(context)  # the draft's later replies reuse what was typed
        self.dismiss(text)  # (the compose screen keeps it for them)

    def _set_context(self, context: ReplyContext) -> None:
        if context != self.context:  # previews filled for the last one no longer hold
            self.context = context
            self._filled = {}
            self._previewed = None

    def _ask(self, reply: CannedReply, context: ReplyContext, name: str) -> None:
        def answered(value: str | None) -> None:
            if value is not None:
                self._insert(reply, context.with_value(name, value.strip()))

        self.app.push_screen(
            PromptScreen(
                f"“{reply.title}” needs {name}, which is not known for this customer:",
                placeholder=name,
                validate=lambda text: None if text.strip() else "It cannot be left empty.",
            ),
            answered,
        )

    def action_move(self, step: int) -> None:
        listing = self.query_one("#replies-list", PickList)
        listing.move(step)
        self._show_preview(listing.cursor)  # in this frame, not after its Highlighted message

    def action_all_languages(self) -> None:
        self.every_language = not self.every_language
        self._show(self._find())  # the title changes even if the list does not

    def action_cancel(self) -> None:
        self.dismiss(None)


def _language_label(item: CannedReply | ReplyContext) -> str:
    script = {"latn": " Latin", "cyrl": " Cyrillic"}.get(item.script or "", "")
    return item.language.upper() + script
