"""A kill -9 in the middle of writing loses no committed batch and keeps no partial one."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from supportdesk_tui.domain.models import Status
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.store import Store

from .store_builders import at

PER_BATCH = 40

# Writes batch after batch (one new conversation of PER_BATCH messages each, the cursor set
# to the batch number), plus a status change, and says on stdout what it has committed.
WRITER = """
import asyncio, sys
from dataclasses import replace
sys.path.insert(0, sys.argv[2])
from store_builders import thread
from supportdesk_tui.domain.models import Batch, Direction, Status
from supportdesk_tui.store import Store

async def main():
    store = await Store.open(sys.argv[1])
    n = 0
    while True:
        batch = thread(f"conv-{n:05d}", *[Direction.INCOMING] * int(sys.argv[3]), start=n)
        await store.apply_batch(replace(batch, cursor=str(n)))
        await store.set_status([f"conv-{n:05d}"], Status.PENDING)
        print(n, flush=True)
        n += 1

asyncio.run(main())
"""


async def test_kill_9_mid_transaction_leaves_a_consistent_cache(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(Path(__file__).parent), str(PER_BATCH)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    reported = -1
    for line in child.stdout:  # let a few batches commit, then kill it mid-stream
        reported = int(line)
        if reported >= 5:
            break
    time.sleep(0.05)
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()

    store = await Store.open(path)
    cursor = await store.cursor("shop")
    everything = QueueFilter(statuses=frozenset(Status))
    conversations = await store.count_queue(everything, at(0))
    rows = await store.list_queue(everything, at(0), 0, 10_000)
    details = [await store.conversation_detail(row.conversation_id) for row in rows]
    await store.close()

    assert cursor is not None and int(cursor) >= reported
    assert conversations == int(cursor) + 1  # the cursor and its batch committed together
    assert all(d is not None and len(d.messages) == PER_BATCH for d in details)
    # Only the very last status change may have been cut off.
    assert sum(row.status is not Status.PENDING for row in rows) <= 1
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        (messages,) = db.execute("SELECT count(*) FROM message").fetchone()
    assert messages == conversations * PER_BATCH
