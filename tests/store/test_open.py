"""Opening the cache: creation, migrations, persistence, and files that cannot be used."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from supportdesk_tui.domain.models import Direction, Status
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.errors import StoreError
from supportdesk_tui.store import Store, migrations, opening

from .store_builders import at, thread

IN, OUT = Direction.INCOMING, Direction.OUTGOING
ADVICE = "supportdesk --reset-cache"


def schema_version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0])


async def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "cache.sqlite3"
    store = await Store.open(path)
    await store.close()
    assert path.is_file()
    assert schema_version(path) == migrations.SCHEMA_VERSION
    assert store.path == str(path)


async def test_state_survives_close_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    store = await Store.open(path)
    await store.apply_batch(thread("conv-1", IN))
    await store.set_status(["conv-1"], Status.PENDING)
    await store.assign(["conv-1"], "alice")
    await store.add_tag(["conv-1"], "vip")
    await store.add_note("conv-1", "alice", "Poslat novou", at(2))
    await store.close()

    reopened = await Store.open(path)
    detail = await reopened.conversation_detail("conv-1")
    await reopened.close()
    assert detail is not None
    c = detail.conversation
    assert (c.status, c.assignee, c.tags) == (Status.PENDING, "alice", ("vip",))
    assert detail.messages[-1].body_text == "Poslat novou"


async def test_a_version_1_cache_is_migrated_with_its_data_searchable(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute(migrations.CREATE_META)
        for statement in migrations.MIGRATIONS[0]:
            db.execute(statement)
        db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        db.execute("INSERT INTO customer (id, display_name) VALUES ('c1', 'Jiří Vondráček')")
        db.execute(
            "INSERT INTO conversation (id, channel, customer_id, subject, waiting_since, waiting, "
            "last_message_at) VALUES ('k1', 'email', 'c1', 'Reklamace', "
            "'2026-03-02T09:00:00.000000Z', 1, '2026-03-02T09:00:00.000000Z')"
        )
        db.execute(
            "INSERT INTO message (id, conversation_id, channel, direction, sent_at, body_text) "
            "VALUES ('m1', 'k1', 'email', 'in', '2026-03-02T09:00:00.000000Z', 'rozbitá zásilka')"
        )
    store = await Store.open(path)
    found = await store.list_queue(QueueFilter(text="vondracek rozbita"), at(5), 0, 10)
    await store.close()
    assert [row.conversation_id for row in found] == ["k1"]
    assert found[0].waiting_since == at(0)
    assert schema_version(path) == migrations.SCHEMA_VERSION


async def test_a_failed_migration_leaves_the_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cache.sqlite3"
    store = await Store.open(path)
    await store.apply_batch(thread("conv-1", IN))
    await store.close()
    broken = (*migrations.MIGRATIONS, ("CREATE TABLE ok (x)", "CREATE TABLE oops ("))
    monkeypatch.setattr(opening, "MIGRATIONS", broken)
    monkeypatch.setattr(opening, "SCHEMA_VERSION", len(broken))
    with pytest.raises(StoreError):
        await Store.open(path)
    monkeypatch.undo()
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "ok" not in tables
    assert schema_version(path) == migrations.SCHEMA_VERSION
    store = await Store.open(path)
    assert await store.count_queue(QueueFilter(), at(1)) == 1
    await store.close()


async def test_a_cache_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    await (await Store.open(path)).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer") as caught:
        await Store.open(path)
    assert ADVICE in caught.value.message


def random_bytes(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def text_file(path: Path) -> None:
    path.write_text("name,email\nJan,jan@example.cz\n")


def other_apps_database(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")


@pytest.mark.parametrize("spoil", [random_bytes, text_file, other_apps_database])
async def test_a_file_that_is_not_our_cache_raises_store_error(tmp_path: Path, spoil) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cache.sqlite3"
    spoil(path)
    with pytest.raises(StoreError) as caught:
        await Store.open(path)
    assert ADVICE in caught.value.message
    assert str(path) in caught.value.message


async def filled_cache(path: Path, conversations: int = 60) -> None:
    store = await Store.open(path)
    for n in range(conversations):
        await store.apply_batch(thread(f"conv-{n}", IN, OUT, IN, start=n))
    await store.close()


async def test_a_truncated_file_raises_store_error(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    await filled_cache(path)
    with path.open("r+b") as file:
        file.truncate(path.stat().st_size // 2)
    with pytest.raises(StoreError, match="truncated") as caught:
        await Store.open(path)
    assert ADVICE in caught.value.message


async def test_damaged_pages_give_store_error_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    await filled_cache(path)
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(4096)  # keep the header page, so the damage is found later
        file.write(os.urandom(size - 4096))
    with pytest.raises(StoreError) as caught:
        store = await Store.open(path)
        await store.list_queue(QueueFilter(statuses=frozenset(Status)), at(0), 0, 100)
        await store.conversation_detail("conv-1")
    assert ADVICE in caught.value.message


async def test_a_folder_in_place_of_the_file_raises_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        await Store.open(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
async def test_an_unreadable_file_raises_store_error(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    await filled_cache(path, 1)
    path.chmod(0)
    with pytest.raises(StoreError):
        await Store.open(path)


async def test_move_aside_renames_the_file_and_its_journal(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    random_bytes(path)
    Path(f"{path}-wal").write_bytes(b"wal")
    Path(f"{path}-shm").write_bytes(b"shm")
    moved = Store.move_aside(path)
    assert moved.name.startswith("cache.sqlite3.corrupt-")
    assert moved.read_bytes() == path.with_name(moved.name).read_bytes()
    assert Path(f"{moved}-wal").read_bytes() == b"wal"
    assert Path(f"{moved}-shm").read_bytes() == b"shm"
    assert not path.exists() and not Path(f"{path}-wal").exists()
    store = await Store.open(path)  # the way out: a fresh cache in the same place
    assert await store.count_queue(QueueFilter(), at(0)) == 0
    await store.close()
    random_bytes(path)
    assert Store.move_aside(path) != moved  # a second time in the same second


async def test_a_file_where_the_folder_should_be_raises_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="readable and writable"):
        await Store.open(blocker / "cache.sqlite3")
