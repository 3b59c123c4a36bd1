"""`supportdesk report`: read the cache (never the network), write the numbers.

The period is given in the shop's days (its time zone, `[ui] timezone`): `--from` and `--to`
are dates, both included; without them, the last `--days` days up to today.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from ..config import Config
from ..domain.metrics import BusinessHours, Grouping, Report, ReportQuery
from ..errors import SupportDeskError
from .formats import as_csv, as_json, as_table
from .html import as_html
from .period import ReportPeriod

FORMATS = ("table", "csv", "json", "html")
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = sub.add_parser(
        "report",
        help="first response, resolution, repeat contacts, backlog and busiest hours",
        description="The managers' numbers from the local cache (works offline): medians and "
        "90th percentiles in business time, grouped and filtered as asked. Dates are the "
        "shop's days ([ui] timezone); --from and --to are both included.",
    )
    report.add_argument("--from", dest="start", type=date.fromisoformat, metavar="YYYY-MM-DD")
    report.add_argument("--to", dest="end", type=date.fromisoformat, metavar="YYYY-MM-DD")
    report.add_argument(
        "--days", type=int, default=30, help="without --from: the last N days (default 30)"
    )
    report.add_argument("--by", choices=[g.value for g in Grouping], default="none")
    for name in ("channel", "language", "agent", "tag"):
        report.add_argument(f"--{name}", help=f"only conversations of this {name}")
    report.add_argument("--format", choices=FORMATS, default="table")
    report.add_argument(
        "-o", "--output", type=Path, help="write to this file instead of standard output"
    )


def period(args: argparse.Namespace, today: date) -> ReportPeriod:
    """The shop's days asked for: --from/--to (both included), else the last --days."""
    last = args.end or today
    first = args.start or last - timedelta(days=max(args.days, 1) - 1)
    if first > last:
        raise ValueError(f"--from {first} is after --to {last}")
    return ReportPeriod(first, (last - first).days + 1)


def build_query(
    args: argparse.Namespace, hours: BusinessHours, repeat_window_days: int, now: datetime
) -> ReportQuery:
    zone = ZoneInfo(hours.timezone)
    start, end = period(args, now.astimezone(zone).date()).bounds(zone)
    return ReportQuery(
        start=start,
        end=end,
        group_by=Grouping(args.by),
        channel=args.channel,
        language=args.language,
        agent=args.agent,
        tag=args.tag,
        hours=hours,
        repeat_window_days=repeat_window_days,
    )


def render(report: Report, kind: str, title: str, now: datetime) -> str:
    if kind == "csv":
        return as_csv(report)
    if kind == "json":
        return as_json(report)
    if kind == "html":
        return as_html(report, title, now)
    return as_table(report)


async def compute(cache: Path, query: ReportQuery) -> Report:
    from ..store import Store

    store = await Store.open(cache)
    try:
        return await store.report(query)
    finally:
        await store.close()


def run_report(args: argparse.Namespace, config: Config, cache: Path) -> int:
    from ..config import business_hours

    if not cache.exists():
        print(
            f"supportdesk report: no cache at {cache} yet: run `supportdesk sync` or open the "
            "app once (or pass --cache)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    now = datetime.now(UTC)
    try:
        query = build_query(args, business_hours(config), config.reports.repeat_window_days, now)
    except ValueError as exc:
        print(f"supportdesk report: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if sys.stderr.isatty():
        print("reading the cache…", end="\r", file=sys.stderr, flush=True)
    try:
        report = asyncio.run(compute(cache, query))
    except SupportDeskError as exc:
        print(f"supportdesk report: {exc.message}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        if sys.stderr.isatty():
            print(" " * 20, end="\r", file=sys.stderr, flush=True)
    title = f"Support report: {config.shop.name}" if config.shop.name else "Support report"
    text = render(report, args.format, title, now)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"supportdesk report: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILED
    print(f"wrote {args.output}", file=sys.stderr)
    return EXIT_OK
