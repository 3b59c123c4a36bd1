"""`supportdesk reviews export --csv PATH`: every review in the cache, as CSV (offline)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from ..errors import SupportDeskError
from ..store import Store
from .export import export_reviews, reviews_csv

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_CACHE = 0, 1, 2, 3


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    reviews = sub.add_parser(
        "reviews",
        help="the reviews of past threads made in the app",
        description="Reviews (score 1-5 and note, per reviewer) kept in the local cache.",
    )
    actions = reviews.add_subparsers(dest="reviews_command", metavar="ACTION")
    export = actions.add_parser(
        "export",
        help="write every review as CSV",
        description="One row per review: conversation, subject, customer, channel, language, "
        "agent, when it was resolved, reviewer, score, note, when it was reviewed (UTC).",
    )
    export.add_argument(
        "--csv", required=True, metavar="PATH", help="file to write, or - for standard output"
    )


def run_reviews(args: argparse.Namespace, cache: Path) -> int:
    if args.reviews_command != "export":
        print("supportdesk reviews: say what to do: export --csv PATH", file=sys.stderr)
        return EXIT_USAGE
    if not cache.exists():
        print(f"supportdesk reviews: no cache at {cache}", file=sys.stderr)
        return EXIT_CACHE
    try:
        count = asyncio.run(_export(cache, args.csv))
    except SupportDeskError as error:
        print(f"supportdesk reviews: {error.message}", file=sys.stderr)
        return EXIT_CACHE
    except OSError as error:
        print(f"supportdesk reviews: cannot write {args.csv}: {error.strerror or error}",
              file=sys.stderr)  # fmt: skip
        return EXIT_FAILED
    print(f"{count} review{'' if count == 1 else 's'} exported", file=sys.stderr)
    return EXIT_OK


async def _export(cache: Path, target: str) -> int:
    store = await Store.open(cache)
    try:
        if target == "-":
            reviews = await store.all_reviews()
            sys.stdout.write(reviews_csv(reviews))
            return len(reviews)
        return await export_reviews(store, Path(target).expanduser())
    finally:
        await store.close()
