"""The conversation, message by message: safe plain text, quotes folded, notes set apart."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...bodytext import SegmentKind, segments
from ...domain.models import ConversationDetail, Direction, Message
from ...domain.outbox import OutboxEntry, OutboxState
from ...safetext import clean, clean_name

VIEW_LIMIT = 60_000
"""Characters of one body shown at once; a 2 MB mail must not freeze the terminal."""


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def render_thread(
    detail: ConversationDetail,
    *,
    fold_quotes: bool,
    zone: ZoneInfo,
    outbox: Sequence[OutboxEntry] = (),
) -> Text:
    """The whole thread as one Text. Built with `append`, so nothing from outside is markup."""
    out = Text()
    subject = clean_name(detail.conversation.subject) or "(no subject)"
    out.append(subject + "\n", style="bold")
    number = 0
    for message in detail.messages:
        out.append("\n")
        _append_header(out, message, zone)
        _append_body(out, message, fold_quotes)
        for attachment in message.attachments:
            number += 1
            name = clean_name(attachment.filename) or "(unnamed)"
            out.append(f"  [{number}] ", style="bold")
            out.append(name)
            kind = clean_name(attachment.content_type)  # from the mail, like the name
            out.append(f"  {kind}, {human_size(attachment.size)}\n", style="dim")
    for entry in outbox:
        out.append("\n")
        _append_outbox(out, entry, zone)
    return out


def _append_outbox(out: Text, entry: OutboxEntry, zone: ZoneInfo) -> None:
    """A reply not delivered yet: where it stands and what the agent can do."""
    if entry.state is OutboxState.FAILED:
        out.append(" NOT SENT ", style="bold reverse red")
        out.append(f" {clean_name(entry.last_error or '')}\n", style="red")
        out.append("  r takes it back into the editor, R tries again as it is\n", style="dim")
    elif entry.state is OutboxState.SENT:
        out.append(" SENT ", style="bold reverse green")
        out.append(" the copy for the Sent folder is still on its way\n", style="dim")
    else:
        when = entry.send_after.astimezone(zone).strftime("%H:%M:%S")
        out.append(" OUTBOX ", style="bold reverse cyan")
        if entry.attempts:
            out.append(f" retrying at {when}: {clean_name(entry.last_error or '')}\n", style="cyan")
        else:
            out.append(f" sends at {when}; u takes it back\n", style="cyan")
    out.append(f"→ {clean_name(entry.subject)}\n", style="bold cyan")
    out.append(clean(entry.body_text) + "\n")


def _append_header(out: Text, message: Message, zone: ZoneInfo) -> None:
    when = message.sent_at.astimezone(zone).strftime("%a %d %b %Y %H:%M")
    author = clean_name(message.author_name) or clean_name(message.author_address)
    if message.direction is Direction.NOTE:
        out.append(" NOTE ", style="bold reverse yellow")
        out.append(f" {author} · {when} · internal, not sent\n", style="yellow")
        return
    arrow = "→ " if message.direction is Direction.OUTGOING else "← "
    style = "bold cyan" if message.direction is Direction.OUTGOING else "bold"
    out.append(arrow + author, style=style)
    if message.author_address and message.author_address != message.author_name:
        out.append(f" <{clean_name(message.author_address)}>", style="dim")
    out.append(f" · {when} · {message.channel.value}\n", style="dim")
    if message.decode_warning:
        out.append(f"  ! {clean(message.decode_warning)}\n", style="italic red")


def _append_body(out: Text, message: Message, fold_quotes: bool) -> None:
    body = message.body_text
    cut = len(body) > VIEW_LIMIT
    if cut:
        body = body[:VIEW_LIMIT]
    base = "on #3a3000" if message.direction is Direction.NOTE else ""
    for segment in segments(clean(body)):
        text = segment.text.rstrip("\n")
        if not text.strip():
            continue
        if segment.kind is SegmentKind.QUOTE:
            lines = text.count("\n") + 1
            if fold_quotes:
                out.append(f"  ┆ {lines} quoted lines folded (o to show)\n", style="dim italic")
            else:
                out.append(_indent(text, "  ┆ ") + "\n", style="dim italic")
        elif segment.kind is SegmentKind.SIGNATURE:
            out.append(text + "\n", style="dim")
        else:
            out.append(text + "\n", style=base)
    if cut:
        size = human_size(len(message.body_text.encode("utf-8", "replace")))
        out.append(f"  … the rest of this {size} message is not shown here\n", style="italic red")


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.split("\n"))


class ThreadPane(VerticalScroll, can_focus=True):
    """Shows one conversation; the screen sets `detail`."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", show=False, id="thread.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="thread.up"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="thread.page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="thread.page_up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="thread.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="thread.bottom"),
        Binding("o", "toggle_quotes", "Quotes", id="thread.toggle_quotes"),
    ]

    DEFAULT_CSS = """
    ThreadPane { padding: 0 1; }
    ThreadPane > #thread-text { width: 1fr; }
    """

    def __init__(self, *, zone: ZoneInfo, fold_quotes: bool = True, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.zone = zone
        self.fold_quotes = fold_quotes
        self.detail: ConversationDetail | None = None
        self.outbox: tuple[OutboxEntry, ...] = ()
        self.empty_hint = ""

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(Text("Select a conversation.", style="dim"), id="thread-text")

    def show(
        self,
        detail: ConversationDetail | None,
        empty_hint: str = "",
        outbox: Sequence[OutboxEntry] = (),
    ) -> None:
        self.empty_hint = empty_hint
        self.outbox = tuple(outbox)
        same = (
            detail is not None
            and self.detail is not None
            and (detail.conversation.id == self.detail.conversation.id)
        )
        self.detail = detail
        self._redraw()
        if not same:
            self.scroll_home(animate=False)

    def _redraw(self) -> None:
        text = self.query_one("#thread-text", Static)
        if self.detail is None:
            text.update(Text(self.empty_hint or "Select a conversation.", style="dim"))
        else:
            text.update(
                render_thread(
                    self.detail, fold_quotes=self.fold_quotes, zone=self.zone, outbox=self.outbox
                )
            )

    def action_toggle_quotes(self) -> None:
        self.fold_quotes = not self.fold_quotes
        self._redraw()
