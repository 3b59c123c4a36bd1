"""The installed `supportdesk --demo`, run in tmux and read off the screen as a person would."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.tmux

EXECUTABLE = Path(sys.executable).with_name("supportdesk")


def capture(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=True
    ).stdout


def send(session: str, key: str) -> None:
    subprocess.run(["tmux", "send-keys", "-t", session, key], check=True)
    time.sleep(0.3)  # tmux waits escape-time before passing a lone Escape on


def wait_for(session: str, needle: str, timeout: float = 60) -> str:
    """Wait until the screen shows `needle` (a regular expression)."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(session)
        if re.search(needle, screen):
            return screen
        time.sleep(0.25)
    raise AssertionError(f"{needle!r} never appeared; the screen was:\n{screen}")


@pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (make test installs it)"
)
@pytest.mark.skipif(not EXECUTABLE.exists(), reason="the supportdesk command is not installed")
def test_demo_opens_in_a_real_terminal(tmp_path: Path) -> None:
    session = f"sd-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "TERM": "xterm-256color",
    }
    env.pop("TMUX", None)
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            session,
            "-x",
            "140",
            "-y",
            "40",
            f"{EXECUTABLE} --demo",
        ],
        env=env,
        check=True,
    )
    try:
        screen = wait_for(
            session, r"Open queue · [1-9]\d* conversations"
        )  # demo built, rows loaded
        assert "Wait" in screen and "Customer" in screen
        send(session, "j")
        send(session, "Enter")
        send(session, "?")
        screen = wait_for(session, r"thread\.toggle_quotes")  # help for the focused pane
        send(session, "Escape")
        send(session, "Escape")  # back from the thread to the queue
        send(session, "?")
        screen = wait_for(session, r"queue\.down")
        send(session, "Escape")
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            alive = subprocess.run(["tmux", "has-session", "-t", session], capture_output=True)
            if alive.returncode != 0:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("q did not quit the app")
        assert (tmp_path / "cache" / "supportdesk" / "demo.sqlite3").exists()
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
