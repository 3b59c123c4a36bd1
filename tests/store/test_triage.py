"""The agent's changes: each is written at once and reads back as set."""

from __future__ import annotations

import pytest

from supportdesk_tui.domain.models import Direction, Formality, Gender, Script, Status
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.errors import StoreError
from supportdesk_tui.store import Store

from .store_builders import at, thread

IN = Direction.INCOMING


async def conversation_status(store: Store, cid: str) -> tuple[Status, object]:
    detail = await store.conversation_detail(cid)
    assert detail is not None
    return detail.conversation.status, detail.conversation.snoozed_until


async def test_leaving_snoozed_forgets_the_snooze_time(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN))
    await store.snooze(["conv-1"], at(48))
    assert await conversation_status(store, "conv-1") == (Status.SNOOZED, at(48))
    await store.set_status(["conv-1"], Status.SNOOZED)  # staying snoozed keeps the time
    assert await conversation_status(store, "conv-1") == (Status.SNOOZED, at(48))
    await store.set_status(["conv-1"], Status.RESOLVED)
    assert await conversation_status(store, "conv-1") == (Status.RESOLVED, None)


async def test_bulk_changes_touch_every_selected_conversation(store: Store) -> None:
    for cid in ("a", "b", "c"):
        await store.apply_batch(thread(cid, IN, language="cs" if cid != "c" else "pl"))
    await store.assign(["a", "b"], "alice")
    await store.assign(["c"], "bob")
    await store.assign(["b"], None)
    await store.add_tag(["a", "b", "c"], " vip ")
    await store.add_tag(["a"], "refund")
    await store.remove_tag(["b"], "vip")
    assert await store.assignees() == ["alice", "bob"]
    assert await store.tags() == ["refund", "vip"]
    assert await store.languages() == ["cs", "pl"]
    rows = {r.conversation_id: r for r in await store.list_queue(QueueFilter(), at(5), 0, 10)}
    assert {cid: (r.assignee, r.tags) for cid, r in rows.items()} == {
        "a": ("alice", ("refund", "vip")),
        "b": (None, ()),
        "c": ("bob", ("vip",)),
    }


async def test_an_empty_tag_is_refused(store: Store) -> None:
    await store.apply_batch(thread("a", IN))
    with pytest.raises(ValueError):
        await store.add_tag(["a"], "  ")


async def test_tagging_an_unknown_conversation_adds_nothing(store: Store) -> None:
    await store.add_tag(["gone"], "vip")
    assert await store.tags() == []


async def test_update_customer_records_what_was_corrected(store: Store) -> None:
    await store.apply_batch(thread("a", IN))
    updated = await store.update_customer(
        "cust-1", gender="f", script=Script.CYRILLIC, notes="Volat po 16h", first_name="Jana"
    )
    assert (updated.gender, updated.script, updated.notes) == (
        Gender.FEMALE,
        Script.CYRILLIC,
        "Volat po 16h",
    )
    assert updated.corrected == {"gender", "script", "notes", "first_name"}
    again = await store.update_customer("cust-1", formality=Formality.INFORMAL, gender=None)
    assert again.gender is None
    assert again.formality is Formality.INFORMAL
    assert again.corrected == {"gender", "script", "notes", "first_name", "formality"}


async def test_renaming_a_customer_updates_search(store: Store) -> None:
    await store.apply_batch(thread("a", IN))
    await store.update_customer("cust-1", display_name="Jiří Vondráček")
    found = await store.list_queue(QueueFilter(text="vondracek"), at(5), 0, 10)
    assert [r.conversation_id for r in found] == ["a"]
    assert found[0].customer_name == "Jiří Vondráček"


@pytest.mark.parametrize(
    "fields",
    [{"gender": "x"}, {"formality": None}, {"email": "a@b.cz"}, {"display_name": ""}],
)
async def test_update_customer_refuses_wrong_fields(
    store: Store, fields: dict[str, object]
) -> None:
    await store.apply_batch(thread("a", IN))
    with pytest.raises(ValueError):
        await store.update_customer("cust-1", **fields)
    customer = await store.customer_for_address("cust-1@example.cz")
    assert customer is not None and customer.corrected == frozenset()


async def test_update_of_an_unknown_customer_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError):
        await store.update_customer("nobody", notes="x")


async def test_a_note_on_an_unknown_conversation_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError):
        await store.add_note("gone", "alice", "text", at(0))


async def test_read_state_round_trips(store: Store) -> None:
    await store.apply_batch(thread("a", IN))
    await store.mark_read("a")
    detail = await store.conversation_detail("a")
    assert detail is not None and all(m.read for m in detail.messages)
    await store.mark_read("a", read=False)
    (row,) = await store.list_queue(QueueFilter(), at(5), 0, 10)
    assert row.unread is True


async def test_missing_attachment_is_a_store_error(store: Store) -> None:
    with pytest.raises(StoreError):
        await store.attachment_data(12345)


async def test_close_twice_is_harmless() -> None:
    store = await Store.open(":memory:")
    await store.close()
    await store.close()
