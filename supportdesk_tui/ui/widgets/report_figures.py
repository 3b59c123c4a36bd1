"""The report's numbers: the period's figures as a short table, and one row per group."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import DataTable

from ...domain.metrics import Distribution, GroupFigures, Grouping
from ...reporting.formats import NO_VALUE, human_duration
from ...safetext import one_line

LABEL_WIDTH = 20
VALUE_WIDTH = 12
GROUP_NAME_WIDTH = 16


def _count(value: float | None) -> str:
    return NO_VALUE if value is None else f"{value:g}"


def figures_text(figures: GroupFigures) -> Text:
    """Counts first, then the distributions with their median and 90th percentile."""
    out = Text(no_wrap=True, overflow="ellipsis")
    for label, value in (
        ("Conversations", figures.conversations),
        ("  unanswered", figures.unanswered),
        ("  resolved", figures.resolved),
        ("Repeat contacts", figures.repeat_contacts),
        ("Reopened", figures.reopened),
    ):
        out.append(f"{label:<{LABEL_WIDTH}}")
        out.append(f"{value:>{VALUE_WIDTH}}\n", style="bold")
    out.append(f"\n{'':<{LABEL_WIDTH}}{'median':>{VALUE_WIDTH}}{'90%':>{VALUE_WIDTH}}\n", "dim")
    _distribution(out, "First response", figures.first_response, human_duration)
    _distribution(out, "Resolution", figures.resolution, human_duration)
    _distribution(out, "Replies to resolve", figures.replies_to_resolve, _count)
    out.rstrip()
    return out


def _distribution(
    out: Text, label: str, values: Distribution, show: Callable[[float | None], str]
) -> None:
    out.append(f"{label:<{LABEL_WIDTH}}")
    out.append(f"{show(values.median):>{VALUE_WIDTH}}{show(values.p90):>{VALUE_WIDTH}}\n", "bold")


GROUP_COLUMNS = (
    "\nconv.",
    "no\nanswer",
    "\nresolved",
    "1st resp.\nmedian",
    "1st resp.\n90%",
    "resolution\nmedian",
    "resolution\n90%",
    "replies\nmedian",
    "repeat\ncontacts",
    "\nreopened",
)
"""Two-line headers keep the table within 120 columns."""


def group_name(figures: GroupFigures) -> Text:
    """Group values come from outside (tags, agents): never markup, no control sequences."""
    return Text(one_line(figures.group, GROUP_NAME_WIDTH) or "(none)")


def group_row(figures: GroupFigures) -> tuple[Text, ...]:
    values = (
        str(figures.conversations),
        str(figures.unanswered),
        str(figures.resolved),
        human_duration(figures.first_response.median),
        human_duration(figures.first_response.p90),
        human_duration(figures.resolution.median),
        human_duration(figures.resolution.p90),
        _count(figures.replies_to_resolve.median),
        str(figures.repeat_contacts),
        str(figures.reopened),
    )
    return (group_name(figures), *(Text(value, justify="right") for value in values))


class GroupTable(DataTable[Text]):
    """One row per channel, language, agent or tag, largest first (as the report has them)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, header_height=2, cursor_type="row", zebra_stripes=True)

    def show(self, grouping: Grouping, groups: tuple[GroupFigures, ...]) -> None:
        self.clear(columns=True)
        self.display = grouping is not Grouping.NONE
        if not self.display:
            return
        self.add_column(Text("\n" + grouping.value), key="group")
        for name in GROUP_COLUMNS:
            self.add_column(Text(name, justify="right"), key=name)
        for figures in groups:
            self.add_row(*group_row(figures))
