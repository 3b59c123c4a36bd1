"""From a customer's chat message on the server to the queue on screen (issue 7: ≤ 1 s).

Starts a loopback Synapse (tests/matrixserver.py), opens the real app headless (Textual's
Pilot) on a chat account, waits until its first sync is done and it long-polls, then has
customers write: ROUNDS messages that open a new room (invite, then the first message) and
ROUNDS more in rooms the queue already shows. Each figure is from just before the customer's
send call until the queue pane holds the message (a new row, or the row's preview changed),
polled every 5 ms. Figures, not asserts.

    python bench/bench_chat_latency.py              # 10 + 10 messages
    python bench/bench_chat_latency.py --rounds 30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from supportdesk_tui.config import Config  # noqa: E402
from supportdesk_tui.services import Services  # noqa: E402
from supportdesk_tui.ui.app import build_app  # noqa: E402
from supportdesk_tui.ui.widgets.queue_pane import QueuePane  # noqa: E402
from tests.matrixserver import MatrixUser, Synapse  # noqa: E402

POLL = 0.005


async def wait_for(condition: Callable[[], bool], timeout: float = 20) -> None:
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            raise TimeoutError(f"not within {timeout} s")
        await asyncio.sleep(POLL)


def previews(queue: QueuePane) -> list[str]:
    found = []
    for index in range(queue.total):
        row = queue.row_at(index)
        if row is not None:
            found.append(row.preview)
    return found


async def measure(server: Synapse, support: MatrixUser, workdir: Path, rounds: int) -> dict:
    config = Config.model_validate(
        {
            "accounts": [
                {
                    "kind": "matrix", "name": "chat", "homeserver": server.base_url,
                    "user_id": support.user_id, "allow_plaintext": True,
                    "token_command": ["printf", "%s", support.access_token],
                }
            ],
            "cache": {"path": str(workdir / "cache.sqlite3")},
        }
    )  # fmt: skip
    app = build_app(config, services=Services.from_config(config))
    customers = [server.client(server.new_user("customer")) for _ in range(rounds)]
    new_room: list[float] = []
    known_room: list[float] = []
    try:
        async with app.run_test(size=(140, 40)):
            queue = app.screen.query_one(QueuePane)
            bar = app.screen.query_one("#filter-bar")
            await wait_for(lambda: "synced" in str(bar.render()), 60)
            await asyncio.sleep(1.0)  # the app is long-polling now
            rooms: list[str] = []
            for n, customer in enumerate(customers):
                room = await asyncio.to_thread(customer.create_room, invite=[support.user_id])
                rooms.append(room)
                await asyncio.sleep(1.0)  # the invite is accepted, the room is empty
                text = f"Dobrý den, kde je moje zásilka {1000 + n}?"
                began = time.perf_counter()
                await asyncio.to_thread(customer.send_text, room, text)
                await wait_for(lambda t=text: any(t in p for p in previews(queue)))  # type: ignore[misc]
                new_room.append(time.perf_counter() - began)
            for n, (customer, room) in enumerate(zip(customers, rooms, strict=True)):
                await asyncio.sleep(0.5)
                text = f"A ještě dotaz {n}: můžu platit kartou?"
                began = time.perf_counter()
                await asyncio.to_thread(customer.send_text, room, text)
                await wait_for(lambda t=text: any(t in p for p in previews(queue)))  # type: ignore[misc]
                known_room.append(time.perf_counter() - began)
    finally:
        for customer in customers:
            customer.close()
    return {"first_message_in_new_room": summary(new_room),
            "message_in_known_room": summary(known_room)}  # fmt: skip


def summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered) + 0.5) - 1)]
    return {"n": len(ordered), "median_s": round(statistics.median(ordered), 3),
            "p95_s": round(p95, 3), "max_s": round(ordered[-1], 3)}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="sd-chatlatency-"))
    server = Synapse(root / "synapse")
    server.start()
    try:
        support = server.new_user("support")
        figures = asyncio.run(measure(server, support, root, args.rounds))
        print(json.dumps(figures))
        return 0
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
