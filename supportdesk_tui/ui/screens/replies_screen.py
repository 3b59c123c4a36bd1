"""Canned replies: type to find one (title, keywords, case; no diacritics needed), see it
filled for this conversation, Enter to insert it. Only the customer's language is listed
until Ctrl+A shows every language. A value nobody knows is asked for before inserting."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...canned.library import CannedReply, TemplateError
from ...canned.render import MissingValue, render
from ...canned.search import ReplyIndex
from ...compose.context import ReplyContext
from ...safetext import clean
from .prompt_screen import PromptScreen

PREVIEW_FILL_LIMIT = 12
"""Unknown values marked «like.this» in a preview, at most (a template could ask forever)."""


class RepliesScreen(ModalScreen[str | None]):
    CSS_PATH = "replies_screen.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="replies.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="replies.down"),
        Binding("up", "move(-1)", "Up", show=False, id="replies.up"),
        Binding("ctrl+a", "all_languages", "All languages", id="replies.all_languages"),
    ]

    def __init__(self, index: ReplyIndex, context: ReplyContext, query: str = "") -> None:
        super().__init__()
        self.index = index
        self.context = context
        self.query_text = query
        self.every_language = False
        self.found: list[CannedReply] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="replies-box"):
            yield Label("", id="replies-title")
            yield Input(value=self.query_text, placeholder="find a reply", id="replies-filter")
            with Horizontal(id="replies-body"):
                yield OptionList(id="replies-list")
                with VerticalScroll(id="replies-preview-box"):
                    yield Static(id="replies-preview")
        yield Footer()

    def on_mount(self) -> None:
        self.refilter()
        self.query_one("#replies-filter", Input).focus()

    @on(Input.Changed, "#replies-filter")
    def refilter(self) -> None:
        query = self.query_one("#replies-filter", Input).value
        language = None if self.every_language else self.context.language
        script = None if self.every_language else self.context.script
        self.found = self.index.find(query, language, script)
        options = self.query_one("#replies-list", OptionList)
        options.clear_options()
        options.add_options(
            [Option(Text(f"{r.title}  ({_language_label(r)})"), id=r.id) for r in self.found]
        )
        where = "all languages" if self.every_language else _language_label(self.context)
        self.query_one("#replies-title", Label).update(
            Text(f"Canned replies · {where} · {len(self.found)} found")
        )
        if self.found:
            options.highlighted = 0
        else:
            self.query_one("#replies-preview", Static).update(
                Text("Nothing matches. Ctrl+A searches every language." if not
                     self.every_language else "Nothing matches.")
            )  # fmt: skip

    @on(OptionList.OptionHighlighted, "#replies-list")
    def preview(self, event: OptionList.OptionHighlighted) -> None:
        reply = self._reply(event.option.id)
        if reply is not None:
            self.query_one("#replies-preview", Static).update(self._preview(reply))

    def _preview(self, reply: CannedReply) -> Text:
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
                return Text(f"This reply cannot be filled:\n{clean(error.message)}", style="red")
            out = Text()
            if asked:
                out.append(f"Asked when inserted: {', '.join(asked)}\n\n", style="yellow")
            out.append(clean(filled))
            return out
        return Text("This reply asks for too many unknown values.", style="red")

    @on(Input.Submitted, "#replies-filter")
    @on(OptionList.OptionSelected, "#replies-list")
    def choose(self) -> None:
        options = self.query_one("#replies-list", OptionList)
        if options.highlighted is None:
            return
        reply = self._reply(options.get_option_at_index(options.highlighted).id)
        if reply is not None:
            self._insert(reply, self.context)

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

    def _reply(self, reply_id: str | None) -> CannedReply | None:
        return next((r for r in self.found if r.id == reply_id), None)

    def action_move(self, step: int) -> None:
        options = self.query_one("#replies-list", OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -1
            options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_all_languages(self) -> None:
        self.every_language = not self.every_language
        self.refilter()

    def action_cancel(self) -> None:
        self.dismiss(None)


def _language_label(item: CannedReply | ReplyContext) -> str:
    script = {"latn": " Latin", "cyrl": " Cyrillic"}.get(item.script or "", "")
    return item.language.upper() + script
