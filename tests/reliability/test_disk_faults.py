"""Disk faults (issue 9): a cache damaged while closed, and a disk that fills during a write.

What a user must see each time: a clear message with what to do, never a traceback; nothing
they wrote lost (drafts, notes, the outbox, triage: kept, carried into the rebuilt cache or
exported beside the moved file); a way to rebuild the cache from the servers; and after a
full disk has room again, everything works without a restart. Damage is done by
tests/reliability/diskkit.py; the full disk is SQLite's max_page_count (see there).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from supportdesk_tui.config import Config
from supportdesk_tui.domain.models import Direction, Status
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.errors import DiskFull
from supportdesk_tui.services import EVERYTHING, Services
from supportdesk_tui.store import Store
from supportdesk_tui.store.salvage import salvage
from supportdesk_tui.ui.app import SupportDeskApp, build_app
from supportdesk_tui.ui.screens import compose_screen
from supportdesk_tui.ui.screens.cache_problem_screen import CacheProblemScreen
from supportdesk_tui.ui.screens.compose_screen import ComposeScreen
from supportdesk_tui.ui.screens.error_screen import ErrorScreen
from supportdesk_tui.ui.screens.prompt_screen import PromptScreen
from supportdesk_tui.ui.screens.review_screen import ReviewScreen
from supportdesk_tui.ui.widgets.queue_pane import QueuePane
from supportdesk_tui.ui.widgets.reply_editor import ReplyEditor
from tests.connectors.imap_helpers import mail
from tests.connectors.test_sync_command import config as imap_config
from tests.imapserver import Dovecot, MailUser
from tests.reliability import ledger
from tests.reliability.diskkit import (
    DAMAGE,
    deleted,
    fill_disk,
    free_space,
    header_overwritten,
    integrity,
    message_pages_overwritten,
    truncated,
    vacuum,
)
from tests.ui.conftest import NOW, SIZE, Clock
from tests.ui.test_compose import open_reply_to
from tests.ui.test_inbox import settle, thread_text

pytestmark = pytest.mark.reliability

AREA = "disk faults"
MakeApp = Callable[..., SupportDeskApp]

DRAFT = "Dobrý den, paní Kubelková,\n\nzásilka odešla znovu, tentokrát doporučeně."
NOTE = "Volala zákaznice: chce peníze zpět na účet, ne poukaz."
# Long enough to need a page of its own: a write of it needs the disk to grow.
LONG = ("Vážená paní Kubelková, omlouváme se za zpoždění zásilky. " * 120).strip()
BODY = "zásilka je na cestě. " * 300


def notices(app: SupportDeskApp) -> str:
    return "\n".join(n.message for n in app._notifications)


def no_traceback(app: SupportDeskApp) -> None:
    assert not any(isinstance(s, ErrorScreen) for s in app.screen_stack), "a traceback screen"


async def write_agent_things(path: Path) -> list[str]:
    """A draft, a note and a resolved, assigned, tagged conversation in the demo cache; the
    three conversation ids."""
    store = await Store.open(path)
    try:
        rows = await store.list_queue(EVERYTHING, NOW, 0, 3)
        ids = [row.conversation_id for row in rows]
        await store.save_draft(ids[0], DRAFT, NOW)
        await store.add_note(ids[1], "Eva", NOTE, NOW)
        await store.set_status([ids[2]], Status.RESOLVED, NOW)
        await store.assign([ids[2]], "eva")
        await store.add_tag([ids[2]], "vrátit")
    finally:
        await store.close()
    return ids


# -- 1. a cache damaged while the app was closed -----------------------------------------------


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda d: d.__name__)
async def test_a_damaged_cache_gives_a_way_out_in_the_app(
    make_app: MakeApp, cache_file: Path, damage: Callable[[Path], None]
) -> None:
    with ledger.timed(AREA):
        await write_agent_things(cache_file)
        damage(cache_file)
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            if isinstance(app.screen, CacheProblemScreen):
                assert "supportdesk --reset-cache" in app.screen.problem
                await pilot.press("m")
                await settle(app, pilot)
                assert app.store is not None, "a fresh cache opens after moving the old aside"
                said = notices(app)
                assert "The old cache was kept as" in said
                moved = next(cache_file.parent.glob("cache.sqlite3.corrupt-*[0-9]"))
                assert str(moved) in said
                exported = list(cache_file.parent.glob("*.salvaged.json"))
                if damage in (header_overwritten, message_pages_overwritten):
                    # the pages of the drafts were not hit: the draft is in the record
                    [record] = exported
                    assert str(record) in said
                    drafts = json.loads(record.read_text(encoding="utf-8"))["drafts"]
                    assert DRAFT in [d["body"] for d in drafts]
            else:
                # the damage did not stop the cache opening: reading through it either works
                # or says what is wrong (a notification), never a traceback
                for key in ("enter", "j", "enter", "G", "enter"):
                    await pilot.press(key)
                    await settle(app, pilot, rounds=1)
            no_traceback(app)
    ledger.count(AREA, faults_injected=1, faults_survived=1)


def demo_app(cache_file: Path, clock: Clock) -> SupportDeskApp:
    """The app on a demo cache (no server: its conversations come from the bundled data)."""
    services = Services(
        store_path=str(cache_file), agent_id="eva", agent_name="Eva", clock=clock, demo=True
    )
    return build_app(Config(), services=services)


async def test_a_damaged_demo_cache_rebuilt_with_m_has_the_agents_work_back(
    cache_file: Path, clock: Clock
) -> None:
    """The demo has no server to sync from: its conversations come back from the bundled
    data, and what was salvaged from the damaged demo cache must go into them at once."""

    with ledger.timed(AREA):
        ids = await write_agent_things(cache_file)
        header_overwritten(cache_file)
        app = demo_app(cache_file, clock)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert isinstance(app.screen, CacheProblemScreen)
            await pilot.press("m")
            await settle(app, pilot)
            back = app.store
            assert back is not None, notices(app)
            draft = await back.draft(ids[0])
            assert draft is not None and draft.body == DRAFT
            noted = await back.conversation_detail(ids[1])
            assert noted is not None
            assert [m.body_text for m in noted.messages if m.direction is Direction.NOTE][-1:] == [
                NOTE
            ]
            resolved = await back.conversation_detail(ids[2])
            assert resolved is not None and resolved.conversation.status is Status.RESOLVED
            assert resolved.conversation.assignee == "eva"
            assert "vrátit" in resolved.conversation.tags
            no_traceback(app)
    ledger.count(AREA, faults_injected=1, faults_survived=1)


async def test_damage_met_in_the_open_app_is_rebuilt_from_the_command_palette(
    cache_file: Path, clock: Clock
) -> None:
    """A damaged value read while the app runs: the notification names the way out inside
    the app, Ctrl+P → Rebuild the cache asks first, m moves the file aside and the agent's
    work is back in the fresh cache, all without quitting."""

    with ledger.timed(AREA):
        store = await Store.open(cache_file)  # in the queue's order: the first two rows
        ids = [r.conversation_id for r in await store.list_queue(QueueFilter(), NOW, 0, 2)]
        await store.save_draft(ids[0], DRAFT, NOW)
        await store.add_note(ids[1], "Eva", NOTE, NOW)
        await store.close()
        with sqlite3.connect(cache_file) as db:  # the customer's times no longer parse
            db.execute(
                "UPDATE message SET sent_at = 'x' "
                "WHERE conversation_id = ? AND direction != 'note'",
                (ids[1],),
            )
        app = demo_app(cache_file, clock)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            shown_before = thread_text(app)
            await pilot.press("j")  # onto the damaged conversation
            await settle(app, pilot)
            assert "Ctrl+P → Rebuild the cache" in notices(app)
            # not the conversation before: the agent would act on the wrong customer
            assert "cannot be read from the cache" in thread_text(app)
            assert shown_before not in thread_text(app)
            assert app.store is not None
            await pilot.press("ctrl+p", *"rebuild the cache")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await pilot.pause(0.2)
            assert isinstance(app.screen, CacheProblemScreen)
            assert "cannot be read" in app.screen.problem
            await pilot.press("escape")  # changed my mind: nothing moves
            await pilot.pause(0.2)
            assert not list(cache_file.parent.glob("*.corrupt-*"))
            await pilot.press("ctrl+p", *"rebuild the cache")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await pilot.pause(0.2)
            await pilot.press("m")
            await settle(app, pilot)
            back = app.store
            assert back is not None, notices(app)
            assert "The old cache was kept as" in notices(app)
            assert list(cache_file.parent.glob("cache.sqlite3.corrupt-*[0-9]"))
            draft = await back.draft(ids[0])
            assert draft is not None and draft.body == DRAFT
            noted = await back.conversation_detail(ids[1])  # readable again, with its note
            assert noted is not None
            assert NOTE in [m.body_text for m in noted.messages if m.direction is Direction.NOTE]
            rows = app.screen.query_one(QueuePane).visible_ids()  # the new cache's order
            await pilot.press("g", *"j" * rows.index(ids[1]))
            await settle(app, pilot)
            assert NOTE in thread_text(app)
            no_traceback(app)
        assert integrity(cache_file) == "ok"
    ledger.count(AREA, faults_injected=1, faults_survived=1)


def wal_image(path: Path, target: Path) -> None:
    """What a kill -9 leaves: the file and its -wal with a commit not checkpointed yet."""
    import asyncio

    async def write() -> None:
        store = await Store.open(path)
        rows = await store.list_queue(EVERYTHING, NOW, 0, 1)
        await store.save_draft(rows[0].conversation_id, DRAFT, NOW)
        for suffix in ("", "-wal"):
            shutil.copy(f"{path}{suffix}", f"{target}{suffix}")
        await store.close()

    asyncio.run(write())


@pytest.mark.parametrize("lost", ["nothing", "wal", "file"])
def test_a_cache_left_by_a_kill_with_its_wal_kept_or_deleted(
    cache_file: Path, tmp_path: Path, lost: str
) -> None:
    """A kill -9 leaves the last commits in the -wal: kept, they are there; the -wal deleted,
    the cache is as of the last checkpoint (still whole); the file deleted and its -wal left,
    a new cache starts (the orphan journal is not replayed into it)."""
    import asyncio

    with ledger.timed(AREA):
        image = tmp_path / "image" / "cache.sqlite3"
        image.parent.mkdir()
        wal_image(cache_file, image)
        if lost == "wal":
            Path(f"{image}-wal").unlink()
        elif lost == "file":
            image.unlink()

        async def read() -> int:
            store = await Store.open(image)
            try:
                drafts = [await store.draft(r.conversation_id) for r in
                          await store.list_queue(EVERYTHING, NOW, 0, 5)]  # fmt: skip
                return sum(d is not None and d.body == DRAFT for d in drafts)
            finally:
                await store.close()

        found = asyncio.run(read())
        assert found == (1 if lost == "nothing" else 0)
        assert integrity(image) == "ok"
    ledger.count(AREA, faults_injected=1, faults_survived=1)


# -- the same through the command line, and the rebuild from a real Dovecot --------------------

MAILS = 24


def run(
    home: Path, *args: str, limit_file_size: int | None = None
) -> subprocess.CompletedProcess[str]:
    env = {"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache"),
           "XDG_STATE_HOME": str(home / "state"), "PATH": "/usr/bin:/bin"}  # fmt: skip

    def limit() -> None:  # a full disk for this process only: files stop growing here
        import resource

        assert limit_file_size is not None
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run(
        [sys.executable, "-m", "supportdesk_tui", *args],
        capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL,
        preexec_fn=limit if limit_file_size else None,
    )  # fmt: skip


def clear(result: subprocess.CompletedProcess[str]) -> None:
    """Either it worked, or stderr says what is wrong and what to do; never a traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    if result.returncode != 0:
        assert result.stderr.startswith("supportdesk"), result.stderr
        advice = ("supportdesk --reset-cache", "free some space", "run `supportdesk sync`")
        assert any(words in result.stderr.lower() for words in advice), result.stderr


async def cached_ids(path: Path) -> set[str]:
    store = await Store.open(path)
    try:
        return {r.conversation_id for r in await store.list_queue(EVERYTHING, NOW, 0, 1000)}
    finally:
        await store.close()


@pytest.mark.imap
@pytest.mark.parametrize(
    "damage",
    [header_overwritten, message_pages_overwritten, truncated(0.5), deleted],
    ids=lambda d: d.__name__,
)
async def test_damage_message_rebuild_from_the_server_and_the_agents_work_is_back(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser, damage: Callable[[Path], None]
) -> None:
    with ledger.timed(AREA):
        for n in range(MAILS):
            dovecot.append(imap_user.name, "INBOX", mail(n))
        config = str(imap_config(tmp_path, dovecot, imap_user, imap_user.password))
        cache = tmp_path / "cache.sqlite3"
        assert run(tmp_path, "--config", config, "sync").returncode == 0
        before = await cached_ids(cache)
        assert len(before) == MAILS
        ids = await write_agent_things(cache)

        damage(cache)
        for command in (["report"], ["sync"]):
            clear(run(tmp_path, "--config", config, "--cache", str(cache), *command))

        rebuilt = run(tmp_path, "--config", config, "--reset-cache", "sync")
        assert rebuilt.returncode == 0, rebuilt.stderr
        assert "Traceback" not in rebuilt.stderr
        if damage is not deleted:
            assert "The old cache was kept as" in rebuilt.stderr
        assert await cached_ids(cache) == before, "the queue is back from the server"
        assert integrity(cache) == "ok"

        store = await Store.open(cache)
        try:
            draft = await store.draft(ids[0])
            note = await store.conversation_detail(ids[1])
            third = await store.conversation_detail(ids[2])
        finally:
            await store.close()
        assert note is not None and third is not None
        notes = [m.body_text for m in note.messages if m.direction is Direction.NOTE]
        if damage in (header_overwritten, message_pages_overwritten):
            assert draft is not None and draft.body == DRAFT
            assert third.conversation.status is Status.RESOLVED
            assert (third.conversation.assignee, third.conversation.tags) == ("eva", ("vrátit",))
            assert "salvaged.json" in rebuilt.stderr
        if damage is header_overwritten:
            assert notes == [NOTE]
        # whatever came back is what was written, nothing made up or doubled
        assert draft is None or draft.body == DRAFT
        assert notes in ([], [NOTE])
    ledger.count(AREA, faults_injected=1, faults_survived=1, messages_checked=MAILS)


# -- 2. the disk fills during a write ----------------------------------------------------------


async def open_first_reply(app: SupportDeskApp, pilot: Pilot[None]) -> ComposeScreen:
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    await pilot.press("r")
    await settle(app, pilot)
    assert isinstance(app.screen, ComposeScreen)
    return app.screen


async def test_disk_full_while_a_draft_is_saved_keeps_it_in_the_editor_until_there_is_room(
    make_app: MakeApp, cache_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(compose_screen, "RESAVE_SECONDS", 0.3)
    vacuum(cache_file)
    app = make_app()
    with ledger.timed(AREA):
        async with app.run_test(size=SIZE) as pilot:
            compose = await open_first_reply(app, pilot)
            store = app.store
            assert store is not None
            conversation = compose.detail.conversation.id
            await fill_disk(store)
            editor = app.screen.query_one(ReplyEditor)
            editor.insert(LONG)
            await pilot.pause(compose_screen.SAVE_DELAY + 0.3)
            await settle(app, pilot)
            assert "The disk is full" in notices(app) and "stays here in the editor" in notices(app)
            saved = await store.draft(conversation)
            assert saved is None or LONG not in saved.body
            await pilot.press("escape")  # leaving would lose it: the editor stays
            await settle(app, pilot)
            assert app.screen is compose and LONG in editor.text
            no_traceback(app)

            await free_space(store)
            await pilot.pause(0.8)  # the next try finds room: nothing to press
            await settle(app, pilot)
            assert "The draft is saved again." in notices(app)
            saved = await store.draft(conversation)
            assert saved is not None and LONG in saved.body
            await pilot.press("escape")
            await settle(app, pilot)
            assert not isinstance(app.screen, ComposeScreen)
        assert integrity(cache_file) == "ok"
    ledger.count(AREA, faults_injected=1, faults_survived=1)


async def test_disk_full_while_a_note_is_added_gives_the_note_back(
    make_app: MakeApp, cache_file: Path
) -> None:
    vacuum(cache_file)
    app = make_app()
    with ledger.timed(AREA):
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            await pilot.press("enter")
            await settle(app, pilot)
            store = app.store
            assert store is not None
            await fill_disk(store)
            await pilot.press("n")
            await pilot.pause()
            app.screen.query_one("#prompt-input").value = LONG  # type: ignore[attr-defined]
            await pilot.press("enter")
            # (no settle: the dialog's worker waits for the box it shows again)
            for _ in range(50):
                await pilot.pause(0.1)
                if "back in its box" in notices(app) and isinstance(app.screen, PromptScreen):
                    break
            assert "The disk is full" in notices(app) and "back in its box" in notices(app)
            assert isinstance(app.screen, PromptScreen), "the note is offered again"
            assert app.screen.query_one("#prompt-input").value == LONG  # type: ignore[attr-defined]
            conversation = app.screen_stack[1].detail.conversation.id  # type: ignore[attr-defined]
            detail = await store.conversation_detail(conversation)
            assert detail is not None and all(m.body_text != LONG for m in detail.messages)
            no_traceback(app)

            await free_space(store)
            await pilot.press("enter")
            await settle(app, pilot)
            assert not isinstance(app.screen, PromptScreen)
            assert LONG[:60] in thread_text(app)
        assert integrity(cache_file) == "ok"
    ledger.count(AREA, faults_injected=1, faults_survived=1)


async def resolved(store: Store) -> int:
    return await store.count_queue(QueueFilter(statuses=frozenset({Status.RESOLVED})), NOW)


async def test_disk_full_during_a_triage_change_says_so_and_it_works_once_there_is_room(
    make_app: MakeApp, cache_file: Path
) -> None:
    vacuum(cache_file)
    app = make_app()
    with ledger.timed(AREA):
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            store = app.store
            assert store is not None
            await pilot.press(*["space"] * 40)  # many at once: their history needs new pages
            marked = len(app.screen.query_one(QueuePane).marked)
            assert marked == 40
            before = await resolved(store)
            await fill_disk(store)
            await pilot.press("s", *"resolved", "enter")
            await settle(app, pilot)
            assert "The disk is full" in notices(app)
            assert await resolved(store) == before, "nothing half-done"
            no_traceback(app)

            await free_space(store)
            await pilot.press("s", *"resolved", "enter")  # the marks are still there
            await settle(app, pilot)
            assert await resolved(store) == before + marked
        assert integrity(cache_file) == "ok"
    ledger.count(AREA, faults_injected=1, faults_survived=1)


async def test_disk_full_when_a_reply_joins_the_outbox_keeps_it_in_the_editor(
    make_reply_app: MakeApp, cache_file: Path
) -> None:
    vacuum(cache_file)
    app = make_reply_app()
    with ledger.timed(AREA):
        async with app.run_test(size=SIZE) as pilot:
            await open_reply_to(app, pilot, "cs")
            compose = app.screen
            assert isinstance(compose, ComposeScreen)
            store = app.store
            assert store is not None
            conversation = compose.detail.conversation.id
            editor = app.screen.query_one(ReplyEditor)
            editor.insert(BODY)  # after the greeting the app wrote
            await pilot.pause(compose_screen.SAVE_DELAY + 0.3)
            await settle(app, pilot)  # the draft is saved while there is room
            await fill_disk(store)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, ReviewScreen)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert "The disk is full" in notices(app) and "not in the outbox" in notices(app)
            assert app.screen is compose and BODY in editor.text
            assert await store.outbox() == []
            no_traceback(app)

            await free_space(store)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            [queued] = await store.outbox(conversation)
            assert " ".join(BODY.split()) in " ".join(queued.body_text.split())  # as wrapped
        assert integrity(cache_file) == "ok"
    ledger.count(AREA, faults_injected=1, faults_survived=1)


async def test_disk_full_during_a_sync_write_keeps_the_cache_whole(tmp_path: Path) -> None:
    """The store side of a sync: a batch that does not fit is not kept at all, the one after
    space is freed is, on the same connection."""
    from tests.store.store_builders import thread

    path = tmp_path / "cache.sqlite3"
    store = await Store.open(path)
    with ledger.timed(AREA):
        try:
            await store.apply_batch(thread("conv-0", Direction.INCOMING))
            await fill_disk(store)
            big = thread("conv-1", *[Direction.INCOMING] * 40)
            with pytest.raises(DiskFull) as caught:
                await store.apply_batch(big)
            assert "Free some space" in caught.value.message
            assert await store.conversation_detail("conv-1") is None
            await free_space(store)
            await store.apply_batch(big)
            detail = await store.conversation_detail("conv-1")
            assert detail is not None and len(detail.messages) == 40
        finally:
            await store.close()
        assert integrity(path) == "ok"
    ledger.count(AREA, faults_injected=1, faults_survived=1)


@pytest.mark.imap
def test_supportdesk_sync_on_a_full_disk_says_so_and_the_next_run_completes(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser
) -> None:
    """A real process whose files cannot grow (RLIMIT_FSIZE: writes past the limit fail as on
    a full disk): exit 3 and a line saying what to do; the next run with room syncs all."""
    with ledger.timed(AREA):
        dovecot.append(imap_user.name, "INBOX", mail(0))
        config = str(imap_config(tmp_path, dovecot, imap_user, imap_user.password))
        cache = tmp_path / "cache.sqlite3"
        assert run(tmp_path, "--config", config, "sync").returncode == 0
        for n in range(1, 60):
            dovecot.append(imap_user.name, "INBOX", mail(n, body="Dobrý den, " * 400))
        (tmp_path / "state").mkdir(exist_ok=True)
        full = run(tmp_path, "--config", config, "sync",
                   limit_file_size=os.path.getsize(cache) + 16 * 1024)  # fmt: skip
        assert full.returncode == 3, full.stderr
        assert "Traceback" not in full.stderr
        assert full.stderr.startswith("supportdesk sync:")
        assert "disk may be full" in full.stderr and "Free some space" in full.stderr
        assert integrity(cache) == "ok"
        again = run(tmp_path, "--config", config, "sync")
        assert again.returncode == 0, again.stderr
        assert integrity(cache) == "ok"
    ledger.count(AREA, faults_injected=1, faults_survived=1, messages_checked=60)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 4 MB file system (tmpfs), where the machine lets us mount one (root)."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root); max_page_count covers it")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


async def test_a_really_full_file_system_gives_disk_full_and_room_makes_it_work(
    small_disk: Path,
) -> None:
    """The same on a real full file system (ENOSPC): the -wal cannot grow."""
    from tests.store.store_builders import thread

    path = small_disk / "cache.sqlite3"
    filler = small_disk / "filler"
    store = await Store.open(path)
    with ledger.timed(AREA):
        try:
            await store.apply_batch(thread("conv-0", Direction.INCOMING))
            with filler.open("wb") as file, pytest.raises(OSError):
                while True:
                    file.write(b"\0" * 65536)
                    file.flush()
            refused = None
            for n in range(1, 30):  # the -wal's room already taken is used first
                try:
                    await store.apply_batch(thread(f"conv-{n}", *[Direction.INCOMING] * 40))
                    await store.save_draft("conv-0", LONG * n, NOW)
                except DiskFull as error:
                    refused = error
                    break
            assert refused is not None and "Free some space" in refused.message
            filler.unlink()
            await store.apply_batch(thread("conv-99", *[Direction.INCOMING] * 40))
            await store.save_draft("conv-0", DRAFT, NOW)
            draft = await store.draft("conv-0")
            assert draft is not None and draft.body == DRAFT
        finally:
            await store.close()
        assert integrity(path) == "ok"
    ledger.count(AREA, faults_injected=1, faults_survived=1)


@pytest.mark.imap
async def test_in_the_app_damage_m_and_the_sync_brings_back_the_queue_and_the_agents_work(
    tmp_path: Path, dovecot: Dovecot, imap_user: MailUser
) -> None:
    """The whole way out inside the app, against a real Dovecot: the damaged cache is named,
    m moves it aside and salvages, the app's own sync refills the queue, and the draft, the
    reply that waited in the outbox (as a draft), the note and the triage are back in it."""
    from tests.connectors.imap_helpers import connector, sync
    from tests.store.test_outbox import reply

    with ledger.timed(AREA):
        for n in range(12):
            dovecot.append(imap_user.name, "INBOX", mail(n))
        cache = tmp_path / "cache.sqlite3"
        store = await Store.open(cache)
        try:
            await sync(store, connector(dovecot, imap_user))
            ids = [r.conversation_id for r in await store.list_queue(EVERYTHING, NOW, 0, 50)]
            assert len(ids) == 12
            await store.save_draft(ids[0], DRAFT, NOW)
            queued = await store.save_draft(ids[1], "Posíláme fakturu znovu.", NOW)
            await store.queue_reply(reply(queued))
            await store.add_note(ids[2], "Eva", NOTE, NOW)
            await store.set_status([ids[3]], Status.SNOOZED, NOW)
            await store.snooze([ids[3]], NOW.replace(year=2030), NOW)
        finally:
            await store.close()
        header_overwritten(cache)

        services = Services(store_path=str(cache), connectors=[connector(dovecot, imap_user)])
        app = build_app(Config(), services=services)
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(50):
                await pilot.pause(0.1)
                if isinstance(app.screen, CacheProblemScreen):
                    break
            assert isinstance(app.screen, CacheProblemScreen)
            assert "supportdesk --reset-cache" in app.screen.problem
            await pilot.press("m")
            back = None
            for _ in range(200):  # the sync runs in the background
                await pilot.pause(0.1)
                if app.store is not None and await app.store.draft(ids[1]) is not None:
                    back = app.store
                    break
            assert back is not None, notices(app)
            assert "salvaged.json" in notices(app)
            assert len(await back.list_queue(EVERYTHING, NOW, 0, 50)) == 12
            draft, resent = await back.draft(ids[0]), await back.draft(ids[1])
            assert draft is not None and draft.body == DRAFT
            assert resent is not None and resent.body == "Posíláme fakturu znovu."
            assert await back.outbox() == [], "nothing is sent again by itself"
            noted = await back.conversation_detail(ids[2])
            assert noted is not None
            assert [m.body_text for m in noted.messages if m.direction is Direction.NOTE] == [NOTE]
            snoozed = await back.conversation_detail(ids[3])
            assert snoozed is not None and snoozed.conversation.status is Status.SNOOZED
            no_traceback(app)
        assert integrity(cache) == "ok"
    ledger.count(AREA, faults_injected=1, faults_survived=1, messages_checked=12)


async def test_random_damage_is_always_a_clear_store_error_and_salvage_never_fails(
    demo_cache: Path, tmp_path: Path
) -> None:
    """Many random damages of the demo cache (pages overwritten, cut short, a byte flipped
    here and there): reading the queue, threads and a report either works or raises the
    store's own error with advice, never anything else; the salvage never raises and gives
    back only what was written; a new cache opens after it."""
    import random
    from datetime import timedelta

    from supportdesk_tui.domain.metrics import ReportQuery
    from supportdesk_tui.errors import StoreError

    rounds = ledger.rounds(60, 1000)
    rng = random.Random(9)
    base = tmp_path / "written.sqlite3"
    shutil.copy(demo_cache, base)
    ids = await write_agent_things(base)
    truth = salvage(base)
    drafts, notes = {d["body"] for d in truth.drafts}, {x["text"] for x in truth.notes}
    assert DRAFT in drafts and NOTE in notes
    errors = 0
    with ledger.timed(AREA):
        for n in range(rounds):
            path = tmp_path / f"round-{n}" / "cache.sqlite3"
            path.parent.mkdir()
            shutil.copy(base, path)
            size = path.stat().st_size
            with path.open("r+b") as file:
                kind = n % 3
                if kind == 0:  # whole pages
                    for _ in range(rng.randint(1, 8)):
                        file.seek(rng.randrange(size // 4096) * 4096)
                        file.write(rng.randbytes(4096))
                elif kind == 1:  # bytes flipped all over
                    for _ in range(rng.randint(1, 200)):
                        file.seek(rng.randrange(size))
                        file.write(bytes([rng.randrange(256)]))
                else:
                    file.truncate(rng.randrange(size))
            try:
                store = await Store.open(path)
                try:
                    rows = await store.list_queue(EVERYTHING, NOW, 0, 1000)
                    for row in rows[:60]:
                        await store.conversation_detail(row.conversation_id)
                    await store.draft(ids[0])
                    await store.report(ReportQuery(NOW - timedelta(days=90), NOW))
                finally:
                    await store.close()
            except StoreError as error:
                errors += 1
                assert str(path) in error.message
            rebuilt = Store.move_aside_and_salvage(path)
            assert rebuilt.moved is not None
            if rebuilt.salvaged is not None and n % 3 != 1:  # (a flipped byte in a text
                # is in it still: only whole pages lost or cut off can be checked so)
                assert {d["body"] for d in rebuilt.salvaged.drafts} <= drafts
                assert {x["text"] for x in rebuilt.salvaged.notes} <= notes
            fresh = await Store.open(path)
            await fresh.adopt_salvage(rebuilt)
            await fresh.close()
            assert integrity(path) == "ok"
    ledger.count(AREA, faults_injected=rounds, faults_survived=rounds)
    assert errors > 0, "the damage was never noticed: the harness is not damaging anything"
