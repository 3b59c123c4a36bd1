"""The cache could not be opened: say why and offer the way out."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

Choice = Literal["rebuild", "quit"]


class CacheProblemScreen(ModalScreen[Choice]):
    CSS_PATH = "cache_problem_screen.tcss"
    BINDINGS = [
        Binding("m", "choose('rebuild')", "Move aside and rebuild", id="cache_problem.rebuild"),
        Binding("q,escape", "choose('quit')", "Quit", id="cache_problem.quit"),
    ]

    def __init__(self, path: str, problem: str) -> None:
        super().__init__()
        self.path = path
        self.problem = problem

    def compose(self) -> ComposeResult:
        with Vertical(id="cache-box"):
            yield Label(Text("The cache database cannot be opened"), id="cache-title")
            yield Static(Text(self.problem))
            yield Static(Text(f"\nFile: {self.path}\n"))
            yield Static(
                Text(
                    "m  move the file aside (nothing is deleted) and start a fresh cache\n"
                    "q  quit and leave everything as it is"
                )
            )

    def action_choose(self, choice: Choice) -> None:
        self.dismiss(choice)
