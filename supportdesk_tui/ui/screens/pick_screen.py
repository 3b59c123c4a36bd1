"""A small chooser: type to narrow, Enter to pick, Escape to cancel."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

NEW_PREFIX = "new:"
"""Returned before typed text when `allow_new` and nothing matched."""


class PickScreen(ModalScreen[str | None]):
    CSS_PATH = "pick_screen.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel"),
        Binding("down", "move(1)", "Down", show=False, id="pick.down"),
        Binding("up", "move(-1)", "Up", show=False, id="pick.up"),
    ]

    def __init__(
        self, title: str, choices: Sequence[tuple[str, str]], *, allow_new: str | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.allow_new = allow_new
        """Label for creating what was typed (e.g. 'new tag'); None to pick only from the list."""

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box"):
            yield Label(Text(self.title_text), id="pick-title")
            yield Input(placeholder="type to filter", id="pick-filter")
            yield OptionList(*self._options(""), id="pick-options")

    def _options(self, typed: str) -> list[Option]:
        needle = typed.casefold().strip()
        options = [
            Option(Text(label), id=value)
            for value, label in self.choices
            if needle in label.casefold()
        ]
        if (
            self.allow_new
            and needle
            and not any(label.casefold() == needle for _, label in self.choices)
        ):
            options.append(
                Option(Text(f"{self.allow_new}: {typed.strip()}"), id=NEW_PREFIX + typed.strip())
            )
        return options

    @on(Input.Changed, "#pick-filter")
    def narrow(self, event: Input.Changed) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(self._options(event.value))
        options.highlighted = 0 if options.option_count else None

    @on(Input.Submitted, "#pick-filter")
    def pick_highlighted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def pick(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = 0 if self.choices else None

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = (current + step) % options.option_count

    def action_cancel(self) -> None:
        self.dismiss(None)
