"""Languages guessed from what customers wrote: only where nobody knows or said otherwise."""

from __future__ import annotations

from supportdesk_tui.domain.models import Direction
from supportdesk_tui.store import Store

from .store_builders import thread

IN = Direction.INCOMING


async def test_guessed_languages_fill_the_unknown_ones_and_never_a_hand_set_one(
    store: Store,
) -> None:
    await store.apply_batch(thread("conv-1", IN))
    await store.apply_batch(thread("conv-2", IN, cust="cust-2"))
    await store.update_customer("cust-2", language="sk")  # set by the agent
    pending = await store.unguessed_languages()
    assert sorted(cid for cid, _ in pending) == ["conv-1", "conv-2"]
    assert all(text == "Dobrý den" for _, text in pending)
    await store.set_guessed_languages([("conv-1", "cs"), ("conv-2", "cs")])
    assert await store.unguessed_languages() == []
    one, two = await store.conversation_detail("conv-1"), await store.conversation_detail("conv-2")
    assert one is not None and two is not None
    assert (one.conversation.language, one.customer.language) == ("cs", "cs")
    assert (two.conversation.language, two.customer.language) == ("cs", "sk")
    await store.apply_batch(thread("conv-3", IN, cust="cust-3"))
    await store.set_guessed_languages([("conv-3", None)])  # unclear: not asked again
    assert await store.unguessed_languages() == []
    assert "" not in await store.languages()
