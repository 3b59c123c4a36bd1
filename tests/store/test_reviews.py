"""The review of past threads in the store: the paged list, its filters, one review per
reviewer and conversation, and the export."""

from __future__ import annotations

import pytest

from supportdesk_tui.domain.metrics import StatusChange
from supportdesk_tui.domain.models import Batch, Direction, Status
from supportdesk_tui.domain.reviews import Review, ReviewFilter, ReviewRow
from supportdesk_tui.store import Store

from .store_builders import at, message, thread

IN, OUT = Direction.INCOMING, Direction.OUTGOING


async def resolved(
    store: Store, conv: str, hours: float, *, resolved_after: float | None = 2, **kw: object
) -> None:
    """A conversation the customer opened at `hours`, answered an hour later and resolved
    `resolved_after` hours after the start (None: no history, as in an old cache)."""
    await store.apply_batch(
        thread(
            conv,
            IN,
            OUT,
            start=hours,
            status=Status.RESOLVED,
            cust=f"cust-{conv}",
            name=f"Customer {conv}",
            **kw,
        )  # fmt: skip
    )
    changes = [StatusChange(conv, Status.OPEN, at(hours))]
    if resolved_after is not None:
        changes.append(StatusChange(conv, Status.RESOLVED, at(hours + resolved_after)))
    await store.import_status_history(changes, replace=True)


async def every_page(
    store: Store, f: ReviewFilter, size: int, reviewer: str = "eva"
) -> list[list[ReviewRow]]:
    pages: list[list[ReviewRow]] = []
    after = None
    while True:
        page = await store.list_resolved(f, reviewer, after, size)
        if not page:
            return pages
        pages.append(page)
        after = page[-1].position


async def test_pages_go_newest_resolution_first_without_gaps_or_repeats(store: Store) -> None:
    for number in range(7):
        await resolved(store, f"c{number}", hours=number * 10)
    await store.apply_batch(thread("open-one", IN, start=100))  # not resolved: not listed
    pages = await every_page(store, ReviewFilter(), size=3)
    assert [len(page) for page in pages] == [3, 3, 1]
    ids = [row.conversation_id for page in pages for row in page]
    assert ids == [f"c{n}" for n in reversed(range(7))]
    assert await store.count_resolved(ReviewFilter()) == 7
    first = pages[0][0]
    assert (first.customer_name, first.resolved_at) == ("Customer c6", at(62))


async def test_rows_resolved_at_the_same_moment_are_all_listed(store: Store) -> None:
    for conv in ("a", "b", "c", "d"):
        await resolved(store, conv, hours=0)
    pages = await every_page(store, ReviewFilter(), size=1)
    assert sorted(row.conversation_id for page in pages for row in page) == ["a", "b", "c", "d"]


async def test_period_is_the_last_resolution_else_the_last_message(store: Store) -> None:
    await resolved(store, "early", hours=0)  # resolved at 2
    await resolved(store, "late", hours=20)  # resolved at 22
    await resolved(store, "reopened", hours=0)
    await store.import_status_history(  # reopened and resolved again at 30
        [StatusChange("reopened", Status.OPEN, at(5)),
         StatusChange("reopened", Status.RESOLVED, at(30))]
    )  # fmt: skip
    await resolved(store, "old-cache", hours=10, resolved_after=None)  # last message at 11
    f = ReviewFilter(start=at(10), end=at(25))
    listed = [row.conversation_id for page in await every_page(store, f, 10) for row in page]
    assert listed == ["late", "old-cache"]
    assert await store.count_resolved(f) == 2
    reopened = await store.list_resolved(ReviewFilter(start=at(29)), "eva", None, 10)
    assert [(r.conversation_id, r.resolved_at) for r in reopened] == [("reopened", at(30))]


async def test_filters_by_tag_language_and_agent(store: Store) -> None:
    await resolved(store, "tagged", hours=0, tags=("refund",), language="pl", assignee="olga")
    await resolved(store, "plain", hours=1, language="cs", assignee="eva")
    # unassigned, answered by "Tomáš": reports count it as tomas, and so does the review
    await store.apply_batch(
        thread("answered", IN, start=2, status=Status.RESOLVED, cust="cust-x", language="cs")
    )
    await store.apply_batch(thread("assigned", IN, start=3, status=Status.RESOLVED,
                                   assignee="tomas", cust="cust-y"))  # fmt: skip
    reply = message("answered-reply", "answered", 2.5, OUT, author_name="Tomáš")
    await store.apply_batch(Batch("shop", messages=(reply,)))

    async def ids(f: ReviewFilter) -> set[str]:
        return {r.conversation_id for p in await every_page(store, f, 2) for r in p}

    assert await ids(ReviewFilter(tag="refund")) == {"tagged"}
    assert await ids(ReviewFilter(language="cs")) == {"plain", "answered"}
    assert await ids(ReviewFilter(agent="eva")) == {"plain"}
    assert await ids(ReviewFilter(agent="tomas")) == {"answered", "assigned"}
    assert await store.count_resolved(ReviewFilter(agent="tomas", language="cs")) == 1
    tagged = (await store.list_resolved(ReviewFilter(tag="refund"), "eva", None, 5))[0]
    assert (tagged.tags, tagged.language, tagged.agent) == (("refund",), "pl", "olga")


async def test_one_review_per_reviewer_editable_and_shown_to_its_reviewer_only(
    store: Store,
) -> None:
    await resolved(store, "c1", hours=0)
    await store.save_review(Review("c1", "eva", 2, "cold tone", at(50)))
    await store.save_review(Review("c1", "eva", 4, "fine after all", at(51)))
    await store.save_review(Review("c1", "tomas", 5, "", at(52)))
    mine = (await store.list_resolved(ReviewFilter(), "eva", None, 5))[0].review
    assert mine == Review("c1", "eva", 4, "fine after all", at(51))
    nobodys = (await store.list_resolved(ReviewFilter(), "olga", None, 5))[0].review
    assert nobodys is None
    await store.delete_review("c1", "eva")
    assert (await store.list_resolved(ReviewFilter(), "eva", None, 5))[0].review is None
    assert [e.review.reviewer for e in await store.all_reviews()] == ["tomas"]


def test_a_score_is_one_to_five() -> None:
    with pytest.raises(ValueError, match="1 to 5"):
        Review("c1", "eva", 6, "", at(0))
    with pytest.raises(ValueError, match="1 to 5"):
        Review("c1", "eva", 0, "", at(0))


async def test_export_rows_carry_what_finds_the_conversation(store: Store) -> None:
    await resolved(store, "c1", hours=0, language="sk", assignee="eva", subject="Reklamácia")
    await resolved(store, "c2", hours=5)
    await store.save_review(Review("c2", "olga", 3, 'slow, "=cmd" in note', at(9)))
    await store.save_review(Review("c1", "eva", 5, "textbook", at(8)))
    exported = await store.all_reviews()
    assert [(e.review.conversation_id, e.review.reviewer) for e in exported] == [
        ("c1", "eva"), ("c2", "olga"),
    ]  # fmt: skip
    first = exported[0]
    assert (first.subject, first.customer_name, first.channel, first.language, first.agent) == (
        "Reklamácia", "Customer c1", "email", "sk", "eva",
    )  # fmt: skip
    assert first.resolved_at == at(2)
    assert exported[1].review.note == 'slow, "=cmd" in note'
