"""apply_fetched: mail threaded into conversations, customers found or created."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from supportdesk_tui.domain.models import (
    Batch,
    Channel,
    Conversation,
    Customer,
    Direction,
    Message,
    Status,
)
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.store import ApplyResult, Store
from supportdesk_tui.sync import apply_fetched, customer_id_for

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SHOP = "podpora@eshop.cz"
EVERYTHING = QueueFilter(statuses=frozenset(Status))


def mail(
    mid: str,
    subject: str = "Objednávka 1234",
    days: float = 0,
    author: tuple[str, str] = ("Jan Vondráček", "jan@example.cz"),
    direction: Direction = Direction.INCOMING,
    **kw: object,
) -> Message:
    return Message(
        mid, "", Channel.EMAIL, direction, author[0], author[1], T0 + timedelta(days=days),
        subject, body_text=str(kw.pop("body", "Dobrý den, kde je zásilka?")), **kw,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.fixture
async def store() -> AsyncIterator[Store]:
    opened = await Store.open(":memory:")
    yield opened
    await opened.close()


async def conversations(store: Store) -> dict[str, list[str]]:
    """Conversation id -> its message ids, oldest first."""
    rows = await store.list_queue(EVERYTHING, T0, 0, 100)
    result = {}
    for row in rows:
        detail = await store.conversation_detail(row.conversation_id)
        assert detail is not None
        result[row.conversation_id] = [m.id for m in detail.messages]
    return result


async def test_replies_in_one_batch_join_their_thread_whatever_the_order(store: Store) -> None:
    reply = mail("<2@x>", "Re: Objednávka 1234", 1, in_reply_to="<1@x>")
    first = mail("<1@x>")
    other = mail("<3@x>", "Faktura", 0.5, author=("Eva", "eva@example.cz"))
    result = await apply_fetched(store, Batch("shop", messages=(reply, other, first)))
    assert (result.new_messages, result.new_conversations) == (3, 2)
    threads = sorted((await conversations(store)).values())
    assert threads == [["<1@x>", "<2@x>"], ["<3@x>"]]


async def test_a_reply_in_a_later_batch_finds_the_stored_thread(store: Store) -> None:
    await apply_fetched(store, Batch("shop", messages=(mail("<1@x>"),)))
    later = mail("<9@x>", "Odp: jiný předmět", 3, references=("<0@x>", "<1@x>"))
    result = await apply_fetched(store, Batch("shop", messages=(later,)))
    assert result.new_conversations == 0
    assert list((await conversations(store)).values()) == [["<1@x>", "<9@x>"]]


async def test_same_subject_and_customer_within_30_days_joins(store: Store) -> None:
    await apply_fetched(store, Batch("shop", messages=(mail("<1@x>"),)))
    again = mail("<2@x>", "RE: [eshop] Objednávka  1234", 29)
    stranger = mail("<3@x>", "Objednávka 1234", 2, author=("Eva", "eva@example.cz"))
    much_later = mail("<4@x>", "Re: Objednávka 1234", 70)
    await apply_fetched(store, Batch("shop", messages=(again, stranger, much_later)))
    threads = sorted((await conversations(store)).values())
    assert threads == [["<1@x>", "<2@x>"], ["<3@x>"], ["<4@x>"]]


async def test_a_new_mail_with_an_old_subject_is_a_new_conversation(store: Store) -> None:
    """Only a reply (a marker in the subject, or references we do not have) joins by subject:
    a customer writing "Objednávka 1234" again a week later has a new question."""
    await apply_fetched(store, Batch("shop", messages=(mail("<1@x>"),)))
    fresh = mail("<2@x>", "Objednávka 1234", 7)
    headers_lost = mail("<3@x>", "Objednávka 1234", 8, in_reply_to="<not-cached@x>")
    await apply_fetched(store, Batch("shop", messages=(fresh, headers_lost)))
    threads = sorted((await conversations(store)).values())
    assert threads == [["<1@x>"], ["<2@x>", "<3@x>"]]


async def test_applying_the_same_fetch_twice_adds_nothing(store: Store) -> None:
    batch = Batch("shop", messages=(mail("<1@x>"), mail("<2@x>", days=1, in_reply_to="<1@x>")))
    await apply_fetched(store, batch)
    again = await apply_fetched(store, batch)
    assert (again.new_messages, again.new_conversations) == (0, 0)
    assert list((await conversations(store)).values()) == [["<1@x>", "<2@x>"]]


async def test_mail_from_our_address_is_our_answer(store: Store) -> None:
    question = mail("<1@x>")
    answer = mail("<2@x>", "Re: Objednávka 1234", 1, author=("Podpora", SHOP), in_reply_to="<1@x>")
    await apply_fetched(
        store, Batch("shop", messages=(question, answer)), our_addresses=frozenset({SHOP.upper()})
    )
    (row,) = await store.list_queue(EVERYTHING, T0, 0, 10)
    assert row.waiting_since is None  # answered
    detail = await store.conversation_detail(row.conversation_id)
    assert detail is not None
    assert [m.direction for m in detail.messages] == [Direction.INCOMING, Direction.OUTGOING]


async def test_a_new_customer_is_named_and_given_a_language(store: Store) -> None:
    seen: list[str] = []

    def guess(text: str) -> str | None:
        seen.append(text)
        return "cs"

    await apply_fetched(store, Batch("shop", messages=(mail("<1@x>"),)), guess_language=guess)
    customer = await store.customer_for_address("JAN@example.cz")
    assert customer is not None
    assert customer.id == customer_id_for("jan@example.cz")
    assert (customer.display_name, customer.first_name, customer.last_name) == (
        "Jan Vondráček", "Jan", "Vondráček",
    )  # fmt: skip
    assert customer.language == "cs"
    assert seen == ["Dobrý den, kde je zásilka?"]
    (row,) = await store.list_queue(EVERYTHING, T0, 0, 10)
    assert row.language == "cs"


async def test_a_known_customer_is_reused_with_their_corrections(store: Store) -> None:
    await apply_fetched(store, Batch("shop", messages=(mail("<1@x>"),)))
    customer = await store.customer_for_address("jan@example.cz")
    assert customer is not None
    await store.update_customer(customer.id, first_name="Jenda", language="sk")
    await apply_fetched(
        store,
        Batch("shop", messages=(mail("<5@x>", "Jiná věc", 2),)),
        guess_language=lambda _: "cs",
    )
    again = await store.customer_for_address("jan@example.cz")
    assert again is not None
    assert (again.id, again.first_name, again.language) == (customer.id, "Jenda", "sk")
    assert len(await conversations(store)) == 2


async def test_our_first_mail_belongs_to_its_recipient(store: Store) -> None:
    ours = Message(
        "<1@x>", "", Channel.EMAIL, Direction.OUTGOING, "Podpora", SHOP, T0, "Vaše objednávka",
        to=(SHOP, "Petra@Example.cz"),
    )  # fmt: skip
    await apply_fetched(store, Batch("shop", messages=(ours,)), our_addresses=frozenset({SHOP}))
    customer = await store.customer_for_address("petra@example.cz")
    assert customer is not None
    (row,) = await store.list_queue(EVERYTHING, T0, 0, 10)
    assert row.customer_name == "Petra@Example.cz"
    assert row.waiting_since is None


async def test_a_big_fetch_is_applied_in_parts_with_the_cursor_last(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts: list[tuple[int, str | None, int]] = []
    apply_batch = store.apply_batch

    async def spy(batch: Batch) -> ApplyResult:
        parts.append((len(batch.messages), batch.cursor, len(batch.conversations)))
        return await apply_batch(batch)

    monkeypatch.setattr(store, "apply_batch", spy)
    question = mail("<1@x>")
    reply = mail("<2@x>", "Re: Objednávka 1234", 3.5, in_reply_to="<1@x>")  # in part two
    others = tuple(mail(f"<{n}@x>", f"Věc {n}", n) for n in range(3, 6))
    batch = Batch("shop", messages=(*others, reply, question), cursor="uid:5")
    calls: list[tuple[int, int]] = []
    result = await apply_fetched(
        store, batch, chunk_messages=2, progress=lambda done, total: calls.append((done, total))
    )
    assert parts == [(2, None, 2), (2, None, 1), (1, "uid:5", 1)]  # oldest first
    assert calls == [(2, 5), (4, 5), (5, 5)]
    assert (result.new_messages, result.new_conversations) == (5, 4)
    assert await store.cursor("shop") == "uid:5"
    assert ["<1@x>", "<2@x>"] in (await conversations(store)).values()


async def test_chat_messages_keep_their_conversation(store: Store) -> None:
    room = Conversation("room-1", Channel.CHAT, "cust-chat", "WhatsApp", network="whatsapp")
    person = Customer("cust-chat", "Olena", chat_ids=("@olena:matrix.org",))
    said = Message(
        "$event1", "room-1", Channel.CHAT, Direction.INCOMING, "Olena", "@olena:matrix.org", T0,
        body_text="Добрий день",
    )  # fmt: skip
    batch = Batch("matrix", customers=(person,), messages=(said,), conversations=(room,))
    result = await apply_fetched(store, batch)
    assert (result.new_messages, result.new_conversations) == (1, 1)
    assert await conversations(store) == {"room-1": ["$event1"]}
