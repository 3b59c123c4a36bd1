"""Worker processes for parsing mail (headers during a big sync, bodies after it). No Textual."""

from __future__ import annotations

import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor


def process_pool(workers: int) -> ProcessPoolExecutor:
    """forkserver on Linux: the caller has threads (aiosqlite, IMAP), and fork would copy them
    and their locks mid-use; spawn elsewhere."""
    method = "forkserver" if sys.platform == "linux" else "spawn"
    return ProcessPoolExecutor(max(1, workers), multiprocessing.get_context(method))
