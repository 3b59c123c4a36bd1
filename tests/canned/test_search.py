"""Finding a canned reply as the agent types."""

from __future__ import annotations

import pytest

from supportdesk_tui.canned import load_library
from supportdesk_tui.canned.search import ReplyIndex


@pytest.fixture(scope="module")
def index() -> ReplyIndex:
    library, _ = load_library()
    return ReplyIndex.build(list(library.values()))


@pytest.mark.parametrize(
    ("query", "language", "first"),
    [
        ("vraceni penez", "cs", "refund-cs"),  # no diacritics typed
        ("Vrácení peněz", "cs", "refund-cs"),
        ("spatne zbozi", "cs", "wrong_item-cs"),  # a keyword, not the title
        ("zpozd", "cs", "delay-cs"),  # the first letters of a word
        ("refnd", "en", "refund-en"),  # a typo
        ("staznost", "sk", "complaint-sk"),
        ("zwrot pien", "pl", "refund-pl"),
        ("задерж", "ru", "delay-ru"),
    ],
)
def test_the_reply_typed_for_comes_first(
    index: ReplyIndex, query: str, language: str, first: str
) -> None:
    found = index.find(query, language)
    assert found and found[0].id == first, [r.id for r in found]


def test_only_the_customers_language_and_script_unless_all_are_asked_for(
    index: ReplyIndex,
) -> None:
    assert {r.language for r in index.find("", "sk")} == {"sk"}
    assert len(index.find("", "sk")) == 6
    assert {r.script for r in index.find("", "sr", "cyrl")} == {"cyrl"}
    everywhere = index.find("refund")
    assert len({r.language for r in everywhere}) > 5


def test_nothing_like_it_finds_nothing(index: ReplyIndex) -> None:
    assert index.find("xyzzyq", "cs") == []
