"""How `supportdesk report` writes a report: the numbers given come out readable in each
format, and the HTML page stands alone and cannot be made to run anything."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser

import pytest

from supportdesk_tui.domain.metrics import (
    BacklogPoint,
    BusinessHours,
    Distribution,
    GroupFigures,
    Grouping,
    Histogram,
    Report,
    ReportQuery,
)
from supportdesk_tui.reporting.formats import as_csv, as_json, as_table, human_duration
from supportdesk_tui.reporting.html import as_html

HOSTILE_TAG = '<script>alert(1)</script>\x1b]52;c;cGF3bmVk\x07"vip'


def report() -> Report:
    query = ReportQuery(
        start=datetime(2026, 11, 1, tzinfo=UTC),
        end=datetime(2026, 11, 4, tzinfo=UTC),
        group_by=Grouping.TAG,
        hours=BusinessHours(timezone="Europe/Prague"),
    )
    refund = GroupFigures(
        "refund", conversations=3, unanswered=1, resolved=2,
        first_response=Distribution(2, 1800.0, 5400.0, 3600.0),
        resolution=Distribution(2, 90000.0, 180000.0, 135000.0),
        replies_to_resolve=Distribution(2, 1.0, 2.0, 1.5), repeat_contacts=1, reopened=1,
    )  # fmt: skip
    hostile = GroupFigures(
        HOSTILE_TAG, conversations=1, first_response=Distribution(1, 30.0, 30.0, 30.0)
    )
    total = GroupFigures(
        "", conversations=4, unanswered=1, resolved=2,
        first_response=Distribution(3, 1800.0, 5400.0, 2410.0),
        resolution=Distribution(2, 90000.0, 180000.0, 135000.0),
        replies_to_resolve=Distribution(2, 1.0, 2.0, 1.5), repeat_contacts=1, reopened=1,
    )  # fmt: skip
    hours = [[0] * 24 for _ in range(7)]
    hours[0][10], hours[0][11], hours[4][22] = 3, 1, 2
    return Report(
        query=query,
        total=total,
        groups=(refund, hostile),
        busiest_hours=tuple(tuple(day) for day in hours),
        first_response_histogram=Histogram((0, 3600, 14400, 86400), (2, 1, 0, 0)),
        backlog=(BacklogPoint(date(2026, 11, 1), 2), BacklogPoint(date(2026, 11, 2), 3),
                 BacklogPoint(date(2026, 11, 3), 1)),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(None, "–"), (0, "0 s"), (59.4, "59 s"), (60, "1 min"), (1800, "30 min"), (3600, "1 h"),
     (4800, "1 h 20 min"), (86400, "1 d"), (183600, "2 d 3 h")],
)  # fmt: skip
def test_durations_read_as_people_say_them(seconds: float | None, shown: str) -> None:
    assert human_duration(seconds) == shown


def test_the_table_reads_down_with_one_column_per_group() -> None:
    text = as_table(report())
    lines = text.splitlines()
    # the query's UTC instants are the shop's days: 01:00 Prague on 1 Nov to 00:59 on 4 Nov
    assert lines[0].startswith("Sun 01 Nov 2026 – Wed 04 Nov 2026 (Europe/Prague)")
    assert "business hours 09:00–17:00 Mon,Tue,Wed,Thu,Fri" in lines[0]
    header = lines[2].split()
    assert header[:2] == ["all", "refund"]
    first_response = next(line for line in lines if line.startswith("first response median"))
    assert first_response.split()[-3:] == ["min", "30", "s"]  # refund's 30 min, hostile's 30 s
    assert "1 h 30 min" in next(line for line in lines if line.startswith("first response p90"))
    assert "1 d 1 h" in next(line for line in lines if line.startswith("resolution median"))
    assert "\x1b" not in text and "\x07" not in text
    monday = next(line for line in lines if line.startswith("Mon "))
    assert monday.endswith(" 4")  # 3 + 1 customer messages on Monday


def test_csv_has_a_row_per_group_with_plain_numbers() -> None:
    rows = list(csv.DictReader(io.StringIO(as_csv(report()))))
    assert [r["group"] for r in rows] == ["all", "refund", '<script>alert(1)</script>"vip']
    assert rows[1]["first_response_median_s"] == "1800.0"
    assert rows[1]["replies_to_resolve_p90"] == "2.0"
    assert rows[2]["resolution_median_s"] == ""  # nothing resolved: empty, not 0
    assert rows[0]["conversations"] == "4"


def test_a_tag_cannot_become_a_spreadsheet_formula() -> None:
    hostile = GroupFigures('=HYPERLINK("http://evil")', conversations=1)
    text = as_csv(replace(report(), groups=(hostile,)))
    assert list(csv.reader(io.StringIO(text)))[2][0] == '\'=HYPERLINK("http://evil")'


def test_json_holds_everything_the_report_has() -> None:
    data = json.loads(as_json(report()))
    assert data["query"]["group_by"] == "tag"
    assert data["query"]["hours"]["weekdays"] == [0, 1, 2, 3, 4]
    assert data["total"]["first_response"] == {"count": 3, "median": 1800.0, "p90": 5400.0,
                                               "mean": 2410.0}  # fmt: skip
    assert data["busiest_hours"][4][22] == 2
    assert data["backlog"][1] == {"day": "2026-11-02", "open": 3}


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs

    def handle_data(self, data: str) -> None:
        self.texts.append(data)


def test_the_html_page_stands_alone_and_runs_nothing() -> None:
    html = as_html(report(), "Support report: Eshop <b>", datetime(2026, 11, 5, 8, 0, tzinfo=UTC))
    page = Page()
    page.feed(html)
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    names = {name for name, _ in page.attributes}
    assert not names & {"src", "href", "srcset", "onload", "onclick"}
    assert "@import" not in html and "url(" not in html
    assert HOSTILE_TAG.split("\x1b")[0] in "".join(page.texts)  # shown as text, escaped
    assert "<script>" not in html and "\x1b" not in html and "\x07" not in html
    assert "Support report: Eshop <b>" in "".join(page.texts)
    assert page.tags.count("rect") == 7 * 24 + 4  # heatmap cells + histogram bars
    titles = "".join(page.texts)
    assert "Mon 10:00: 3" in titles and "Fri 22:00: 2" in titles
    assert "Mon 2026-11-02: 3" in titles  # a backlog point
