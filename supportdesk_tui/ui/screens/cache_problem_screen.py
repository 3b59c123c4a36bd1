"""The cache could not be opened (or is found damaged while open): say why, offer the way out."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

Choice = Literal["rebuild", "retry", "quit", "keep"]

REBUILD_IN_APP = "In the app: Ctrl+P → Rebuild the cache (nothing you wrote is lost)."
"""Said wherever the open app meets a damaged cache (notification, thread pane)."""


class CacheProblemScreen(ModalScreen[Choice]):
    """A damaged cache offers to move it aside and rebuild; one in use by another supportdesk
    offers to try again (nothing is moved while another process has the file). Asked for in
    the open app (`while_open`), Esc keeps working with the cache as it is instead of quitting."""

    CSS_PATH = "cache_problem_screen.tcss"
    BINDINGS = [
        Binding("m", "choose('rebuild')", "Move aside and rebuild", id="cache_problem.rebuild"),
        Binding("r", "choose('retry')", "Try again", id="cache_problem.retry"),
        Binding("q,escape", "leave", "Quit", id="cache_problem.quit"),
    ]

    def __init__(
        self, path: str, problem: str, *, in_use: bool = False, while_open: bool = False
    ) -> None:
        super().__init__()
        self.path = path
        self.problem = problem
        self.in_use = in_use
        self.while_open = while_open

    def compose(self) -> ComposeResult:
        title = "The cache is in use" if self.in_use else "The cache database cannot be opened"
        if self.while_open:
            title = "Rebuild the cache"
            keys = (
                "m    move the file aside (nothing is deleted), keep the drafts, notes,\n"
                "     outbox and triage from it, and fill a fresh cache from the servers\n"
                "Esc  keep working with this cache"
            )
        elif self.in_use:
            keys = "r  try again (once the other one has quit)\nq  quit"
        else:
            keys = (
                "m  move the file aside (nothing is deleted), save the drafts, notes, outbox\n"
                "   and triage from it, and start a fresh cache filled from the servers\n"
                "q  quit and leave everything as it is"
            )
        with Vertical(id="cache-box"):
            yield Label(Text(title), id="cache-title")
            yield Static(Text(self.problem))
            yield Static(Text(f"\nFile: {self.path}\n"))
            yield Static(Text(keys))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "choose" and parameters:
            return parameters[0] != ("rebuild" if self.in_use else "retry")
        return True

    def action_choose(self, choice: Choice) -> None:
        self.dismiss(choice)

    def action_leave(self) -> None:
        self.dismiss("keep" if self.while_open else "quit")
