"""Keys of the focused pane and of the inbox, with the ids a [keymap] entry remaps."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


@dataclass(frozen=True)
class KeyHelp:
    section: str
    keys: str
    description: str
    binding_id: str


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help_screen.tcss"
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close")]

    def __init__(self, entries: list[KeyHelp]) -> None:
        super().__init__()
        self.entries = entries

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(self._text())

    def _text(self) -> Text:
        out = Text()
        section = None
        for entry in self.entries:
            if entry.section != section:
                section = entry.section
                out.append(("\n" if out else "") + section + "\n", style="bold underline")
            out.append(f"  {entry.keys:<16}", style="bold")
            out.append(f"{entry.description:<28}")
            out.append(f"{entry.binding_id}\n", style="dim")
        out.append("\nRemap any key in the [keymap] table of the config, by id.\n", style="italic")
        return out

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
