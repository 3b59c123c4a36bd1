"""Canned replies: type to find one (title, keywords, case; no diacritics needed), see it
filled for this conversation, Enter to insert it. Only the customer's language is listed
until Ctrl+A shows every language. A value nobody knows is asked for before inserting."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static, TextArea

from ...canned.library import CannedReply, TemplateError
from ...canned.render import MissingValue, render
from ...canned.search import ReplyIndex
from ...compose.context import ReplyContext
from ...safetext import clean
from ..widgets.pick_list import PickList
from .prompt_screen import PromptScreen

PREVIEW_DELAY = 0.08
"""Seconds without a key before the preview is redrawn."""
PREVIEW_FILL_LIMIT = 12
"""Unknown values marked «like.this» in a preview, at most (a template could ask forever)."""


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
        self._preview_timer: Timer | None = None
        self._previewed: str | None = None
        """The reply shown in the preview: redrawn only when another one is highlighted."""

    def compose(self) -> ComposeResult:
        with Vertical(id="replies-box"):
            yield Static("", id="replies-title")
            yield Input(value=self.query_text, placeholder="find a reply", id="replies-filter")
            with Horizontal(id="replies-body"):
                yield PickList(id="replies-list")
                with Vertical(id="replies-preview-box"):
                    yield Static("", id="replies-note")
                    yield TextArea(
                        id="replies-preview", read_only=True, soft_wrap=True,
                        show_cursor=False,
                    )  # fmt: skip
        yield Footer()

    def on_mount(self) -> None:
        self.refilter()
        self.query_one("#replies-filter", Input).focus()

    @on(Input.Changed, "#replies-filter")
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
        self._preview_soon(0)

    @on(PickList.Highlighted)
    def highlighted(self, event: PickList.Highlighted) -> None:
        self._preview_soon(event.index)

    def _preview_soon(self, index: int) -> None:
        """The preview follows once keys pause: laying out a long text on every key would
        make typing lag; the list itself follows each key at once."""
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(PREVIEW_DELAY, lambda: self._show_preview(index))

    def _show_preview(self, index: int) -> None:
        """Redrawn only when another reply is highlighted (filling it is cheap, laying out a
        long text is not)."""
        reply = self.found[index] if 0 <= index < len(self.found) else None
        if reply is None:
            self._previewed = None
            self._set_preview(
                "Nothing matches. Ctrl+A searches every language." if not self.every_language
                else "Nothing matches.", ""
            )  # fmt: skip
        elif reply.id != self._previewed:
            self._previewed = reply.id
            self._set_preview(*self._preview(reply))

    def _set_preview(self, text: str, note: str) -> None:
        """A read-only TextArea draws only the lines in view: a long reply costs no layout."""
        self.query_one("#replies-preview", TextArea).load_text(text)
        self.query_one("#replies-note", Static).update(Text(note, style="yellow"))
        self.query_one("#replies-note").display = bool(note)

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
        self.context = context  # later replies in this draft reuse what was typed
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
        self.query_one("#replies-list", PickList).move(step)

    def action_all_languages(self) -> None:
        self.every_language = not self.every_language
        self.found = []  # the title changes even if the list does not
        self.refilter()

    def action_cancel(self) -> None:
        self.dismiss(None)


def _language_label(item: CannedReply | ReplyContext) -> str:
    script = {"latn": " Latin", "cyrl": " Cyrillic"}.get(item.script or "", "")
    return item.language.upper() + script
