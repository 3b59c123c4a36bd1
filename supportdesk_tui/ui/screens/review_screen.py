"""The last look before a reply leaves: who gets it, the subject, the files, and whatever
the check or the review found. Each finding blocks sending until it is fixed in the draft or
overridden here, one by one (Space); Ctrl+S sends."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from ...compose.review import ReviewItem, blocking
from ...domain.models import Attachment
from ...safetext import clean_name, one_line


@dataclass(frozen=True)
class Approved:
    subject: str
    overrides: frozenset[str]


class ReviewScreen(ModalScreen[Approved | None]):
    CSS_PATH = "review_screen.tcss"
    BINDINGS = [
        Binding("ctrl+s", "send", "Send", priority=True, id="review.send"),
        Binding("escape", "cancel", "Back to the draft", id="review.cancel"),
    ]

    def __init__(
        self,
        *,
        sender: str,
        recipients: Sequence[str],
        subject: str | None,
        attachments: Sequence[Attachment],
        items: Sequence[ReviewItem],
        overrides: frozenset[str],
    ) -> None:
        super().__init__()
        self.sender = sender
        self.recipients = list(recipients)
        self.subject = subject
        """None: the channel has no subjects (chat)."""
        self.attachments = list(attachments)
        self.items = list(items)
        self.overrides = frozenset(o for o in overrides if o in {i.key for i in items})

    def compose(self) -> ComposeResult:
        with Vertical(id="review-box"):
            yield Label(Text("Review the reply"), id="review-title")
            yield Static(self._envelope(), id="review-envelope")
            if self.subject is not None:
                yield Input(value=self.subject, placeholder="subject", id="review-subject")
            yield Static(self._files(), id="review-files")
            yield Static("", id="review-status")
            yield SelectionList[str](
                *(
                    Selection(self._item_text(item), item.key, item.key in self.overrides)
                    for item in self.items
                ),
                id="review-items",
            )
        yield Footer()

    def on_mount(self) -> None:
        items = self.query_one("#review-items", SelectionList)
        items.display = bool(self.items)
        if self.items or self.subject is None:
            items.focus()
        else:
            self.query_one("#review-subject").focus()
        self._show_status()

    def _envelope(self) -> Text:
        out = Text()
        out.append("From ", style="dim")
        out.append(clean_name(self.sender) + "\n")
        out.append("To   ", style="dim")
        out.append(", ".join(clean_name(r) for r in self.recipients))
        return out

    def _files(self) -> Text:
        if not self.attachments:
            return Text("No attachments", style="dim")
        names = ", ".join(f"{clean_name(a.filename)} ({_size(a.size)})" for a in self.attachments)
        return Text("Attached: " + names)

    @staticmethod
    def _item_text(item: ReviewItem) -> Text:
        out = Text(one_line(item.message, 200))
        if item.suggestion is not None:
            out.append(f"  → {one_line(item.suggestion, 60)}", style="green")
        return out

    @on(SelectionList.SelectedChanged, "#review-items")
    def overrides_changed(self) -> None:
        self.overrides = frozenset(self.query_one("#review-items", SelectionList).selected)
        self._show_status()

    def _remaining(self) -> list[ReviewItem]:
        return blocking(self.items, self.overrides)

    def _show_status(self) -> None:
        remaining = len(self._remaining())
        text = (
            Text("Nothing stands in the way: Ctrl+S sends.", style="green")
            if not remaining
            else Text(
                f"{remaining} of {len(self.items)} still block sending: fix them in the "
                "draft (Esc), or tick each to send anyway (Space).",
                style="yellow",
            )
        )
        self.query_one("#review-status", Static).update(text)

    @on(Input.Submitted, "#review-subject")
    def action_send(self) -> None:
        if self._remaining():
            self.query_one("#review-items").focus()
            self.notify(
                "Some findings are neither fixed nor overridden.", severity="warning", timeout=4
            )
            return
        subject = "" if self.subject is None else self.query_one("#review-subject", Input).value
        self.dismiss(Approved(one_line(subject, 500), self.overrides))

    def action_cancel(self) -> None:
        self.dismiss(None)


def _size(size: int) -> str:
    return (
        f"{size} B"
        if size < 1024
        else f"{size / 1024:.0f} kB"
        if size < 1 << 20
        else (f"{size / (1 << 20):.1f} MB")
    )
