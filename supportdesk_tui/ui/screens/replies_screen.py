"""Canned replies: type to find one (title, keywords, case; no diacritics needed), see it
filled for this conversation, Enter to insert it. Only the customer's language is listed
until Ctrl+A shows every language. A value nobody knows is asked for before inserting.

Drawn for speed (issue 6: 30 ms an open or a key). The screen is built once per app and
shown again (`RepliesScreen.ready`): built anew each time (compose, styles, a Footer of its
own) it took 230-270 ms to open. A key redraws the list and the preview in one frame."""

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
        and preview (no state is left from the last open)."""
        if context != self.context or index is not self.index:
            self._filled = {}
        self.index = index
        self.context = context
        self.query_text = query
        self.every_language = False
        self.found = []
        self._previewed = None
        if not self.is_mounted:
            return  # on_mount does it
        field = self.query_one("#replies-filter", Input)
        field.value = query
        field.cursor_position = len(query)
        self.refilter()
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

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before Screen's own handler (Textual calls them in MRO order): unless the theme
        changed while the pane was away, its styles are as they were, and working them all
        out again on each push took 15-20 ms."""
        if self._styled_for == self.app.theme:
            event.refresh_styles = False
        self._styled_for = self.app.theme

    def refilter(self) -> None:
        query = self.query_one("#replies-filter", Input).value
        language = None if self.every_language else self.context.language
        script = None if self.every_language else self.context.script
        found = self.index.find(query, language, script, limit=len(self.index.replies))
        if [r.id for r in found] == [r.id for r in self.found] and self.found:
            return  # one more letter, the same replies: nothing to redraw (most keys)
        self.found = found
        self.query_one("#replies-list", PickList).show(
            [f"{r.title}  ({_language_label(r)})" for r in found]
        )
        where = "all languages" if self.every_language else _language_label(self.context)
        self.query_one("#replies-title", Static).update(
            Text(f"Canned replies · {where} · {len(found)} found · Enter inserts")
        )
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
            )
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
        if context != self.context:  # the draft's later replies reuse what was typed
            self.context = context  # (the compose screen keeps it for them)
            self._filled = {}
        self.dismiss(text)

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
        self.found = []  # the title changes even if the list does not
        self.refilter()

    def action_cancel(self) -> None:
        self.dismiss(None)


def _language_label(item: CannedReply | ReplyContext) -> str:
    script = {"latn": " Latin", "cyrl": " Cyrillic"}.get(item.script or "", "")
    return item.language.upper() + script
