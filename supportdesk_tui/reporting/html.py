"""A Report as one self-contained HTML file: inline CSS and SVG, no script, no font, no link
to anything outside, so it opens the same in any browser, offline, from an attachment.

Every text that came from people (tags, agent ids, the shop's name) is escaped.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from ..domain.metrics import BacklogPoint, Histogram, Report
from .formats import COLUMNS, WEEKDAYS, _row, _shown, bucket_label, figure_rows, period_line

STYLE = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto;
       max-width: 68rem; padding: 0 1rem; color: #1d2430; background: #fff; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.period { color: #5b6472; margin-top: 0; }
table { border-collapse: collapse; } th, td { padding: .25rem .6rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 2px solid #c8ced8; } tbody tr:nth-child(odd) { background: #f4f6f9; }
svg text { font: 11px system-ui, sans-serif; fill: #3a4350; }
.note { color: #5b6472; font-size: .9rem; }
@media (prefers-color-scheme: dark) {
  body { background: #161a20; color: #dde3ea; } .period, .note { color: #9aa4b2; }
  tbody tr:nth-child(odd) { background: #1f252d; } svg text { fill: #c2cad5; } }
"""


def as_html(report: Report, title: str, generated_at: datetime) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="period">{escape(period_line(report))}</p>',
        _figures_table(report),
        "<h2>Busiest hours</h2>",
        '<p class="note">Customer messages by weekday and hour, shop time.</p>',
        heatmap_svg(report.busiest_hours),
        "<h2>First response times</h2>",
        histogram_svg(report.first_response_histogram),
        "<h2>Backlog</h2>",
        '<p class="note">Conversations waiting for the shop at the end of each day.</p>',
        backlog_svg(report.backlog),
        f'<p class="note">Made by supportdesk on {generated_at:%Y-%m-%d %H:%M} UTC.</p>',
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def _figures_table(report: Report) -> str:
    rows = figure_rows(report)
    head = "".join(f"<th>{escape(label)}</th>" for label, _ in rows)
    body = []
    for title, key in COLUMNS:
        cells = "".join(f"<td>{escape(_shown(key, _row(f)[key]))}</td>" for _, f in rows)
        body.append(f"<tr><td>{escape(title)}</td>{cells}</tr>")
    return f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def heatmap_svg(counts: tuple[tuple[int, ...], ...]) -> str:
    cell, left, top = 26, 40, 18
    peak = max((n for day in counts for n in day), default=0)
    width, height = left + 24 * cell + 4, top + 7 * cell + 4
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="weekday by hour heatmap">'
    ]
    for hour in range(0, 24, 2):
        out.append(f'<text x="{left + hour * cell + 4}" y="12">{hour:02d}</text>')
    for day, row in enumerate(counts[:7]):
        y = top + day * cell
        out.append(f'<text x="0" y="{y + cell * 0.65:.0f}">{WEEKDAYS[day]}</text>')
        for hour, n in enumerate(row[:24]):
            share = 0.0 if peak == 0 else n / peak
            out.append(
                f'<rect x="{left + hour * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'rx="3" fill="#d9480f" fill-opacity="{0.06 + 0.94 * share:.2f}">'
                f"<title>{WEEKDAYS[day]} {hour:02d}:00: {n}</title></rect>"
            )
    out.append("</svg>")
    return "".join(out)


def histogram_svg(histogram: Histogram) -> str:
    counts = histogram.counts
    if not counts or not any(counts):
        return '<p class="note">No answered conversations in this period.</p>'
    bar, gap, plot_height, top = 46, 8, 160, 16
    peak = max(counts)
    width = len(counts) * (bar + gap) + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{plot_height + 56}" '
        f'role="img" aria-label="first response time distribution">'
    ]
    for i, n in enumerate(counts):
        x = 4 + i * (bar + gap)
        h = 0 if peak == 0 else plot_height * n / peak
        y = top + plot_height - h
        out.append(f'<rect x="{x}" y="{y:.1f}" width="{bar}" height="{h:.1f}" fill="#1971c2"/>')
        out.append(f'<text x="{x + 2}" y="{y - 3:.1f}">{n}</text>')
        out.append(
            f'<text x="{x}" y="{top + plot_height + 16}">{escape(_bucket_label(histogram, i))}'
            "</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _bucket_label(histogram: Histogram, index: int) -> str:
    edges = histogram.edges
    return bucket_label(edges[index], edges[index + 1] if index + 1 < len(edges) else None)


def backlog_svg(points: tuple[BacklogPoint, ...]) -> str:
    if not points:
        return '<p class="note">No days in this period.</p>'
    width, height, left, top, bottom = 720, 200, 40, 10, 24
    peak = max(max(p.open for p in points), 1)
    step = (width - left - 10) / max(len(points) - 1, 1)

    def xy(i: int, value: int) -> str:
        return f"{left + i * step:.1f},{top + (height - top - bottom) * (1 - value / peak):.1f}"

    line = " ".join(xy(i, p.open) for i, p in enumerate(points))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="backlog by day">',
        f'<text x="0" y="{top + 10}">{peak}</text>',
        f'<text x="0" y="{height - bottom}">0</text>',
        f'<polyline fill="none" stroke="#2f9e44" stroke-width="2" points="{line}"/>',
    ]
    for i, p in enumerate(points):
        out.append(
            f'<circle cx="{xy(i, p.open).split(",")[0]}" cy="{xy(i, p.open).split(",")[1]}" '
            f'r="2.5" fill="#2f9e44"><title>{p.day:%a %Y-%m-%d}: {p.open}</title></circle>'
        )
    labels = {0, len(points) - 1, len(points) // 2}
    for i in sorted(labels):
        out.append(f'<text x="{left + i * step - 14:.0f}" y="{height - 6}">'
                   f"{points[i].day:%d.%m.}</text>")  # fmt: skip
    out.append("</svg>")
    return "".join(out)
