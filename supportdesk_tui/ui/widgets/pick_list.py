"""A plain list of one-line choices, drawn line by line: a new filter result costs a redraw
of the visible lines, not the widgets and wrapped texts of an OptionList (the canned-reply
pane refilters on every key)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import set_cell_size
from rich.segment import Segment
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...safetext import one_line


class PickList(ScrollView, can_focus=False):
    COMPONENT_CLASSES = {"pick-list--cursor"}
    DEFAULT_CSS = """
    PickList > .pick-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    """

    @dataclass
    class Highlighted(Message):
        index: int

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.labels: tuple[str, ...] = ()
        self.cursor = 0

    def show(self, labels: Sequence[str]) -> None:
        """New choices, the first highlighted. The same choices, still shown from the first,
        are not drawn again."""
        shown = tuple(labels)
        if shown == self.labels and self.cursor == 0 and self.scroll_offset.y == 0:
            return
        self.labels = shown
        self.cursor = 0
        self.virtual_size = Size(self.size.width, len(self.labels))
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def move(self, step: int) -> None:
        if not self.labels:
            return
        self.cursor = max(0, min(len(self.labels) - 1, self.cursor + step))
        self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self.cursor))

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.size.width
        if index >= len(self.labels):
            return Strip.blank(width, self.rich_style)
        style = self.rich_style
        if index == self.cursor:
            style = style + self.get_component_rich_style("pick-list--cursor")
        text = set_cell_size(" " + one_line(self.labels[index], max(1, width - 1)), width)
        return Strip([Segment(text, style)], width)
