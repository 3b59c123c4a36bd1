"""An unexpected error, shown whole and copyable, so it can be reported."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea


class ErrorScreen(ModalScreen[None]):
    CSS_PATH = "error_screen.tcss"
    BINDINGS = [Binding("escape", "close", "Close", id="error.close")]

    def __init__(self, title: str, details: str) -> None:
        super().__init__()
        self.title_text = title
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box"):
            yield Label(Text(self.title_text), id="error-title")
            yield TextArea(self.details, read_only=True, id="error-details")
            yield Label(
                Text("Select and copy the text to report it. Escape closes."), id="error-hint"
            )

    def action_close(self) -> None:
        self.dismiss(None)
