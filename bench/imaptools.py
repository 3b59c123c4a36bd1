"""The sync tools the IMAP bench runs side by side: mbsync, offlineimap and ours.

Each gets a private config in its own directory, talks IMAPS to the bench's Dovecot
with the bench CA, and can count what it holds afterwards.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from tests.imapserver import Dovecot, MailUser, descendants

FOLDERS = ("INBOX", "Sent")
REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_rss_mb: float
    """The largest single process (GNU time's %M)."""
    peak_tree_mb: float
    """The whole process tree (worker processes included), sampled every 100 ms."""
    returncode: int
    stderr_tail: str
    stdout: str = ""
    started_at: float = 0.0
    """Wall clock (time.time()) when the process was started."""


class Tool(Protocol):
    name: str
    dir: Path

    def available(self) -> str | None:
        """None when it can run, else why not."""

    def argv(self) -> list[str]: ...

    def count_local(self) -> int: ...


GNU_TIME = Path("/usr/bin/time")


def run_child(argv: list[str], cwd: Path) -> Run:
    """Run to completion; wall time and the tool's own peak RSS.

    The peak comes from GNU time (package `time`): a child forked from this Python process
    would report this process's RSS as its own peak, since Linux counts the pre-exec copy.
    """
    rss_file = cwd / "maxrss"
    rss_file.unlink(missing_ok=True)
    if GNU_TIME.exists():
        argv = [str(GNU_TIME), "-f", "%M", "-o", str(rss_file), *argv]
    start, started_at = time.perf_counter(), time.time()
    err_path, out_path = cwd / "stderr.log", cwd / "stdout.log"
    with err_path.open("wb") as err, out_path.open("wb") as out:
        process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        sampler.done.set()
        sampler.join()
    seconds = time.perf_counter() - start
    returncode = os.waitstatus_to_exitcode(status)
    peak_kb = _last_int(rss_file) if rss_file.exists() else usage.ru_maxrss
    tail = err_path.read_text(errors="replace").strip().splitlines()[-5:]
    stdout = out_path.read_text(errors="replace")
    return Run(seconds, peak_kb / 1024, sampler.peak_kb / 1024, returncode, "\n".join(tail), stdout,
               started_at)  # fmt: skip


class TreeSampler(threading.Thread):
    """Peak of the summed RSS of every process below `pid`."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):  # a /proc walk each time: 20 ms cost 40% of a core
            total = sum(_rss_kb(pid) for pid in descendants(self.pid))
            self.peak_kb = max(self.peak_kb, total)


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) if match else 0


def _last_int(path: Path) -> int:
    """GNU time writes 'Command exited with non-zero status N' above the figure on failure."""
    return int(path.read_text().split()[-1])


def count_maildir(root: Path) -> int:
    return sum(1 for sub in ("cur", "new") if (root / sub).is_dir() for _ in os.scandir(root / sub))


class Mbsync:
    name = "mbsync (isync)"

    def __init__(self, server: Dovecot, user: MailUser, workdir: Path) -> None:
        self.dir = workdir
        self.mail = workdir / "mail"
        self.mail.mkdir(parents=True, exist_ok=True)
        self.rc = workdir / "mbsyncrc"
        self.rc.write_text(
            f"IMAPAccount bench\nHost {server.host}\nPort {server.imaps_port}\n"
            f"User {user.name}\nPass {user.password}\nSSLType IMAPS\n"
            f"CertificateFile {server.ca_file}\n\n"
            "IMAPStore remote\nAccount bench\n\n"
            f"MaildirStore local\nPath {self.mail}/\nInbox {self.mail}/INBOX\n"
            "SubFolders Verbatim\n\n"
            "Channel bench\nFar :remote:\nNear :local:\nPatterns INBOX Sent\n"
            "Create Near\nSync Pull\nSyncState *\n"
        )
        self.rc.chmod(0o600)

    def available(self) -> str | None:
        return None if shutil.which("mbsync") else "apt-get install isync"

    def argv(self) -> list[str]:
        return ["mbsync", "-q", "-c", str(self.rc), "bench"]

    def count_local(self) -> int:
        return sum(count_maildir(self.mail / folder) for folder in FOLDERS)


class Offlineimap:
    name = "offlineimap3"

    def __init__(self, server: Dovecot, user: MailUser, workdir: Path) -> None:
        self.dir = workdir
        self.mail = workdir / "mail"
        self.mail.mkdir(parents=True, exist_ok=True)
        self.rc = workdir / "offlineimaprc"
        folders = ", ".join(repr(f) for f in FOLDERS)
        self.rc.write_text(
            f"[general]\naccounts = bench\nmetadata = {workdir / 'meta'}\n\n"
            "[Account bench]\nlocalrepository = local\nremoterepository = remote\n\n"
            f"[Repository local]\ntype = Maildir\nlocalfolders = {self.mail}\n\n"
            f"[Repository remote]\ntype = IMAP\nremotehost = {server.host}\n"
            f"remoteport = {server.imaps_port}\nremoteuser = {user.name}\n"
            f"remotepass = {user.password}\nssl = yes\nsslcacertfile = {server.ca_file}\n"
            f"folderfilter = lambda name: name in [{folders}]\nreadonly = True\n"
        )
        self.rc.chmod(0o600)

    def available(self) -> str | None:
        return None if shutil.which("offlineimap") else "apt-get install offlineimap3"

    def argv(self) -> list[str]:
        return ["offlineimap", "-c", str(self.rc), "-o", "-u", "quiet"]

    def count_local(self) -> int:
        return sum(count_maildir(self.mail / folder) for folder in FOLDERS)


class Ours:
    name = "supportdesk sync"

    def __init__(self, server: Dovecot, user: MailUser, workdir: Path) -> None:
        self.dir = workdir
        workdir.mkdir(parents=True, exist_ok=True)
        self.cache = workdir / "cache.sqlite3"
        password = workdir / "password"
        password.write_text(user.password)
        password.chmod(0o600)
        self.config = workdir / "config.toml"
        self.config.write_text(
            '[agent]\nemail = "support@shop.example"\n\n'
            f'[[accounts]]\nkind = "imap"\nname = "bench"\nhost = "{server.host}"\n'
            f'port = {server.imaps_port}\ntls = "implicit"\nuser = "{user.name}"\n'
            'folders = ["INBOX", "Sent"]\nour_addresses = ["support@shop.example"]\n'
            f'ca_file = "{server.ca_file}"\npassword_command = ["cat", "{password}"]\n'
        )

    def available(self) -> str | None:
        try:
            import supportdesk_tui.imapsync  # noqa: F401
        except ImportError:
            return "supportdesk_tui.imapsync not there yet"
        return None

    def argv(self) -> list[str]:
        return [
            sys.executable, "-m", "supportdesk_tui",
            "--config", str(self.config), "--cache", str(self.cache), "sync", "--stats",
        ]  # fmt: skip

    def count_local(self) -> int:
        """Mail messages in the cache (read-only; the bench is not the app)."""
        if not self.cache.exists():
            return 0
        uri = f"file:{self.cache}?mode=ro"
        with sqlite3.connect(uri, uri=True) as db:
            row = db.execute("SELECT count(*) FROM message WHERE channel = 'email'").fetchone()
        return int(row[0])
