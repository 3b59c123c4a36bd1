"""The reply editor: a TextArea that marks the check's findings and offers canned replies
on `/` at the start of a line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.style import Style
from textual import events
from textual.message import Message
from textual.widgets import TextArea
from textual.widgets.text_area import TextAreaTheme

FINDING = "supportdesk.finding"
"""The highlight name of a marked finding (styled by the editor's theme)."""


@dataclass(frozen=True)
class Mark:
    start: int
    """Character offsets into the text, end exclusive (as the check gives them)."""
    end: int


class ReplyEditor(TextArea):
    @dataclass
    class SlashTyped(Message):
        """`/` typed where a line starts: the screen offers canned replies."""

        editor: ReplyEditor

    marks: tuple[Mark, ...] = ()

    def __init__(self, text: str = "", **kwargs: object) -> None:
        super().__init__(text, soft_wrap=True, tab_behavior="focus", **kwargs)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        base = TextAreaTheme.get_builtin_theme("css")
        assert base is not None
        styles = dict(base.syntax_styles)
        styles[FINDING] = Style(underline=True, color="red", bold=True)
        self.register_theme(TextAreaTheme(name="supportdesk", syntax_styles=styles))
        self.theme = "supportdesk"

    def mark(self, marks: Sequence[Mark]) -> None:
        """Underline these spans (replacing earlier marks)."""
        self.marks = tuple(marks)
        self._build_highlight_map()
        self.refresh()

    def _build_highlight_map(self) -> None:
        super()._build_highlight_map()
        if not self.marks:
            return
        lines = self.text.split("\n")
        starts = [0]
        for line in lines:
            starts.append(starts[-1] + len(line) + 1)
        for mark in self.marks:
            for row, line in enumerate(lines):
                line_start, line_end = starts[row], starts[row] + len(line)
                if mark.end <= line_start or mark.start > line_end:
                    continue
                first = max(mark.start, line_start) - line_start
                last = min(mark.end, line_end) - line_start
                if first == last:
                    continue
                # the TextArea's highlights count UTF-8 bytes within the line
                begin = len(line[:first].encode())
                self._highlights[row].append((begin, len(line[:last].encode()), FINDING))

    def location_of(self, offset: int) -> tuple[int, int]:
        """(row, column) of a character offset into the text."""
        before = self.text[:offset]
        row = before.count("\n")
        return row, len(before) - (before.rfind("\n") + 1)

    def offset_of(self, location: tuple[int, int]) -> int:
        row, column = location
        lines = self.text.split("\n")
        return sum(len(line) + 1 for line in lines[:row]) + column

    async def _on_key(self, event: events.Key) -> None:
        if event.character == "/" and not self.read_only and self._at_line_start():
            event.stop()
            event.prevent_default()
            self.post_message(self.SlashTyped(self))
            return
        await super()._on_key(event)

    def _at_line_start(self) -> bool:
        row, column = self.cursor_location
        return not self.document.get_line(row)[:column].strip() and self.selection.is_empty
