"""The agents' work on the demo conversations, done through the store as the app would do it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from ..domain.models import Channel, Customer, Status
from ..errors import StoreError
from ..store import Store
from .content import Triage, snooze_until
from .people import Person


async def apply_triage(
    store: Store,
    triage: Sequence[Triage],
    first_ids: dict[str, str],
    now: datetime,
    step: Callable[[int], None],
) -> None:
    for item in triage:
        conversation_id = await _conversation_id(store, item, first_ids)
        await _apply_plan(store, conversation_id, item, now)
        if item.person is not None:
            await _correct_customer(store, item.person)
        step(1)


async def _conversation_id(store: Store, item: Triage, first_ids: dict[str, str]) -> str:
    if item.channel is Channel.CHAT:
        return item.first_id
    message_id = first_ids.get(item.key)
    found = await store.conversation_for_message_ids([message_id]) if message_id else None
    if found is None:
        raise StoreError(f"demo conversation {item.key} did not arrive in the store")
    return found


async def _apply_plan(store: Store, conversation_id: str, item: Triage, now: datetime) -> None:
    plan, ids = item.plan, [conversation_id]
    if plan.assignee:
        await store.assign(ids, plan.assignee)
    for tag in plan.tags:
        await store.add_tag(ids, tag)
    # Done a while after the last message, before now (the status history keeps the time).
    done_at = item.last_message_at + (now - item.last_message_at) / 3
    if plan.note:
        await store.add_note(conversation_id, plan.assignee or "eva", plan.note, done_at)
    if plan.read:
        await store.mark_read(conversation_id)
    if plan.snooze:
        await store.snooze(ids, snooze_until(plan.snooze, now), at=done_at)
    elif plan.status is not Status.OPEN:
        await store.set_status(ids, plan.status, at=done_at)


async def _correct_customer(store: Store, person: Person) -> None:
    """What an agent fixes on a mail customer: names, language, script, gender, formality."""
    customer = await store.customer_for_address(person.email)
    if customer is None:
        raise StoreError(f"demo customer {person.key} did not arrive in the store")
    fields = _differences(customer, person)
    if fields:
        await store.update_customer(customer.id, **fields)


def _differences(customer: Customer, person: Person) -> dict[str, object]:
    wanted: dict[str, object] = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "language": person.language,
        "script": person.script,
        "gender": person.gender,
        "formality": person.formality,
    }
    return {name: value for name, value in wanted.items() if getattr(customer, name) != value}
