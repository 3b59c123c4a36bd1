"""Whatever the agent types, the search query is valid FTS5 and finds words, not syntax."""

from __future__ import annotations

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from supportdesk_tui.store.search import fold, fts_query

INDEX = sqlite3.connect(":memory:")
INDEX.execute("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')")
INDEX.execute("INSERT INTO t (body) VALUES (?)", (fold("Łukasz OR NEAR žluťoučký кінь ёж"),))


@given(st.text(max_size=80))
def test_any_text_makes_a_valid_query(text: str) -> None:
    query = fts_query(text)
    if query is not None:
        INDEX.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()


def test_operators_are_searched_as_words() -> None:
    assert fts_query('foo OR "bar') == '"foo" "OR" "bar"*'
    assert fts_query("NEAR(a b)") == '"NEAR" "a" "b"*'
    assert fts_query(" -:*^() ") is None


def test_folding_matches_letters_unicode61_keeps_apart() -> None:
    def hits(text: str) -> int:
        query = fts_query(text)
        assert query is not None
        return int(INDEX.execute("SELECT count(*) FROM t WHERE t MATCH ?", (query,)).fetchone()[0])

    assert hits("lukasz") == 1
    assert hits("zlutoucky") == 1
    assert hits("еж") == 1
    assert hits("near or") == 1  # words, not operators
    assert hits("kon") == 0
