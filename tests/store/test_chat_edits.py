"""Chat edits: the edited text replaces the stored one under the original event id."""

from __future__ import annotations

from dataclasses import replace

from supportdesk_tui.domain.models import Batch, Channel, Direction, Edit, Status
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.store import Store
from supportdesk_tui.sync import apply_fetched

from .store_builders import at, conversation, customer, message

ROOM = "!room:shop.example"
JAN = "@jan:shop.example"
EVERYTHING = QueueFilter(statuses=frozenset(Status))


def chat(*bodies: str) -> Batch:
    return Batch(
        "chat",
        customers=(customer("cust-jan", "Jan Novák", emails=(), chat_ids=(JAN,)),),
        conversations=(conversation(ROOM, "cust-jan", "", channel=Channel.CHAT),),
        messages=tuple(
            message(
                f"$e{i}",
                ROOM,
                i,
                Direction.INCOMING,
                body,
                channel=Channel.CHAT,
                author_address=JAN,
            )
            for i, body in enumerate(bodies)
        ),  # fmt: skip
    )


async def bodies(store: Store) -> dict[str, str]:
    detail = await store.conversation_detail(ROOM)
    assert detail is not None
    return {m.id: m.body_text for m in detail.messages}


async def test_an_edit_replaces_the_text_and_keeps_the_message_in_place(store: Store) -> None:
    await store.apply_batch(chat("Kdy prijde zasilka?", "Objednavka 1234"))
    await store.apply_batch(Batch("chat", edits=(Edit("$e0", JAN, "Kdy přijde zásilka?"),)))
    assert await bodies(store) == {"$e0": "Kdy přijde zásilka?", "$e1": "Objednavka 1234"}
    detail = await store.conversation_detail(ROOM)
    assert detail is not None and detail.messages[0].sent_at == at(0)


async def test_search_and_preview_follow_the_edit(store: Store) -> None:
    await store.apply_batch(chat("Kde je muj balik?"))
    await store.apply_batch(Batch("chat", edits=(Edit("$e0", JAN, "Reklamace hrnku"),)))
    found = await store.list_queue(replace(EVERYTHING, text="reklamace"), at(5), 0, 10)
    assert [row.conversation_id for row in found] == [ROOM]
    assert found[0].preview == "Reklamace hrnku"
    assert await store.count_queue(replace(EVERYTHING, text="balik"), at(5)) == 0


async def test_an_edit_by_someone_else_changes_nothing(store: Store) -> None:
    await store.apply_batch(chat("Dobrý den"))
    await store.apply_batch(Batch("chat", edits=(Edit("$e0", "@mallory:evil.example", "Pay me"),)))
    assert await bodies(store) == {"$e0": "Dobrý den"}


async def test_an_edit_of_a_message_in_the_same_big_batch_survives_the_split(
    store: Store,
) -> None:
    batch = replace(
        chat(*(f"zprava {i}" for i in range(7))),
        edits=(Edit("$e1", JAN, "opraveno"), Edit("$e1", JAN, "opraveno znovu")),
        cursor="s42",
    )
    await apply_fetched(store, batch, chunk_messages=3)
    assert (await bodies(store))["$e1"] == "opraveno znovu"
    assert await store.cursor("chat") == "s42"


async def test_a_removal_wins_over_an_edit_in_the_same_batch(store: Store) -> None:
    await store.apply_batch(chat("Dobrý den", "Omyl"))
    await store.apply_batch(
        Batch("chat", edits=(Edit("$e1", JAN, "Omyl 2"),), removed_message_ids=("$e1",))
    )
    assert await bodies(store) == {"$e0": "Dobrý den"}
