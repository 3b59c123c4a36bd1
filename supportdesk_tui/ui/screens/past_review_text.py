"""What the review of past threads shows, as plain Text (never markup): a list line per
conversation, a line per finding of the check, the filter line, and the filter's choices."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from zoneinfo import ZoneInfo

from rich.text import Text

from ...domain.reviews import ReviewFilter, ReviewRow
from ...pastreview.check import PastFinding
from ...reporting.period import ReportPeriod
from ...safetext import clean_name, one_line

PERIODS = (7, 30, 90)


@dataclass(frozen=True)
class ReviewView:
    """What the reviewer asked to see: a period in shop days (None: everything) and filters."""

    period: ReportPeriod | None = None
    agent: str | None = None
    tag: str | None = None
    language: str | None = None

    def review_filter(self, zone: ZoneInfo) -> ReviewFilter:
        start, end = self.period.bounds(zone) if self.period is not None else (None, None)
        return ReviewFilter(start, end, self.agent, self.tag, self.language)

    def describe(self, today: date) -> str:
        parts = ["Resolved", "everything" if self.period is None else self.period.describe(today)]
        if self.agent:
            parts.append(f"agent {self.agent}")
        if self.tag:
            parts.append(f"tag {self.tag}")
        if self.language:
            parts.append(f"language {self.language.upper()}")
        return " · ".join(parts)

    def with_choice(self, choice: str, today: date) -> ReviewView:
        """A choice of `filter_choices` applied (all but 'period:custom', asked apart)."""
        kind, _, value = choice.partition(":")
        if kind == "period":
            period = None if value == "all" else ReportPeriod.last(int(value), today)
            return replace(self, period=period)
        if kind == "agent":
            return replace(self, agent=value)
        if kind == "tag":
            return replace(self, tag=value)
        if kind == "language":
            return replace(self, language=value)
        return ReviewView()


def filter_choices(
    agents: list[str], tags: list[str], languages: list[str]
) -> list[tuple[str, str]]:
    choices = [(f"period:{days}", f"Resolved in the last {days} days") for days in PERIODS]
    choices += [("period:all", "Resolved at any time"), ("period:custom", "Resolved from – to…")]
    choices += [(f"agent:{agent}", f"Agent: {agent}") for agent in agents]
    choices += [(f"tag:{tag}", f"Tag: {tag}") for tag in tags]
    choices += [(f"language:{code}", f"Language: {code.upper()}") for code in languages]
    choices.append(("clear", "Clear all filters"))
    return choices


def row_text(row: ReviewRow, zone: ZoneInfo, width: int = 200) -> Text:
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(row.resolved_at.astimezone(zone).strftime("%d.%m.%Y "), style="dim")
    out.append(f"{(row.network or row.channel.value)[:8]:<9}")
    out.append(f"{(row.language or '').upper():<3}")
    out.append(f"{one_line(row.agent, 8):<9}")
    if row.review is None:
        out.append("  ·  ", style="dim")
    else:
        out.append(f" {'★' * row.review.score:<5}", style="bold")
    out.append(f" {one_line(row.customer_name, 20):<21}")
    out.append(one_line(row.subject, max(1, width - out.cell_len)) or "(no subject)")
    out.truncate(width, overflow="ellipsis")  # one line: the list would wrap a longer one
    return out


def finding_text(finding: PastFinding, zone: ZoneInfo) -> Text:
    out = Text(no_wrap=True, overflow="ellipsis")
    out.append(finding.sent_at.astimezone(zone).strftime("%d.%m.%Y %H:%M "), style="dim")
    out.append(f"{one_line(finding.customer_name, 20)} — {one_line(finding.subject, 30)}: ")
    out.append(f"“{clean_name(finding.excerpt)}” ", style="bold")
    out.append(finding.message)
    if finding.suggestion:
        out.append(f" → {clean_name(finding.suggestion)}")
    out.append(f"  ({one_line(finding.author, 20)}, {finding.code})", style="dim")
    return out
