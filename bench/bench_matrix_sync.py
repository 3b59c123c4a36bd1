"""Matrix first-sync benchmark: `supportdesk sync` of a chat account on a private Synapse.

Seeds a loopback Synapse (tests/matrixserver.py) with ROOMS direct chats, one customer each,
MESSAGES events a room (every fifth one the support account's answer; half the rooms marked
as bridged from WhatsApp), then runs `supportdesk sync --stats` in a child process: the first
sync, the same again into an empty cache (Synapse's answer cached: our own part), a no-op.
Figures, not asserts; issue 7's target for 200 x 50 is 10 s.
"queue ready" is from the process's start until every message was in the queue.
Then Synapse alone: restarted, the same first /sync asked by httpx and timed, cold
("synapse_cold_sync_s", what a first sync with --reuse waits for), and once more warm (a
filter one event different, so not from its response cache): the floor under "first".

    python bench/bench_matrix_sync.py                     # 200 rooms x 50 messages
    python bench/bench_matrix_sync.py --rooms 20 --messages 10
    python bench/bench_matrix_sync.py --rooms 8 --messages 400    # long rooms: back-filled
    python bench/bench_matrix_sync.py --keep /tmp/mb    # then --reuse /tmp/mb/sd-matrixbench-*
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.imaptools import run_child  # noqa: E402
from tests.matrixserver import MatrixUser, Synapse  # noqa: E402

SEED_THREADS = 3
"""Customers writing at once while seeding (Synapse's rate limits are off in the harness)."""


def main() -> int:
    args = parse_args()
    root = args.reuse or Path(tempfile.mkdtemp(prefix="sd-matrixbench-", dir=args.keep))
    server = Synapse(root / "synapse")
    server.start()
    ours = root / "ours"
    try:
        if args.reuse:  # the same support account; the server has a new port
            user_id = tomllib.loads((ours / "config.toml").read_text())["accounts"][0]["user_id"]
            support = MatrixUser(user_id, (ours / "token").read_text(), "")
            config = write_config(ours, server, support)
            seeded, rooms = count_server(server)
        else:
            support = server.new_user("support")
            started = time.perf_counter()
            with ThreadPoolExecutor(SEED_THREADS) as pool:
                seeded = sum(pool.map(lambda n: seed_room(server, support, n, args.messages),
                                      range(args.rooms)))  # fmt: skip
            seconds = time.perf_counter() - started
            rooms = args.rooms
            print(f"seeded {rooms} rooms, {seeded:,} messages in {seconds:.0f} s "
                  f"({seeded / seconds:,.0f}/s)", file=sys.stderr)  # fmt: skip
            config = write_config(ours, server, support)
        figures: dict[str, object] = {"rooms": rooms, "messages_on_server": seeded}
        # "first": Synapse's caches hold what was just written (with --reuse: nothing, it has
        # just started); "again": the same first sync into an empty cache, which Synapse
        # answers from its sync response cache (kept 2 min), so it is about our own part;
        # "noop": a resync with nothing new
        for label, cache in (("first", "cache.sqlite3"), ("again", "cache2.sqlite3"),
                             ("noop", "cache2.sqlite3")):  # fmt: skip
            if label != "noop":
                (ours / cache).unlink(missing_ok=True)
            argv = [sys.executable, "-m", "supportdesk_tui", "--config", str(config),
                    "--cache", str(ours / cache), "sync", "--stats"]  # fmt: skip
            run = run_child(argv, ours)
            if run.returncode != 0:
                print(f"sync exited {run.returncode}:\n{run.stderr_tail}", file=sys.stderr)
                return 1
            stats = json.loads(run.stdout.strip().splitlines()[-1])
            figures[f"{label}_sync_s"] = round(run.seconds, 2)
            figures[f"{label}_queue_ready_s"] = round(stats["queue_ready_at"] - run.started_at, 2)
            figures[f"{label}_in_process_s"] = stats["headers_seconds"]
            figures[f"{label}_peak_rss_mb"] = round(run.peak_rss_mb)
        figures |= synapse_alone(server, support)
        stored, stored_rooms = count_cache(ours / "cache.sqlite3")
        figures |= {"messages_stored": stored, "conversations_stored": stored_rooms}
        print(json.dumps(figures))
        if stored != seeded or stored_rooms != rooms:
            print("MISMATCH between the server and the cache", file=sys.stderr)
            return 1
        return 0
    finally:
        server.stop()
        if args.keep is None and args.reuse is None:
            shutil.rmtree(root, ignore_errors=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rooms", type=int, default=200)
    parser.add_argument("--messages", type=int, default=50, help="messages per room")
    parser.add_argument("--keep", type=Path, help="keep server and cache under this dir")
    parser.add_argument("--reuse", type=Path, help="a dir --keep left (sd-matrixbench-*): "
                        "sync its seeded server again, without seeding")  # fmt: skip
    return parser.parse_args()


def seed_room(server: Synapse, support: MatrixUser, number: int, messages: int) -> int:
    """One customer's direct chat with the support account; the messages sent in it."""
    customer_user = server.new_user("customer")
    with server.client(customer_user) as customer, server.client(support) as agent:
        room = customer.create_room(invite=[support.user_id])
        agent.join(room)
        if number % 2 == 0:
            customer.mark_bridged(room, "whatsapp")
        for n in range(messages):
            if n % 5 == 4:
                agent.send_text(room, f"Dobrý den, k dotazu {n}: zásilka je na cestě.")
            else:
                customer.send_text(room, f"Zpráva {n} v místnosti {number}: kde je zásilka?")
    return messages


def write_config(workdir: Path, server: Synapse, support: MatrixUser) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    token = workdir / "token"
    token.write_text(support.access_token)
    token.chmod(0o600)
    config = workdir / "config.toml"
    config.write_text(
        f'[[accounts]]\nkind = "matrix"\nname = "bench"\nhomeserver = "{server.base_url}"\n'
        f'user_id = "{support.user_id}"\nallow_plaintext = true\n'
        f'token_command = ["cat", "{token}"]\n'
    )
    return config


def synapse_alone(server: Synapse, support: MatrixUser) -> dict[str, float]:
    """Seconds Synapse takes to answer our first /sync by itself: just restarted, then warm."""
    from supportdesk_tui.connectors.matrix_sync import SYNC_FILTER, TIMELINE_LIMIT

    server.restart()
    warm = SYNC_FILTER.replace(f'"limit":{TIMELINE_LIMIT}', f'"limit":{TIMELINE_LIMIT - 1}')
    figures: dict[str, float] = {}
    headers = {"Authorization": f"Bearer {support.access_token}"}
    with httpx.Client(base_url=server.base_url, trust_env=False, timeout=300) as http:
        for label, sync_filter in (("cold", SYNC_FILTER), ("warm", warm)):
            began = time.perf_counter()
            answer = http.get("/_matrix/client/v3/sync", headers=headers,
                              params={"filter": sync_filter, "timeout": 0})  # fmt: skip
            answer.raise_for_status()
            figures[f"synapse_{label}_sync_s"] = round(time.perf_counter() - began, 2)
    return figures


def count_server(server: Synapse) -> tuple[int, int]:
    """Messages and rooms a --keep run seeded, from the server's database."""
    with sqlite3.connect(server.database_file) as db:
        messages = db.execute("SELECT count(*) FROM events WHERE type = 'm.room.message'")
        rooms = db.execute("SELECT count(*) FROM rooms")
        return int(messages.fetchone()[0]), int(rooms.fetchone()[0])


def count_cache(path: Path) -> tuple[int, int]:
    with sqlite3.connect(path) as db:
        messages = db.execute("SELECT count(*) FROM message").fetchone()[0]
        rooms = db.execute("SELECT count(*) FROM conversation").fetchone()[0]
    return int(messages), int(rooms)


if __name__ == "__main__":
    sys.exit(main())
