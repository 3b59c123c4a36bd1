"""Hostile mail (issue 9) through the real server and the real app: nothing a stranger writes
reaches the terminal as a control sequence, no attachment lands outside the chosen folder,
nothing is fetched, big mails stay quick to open, and a reply cannot be made to carry extra
headers or recipients.

The corpus (tests/reliability/hostile_corpus.py, tests/fixtures/hostile/README.md) is appended
to a private Dovecot user once per module and synced with the app's own sync into a cache that
each test copies. Remote content in the HTML mails points at a loopback HTTP server that
counts every request (`Trap`). Figures go to the reliability ledger ("hostile input").
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import sys
import termios
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from supportdesk_tui.config import Config, ImapAccount, SmtpSettings
from supportdesk_tui.filenames import MAX_BYTES
from supportdesk_tui.imapsync import sync_accounts
from supportdesk_tui.mime import parse_body
from supportdesk_tui.services import Services
from supportdesk_tui.store import Store
from supportdesk_tui.ui.app import SupportDeskApp, build_app
from supportdesk_tui.ui.screens.compose_screen import ComposeScreen
from supportdesk_tui.ui.widgets.queue_pane import QueuePane
from supportdesk_tui.ui.widgets.thread_pane import ThreadPane
from tests.connectors.imap_helpers import connector
from tests.imapserver import Dovecot, MailUser
from tests.reliability import hostile_corpus as corpus
from tests.reliability import ledger
from tests.smtpserver import SmtpPeer
from tests.ui.conftest import SIZE, Clock
from tests.ui.test_live_sync import wait_until

pytestmark = [pytest.mark.reliability, pytest.mark.imap]

AREA = "hostile input"
OPEN_BOUND = 5.0
"""Seconds an open or a key may take here (2 shared cores, other tests running); the figures
are printed and recorded, the real targets are bench territory."""

# What must never be on screen: C0 (but newline) and C1 controls, DEL, bidi controls, the
# zero-width and invisible characters names can hide behind, tag characters.
_UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b-\u200f\u2060-\u2064\ufeff"
    "\u061c\u00ad\u180e\U000e0000-\U000e007f]"
)


class Trap:
    """A loopback HTTP server that remote content in the HTML mails points at."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        trap = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                trap.requests.append(f"{self.command} {self.path}")
                self.send_response(204)
                self.end_headers()

            do_POST = do_HEAD = do_GET  # noqa: N815

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.address = f"127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Trap:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Corpus:
    mails: list[corpus.Hostile]
    user: MailUser
    cache: Path
    trap: Trap
    sync_seconds: float
    opened: dict[str, float] = field(default_factory=dict)

    def by_name(self, name: str) -> corpus.Hostile:
        return next(m for m in self.mails if m.name == name)


@pytest.fixture(scope="module")
def synced(dovecot: Dovecot, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    """The whole corpus on the server, synced by the app's sync into a cache."""
    with Trap() as trap:
        small = corpus.load(trap.address)
        mails = small + corpus.big(len(small), trap.address)
        positions = corpus.POSITIONS if ledger.SOAK else corpus.DEFAULT_POSITIONS
        mails += corpus.matrix(len(mails), positions)
        user = dovecot.new_user("hostile")
        stored = dovecot.load(user.name, (("INBOX", (m.raw, (), None)) for m in mails))
        assert stored["INBOX"] == len(mails)
        cache = tmp_path_factory.mktemp("hostile") / "cache.sqlite3"

        async def sync() -> float:
            store = await Store.open(cache)
            try:
                began = time.monotonic()
                summary = await sync_accounts(store, [connector(dovecot, user)], lambda: False)
                seconds = time.monotonic() - began
                assert [a.error for a in summary.accounts if a.error] == []
                assert summary.new_messages == len(mails)
                return seconds
            finally:
                await store.close()

        with ledger.timed(AREA):
            seconds = asyncio.run(sync())
        print(f"hostile corpus: {len(mails)} mails synced in {seconds:.1f} s")
        yield Corpus(mails, user, cache, trap, seconds)
        assert trap.requests == [], "remote content was fetched"


@pytest.fixture
def no_fetch(synced: Corpus) -> Iterator[None]:
    """Fails the test if anything reached the trap while it ran."""
    before = len(synced.trap.requests)
    yield
    fetched = synced.trap.requests[before:]
    ledger.count(AREA, fetches=len(fetched))
    assert fetched == [], f"the app fetched remote content: {fetched}"


def app_on(synced: Corpus, dovecot: Dovecot, tmp_path: Path) -> SupportDeskApp:
    """The app on a copy of the synced cache, still connected to the server (it syncs and
    idles as it would for an agent)."""
    cache = tmp_path / "cache.sqlite3"
    shutil.copy(synced.cache, cache)
    services = Services(
        store_path=str(cache), agent_id="eva", clock=Clock(),
        connectors=[connector(dovecot, synced.user)], our_addresses=frozenset({corpus.SHOP}),
    )  # fmt: skip
    return build_app(Config(), services=services)


def screen_text(app: SupportDeskApp) -> str:
    """What the terminal shows now, line by line, as the compositor draws it."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def thread_text(app: SupportDeskApp) -> str:
    return str(app.screen.query_one("#thread-text", Static).render())


def unsafe(text: str) -> list[str]:
    return sorted({f"U+{ord(c):04X}" for c in _UNSAFE.findall(text)})


async def open_next(app: SupportDeskApp, pilot: Pilot[None], row: int) -> None:
    queue = app.screen.query_one(QueuePane)
    queue.focus()
    while queue.cursor < row:
        await pilot.press("j")
    await pilot.press("enter")


async def name_at(app: SupportDeskApp, pilot: Pilot[None], row: int) -> str:
    """Moves the queue's cursor to `row` (its page loads as it comes into view) and returns
    the name of the corpus mail there, from the marker in its preview."""
    queue = app.screen.query_one(QueuePane)
    queue.focus()
    while queue.cursor < row:
        await pilot.press("j")
    await wait_until(lambda: queue.row_at(row) is not None, 10)
    current = queue.row_at(row)
    marked = re.search(r"BODYMARK-(\w+)", current.preview if current else "")
    assert marked is not None, current
    return marked.group(1)


async def shown(app: SupportDeskApp, pilot: Pilot[None], timeout: float = 60) -> str:
    """Waits until the thread pane shows the opened conversation; returns its text."""
    queue = app.screen.query_one(QueuePane)
    row = queue.row_at(queue.cursor)
    assert row is not None
    pane = app.screen.query_one(ThreadPane)
    await wait_until(
        lambda: (
            pane.detail is not None
            and pane.detail.conversation.id == row.conversation_id
            and not any(m.body_pending for m in pane.detail.messages)
        ),
        timeout,
    )
    await pilot.pause()
    return thread_text(app)


# -- (1) every mail opened in the app: what is on screen ---------------------------------------


async def test_every_hostile_mail_is_shown_as_safe_text(
    synced: Corpus, dovecot: Dovecot, tmp_path: Path, no_fetch: None
) -> None:
    app = app_on(synced, dovecot, tmp_path)
    markers = {m.marker: m.name for m in synced.mails}
    seen: set[str] = set()
    with ledger.timed(AREA):
        async with app.run_test(size=SIZE) as pilot:
            queue = app.screen.query_one(QueuePane)
            await wait_until(lambda: queue.total == len(synced.mails), 30)
            for row in range(len(synced.mails)):
                began = time.monotonic()
                await open_next(app, pilot, row)
                text = await shown(app, pilot)
                took = time.monotonic() - began
                found = [name for marker, name in markers.items() if marker in text]
                assert len(found) == 1, f"row {row}: {found}"
                name = found[0]
                synced.opened[name] = took
                screen = screen_text(app)
                assert unsafe(screen) == [], f"{name}: on screen {unsafe(screen)}"
                assert unsafe(text) == [], f"{name}: in the thread {unsafe(text)}"
                check_literal(name, text, screen)
                seen.add(name)
            ledger.count(AREA, crashes=0 if app.is_running else 1)
            assert app.is_running
    assert seen == set(markers.values())
    worst = max(synced.opened, key=synced.opened.__getitem__)
    print(f"opened {len(seen)} hostile mails; slowest {worst} {synced.opened[worst]:.2f} s")
    assert synced.opened[worst] < OPEN_BOUND * 3  # the bounds of the big ones are below
    ledger.count(AREA, inputs_tried=len(seen))


def check_literal(name: str, thread: str, screen: str) -> None:
    """Markup shows as the characters the stranger typed, names lose their hidden tricks."""
    if name == "rich_markup":
        assert "[bold red]URGENT[/bold red]" in thread
        assert "[@click=app.quit]Quit[/]" in thread and ":warning: :skull:" in thread
        assert "[red]invoice[/red].pdf" in thread and "[reverse]Support Team[/reverse]" in thread
    elif name.startswith("m_rich_markup"):
        assert "[bold red]HX-RICH[/]" in thread and "[@click=app.quit]q[/]" in thread, name
    elif name == "zero_width_names":
        assert "← Support Team <zero-width-names@evil.example>" in thread
        assert "Support Team" in screen and "Password reset required now" in thread
        assert "invoice.pdf" in thread
    elif name == "bidi_overrides":
        assert "tpeD ecnaniF" in thread  # the real order of the letters, not the disguise
        assert "invoicefdp.exe" in thread
    elif name == "ansi_csi":
        assert thread.startswith("RED order question")
    elif name == "c0_overwrite":
        assert "Total: 100 EUR\nTotal: 1 EUR" in thread  # both lines, neither overwritten


# -- (2) the raw bytes the app writes to a real terminal ----------------------------------------

EXECUTABLE = Path(sys.executable).with_name("supportdesk")
TEXTUAL_SEQUENCES = re.compile(
    rb"\x1b\[[0-9;]*[mH]"  # colours and styles, cursor position
    rb"|\x1b\[\?[0-9]+[hl]"  # private modes: alternate screen, mouse, cursor, paste, focus
    rb"|\x1b\[\?[0-9]+\$p"  # asks whether synchronized output is supported
    rb"|\x1b\[>[0-9]+u|\x1b\[<u"  # kitty keyboard protocol on and off
    rb"|\x1b\]22;[a-z-]*\x07"  # pointer shape
)
"""Every escape sequence Textual 8.2 writes while this app starts, shows threads, scrolls and
quits (taken from a capture of `supportdesk --demo` in a pty). Anything else is an escape."""
_ESCAPE = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.)", re.DOTALL)


def foreign_sequences(output: bytes) -> list[bytes]:
    """Escape sequences in `output` that Textual does not write, and stray control bytes."""
    found = [m.group(0) for m in _ESCAPE.finditer(output)]
    foreign = [seq for seq in found if not TEXTUAL_SEQUENCES.fullmatch(seq)]
    rest = _ESCAPE.sub(b"", output).replace(b"\r\n", b"\n")
    foreign += [bytes([b]) for b in rest if b < 0x20 and b != 0x0A or b == 0x7F]
    text = rest.decode("utf-8", errors="replace")
    foreign += [c.encode() for c in _UNSAFE.findall(text)]
    return foreign


def payload_hits(output: bytes) -> list[tuple[str, bytes]]:
    return [
        (payload.name, sequence)
        for payload in corpus.PAYLOADS
        for sequence in payload.forbidden
        if sequence in output
    ]


def test_every_payload_would_be_counted_if_it_reached_the_terminal() -> None:
    """The terminal check means something: each payload written as it is would be counted,
    as a sequence Textual never writes or as one of its own forbidden sequences."""
    for payload in corpus.PAYLOADS:
        if payload.name != "rich_markup":  # no escapes: it is checked on screen instead
            raw = payload.text.encode()
            assert foreign_sequences(raw) or payload_hits(raw), payload.name


class Terminal:
    """`supportdesk` in a pseudo-terminal: every byte it writes is kept."""

    def __init__(self, argv: list[str], env: dict[str, str], rows: int = 40, cols: int = 140):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the app
            os.execve(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.output = bytearray()

    def read(self, quiet: float = 0.4, limit: float = 20.0) -> bool:
        """Reads until nothing came for `quiet` seconds (or `limit`); False once it ended."""
        deadline = time.monotonic() + limit
        last = time.monotonic()
        while time.monotonic() < deadline and time.monotonic() - last < quiet:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return False
            if not data:
                return False
            self.output.extend(data)
            last = time.monotonic()
        return True

    def wait_for(self, needle: bytes, limit: float = 60.0, since: int = 0) -> bool:
        """Reads until `needle` comes (after `since` bytes); False if it did not in time."""
        deadline = time.monotonic() + limit
        while self.output.find(needle, since) < 0:
            if time.monotonic() > deadline or not self.read(0.2, 1.0):
                return False
        return True

    def press(self, key: bytes, quiet: float = 0.4) -> None:
        os.write(self.fd, key)
        self.read(quiet)

    def close(self) -> int:
        os.write(self.fd, b"q")
        deadline = time.monotonic() + 30  # a clean quit takes 2-3 s here, alone
        while time.monotonic() < deadline and self.read(0.2, 1.0):
            pass
        pid, status = os.waitpid(self.pid, os.WNOHANG)
        if pid == 0:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            return -1
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def config_file(path: Path, dovecot: Dovecot, user: MailUser, cache: Path) -> Path:
    path.write_text(
        f"""
[agent]
id = "eva"
name = "Eva"
email = "{corpus.SHOP}"

[cache]
path = "{cache}"

[[accounts]]
kind = "imap"
name = "shop"
host = "{dovecot.host}"
port = {dovecot.imaps_port}
user = "{user.name}"
ca_file = "{dovecot.ca_file}"
our_addresses = ["{corpus.SHOP}"]
password_command = ["printf", "%s", "{dovecot.passwords[user.name]}"]
""",
        encoding="utf-8",
    )
    return path


def sandbox_env(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TMUX", "TEXTUAL", "PYTEST", "COLUMNS", "LINES"))
    }
    env.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_STATE_HOME=str(home / ".local/state"),
        TERM="xterm-256color",
        COLORTERM="truecolor",
    )
    return env


@pytest.mark.skipif(not EXECUTABLE.exists(), reason="the supportdesk command is not installed")
def test_no_escape_from_a_hostile_mail_reaches_a_real_terminal(
    synced: Corpus, dovecot: Dovecot, tmp_path: Path, no_fetch: None
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    cache = tmp_path / "cache.sqlite3"
    shutil.copy(synced.cache, cache)
    config = config_file(tmp_path / "config.toml", dovecot, synced.user, cache)
    argv = [str(EXECUTABLE), "--config", str(config)]
    # The checked-in and the big mails; with --soak every payload in every position too
    # (about 1.5 s a mail here). The queue lists them in this order (oldest first).
    mails = (
        synced.mails if ledger.SOAK else [m for m in synced.mails if not m.name.startswith("m_")]
    )
    with ledger.timed(AREA):
        terminal = Terminal(argv, sandbox_env(home))
        try:
            assert terminal.wait_for(b"synced", 60), bytes(terminal.output[-500:])
            terminal.read(1.0)
            for _ in mails:
                start = len(terminal.output)
                terminal.press(b"\r", quiet=0.3)  # open: the thread gets the focus
                terminal.wait_for(b"BODYMARK-", 8, since=start)  # the thread is drawn
                terminal.press(b"G")  # its end, then back to the queue and down
                terminal.press(b"\x1b", quiet=0.3)
                terminal.press(b"j", quiet=0.2)
            # The keys were typed ahead: on a busy machine the app works through them late
            # (never losing one), so q waits until it has been quiet for 2 s.
            terminal.read(2.0, limit=60.0)
            shown = bytes(terminal.output)
        finally:
            status = terminal.close()
    foreign = foreign_sequences(shown)
    hits = payload_hits(shown)
    ledger.count(AREA, escapes=len(foreign) + len(hits), crashes=0 if status == 0 else 1)
    ledger.count(AREA, terminal_bytes_checked=len(shown))
    assert foreign == [], f"{len(foreign)} foreign sequences, e.g. {foreign[:10]}"
    assert hits == []
    assert status == 0, f"the app ended with {status}: {bytes(terminal.output[-2000:])!r}"
    missing = [m.name for m in mails if m.marker.encode() not in shown]
    assert missing == [], f"never drawn: {missing}"
    ledger.count(AREA, terminal_mails_shown=len(mails))
    print(f"terminal: {len(shown)} bytes written, {len(mails)} mails shown, 0 escapes")


# -- (3) saving every attachment --------------------------------------------------------------


def tree(root: Path) -> dict[str, tuple[int, float]]:
    """Every path under `root` with its size and mtime (a folder's only counts if new)."""
    found = {}
    for path in root.rglob("*"):
        stat = path.lstat()
        is_folder = path.is_dir() and not path.is_symlink()
        found[str(path.relative_to(root))] = (
            (-1, 0.0) if is_folder else (stat.st_size, stat.st_mtime)
        )
    return found


_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|conin\$|conout\$|com[0-9]|lpt[0-9])(\..*)?")


def unsafe_name(name: str) -> str | None:
    if name.startswith(".") or "/" in name or "\\" in name:
        return "hidden or a path"
    if _RESERVED.fullmatch(name) or len(name.encode()) > MAX_BYTES:
        return "reserved or too long"
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in name) or unsafe(name):
        return "control or invisible characters"
    return None


async def test_attachments_are_saved_only_inside_the_chosen_folder(
    synced: Corpus,
    dovecot: Dovecot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_fetch: None,
) -> None:
    sandbox = tmp_path / "sandbox"
    home = sandbox / "home"
    (home / ".ssh").mkdir(parents=True)
    for name in (".bashrc", ".profile", ".ssh/authorized_keys"):
        (home / name).write_text("original\n")
    work = sandbox / "cwd"
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))  # the prompt offers ~/Downloads; ~ tricks land here
    for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):  # the app's own files
        monkeypatch.setenv(name, str(tmp_path / "xdg" / name))
    monkeypatch.chdir(work)
    folder = home / "Downloads"
    app = app_on(synced, dovecot, tmp_path)
    attached = {m.name for m in synced.mails if parse_body(m.raw).attachments}
    before = tree(sandbox)
    expected = 0
    with ledger.timed(AREA):
        async with app.run_test(size=SIZE) as pilot:
            queue = app.screen.query_one(QueuePane)
            await wait_until(lambda: queue.total == len(synced.mails), 30)
            for row in range(len(synced.mails)):
                if await name_at(app, pilot, row) not in attached:
                    continue  # only the mails with files are opened (it is quicker)
                await pilot.press("enter")
                await shown(app, pilot)
                detail = app.screen.query_one(ThreadPane).detail
                assert detail is not None
                count = sum(len(m.attachments) for m in detail.messages)
                if not count:
                    continue
                await pilot.press("A", *"all", "enter")
                await wait_until(lambda: app.screen.query("#prompt-input"), 10)
                prompt = app.screen.query_one("#prompt-input")
                assert prompt.value == str(folder)  # type: ignore[attr-defined]
                await pilot.press("enter")
                expected += count
                await wait_until(lambda: len(list(folder.iterdir())) == expected, 30)  # noqa: B023
            assert app.is_running
    after = tree(sandbox)
    changed = sorted(p for p in after if before.get(p) != after[p])
    outside = [p for p in changed if not p.startswith("home/Downloads/") and p != "home/Downloads"]
    saved = sorted(p.name for p in folder.iterdir())
    bad = {name: why for name in saved if (why := unsafe_name(name))}
    ledger.count(AREA, files_outside=len(outside), attachments_saved=len(saved))
    assert outside == [], outside
    assert all((home / n).read_text() == "original\n" for n in (".bashrc", ".profile"))
    assert len(saved) == expected and bad == {}, bad
    assert all(p.is_file() and not p.is_symlink() for p in folder.iterdir())
    print(f"saved {len(saved)} attachments, none outside {folder}")


# -- (4) responsiveness with the big mails in the queue -----------------------------------------

BIG_NAMES = ("big_body_10mb", "parts_10000", "nesting_1000", "html_nesting_100k", "header_flood")


async def test_big_mails_open_and_answer_keys_quickly(
    synced: Corpus, dovecot: Dovecot, tmp_path: Path, no_fetch: None
) -> None:
    app = app_on(synced, dovecot, tmp_path)
    names = {m.marker: m.name for m in synced.mails}
    figures: dict[str, tuple[float, float]] = {}
    with ledger.timed(AREA):
        async with app.run_test(size=SIZE) as pilot:
            queue = app.screen.query_one(QueuePane)
            await wait_until(lambda: queue.total == len(synced.mails), 30)
            for row in range(len(synced.mails)):
                mail = synced.by_name(await name_at(app, pilot, row))
                if mail.name not in BIG_NAMES:
                    continue
                began = time.monotonic()
                await pilot.press("enter")
                text = await shown(app, pilot)
                opened = time.monotonic() - began
                assert names.get(mail.marker) and mail.marker in text
                pane = app.screen.query_one(ThreadPane)
                began = time.monotonic()
                await pilot.press("o")  # quotes unfolded: the whole thread drawn again
                await pilot.pause()
                key = time.monotonic() - began
                await pilot.press("o", "G")  # and the end of it reached (scrolling animates)
                await wait_until(lambda: pane.scroll_y >= pane.max_scroll_y, OPEN_BOUND)  # noqa: B023
                await pilot.press("g")
                await wait_until(lambda: pane.scroll_y == 0, OPEN_BOUND)  # noqa: B023
                figures[mail.name] = (opened, key)
                print(f"{mail.name}: open {opened:.2f} s, key {key * 1000:.0f} ms")
            assert app.is_running
    assert set(figures) == set(BIG_NAMES)
    for name, (opened, key) in figures.items():
        assert opened < OPEN_BOUND and key < OPEN_BOUND, (name, opened, key)
    # The slowest of the big ones (each is printed above).
    ledger.count(
        AREA,
        big_open_ms_max=round(max(opened for opened, _ in figures.values()) * 1000),
        big_key_ms_max=round(max(key for _, key in figures.values()) * 1000),
    )


# -- (6) a reply to a mail whose sender name and subject carry CR/LF and headers ------------------


async def test_a_reply_carries_no_injected_header_or_recipient(
    synced: Corpus,
    dovecot: Dovecot,
    start_smtp_peer: Callable[..., SmtpPeer],
    tmp_path: Path,
    no_fetch: None,
) -> None:
    mail = synced.by_name("header_injection")
    shop = dovecot.new_user("hostile-reply")
    # The customer and the addresses the mail tries to slip in all exist: an injected
    # recipient would be delivered (and recorded), not refused.
    for local in ("header-injection", "hx-victim", "hx-victim2", "hx-victim3"):
        if local not in dovecot.passwords:
            dovecot.create_user(local, "unused-password")
    dovecot.append(shop.name, "INBOX", mail.raw)
    dovecot.create_folder(shop.name, "Sent")
    peer = start_smtp_peer(tls="starttls")
    imap = ImapAccount(
        name="shop", host=dovecot.host, port=dovecot.imaps_port, user=shop.name,
        ca_file=dovecot.ca_file, our_addresses=[corpus.SHOP], folders=["INBOX", "Sent"],
        password_command=["printf", "%s", shop.password],
        smtp=SmtpSettings(
            host=peer.host, port=peer.port, tls="starttls", user=peer.user,
            password_command=["printf", "%s", peer.password], ca_file=peer.ca_file,
        ),
    )  # fmt: skip
    config = Config.model_validate(
        {
            "accounts": [imap.model_dump()],
            "agent": {"id": "eva", "name": "Eva Horáková"},
            "cache": {"path": str(tmp_path / "cache.sqlite3")},
            "compose": {"undo_seconds": 0},
        }
    )
    app = build_app(config, services=Services.from_config(config))
    with ledger.timed(AREA):
        async with app.run_test(size=SIZE) as pilot:
            queue = app.screen.query_one(QueuePane)
            await wait_until(lambda: queue.total == 1, timeout=30)
            queue.focus()
            await pilot.press("enter")
            await shown(app, pilot)
            await pilot.press("r")
            await wait_until(lambda: isinstance(app.screen, ComposeScreen), 10)
            await pilot.pause(0.5)
            await pilot.press(*"Thanks", "ctrl+s")
            await pilot.pause(0.8)
            await pilot.press("ctrl+s")
            await wait_until(lambda: len(peer.accepted) == 1, timeout=30)
    [sent] = peer.accepted
    message = email.message_from_bytes(sent.data, policy=email.policy.default)
    names = [name.lower() for name in message]
    injected = [n for n in names if n in ("bcc", "x-injected")] + [
        a for a in sent.recipients if a != "header-injection@evil.example"
    ]
    ledger.count(AREA, injected_headers=len(injected))
    assert sent.recipients == ("header-injection@evil.example",)
    assert injected == [] and names.count("to") == 1 and names.count("subject") == 1
    assert "\n" not in str(message["Subject"]) and "\r" not in str(message["Subject"])
    assert str(message["Subject"]).strip().startswith("Re: Order 1234 Bcc: hx-victim@evil.example")
    [to] = message["To"].addresses
    assert to.addr_spec == "header-injection@evil.example"
    body = message.get_body(("plain",))
    assert body is not None and "injected body" not in body.get_content()
    ledger.count(AREA, replies_checked=1)
