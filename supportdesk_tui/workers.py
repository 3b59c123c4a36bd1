"""Worker processes for parsing mail (headers during a big sync, bodies after it). No Textual."""

from __future__ import annotations

import contextlib
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import resource_tracker


def process_pool(workers: int) -> ProcessPoolExecutor:
    """forkserver on Linux: the caller has threads (aiosqlite, IMAP), and fork would copy them
    and their locks mid-use; spawn elsewhere."""
    _start_resource_tracker()
    method = "forkserver" if sys.platform == "linux" else "spawn"
    return ProcessPoolExecutor(max(1, workers), multiprocessing.get_context(method))


def _start_resource_tracker() -> None:
    """multiprocessing starts its resource tracker with the pool, handing it the file
    descriptor of sys.stderr; inside the running app sys.stderr is Textual's capture, whose
    fileno() is -1, and the start failed ("bad value(s) in fds_to_keep"): the app's first
    big sync ended on an error screen. Started here with the process's own stderr."""
    with contextlib.redirect_stderr(sys.__stderr__):
        resource_tracker.ensure_running()
