"""What the agents wrote survives a damaged cache: read out of it, exported, carried back."""

from __future__ import annotations

import json
import os
import random
import sqlite3
from pathlib import Path

import pytest

from supportdesk_tui.domain.models import Direction, Status
from supportdesk_tui.domain.reviews import Review
from supportdesk_tui.store import Store
from supportdesk_tui.store.salvage import Rebuilt, salvage

from .store_builders import at, thread
from .test_outbox import reply

IN, OUT = Direction.INCOMING, Direction.OUTGOING
CONVERSATIONS = 80
DRAFT = "Dobrý den, pane Nováku,\n\nzásilku jsme poslali znovu. Píšu to ručně a nechci to ztratit."
NOTE = "Volala paní Nováková, chce vrátit peníze na účet."
QUEUED = "Dobrý den, posíláme fakturu."


async def written_cache(path: Path) -> None:
    """Conversations with every kind of agent-written thing in the first few."""
    store = await Store.open(path)
    for n in range(CONVERSATIONS):
        await store.apply_batch(thread(f"conv-{n}", IN, OUT, IN, cust=f"cust-{n}", start=n))
    await store.save_draft("conv-1", DRAFT, at(100))
    await store.attach("conv-1", "faktura.pdf", "application/pdf", b"%PDF-1.4 invoice", at(100))
    await store.add_note("conv-2", "Eva", NOTE, at(101))
    draft_id = await store.save_draft("conv-3", QUEUED, at(102))
    await store.queue_reply(reply(draft_id))
    await store.set_status(["conv-4"], Status.RESOLVED, at(103))
    await store.assign(["conv-4", "conv-5"], "eva")
    await store.add_tag(["conv-4"], "vip")
    await store.save_review(Review("conv-4", "boss", 4, "pěkně", at(104)))
    await store.update_customer("cust-6", gender="f", notes="Preferuje telefon")
    await store.close()


async def rebuilt_from_sync(path: Path) -> Store:
    """The rebuild: the old file aside and salvaged, a new cache, the 'server' syncs back."""
    return await rebuilt_into(path, Store.move_aside_and_salvage(path))


async def rebuilt_into(path: Path, rebuilt: Rebuilt) -> Store:
    store = await Store.open(path)
    await store.adopt_salvage(rebuilt)
    for n in range(CONVERSATIONS):  # the same conversation ids come back from the server
        await store.apply_batch(thread(f"conv-{n}", IN, OUT, IN, cust=f"cust-{n}", start=n))
    await store.carry_salvaged()
    return store


async def test_an_intact_cache_gives_back_everything_the_agents_wrote(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    await written_cache(path)
    store = await rebuilt_from_sync(path)
    try:
        draft = await store.draft("conv-1")
        assert draft is not None and draft.body == DRAFT
        assert [(a.filename, a.data) for a in draft.attachments] == [
            ("faktura.pdf", b"%PDF-1.4 invoice")
        ]
        queued = await store.draft("conv-3")  # back as a draft: never sent without a look
        assert queued is not None and queued.body == QUEUED
        assert await store.outbox() == []
        note = await store.conversation_detail("conv-2")
        assert note is not None
        assert [m.body_text for m in note.messages if m.direction is Direction.NOTE] == [NOTE]
        four = await store.conversation_detail("conv-4")
        assert four is not None
        c = four.conversation
        assert (c.status, c.assignee, c.tags) == (Status.RESOLVED, "eva", ("vip",))
        assert (await store.status_history("conv-4"))[-1].status is Status.RESOLVED
        reviews = await store.all_reviews()
        assert [(r.review.conversation_id, r.review.score, r.review.note) for r in reviews] == [
            ("conv-4", 4, "pěkně")
        ]
        customer = await store.customer("cust-6")
        assert customer is not None and customer.notes == "Preferuje telefon"
        assert customer.gender is not None and customer.gender.value == "f"
        assert await store.carry_salvaged() == {}  # nothing waits any more
    finally:
        await store.close()
    exported = next(tmp_path.glob("cache.sqlite3.corrupt-*.salvaged.json"))
    record = json.loads(exported.read_text(encoding="utf-8"))
    assert [d["body"] for d in record["drafts"]] == [DRAFT, QUEUED]
    assert record["notes"][0]["text"] == NOTE


async def test_items_wait_until_their_conversation_is_synced_back(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    await written_cache(path)
    rebuilt = Store.move_aside_and_salvage(path)
    store = await Store.open(path)
    try:
        assert await store.adopt_salvage(rebuilt) == {}  # an empty cache: nothing to attach to
        await store.apply_batch(thread("conv-1", IN, OUT, IN, cust="cust-1", start=1))
        assert await store.carry_salvaged() == {"drafts": 1}
        assert (await store.draft("conv-3")) is None
        await store.apply_batch(thread("conv-3", IN, OUT, IN, cust="cust-3", start=3))
        # its reply was queued: the draft comes back, and the pending status it had set
        assert await store.carry_salvaged() == {"drafts": 1, "triage": 1}
        assert (await store.draft("conv-3")) is not None
    finally:
        await store.close()


async def test_items_still_waiting_survive_a_second_rebuild(tmp_path: Path) -> None:
    """Rebuilt once, then again before the sync brought the conversations back (the server
    was unreachable, the new cache got damaged too): what waited is salvaged again."""
    path = tmp_path / "cache.sqlite3"
    await written_cache(path)
    rebuilt = Store.move_aside_and_salvage(path)
    store = await Store.open(path)
    await store.adopt_salvage(rebuilt)
    await store.apply_batch(thread("conv-9", IN, OUT, IN, cust="cust-9", start=9))
    await store.add_note("conv-9", "Eva", "written in the rebuilt cache", at(105))
    await store.close()
    again = Store.move_aside_and_salvage(path)
    assert again.salvaged is not None
    assert sorted(n["text"] for n in again.salvaged.notes) == sorted(
        [NOTE, "written in the rebuilt cache"]
    )
    store = await rebuilt_into(path, again)
    try:
        draft = await store.draft("conv-1")
        assert draft is not None and draft.body == DRAFT
        [attachment] = draft.attachments
        assert attachment.data == b"%PDF-1.4 invoice"
        four = await store.conversation_detail("conv-4")
        assert four is not None and four.conversation.assignee == "eva"
        nine = await store.conversation_detail("conv-9")
        assert nine is not None
        assert [m.body_text for m in nine.messages if m.direction is Direction.NOTE] == [
            "written in the rebuilt cache"
        ]
        assert await store.carry_salvaged() == {}
    finally:
        await store.close()


async def test_a_resolved_conversation_the_customer_wrote_to_since_stays_open(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache.sqlite3"
    await written_cache(path)
    rebuilt = Store.move_aside_and_salvage(path)
    store = await Store.open(path)
    try:
        await store.adopt_salvage(rebuilt)
        # conv-4 comes back with a customer message written after it was resolved (at 103 h)
        await store.apply_batch(thread("conv-4", IN, OUT, IN, IN, cust="cust-4", start=200))
        await store.carry_salvaged()
        detail = await store.conversation_detail("conv-4")
        assert detail is not None and detail.conversation.status is Status.OPEN
        assert detail.conversation.assignee == "eva"
    finally:
        await store.close()


def overwrite_header(path: Path) -> None:
    with path.open("r+b") as file:
        file.write(os.urandom(100))


def pages_of(path: Path, table: str) -> list[int]:
    with sqlite3.connect(path) as db:
        found = db.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,)
        ).fetchall()
    return sorted(page for (page,) in found)


def overwrite_message_pages(path: Path) -> None:
    """Random bytes over three of the pages that hold mail (the message table's leaves)."""
    size = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    with path.open("r+b") as file:
        for page in random.Random(7).sample(pages_of(path, "message"), 3):
            file.seek((page - 1) * size)
            file.write(os.urandom(size))


@pytest.mark.parametrize("damage", [overwrite_header, overwrite_message_pages])
async def test_a_damaged_file_still_gives_up_what_it_can(tmp_path: Path, damage) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "cache.sqlite3"
    await written_cache(path)
    damage(path)
    found = salvage(path)
    bodies = {d["body"] for d in found.drafts}
    assert bodies <= {DRAFT, QUEUED}  # nothing made up
    assert bodies == {DRAFT, QUEUED}  # the drafts' pages were not hit
    assert [t["conversation_id"] for t in found.triage if t.get("status") == "resolved"] == [
        "conv-4"
    ]
    if damage is overwrite_header:
        assert found.notes[0]["text"] == NOTE
        assert any("header" in problem for problem in found.problems)
    else:
        assert any("message" in problem for problem in found.problems)


async def test_a_file_that_is_not_sqlite_salvages_nothing_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"this is not a database" * 500)
    rebuilt = Store.move_aside_and_salvage(path)
    assert rebuilt.moved is not None and rebuilt.exported is None
    assert "Nothing could be read" in rebuilt.message()
    assert not path.exists()


async def test_salvage_never_writes_to_the_moved_file(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    await written_cache(path)
    before = path.read_bytes()
    found = salvage(path)
    assert not found.empty()
    assert path.read_bytes() == before
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
