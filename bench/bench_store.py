"""Store benchmark: a 100,000-message / 20,000-conversation cache, then the queries the UI
makes. Prints a table of median times. Figures, not asserts.

    python bench/bench_store.py [--conversations 20000] [--messages 100000] [--keep PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

from supportdesk_tui.domain.models import (
    Attachment,
    Batch,
    Channel,
    Conversation,
    Customer,
    Direction,
    Message,
    Status,
)
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.store import Store
from supportdesk_tui.sync import apply_fetched

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
WORDS = [
    "objednávka",
    "reklamace",
    "faktura",
    "dobrý",
    "den",
    "děkuji",
    "zásilka",
    "nepřišla",
    "vrácení",
    "peněz",
    "zamówienie",
    "reklamacja",
    "faktura",
    "dzień",
    "dobry",
    "dziękuję",
    "przesyłka",
    "zwrot",
    "pieniędzy",
    "заказ",
    "возврат",
    "счёт",
    "здравствуйте",
    "спасибо",
    "посылка",
    "замовлення",
    "повернення",
    "рахунок",
    "поръчка",
    "връщане",
    "narudžba",
    "povrat",
    "račun",
    "hvala",
    "naročilo",
    "vračilo",
    "order",
    "refund",
    "invoice",
    "hello",
    "thanks",
    "parcel",
    "broken",
    "size",
    "colour",
    "delivery",
    "courier",
    "tracking",
    "number",
    "payment",
    "card",
]
SURNAMES = "Vondráček Novák Dvořák Kowalski Wiśniewski Иванов Шевченко Петров Horvat Novak Smith"
FIRST = [
    "Jan",
    "Petra",
    "Łukasz",
    "Agnieszka",
    "Иван",
    "Олена",
    "Георги",
    "Marko",
    "Ana",
    "Janez",
    "John",
]
STATUSES = (
    [Status.RESOLVED] * 70 + [Status.OPEN] * 15 + [Status.PENDING] * 8 + [Status.SNOOZED] * 5
) + [Status.SPAM] * 2
AGENTS = ("alice", "bob", "cyril", "dana", "emil")
TAGS = ("vip", "refund", "shipping", "damaged", "invoice", "b2b", "urgent", "returns")
LANGS = ("cs", "sk", "pl", "ru", "uk", "bg", "sr", "hr", "sl", "en")


def body(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 80)))


def make_conversation(rng: random.Random, n: int, customer: Customer) -> Conversation:
    status = rng.choice(STATUSES)
    snoozed = NOW + timedelta(hours=rng.randint(-48, 48)) if status is Status.SNOOZED else None
    return Conversation(
        id=f"conv-{n:05d}",
        channel=Channel.EMAIL if rng.random() < 0.8 else Channel.CHAT,
        customer_id=customer.id,
        subject=f"{rng.choice(WORDS)} {rng.choice(WORDS)} #{n}",
        status=status,
        assignee=rng.choice((*AGENTS, None, None)),
        tags=tuple(rng.sample(TAGS, rng.choice((0, 0, 1, 1, 2)))),
        snoozed_until=snoozed,
        language=rng.choice(LANGS),
        account="bench",
    )


def make_messages(rng: random.Random, conv: Conversation, count: int) -> list[Message]:
    start = NOW - timedelta(days=rng.uniform(0, 365))
    messages = []
    for i in range(count):
        direction = Direction.INCOMING if i % 2 == 0 or rng.random() < 0.2 else Direction.OUTGOING
        attachments = (
            (Attachment("photo.jpg", "image/jpeg", 0, data=rng.randbytes(2000)),)
            if rng.random() < 0.05
            else ()
        )
        messages.append(
            Message(
                id=f"<{conv.id}.{i}@bench>",
                conversation_id=conv.id,
                channel=conv.channel,
                direction=direction,
                author_name="",
                author_address="",
                sent_at=min(start + timedelta(hours=i * rng.uniform(1, 20)), NOW),
                subject=conv.subject,
                body_text=body(rng),
                attachments=attachments,
                read=rng.random() < 0.8,
            )
        )
    return messages


def batches(conversations: int, messages: int, per_batch: int = 5000) -> list[Batch]:
    rng = random.Random(7)
    customers = [
        Customer(
            id=f"cust-{n:05d}",
            display_name=f"{rng.choice(FIRST)} {rng.choice(SURNAMES.split())}",
            emails=(f"customer{n}@example.com",),
        )
        for n in range(conversations * 6 // 10)
    ]
    counts = [1] * conversations
    counts[0] = 50  # the thread we open
    for _ in range(messages - sum(counts)):
        counts[rng.randrange(1, conversations)] += 1
    out: list[Batch] = []
    pending: tuple[list[Customer], list[Conversation], list[Message]] = ([], [], [])
    for n in range(conversations):
        customer = customers[n % len(customers)]
        conv = make_conversation(rng, n, customer)
        pending[0].append(customer)
        pending[1].append(conv)
        pending[2].extend(make_messages(rng, conv, counts[n]))
        if len(pending[2]) >= per_batch or n == conversations - 1:
            out.append(
                Batch(
                    "bench",
                    customers=tuple(pending[0]),
                    conversations=tuple(pending[1]),
                    messages=tuple(pending[2]),
                    cursor=str(n),
                )
            )
            pending = ([], [], [])
    return out


async def timed(call: Callable[[], Awaitable[object]], repeat: int = 15) -> float:
    """Median milliseconds."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


async def build(path: Path, conversations: int, messages: int) -> float:
    all_batches = batches(conversations, messages)
    store = await Store.open(path)
    start = time.perf_counter()
    for batch in all_batches:
        await store.apply_batch(batch)
    elapsed = time.perf_counter() - start
    await store.close()
    return elapsed


FILTERS = {
    "default": QueueFilter(),
    "all statuses": QueueFilter(statuses=frozenset(Status)),
    "mine (alice)": QueueFilter(assignee="alice"),
    "unassigned": QueueFilter(unassigned=True),
    "status resolved": QueueFilter(statuses=frozenset({Status.RESOLVED})),
    "status snoozed": QueueFilter(statuses=frozenset({Status.SNOOZED})),
    "tag refund": QueueFilter(tag="refund"),
    "channel chat": QueueFilter(channel=Channel.CHAT),
    "language bg": QueueFilter(language="bg"),
    "text 'faktura'": QueueFilter(text="faktura"),
    "text 'vondracek'": QueueFilter(text="vondracek"),
    "text 'zamowienie zw' (prefix)": QueueFilter(text="zamowienie zw"),
    "text all statuses 'reklamace'": QueueFilter(text="reklamace", statuses=frozenset(Status)),
}


async def measure(path: Path) -> list[tuple[str, float]]:
    start = time.perf_counter()
    store = await Store.open(path)
    first_page = await store.list_queue(QueueFilter(), NOW, 0, 60)
    await store.count_queue(QueueFilter(), NOW)
    rows: list[tuple[str, float]] = [
        ("open + count + first page", (time.perf_counter() - start) * 1000)
    ]
    assert first_page, "the bench cache has an empty default queue"
    everything = QueueFilter(statuses=frozenset(Status))
    default_total = await store.count_queue(QueueFilter(), NOW)
    for name, f, offsets in (
        ("all statuses", everything, (0, 10_000, 19_900)),
        ("default", QueueFilter(), (0, default_total // 2, max(0, default_total - 60))),
    ):
        for offset in offsets:
            page = partial(store.list_queue, f, NOW, offset, 60)
            rows.append((f"list_queue {name} @{offset}", await timed(page)))
    for name, f in FILTERS.items():
        rows.append((f"count_queue {name}", await timed(partial(store.count_queue, f, NOW))))
        page = partial(store.list_queue, f, NOW, 0, 60)
        rows.append((f"list_queue  {name} @0", await timed(page)))
    thread = partial(store.conversation_detail, "conv-00000")
    rows.append(("conversation_detail 50 messages", await timed(thread)))
    status = partial(store.set_status, ["conv-00001"], Status.PENDING)
    rows.append(("set_status (one commit, fsync)", await timed(status)))
    rows.append(("wake_expired_snoozes", await timed(partial(store.wake_expired_snoozes, NOW))))
    await store.close()
    return rows


def unthreaded_mails(count: int) -> list[Message]:
    """A fetch of mail not yet threaded: every other one replies to a stored thread."""
    rng = random.Random(11)
    mails = []
    for n in range(count):
        reply_to = f"<conv-{rng.randrange(20_000):05d}.0@bench>" if n % 2 else None
        mails.append(
            Message(
                id=f"<fetch-{n}@bench>",
                conversation_id="",
                channel=Channel.EMAIL,
                direction=Direction.INCOMING,
                author_name=f"{rng.choice(FIRST)} Nový",
                author_address=f"new{n}@example.com",
                sent_at=NOW + timedelta(minutes=n),
                subject=f"Dotaz {n}",
                body_text=body(rng),
                in_reply_to=reply_to,
            )  # fmt: skip
        )
    return mails


async def measure_sync(path: Path, count: int = 2000) -> list[tuple[str, float]]:
    """Thread and apply one fetch, while the queue keeps paging as the UI would."""
    store = await Store.open(path)
    latencies: list[float] = []
    done = asyncio.Event()

    async def page_meanwhile() -> None:
        while not done.is_set():
            start = time.perf_counter()
            await store.list_queue(QueueFilter(), NOW, 0, 60)
            latencies.append((time.perf_counter() - start) * 1000)
            await asyncio.sleep(0.01)

    pager = asyncio.create_task(page_meanwhile())
    start = time.perf_counter()
    await apply_fetched(store, Batch("bench", messages=tuple(unthreaded_mails(count))))
    elapsed = (time.perf_counter() - start) * 1000
    done.set()
    await pager
    await store.close()
    return [
        (f"apply_fetched {count} unthreaded mails (one run)", elapsed),
        ("list_queue during that sync, median", statistics.median(latencies)),
        ("list_queue during that sync, worst", max(latencies)),
    ]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--conversations", type=int, default=20_000)
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--keep", type=Path, help="build into this file and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.sqlite3"
        if not path.exists():
            seconds = await build(path, args.conversations, args.messages)
            size = path.stat().st_size / 1e6
            print(
                f"built {args.messages} messages / {args.conversations} conversations "
                f"in {seconds:.1f} s through apply_batch ({size:.0f} MB)"
            )
        rows = await measure(path)
        rows.extend(await measure_sync(path))
    width = max(len(name) for name, _ in rows)
    print(f"{'operation':<{width}}  median ms")
    for name, ms in rows:
        print(f"{name:<{width}}  {ms:9.2f}")


if __name__ == "__main__":
    asyncio.run(main())
