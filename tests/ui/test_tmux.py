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


def tmux(session: str, *arguments: str) -> list[str]:
    """A tmux command line for `session`, which has a server of its own: a new session takes
    its environment from the client only when it starts the server."""
    return ["tmux", "-L", session, "-f", "/dev/null", *arguments]


def capture(session: str) -> str:
    return subprocess.run(
        tmux(session, "capture-pane", "-p", "-t", session),
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def send(session: str, key: str) -> None:
    subprocess.run(tmux(session, "send-keys", "-t", session, key), check=True)
    time.sleep(0.3)  # tmux waits escape-time before passing a lone Escape on


def type_text(session: str, text: str) -> None:
    subprocess.run(tmux(session, "send-keys", "-t", session, "-l", text), check=True)
    time.sleep(0.3)


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


needs_tmux = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (make test installs it)"
)
needs_command = pytest.mark.skipif(
    not EXECUTABLE.exists(), reason="the supportdesk command is not installed"
)


def start_demo(tmp_path: Path, **environment: str | None) -> str:
    """`supportdesk --demo` in a new 140x40 tmux session with a home of its own (a fresh demo
    cache); `environment` adds variables, None removes one. Returns the session's name."""
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
    for name, value in environment.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    command = f"{EXECUTABLE} --demo"
    subprocess.run(
        tmux(session, "new-session", "-d", "-s", session, "-x", "140", "-y", "40", command),
        env=env,
        check=True,
    )
    return session


def stop(session: str) -> None:
    subprocess.run(tmux(session, "kill-server"), capture_output=True)


@needs_tmux
@needs_command
def test_demo_opens_in_a_real_terminal(tmp_path: Path) -> None:
    session = start_demo(tmp_path)
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
        subprocess.run(tmux(session, "send-keys", "-t", session, "q"), check=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            alive = subprocess.run(tmux(session, "has-session", "-t", session), capture_output=True)
            if alive.returncode != 0:
                break
            time.sleep(0.2)
        else:
            raise AssertionError("q did not quit the app")
        assert (tmp_path / "cache" / "supportdesk" / "demo.sqlite3").exists()
    finally:
        stop(session)


# -- Ctrl+G: the draft in the user's own editor ----------------------------------------------------

GREETING = "Vážená paní Kubelková,"
"""What the app writes to start a reply to Jana Kubelková (a woman, formal)."""


def open_reply(session: str) -> str:
    """Finds Jana Kubelková in the demo, opens her conversation and `r`; returns the screen
    once the draft is loaded and checked."""
    wait_for(session, r"Open queue · [1-9]\d* conversations")
    send(session, "/")
    type_text(session, "Kubelková")
    send(session, "Enter")
    wait_for(session, r"search “Kubelková” · 1 conversation")
    send(session, "Enter")
    # her thread on screen before `r` (a quicker `r` answers the conversation shown before)
    wait_for(session, r"← Jana Kubelková <jana\.kubelkova@")
    send(session, "r")
    return wait_for(session, rf"(?s)Reply to Jana Kubelková.*{GREETING}.*No findings\.")


def editor_script(path: Path, body: str) -> Path:
    """A shell script `path` that an editor variable can name; `body` sees the draft's file as
    "$f" (the last argument, as a real editor gets it) and the others as "$@" minus it."""
    path.write_text(
        '#!/bin/sh\nfor f in "$@"; do :; done\n' + body + "\n",
        encoding="utf-8",
    )
    path.chmod(0o755)
    return path


def notices(screen: str) -> str:
    """The text of the notifications on screen, their wrapped lines joined (a notification is
    drawn with a "▌" at its left)."""
    return " ".join(line.rsplit("▌", 1)[1].strip() for line in screen.splitlines() if "▌" in line)


def editor_area(screen: str) -> str:
    """The reply editor's column: the left part of the lines between the header and the
    attachments line."""
    lines = screen.splitlines()
    return "\n".join(line[:84] for line in lines[1:-2])


@needs_tmux
@needs_command
def test_ctrl_g_opens_the_draft_in_editor_and_the_check_reads_what_came_back(
    tmp_path: Path,
) -> None:
    seen = tmp_path / "seen.txt"
    # A woman greeted as a man, and a line added; first it waits for a key, as an editor does,
    # so the test sees it own the terminal.
    script = editor_script(
        tmp_path / "swap-greeting",
        f'cp "$f" {seen}\n'
        '[ -t 0 ] && [ -t 1 ] && echo "editor has the terminal"\n'
        "read -r answer\n"
        'sed -i "s/Vážená paní/Vážený pane/" "$f"\n'
        'printf "Zásilku lze vyzvednout na výdejním místě.\\n" >> "$f"',
    )
    session = start_demo(tmp_path / "home", EDITOR=str(script), VISUAL=None)
    try:
        open_reply(session)
        send(session, "C-g")
        screen = wait_for(session, r"editor has the terminal")
        assert "Reply to" not in screen  # the app is out of the way while the editor runs
        send(session, "Enter")
        screen = wait_for(session, r"Findings \(2\)")
        assert seen.read_text(encoding="utf-8") == f"{GREETING}\n\n"  # it got the draft
        editor = editor_area(screen)
        assert "Vážený pane Kubelková," in editor, screen
        assert "Zásilku lze vyzvednout na výdejním místě." in editor, screen
        assert "'Vážený' does not fit a woman." in screen and "→ Vážená" in screen
        # the whole screen is the app's again: header, panes and keys, nothing of the editor
        assert screen.splitlines()[0].startswith(" Reply to Jana Kubelková"), screen
        assert "^s Review & send" in screen.splitlines()[-1], screen
        assert "editor has the terminal" not in screen
        # the draft keeps what the editor made of it
        send(session, "Escape")
        send(session, "r")
        screen = wait_for(session, r"(?s)Reply to Jana Kubelková.*Findings \(2\)")
        assert "Zásilku lze vyzvednout na výdejním místě." in editor_area(screen)
    finally:
        stop(session)


@needs_tmux
@needs_command
@pytest.mark.parametrize("failure", ["exits with 3", "does not exist"])
def test_an_editor_that_fails_leaves_the_draft_as_it_was_and_says_why(
    tmp_path: Path, failure: str
) -> None:
    if failure == "exits with 3":
        editor = str(
            editor_script(
                tmp_path / "give-up",
                'printf "half-done edit\\n" >> "$f"\nexit 3',
            )
        )
        message = r"exited with status 3"
    else:
        editor = str(tmp_path / "no-such-editor")
        message = r"Cannot run .*no-such-editor"
    session = start_demo(tmp_path / "home", EDITOR=editor, VISUAL=None)
    try:
        open_reply(session)
        send(session, "C-g")
        screen = wait_for(session, r"▌ .*draft is", timeout=15)
        assert re.search(message, notices(screen)), screen
        assert "the draft is unchanged." in notices(screen), screen
        assert "half-done edit" not in screen
        assert screen.splitlines()[0].startswith(" Reply to Jana Kubelková"), screen
        # the app still takes keys: the agent writes on
        type_text(session, "Děkujeme za trpělivost.")
        screen = wait_for(session, r"Děkujeme za trpělivost\.")
        assert GREETING in editor_area(screen) and "No findings." in screen
    finally:
        stop(session)


@needs_tmux
@needs_command
def test_visual_comes_before_editor_and_may_carry_arguments(tmp_path: Path) -> None:
    with_flag = editor_script(
        tmp_path / "with-flag",
        '[ "$1" = "--flag" ] && [ "$2" = "two words" ] && '
        'printf "VISUAL ran with its arguments\\n" >> "$f"',
    )
    other = editor_script(tmp_path / "other", 'printf "EDITOR ran instead\\n" >> "$f"')
    session = start_demo(
        tmp_path / "home", VISUAL=f"sh {with_flag} --flag 'two words'", EDITOR=str(other)
    )
    try:
        open_reply(session)
        send(session, "C-g")
        screen = wait_for(session, r"VISUAL ran with its arguments|EDITOR ran instead", 15)
        assert "VISUAL ran with its arguments" in editor_area(screen), screen
        assert "EDITOR ran instead" not in screen
    finally:
        stop(session)
