"""The bundled demo keeps the issue's promises, seen through the store as the app sees it."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from supportdesk_tui.demo import load_demo
from supportdesk_tui.domain.models import (
    LANGUAGES,
    Channel,
    ConversationDetail,
    Direction,
    QueueRow,
    Script,
    Status,
)  # fmt: skip
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.store import Store

NOW = datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
EVERYTHING = QueueFilter(statuses=frozenset(Status))


@dataclass
class Loaded:
    rows: list[QueueRow]
    details: dict[str, ConversationDetail]
    assignees: list[str]
    tags: list[str]
    seconds: float
    progress: list[tuple[int, int]] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    """Attachment bytes by file name, as the store hands them out."""
    open_rows: list[QueueRow] = field(default_factory=list)


async def _load(now: datetime) -> Loaded:
    store = await Store.open(":memory:")
    calls: list[tuple[int, int]] = []
    began = time.perf_counter()
    await load_demo(store, now, progress=lambda done, total: calls.append((done, total)))
    seconds = time.perf_counter() - began
    try:
        rows = await store.list_queue(EVERYTHING, now, 0, 1000)
        details = {}
        files = {}
        for row in rows:
            detail = await store.conversation_detail(row.conversation_id)
            assert detail is not None
            details[row.conversation_id] = detail
            for message in detail.messages:
                for attachment in message.attachments:
                    assert attachment.id is not None
                    files[attachment.filename] = await store.attachment_data(attachment.id)
        return Loaded(
            rows=rows, details=details, assignees=await store.assignees(), tags=await store.tags(),
            seconds=seconds, progress=calls, files=files,
            open_rows=await store.list_queue(QueueFilter(), now, 0, 1000),
        )  # fmt: skip
    finally:
        await store.close()


@pytest.fixture(scope="module")
def demo() -> Iterator[Loaded]:
    yield asyncio.run(_load(NOW))


def _messages(demo: Loaded) -> list[tuple[str, str, Direction, str]]:
    """(conversation id, subject, direction, body) of every message."""
    return [
        (cid, message.subject, message.direction, message.body_text)
        for cid, detail in demo.details.items()
        for message in detail.messages
    ]


def _by_subject(demo: Loaded, words: str) -> ConversationDetail:
    """The conversation of today's desk (the past tells the same stories again)."""
    present = {row.conversation_id for row in demo.open_rows}
    found = [
        d for cid, d in demo.details.items() if cid in present and words in d.conversation.subject
    ]
    assert len(found) == 1, f"{words!r}: {len(found)} conversations"
    return found[0]


def test_many_conversations_in_both_channels(demo: Loaded) -> None:
    assert len(demo.rows) >= 60
    channels = [row.channel for row in demo.rows]
    assert channels.count(Channel.EMAIL) >= 40
    assert channels.count(Channel.CHAT) >= 20
    networks = {row.network for row in demo.rows if row.channel is Channel.CHAT}
    assert {"whatsapp", "telegram", None} <= networks


def test_every_language_has_at_least_five(demo: Loaded) -> None:
    per_language = {code: 0 for code in LANGUAGES}
    for row in demo.rows:
        assert row.language in per_language, row
        per_language[row.language] += 1
    assert min(per_language.values()) >= 5, per_language


def test_serbian_customers_write_in_both_scripts(demo: Loaded) -> None:
    serbian = [d for d in demo.details.values() if d.conversation.language == "sr"]
    scripts = {d.customer.script for d in serbian}
    assert scripts == {Script.LATIN, Script.CYRILLIC}
    latin = next(d for d in serbian if d.customer.script is Script.LATIN)
    assert not any("\u0400" <= char <= "\u04ff" for m in latin.messages for char in m.body_text)


def test_customers_have_gender_and_formality_mostly_known(demo: Loaded) -> None:
    customers = {d.customer.id: d.customer for d in demo.details.values()}
    unknown = [c for c in customers.values() if c.gender is None]
    assert 3 <= len(unknown) <= len(customers) // 4
    vondracek = next(c for c in customers.values() if c.last_name == "Vondráček")
    assert (vondracek.first_name, vondracek.gender, vondracek.language) == ("Petr", "m", "cs")
    assert {c.formality.value for c in customers.values()} == {"formal", "informal"}


def test_one_customer_writes_by_mail_and_chat(demo: Loaded) -> None:
    kubelkova = [d for d in demo.details.values() if d.customer.last_name == "Kubelková"]
    assert {d.conversation.channel for d in kubelkova} == {Channel.EMAIL, Channel.CHAT}
    assert len({d.customer.id for d in kubelkova}) == 1
    assert all(d.previous for d in kubelkova)  # the previous-conversations panel has something


def test_html_only_mail_reads_as_text(demo: Loaded) -> None:
    detail = _by_subject(demo, "Kdy dorazí objednávka")
    first = detail.messages[0]
    assert first.body_html is not None and "<table" in first.body_html
    assert "Celkem k úhradě" in first.body_text
    assert "<table" not in first.body_text and "<td" not in first.body_text


def test_replies_carry_quotes_and_signatures(demo: Loaded) -> None:
    bodies = [body for _, _, _, body in _messages(demo)]
    assert any("napsal(a):\n> " in body for body in bodies)
    assert any("wrote:\n> " in body for body in bodies)
    assert sum("\n-- \n" in body for body in bodies) >= 30
    longest = max(len(d.messages) for d in demo.details.values())
    assert longest >= 8


def test_attachments_arrive_with_their_names_and_bytes(demo: Loaded) -> None:
    assert demo.files["poškozený kávovar – detail.jpg"].startswith(b"\xff\xd8")
    assert any(name.endswith(".pdf") and data.startswith(b"%PDF") for name, data in
               demo.files.items())  # fmt: skip
    assert any(data.startswith(b"\x89PNG") for data in demo.files.values())
    assert demo.files["Company details.docx"].startswith(b"PK")


def test_agents_left_notes_statuses_tags_and_assignees(demo: Loaded) -> None:
    notes = [m for m in _messages(demo) if m[2] is Direction.NOTE]
    assert len(notes) >= 4
    statuses = {row.status for row in demo.rows}
    assert statuses == set(Status)
    assert {"eva", "tomas", "olga"} <= set(demo.assignees)
    assert any(row.assignee is None for row in demo.open_rows)
    assert {"refund", "vip", "courier", "damaged", "invoice"} <= set(demo.tags)
    unread = [row.unread for row in demo.rows]
    assert any(unread) and not all(unread)


def test_snoozes_wake_soon_and_tomorrow(demo: Loaded) -> None:
    wakes = sorted(
        d.conversation.snoozed_until
        for d in demo.details.values()
        if d.conversation.status is Status.SNOOZED and d.conversation.snoozed_until
    )
    assert len(wakes) == 2
    assert NOW < wakes[0] <= NOW + timedelta(hours=1)
    assert NOW + timedelta(hours=12) < wakes[1] <= NOW + timedelta(days=2)


def test_waiting_times_are_relative_to_now(demo: Loaded) -> None:
    waiting = [row.waiting_since for row in demo.open_rows if row.waiting_since is not None]
    assert len(waiting) >= 25
    assert all(NOW - timedelta(days=4) < since <= NOW for since in waiting)
    assert min(NOW - since for since in waiting) < timedelta(minutes=10)


def test_hostile_mails_are_kept_as_sent(demo: Loaded) -> None:
    subjects = {row.subject for row in demo.rows}
    assert "[bold red]URGENT[/bold red] [link=https://evil.example]click[/link]" in subjects
    bodies = [body for _, _, _, body in _messages(demo)]
    assert any("\x1b]52;c;" in body for body in bodies)  # clipboard write, stored as is
    assert any("\x1b]8;;https://evil.example" in body for body in bodies)
    assert any(len(body) >= 2_000_000 for body in bodies)
    assert "invoice\u202efdp.exe" in demo.files
    assert any("\u202e" in row.customer_name for row in demo.rows)
    warnings = [m.decode_warning or "" for d in demo.details.values() for m in d.messages]
    assert any("cp1250" in w for w in warnings) and any("x-klingon-8" in w for w in warnings)
    assert any("Date" in w for w in warnings)  # the mail with a nonsense Date
    assert "žluťoučký kůň" in "".join(bodies)  # windows-1250 bytes read right after all
    spam = [row for row in demo.rows if row.status is Status.SPAM]
    assert len(spam) == 1 and "RAY-BAN" in spam[0].subject


def test_progress_is_reported_to_the_end(demo: Loaded) -> None:
    assert demo.progress, "no progress reported"
    done = [d for d, _ in demo.progress]
    assert done == sorted(done)
    assert demo.progress[-1][0] == demo.progress[-1][1]


def test_loads_quickly(demo: Loaded) -> None:
    assert demo.seconds < 10


def test_same_now_gives_the_same_desk(demo: Loaded) -> None:
    again = asyncio.run(_load(NOW))
    assert again.rows == demo.rows
    assert again.files == demo.files


def test_every_story_has_a_plan_and_every_plan_a_story() -> None:
    from supportdesk_tui.demo.scenarios import CHAT_PLANS, EMAIL_PLANS
    from supportdesk_tui.demo.stories import chat_stories, email_stories

    assert [p.story for p in EMAIL_PLANS] == [s.key for s in email_stories()]
    assert [p.story for p in CHAT_PLANS] == [s.key for s in chat_stories()]
