"""The customer beside the thread: who they are, how to address them, what they wrote before."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...domain.models import ConversationDetail, Customer, Formality, Gender, Script
from ...safetext import clean, clean_name

GENDER_LABEL = {Gender.MALE: "male", Gender.FEMALE: "female", None: "unknown"}
SCRIPT_LABEL = {Script.LATIN: "Latin", Script.CYRILLIC: "Cyrillic", None: "-"}


def render_customer(detail: ConversationDetail, zone: ZoneInfo) -> Text:
    customer = detail.customer
    out = Text()
    out.append((clean_name(customer.display_name) or "(no name)") + "\n", style="bold")
    for address in (*customer.emails, *customer.chat_ids):
        out.append(clean_name(address) + "\n", style="dim")
    out.append("\n")
    _fact(out, "Language", (customer.language or "?").upper(), "language" in customer.corrected)
    if customer.language == "sr" or customer.script is not None:
        _fact(out, "Script", SCRIPT_LABEL[customer.script], "script" in customer.corrected)
    _fact(out, "Gender", GENDER_LABEL[customer.gender], "gender" in customer.corrected)
    formality = "formal" if customer.formality is Formality.FORMAL else "informal"
    _fact(out, "Address", formality, "formality" in customer.corrected)
    if customer.notes:
        out.append("\n" + clean(customer.notes) + "\n", style="italic")
    if detail.previous:
        out.append("\nEarlier conversations\n", style="bold")
        for conversation in detail.previous:
            when = conversation.last_message_at
            date = when.astimezone(zone).strftime("%d %b %Y") if when else "?"
            out.append(f"{date} {conversation.status.value:<8} ", style="dim")
            out.append((clean_name(conversation.subject) or "(no subject)")[:60] + "\n")
    return out


def _fact(out: Text, label: str, value: str, corrected: bool) -> None:
    out.append(f"{label:<9}", style="dim")
    out.append(value)
    out.append("  ✓ set by agent\n" if corrected else "\n", style="green")


class CustomerPane(VerticalScroll, can_focus=True):
    """Read-only view; corrections are made with `c` and saved by the screen."""

    BINDINGS = [
        Binding("c", "screen.correct_customer", "Correct", id="customer.correct"),
    ]

    DEFAULT_CSS = """
    CustomerPane { padding: 0 1; }
    """

    def __init__(self, *, zone: ZoneInfo, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.zone = zone
        self.customer: Customer | None = None

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="customer-text")

    def show(self, detail: ConversationDetail | None) -> None:
        self.customer = detail.customer if detail else None
        body = self.query_one("#customer-text", Static)
        body.update(render_customer(detail, self.zone) if detail else Text(""))
