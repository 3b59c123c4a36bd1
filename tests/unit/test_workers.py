"""The worker processes that parse mail start inside the running app too."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_a_pool_starts_while_stderr_is_captured_as_textual_does() -> None:
    """Inside the app sys.stderr has no file descriptor (fileno() is -1); the first pool of a
    process must start all the same (it failed with "bad value(s) in fds_to_keep")."""
    code = textwrap.dedent(
        """
        import io, sys
        from supportdesk_tui.workers import process_pool

        class Captured(io.StringIO):
            def fileno(self):
                return -1

        sys.stderr = Captured()
        with process_pool(1) as pool:
            print(pool.submit(pow, 2, 10).result())
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stdout.strip()) == (0, "1024"), done.stderr[-2000:]
