"""IMAP sync benchmark: mbsync, offlineimap and our sync against one private Dovecot.

Loads the generated support mailbox (bench/mailgen.py) into a loopback Dovecot
(tests/imapserver.py), then runs each tool twice: a first full sync and a no-op resync.
Prints one table: wall time, peak RSS of the tool's process, and messages held afterwards
against messages on the server. Figures, not asserts. For our sync, "queue ready" is the wall
time from the process's start until every new mail was in the queue (headers); "first sync"
also includes parsing the bodies, which the app does in the background, and the exit.

    python bench/bench_imap_sync.py               # 10,000 messages
    python bench/bench_imap_sync.py --full        # 10,000 and 100,000
    python bench/bench_imap_sync.py --count 2000 --skip offlineimap3
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.imaptools import Mbsync, Offlineimap, Ours, Tool, run_child  # noqa: E402
from bench.mailgen import generate  # noqa: E402
from tests.imapserver import Dovecot, MailUser, dovecot_available  # noqa: E402

Row = tuple[str, ...]
HEADER: Row = (
    "messages", "tool", "first sync", "msg/s", "queue ready", "no-op", "peak RSS (tree)",
    "local", "server",
)  # fmt: skip


def main() -> int:
    args = parse_args()
    if not dovecot_available():
        print("needs Debian's dovecot-imapd (/usr/sbin/dovecot)", file=sys.stderr)
        return 2
    counts = [args.count, 100_000] if args.full else [args.count]
    rows: list[Row] = []
    for count in counts:
        rows += bench_size(count, args.seed, set(args.skip), args.keep)
    print_table(rows)
    return 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--full", action="store_true", help="also 100,000 messages")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip", action="append", default=[], help="tool name to leave out")
    parser.add_argument("--keep", type=Path, help="keep server and tool data under this dir")
    return parser.parse_args()


def bench_size(count: int, seed: int, skip: set[str], keep: Path | None) -> list[Row]:
    root = Path(tempfile.mkdtemp(prefix=f"sd-imapbench-{count}-", dir=keep))
    root.chmod(0o711)  # Dovecot's unprivileged processes reach their dirs below it
    server = Dovecot(root / "dovecot")
    server.start()
    try:
        user = server.new_user("bench")
        started = time.perf_counter()
        mails = ((m.folder, (m.raw, m.flags, m.date)) for m in generate(count, seed))
        loaded = server.load(user.name, mails)
        seconds = time.perf_counter() - started
        on_server = sum(server.count(user.name, folder) for folder in loaded)
        warm_up(server, user, list(loaded))
        print(
            f"loaded {on_server:,} messages {dict(loaded)} in {seconds:.1f} s "
            f"({on_server / seconds:,.0f}/s)",
            file=sys.stderr,
        )
        tools: list[Tool] = [
            Mbsync(server, user, root / "mbsync"),
            Offlineimap(server, user, root / "offlineimap"),
            Ours(server, user, root / "ours"),
        ]
        return [
            bench_tool(tool, server, user, count, on_server)
            for tool in tools
            if tool.name not in skip
        ]
    finally:
        server.stop()
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)


def warm_up(server: Dovecot, user: MailUser, folders: list[str]) -> None:
    """Read every message once, so the first tool does not pay for Dovecot's cold caches."""
    with server.session(user.name) as imap:
        for folder in folders:
            imap.select(f'"{folder}"', readonly=True)
            uidnext = server.status(user.name, folder)["UIDNEXT"]
            for first in range(1, uidnext, 5000):  # in slices: imaplib keeps a whole answer
                uids = f"{first}:{first + 4999}"
                imap.uid("FETCH", uids, "(FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[])")


def bench_tool(tool: Tool, server: Dovecot, user: MailUser, count: int, on_server: int) -> Row:
    missing = tool.available()
    if missing is not None:
        return (f"{count:,}", tool.name, "n/a", "", "", "", "", "", f"{on_server:,}  ({missing})")
    print(f"{tool.name}: first sync of {count:,}...", file=sys.stderr)
    first = run_child(tool.argv(), tool.dir)
    time.sleep(1.5)  # mbsync sleeps out a maildir changed within the last second; a resync is later
    again = run_child(tool.argv(), tool.dir)
    noop = f"{again.seconds:.2f} s"
    if isinstance(tool, Ours):
        whole, imap = in_process_noop(tool)
        noop += f" ({whole * 1000:.0f} ms sync, {imap * 1000:.0f} ms IMAP)"
    ready = ""
    if isinstance(tool, Ours) and first.returncode == 0:
        stats = json.loads(first.stdout.strip().splitlines()[-1])
        # from the process's start (interpreter, imports, opening the cache included) until
        # its queue had every new mail; the bodies and the exit come after
        ready = f"{stats['queue_ready_at'] - first.started_at:.1f} s"
    local = tool.count_local()
    for run in (first, again):
        if run.returncode != 0:
            print(f"{tool.name} exited {run.returncode}:\n{run.stderr_tail}", file=sys.stderr)
    row = (
        f"{count:,}",
        tool.name + ("" if first.returncode == 0 else f" (exit {first.returncode})"),
        f"{first.seconds:.1f} s",
        f"{on_server / first.seconds:,.0f}",
        ready,
        noop,
        f"{max(first.peak_rss_mb, again.peak_rss_mb):.0f} MB "
        f"({max(first.peak_tree_mb, again.peak_tree_mb):.0f} MB)",
        f"{local:,}",
        f"{on_server:,}" + ("" if local == on_server else "  MISMATCH"),
    )
    print("  ".join(row), file=sys.stderr)  # a long run shows its figures as they come
    return row


def in_process_noop(tool: Ours) -> tuple[float, float]:
    """A no-op resync's time inside one process (the IMAP round trips and cursor reads, without
    interpreter start-up and imports), and the part of it spent in round trips with Dovecot."""
    from supportdesk_tui.config import load
    from supportdesk_tui.connectors.registry import build_connectors
    from supportdesk_tui.imapsync import sync_accounts
    from supportdesk_tui.store import Store

    async def once() -> tuple[float, float]:
        config = load(tool.config)
        connectors = build_connectors(config)
        store = await Store.open(tool.cache)
        try:
            stop = threading.Event()
            started = time.perf_counter()
            summary = await sync_accounts(store, connectors, stop.is_set)
            return time.perf_counter() - started, summary.imap_seconds
        finally:
            await store.close()
            for connector in connectors:
                connector.close()

    return asyncio.run(once())


def print_table(rows: list[Row]) -> None:
    widths = [max(len(row[i]) for row in [HEADER, *rows]) for i in range(len(HEADER))]
    for row in [HEADER, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    sys.exit(main())
