"""The queue: a virtual list of conversations, rendered line by line from pages of the store.

It never holds widgets per row; it keeps a small cache of `QueueRow`s and asks its screen for the
pages it is missing (`RowsWanted`), so 20,000 conversations cost what 60 do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...domain.models import Channel, QueueRow, Status
from ...domain.queue import format_wait
from ...safetext import one_line

PAGE_SIZE = 100
MAX_CACHED_PAGES = 12

STATUS_LABEL = {
    Status.OPEN: "open",
    Status.PENDING: "pending",
    Status.SNOOZED: "snoozed",
    Status.RESOLVED: "resolved",
    Status.SPAM: "spam",
}
NETWORK_ICON = {"whatsapp": "WA", "telegram": "TG", "messenger": "FB"}


def channel_label(row: QueueRow) -> str:
    if row.channel is Channel.EMAIL:
        return "@"
    return NETWORK_ICON.get(row.network or "", "#")


@dataclass(frozen=True)
class Column:
    title: str
    width: int


class QueuePane(ScrollView, can_focus=True):
    """Every conversation the current filter selects, longest waiting first."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="queue.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="queue.up"),
        Binding("g,home", "first", "First", show=False, id="queue.first"),
        Binding("G,end", "last", "Last", show=False, id="queue.last"),
        Binding("pagedown,ctrl+d", "page_down", "Page down", show=False, id="queue.page_down"),
        Binding("pageup,ctrl+u", "page_up", "Page up", show=False, id="queue.page_up"),
        Binding("enter,l", "open", "Open", id="queue.open"),
        Binding("space,x", "toggle_mark", "Mark", id="queue.mark"),
        Binding("M", "clear_marks", "Unmark all", show=False, id="queue.unmark_all"),
    ]

    COMPONENT_CLASSES = {
        "queue-pane--cursor",
        "queue-pane--marked",
        "queue-pane--waiting-long",
        "queue-pane--dim",
        "queue-pane--unread",
    }

    DEFAULT_CSS = """
    QueuePane { background: $surface; overflow-x: hidden; }
    QueuePane > .queue-pane--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    QueuePane:blur > .queue-pane--cursor { background: $block-cursor-blurred-background; }
    QueuePane > .queue-pane--marked { color: $accent; text-style: bold; }
    QueuePane > .queue-pane--waiting-long { color: $error; }
    QueuePane > .queue-pane--dim { color: $text-muted; }
    QueuePane > .queue-pane--unread { text-style: bold; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    @dataclass
    class Highlighted(Message):
        conversation_id: str | None

    @dataclass
    class Opened(Message):
        conversation_id: str

    @dataclass
    class RowsWanted(Message):
        offset: int
        limit: int

    _follow: str | None = None

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.total = 0
        self.now = datetime.now(UTC)
        self.marked: set[str] = set()
        self._pages: dict[int, list[QueueRow]] = {}
        self._requested: set[int] = set()
        self._strips: dict[tuple[QueueRow, bool, bool, int], Strip] = {}

    # -- data in (attributes down) -------------------------------------------------------------

    def reset(self, total: int, now: datetime, follow: str | None = None) -> None:
        """A new query: forget cached rows. The cursor stays on its conversation (or on
        `follow`) if the first page still has it, else at its position."""
        self._follow = follow or self.current_id
        self.total = total
        self.now = now
        self._strips.clear()  # waiting times are shown relative to `now`
        self._pages.clear()
        self._requested.clear()
        self.virtual_size = Size(self.size.width, total)
        self.cursor = min(self.cursor, max(0, total - 1))
        self.refresh()

    def add_page(self, offset: int, rows: list[QueueRow]) -> None:
        page = offset // PAGE_SIZE
        self._pages[page] = rows
        self._requested.discard(page)
        follow, self._follow = self._follow, None
        found = [i for i, row in enumerate(rows) if row.conversation_id == follow]
        if found:  # rows above it came or went: it keeps the cursor
            self.cursor = offset + found[0]
            self.scroll_to_region(
                Region(0, self.cursor, 1, 1), animate=False, force=True, immediate=True
            )
        while len(self._pages) > MAX_CACHED_PAGES:
            farthest = max(self._pages, key=lambda p: abs(p - self.cursor // PAGE_SIZE))
            del self._pages[farthest]
        self.refresh()
        if page == self.cursor // PAGE_SIZE:
            self.post_message(self.Highlighted(self._id_at(self.cursor)))

    def row_at(self, index: int) -> QueueRow | None:
        page = self._pages.get(index // PAGE_SIZE)
        if page is None:
            return None
        position = index % PAGE_SIZE
        return page[position] if position < len(page) else None

    @property
    def current_row(self) -> QueueRow | None:
        """The conversation under the cursor (its thread may still be loading)."""
        return self.row_at(self.cursor)

    @property
    def current_id(self) -> str | None:
        row = self.current_row
        return row.conversation_id if row else None

    def target_ids(self) -> tuple[str, ...]:
        """What an action applies to: the marked conversations, or else the highlighted one."""
        if self.marked:
            return tuple(sorted(self.marked))
        current = self.current_id
        return (current,) if current else ()

    def visible_ids(self) -> list[str]:
        return [row.conversation_id for page in self._pages.values() for row in page]

    def _id_at(self, index: int) -> str | None:
        row = self.row_at(index)
        return row.conversation_id if row else None

    # -- keys ----------------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self._move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move_to(self.cursor - 1)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(self.total - 1)

    def action_page_down(self) -> None:
        self._move_to(self.cursor + max(1, self.size.height - 1))

    def action_page_up(self) -> None:
        self._move_to(self.cursor - max(1, self.size.height - 1))

    def action_open(self) -> None:
        current = self.current_id
        if current:
            self.post_message(self.Opened(current))

    def action_toggle_mark(self) -> None:
        current = self.current_id
        if current is None:
            return
        self.marked.symmetric_difference_update({current})
        self._refresh_row(self.cursor)
        self._move_to(self.cursor + 1)

    def action_clear_marks(self) -> None:
        self.marked.clear()
        self.refresh()

    def _move_to(self, index: int) -> None:
        if self.total == 0:
            return
        index = max(0, min(self.total - 1, index))
        if index == self.cursor:
            return
        previous = self.cursor
        self.cursor = index
        self._refresh_row(previous)
        self._refresh_row(index)
        self.scroll_to_region(Region(0, index, 1, 1), animate=False, force=True, immediate=True)
        self.post_message(self.Highlighted(self._id_at(index)))

    def _refresh_row(self, index: int) -> None:
        y = index - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    # -- rendering -----------------------------------------------------------------------------

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.total)

    def columns(self, width: int) -> list[Column]:
        fixed = [
            Column("", 1),
            Column("Wait", 5),
            Column("Ch", 3),
            Column("Customer", 20),
            Column("Ln", 3),
            Column("Status", 9),
            Column("Who", 7),
            Column("Tags", 14),
        ]
        rest = width - sum(c.width + 1 for c in fixed)
        if rest < 20:  # narrow terminal: give up tags and assignee before the subject
            fixed = [c for c in fixed if c.title not in ("Tags", "Who")]
            rest = width - sum(c.width + 1 for c in fixed)
        fixed.insert(5, Column("Subject", max(10, rest)))
        return fixed

    def header_text(self, width: int) -> str:
        return " ".join(set_cell_size(c.title, c.width) for c in self.columns(width))

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.size.width
        if index >= self.total:
            return Strip.blank(width, self.rich_style)
        row = self.row_at(index)
        if row is None:
            self._want(index)
            return Strip([Segment(set_cell_size("  …", width), self.rich_style)])
        # Scrolling re-renders every visible line; a line only changes with these inputs.
        key = (row, index == self.cursor, row.conversation_id in self.marked, width)
        strip = self._strips.get(key)
        if strip is None:
            strip = Strip(self._row_segments(row, index, width), width)
            if len(self._strips) > 2_000:
                self._strips.clear()
            self._strips[key] = strip
        return strip

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # theme or focus changed the colours

    def _want(self, index: int) -> None:
        page = index // PAGE_SIZE
        if page not in self._requested:
            self._requested.add(page)
            self.post_message(self.RowsWanted(page * PAGE_SIZE, PAGE_SIZE))

    def _row_segments(self, row: QueueRow, index: int, width: int) -> list[Segment]:
        base = self.rich_style
        if row.conversation_id in self.marked:
            base += self.get_component_rich_style("queue-pane--marked")
        if row.unread:
            base += self.get_component_rich_style("queue-pane--unread")
        dim = base + self.get_component_rich_style("queue-pane--dim")
        waited = row.waiting_since is not None and (self.now - row.waiting_since).days >= 1
        wait_style = (
            base + self.get_component_rich_style("queue-pane--waiting-long") if waited else base
        )
        subject = row.subject or row.preview
        values: dict[str, tuple[str, Style]] = {
            "": ("*" if row.conversation_id in self.marked else " ", base),
            "Wait": (format_wait(row.waiting_since, self.now), wait_style),
            "Ch": (channel_label(row), dim),
            "Customer": (one_line(row.customer_name, 40), base),
            "Ln": ((row.language or "").upper(), dim),
            "Subject": (one_line(subject, 200), base),
            "Status": (STATUS_LABEL[row.status], dim),
            "Who": (row.assignee or "", dim),
            "Tags": (" ".join(row.tags), dim),
        }
        segments: list[Segment] = []
        for column in self.columns(width):
            text, style = values[column.title]
            segments.append(Segment(set_cell_size(text, column.width) + " ", style))
        if index == self.cursor:
            cursor = self.get_component_rich_style("queue-pane--cursor")
            segments = [Segment(s.text, (s.style or base) + cursor) for s in segments]
        used = sum(cell_len(s.text) for s in segments)
        if used < width:
            segments.append(
                Segment(" " * (width - used), segments[-1].style if index == self.cursor else base)
            )
        return segments
