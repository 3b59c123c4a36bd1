"""Command line: arguments -> config -> app (or a headless command)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import log, paths
from .config import Config, load
from .errors import ConfigError, SupportDeskError

EXIT_CONFIG = 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="supportdesk",
        description="A keyboard-driven help desk for email and chat, in your terminal.",
        epilog="In the app: ? shows the keys of the focused pane, Ctrl+P lists every command.",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open on bundled demo conversations (kept in their own cache file)",
    )
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help=f"config file (default: {paths.config_file()})",
    )
    parser.add_argument("--cache", type=Path, default=None, help="SQLite cache file to use")
    parser.add_argument(
        "--reset-cache",
        action="store_true",
        help="move the cache file aside (kept as *.corrupt-<time>, with the drafts, notes, "
        "outbox and triage read out of it into *.salvaged.json and carried into the new "
        "cache) and rebuild it from the servers; with `sync`, headless",
    )
    parser.add_argument("--dev", action="store_true", help="log to the Textual devtools console")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = sub.add_parser(
        "check",
        help="run the greeting and inflection check over drafts",
        description="Reads one JSON object per line and writes one line of findings per input.",
    )
    check.add_argument("--jsonl", required=True, help="input file, or - for standard input")
    from .sync_command import EXIT_CODES_HELP

    sync = sub.add_parser(
        "sync",
        help="fetch new mail of every account into the cache, then exit",
        description="Fetches new mail, read flags and deletions of each [[accounts]] entry into "
        "the cache. A progress line on a terminal; quiet otherwise (cron).",
        epilog=EXIT_CODES_HELP,
    )
    sync.add_argument(
        "--account",
        action="append",
        default=[],
        metavar="NAME",
        help="sync only this account (repeatable)",
    )
    sync.add_argument(
        "--stats",
        action="store_true",
        help="print one JSON line of counts and timings on stdout at the end (for scripts)",
    )
    templates = sub.add_parser(
        "templates",
        help="work with canned replies",
        description="Canned replies: the shipped ones, then the folders of [canned] in the config.",
    )
    templates_sub = templates.add_subparsers(dest="templates_command", metavar="ACTION")
    lint = templates_sub.add_parser(
        "lint",
        help="fill every canned reply for sample customers and run the check on each",
        description="Renders each reply for personas (female and male surnames, a foreign "
        "name, no name, an e-mail address only, a company) and prints what the greeting and "
        "inflection check finds. Exit 0 when clean, 1 when anything was found.",
    )
    lint.add_argument(
        "--folder", action="append", default=[], type=Path, metavar="DIR",
        help="also lint this folder (repeatable)",
    )  # fmt: skip
    lint.add_argument("--no-shipped", action="store_true", help="leave the shipped replies out")
    matrix_login = sub.add_parser(
        "matrix-login",
        help="log in to a Matrix account once and keep its access token in the keyring",
        description='Asks for the password of the [[accounts]] entry NAME (kind = "matrix"), '
        "logs in and stores the access token in the system keyring; the password is not kept. "
        "Instead, token_command in the config may print a token.",
    )
    matrix_login.add_argument("name", metavar="NAME", help="the account's name in the config")
    from .reporting.command import add_parser as add_report_parser

    add_report_parser(sub)
    from .pastreview.command import add_parser as add_reviews_parser

    add_reviews_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        config = load(args.config or paths.config_file())
    except ConfigError as exc:
        print(f"supportdesk: {exc.message}", file=sys.stderr)
        return EXIT_CONFIG
    if args.demo:
        config = with_demo_defaults(config)
    if args.command == "check":
        return run_check(args.jsonl)
    if args.command == "sync":
        return run_sync(args, config)
    if args.command == "templates":
        if args.templates_command != "lint":
            print("supportdesk templates: say what to do: lint", file=sys.stderr)
            return EXIT_CONFIG
        return run_templates_lint(config, args.folder, shipped=not args.no_shipped)
    if args.command == "matrix-login":
        from .connectors.matrix_login import login_interactively

        return login_interactively(config, args.name)
    if args.command == "report":
        from .reporting.command import run_report

        return run_report(args, config, args.cache or cache_path(config, demo=args.demo))
    if args.command == "reviews":
        from .pastreview.command import run_reviews

        return run_reviews(args, args.cache or cache_path(config, demo=args.demo))
    return run_app(args, config)


def with_demo_defaults(config: Config) -> Config:
    """The demo shop's time zone unless the config names one: its reports then count its
    office hours, and times read as its agents lived them."""
    if "timezone" in config.ui.model_fields_set:
        return config
    from .demo import SHOP_TIMEZONE

    ui = config.ui.model_copy(update={"timezone": SHOP_TIMEZONE})
    return config.model_copy(update={"ui": ui})


def cache_path(config: Config, *, demo: bool = False) -> Path:
    return config.cache.path or paths.cache_database(demo=demo)


def run_templates_lint(config: Config, folders: list[Path], shipped: bool) -> int:
    from .canned import load_library
    from .canned.lint import lint

    library, errors = load_library([*config.canned.folders, *folders], shipped=shipped)
    problems = [str(error.message) for error in errors]
    problems += [str(problem) for problem in lint(library.values())]
    for line in problems:
        print(line)
    print(f"{len(library)} canned replies, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


def run_check(source: str) -> int:
    from .langcheck.batch import run_jsonl

    if source == "-":
        return run_jsonl(sys.stdin, sys.stdout)
    try:
        with open(source, encoding="utf-8", errors="replace") as infile:
            return run_jsonl(infile, sys.stdout)
    except OSError as exc:
        print(f"supportdesk check: cannot read {source}: {exc.strerror}", file=sys.stderr)
        return 1


def run_sync(args: argparse.Namespace, config: Config) -> int:
    from .sync_command import run_sync as sync

    path = args.cache or config.cache.path or paths.cache_database()
    log.setup(paths.log_file())
    return sync(
        config, str(path), args.account, stats=sys.stdout if args.stats else None,
        reset=args.reset_cache,
    )  # fmt: skip


def run_app(args: argparse.Namespace, config: Config) -> int:
    from .services import Services
    from .store.cachelock import APP

    if args.cache is not None:
        config = config.model_copy(
            update={"cache": config.cache.model_copy(update={"path": args.cache})}
        )
    services = Services.from_config(config, demo=args.demo)
    log.setup(paths.log_file())
    if args.reset_cache:
        try:  # the lock stays with `services`: the app opens the new cache under it
            rebuilt = services.rebuild_cache(APP)
        except SupportDeskError as exc:
            print(f"supportdesk: {exc.message}", file=sys.stderr)
            return 1
        print(f"supportdesk: {rebuilt.message()}", file=sys.stderr)

    from .ui.app import build_app  # Textual is only imported for the interactive app

    app = build_app(config, services=services, dev=args.dev)
    try:
        app.run()
    except SupportDeskError as exc:
        print(f"supportdesk: {exc.message}", file=sys.stderr)
        return 1
    return app.return_code or 0
