"""Batch threading lookups give the same answers as the one-at-a-time ones."""

from __future__ import annotations

from datetime import timedelta

from supportdesk_tui.domain.models import Batch, Direction
from supportdesk_tui.domain.threads import normalize_subject
from supportdesk_tui.store import Store

from .store_builders import at, conversation, customer, message, thread

IN = Direction.INCOMING


async def test_message_ids_map_to_their_conversations_across_chunks(store: Store) -> None:
    await store.apply_batch(thread("conv-1", IN, IN))
    await store.apply_batch(thread("conv-2", IN, cust="cust-2"))
    unknown = [f"<nobody-{i}@x>" for i in range(1200)]  # more than one IN list
    found = await store.conversations_for_message_ids(
        [*unknown, " conv-1-m1 ", "conv-2-m0", "", "conv-1-m0"]
    )
    assert found == {"conv-1-m0": "conv-1", "conv-1-m1": "conv-1", "conv-2-m0": "conv-2"}
    assert await store.conversations_for_message_ids([]) == {}


async def test_addresses_map_to_the_same_customers_as_one_by_one(store: Store) -> None:
    two_addresses = customer("cust-1", emails=("jan@example.cz", "Jan.Work@Example.cz"))
    await store.apply_batch(Batch("shop", customers=(two_addresses, customer("cust-2"))))
    found = await store.customers_for_addresses(
        ["JAN@example.cz", "jan.work@example.cz", "cust-2@example.cz", "nobody@x.cz", " "]
    )
    assert set(found) == {"jan@example.cz", "jan.work@example.cz", "cust-2@example.cz"}
    assert found["jan@example.cz"] == await store.customer_for_address("jan@example.cz")
    assert found["jan.work@example.cz"].emails == ("jan@example.cz", "Jan.Work@Example.cz")
    assert found["cust-2@example.cz"] == await store.customer_for_address("cust-2@example.cz")


async def test_subject_index_finds_the_newest_recent_thread_like_the_single_query(
    store: Store,
) -> None:
    def mail(conv: str, hours: float, subject: str) -> Batch:
        return Batch(
            "shop",
            customers=(customer("cust-1", emails=("jan@example.cz",)),),
            conversations=(conversation(conv, "cust-1", subject),),
            messages=(message(f"{conv}-m", conv, hours),),
        )

    await store.apply_batch(mail("old", 0, "Objednávka 1234"))
    await store.apply_batch(mail("new", 48, "Re: Objednávka 1234"))
    await store.apply_batch(mail("other", 50, "Reklamace"))
    key = normalize_subject("Objednávka 1234")
    index = await store.subject_index([("JAN@example.cz", key), ("petra@example.cz", key)])
    for since in (at(-1), at(10), at(48), at(49)):
        single = await store.conversation_for_subject(key, "jan@example.cz", since)
        assert index.conversation_for(key, "Jan@Example.cz", since) == single
    assert index.conversation_for(key, "jan@example.cz", at(10)) == "new"
    assert index.conversation_for(key, "jan@example.cz", at(48) + timedelta(seconds=1)) is None
    assert index.conversation_for(normalize_subject("Reklamace"), "jan@example.cz", at(0)) is None
    assert index.conversation_for(key, "petra@example.cz", at(0)) is None
