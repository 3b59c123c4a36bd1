"""Server answers the IMAP connector must read whatever the server's dialect."""

from __future__ import annotations

import pytest

from supportdesk_tui.connectors.imap_cursor import FolderCursor
from supportdesk_tui.connectors.imap_state import parse_search, parse_uid_set


@pytest.mark.parametrize(
    ("lines", "uids"),
    [
        ([b"1 2 3"], [1, 2, 3]),
        ([b"4 9 (MODSEQ 917162500)"], [4, 9]),
        ([b"(MODSEQ 917162500)"], []),  # an empty answer that still names its MODSEQ
        ([b" (MODSEQ 5)"], []),
        ([None], []),
        ([b""], []),
    ],
)
def test_search_answers_with_and_without_modseq(lines: list[bytes | None], uids: list[int]) -> None:
    assert parse_search(lines) == uids


def test_uid_sets_from_vanished_and_esearch() -> None:
    assert parse_uid_set(b"(EARLIER) 1:3,7,10:9") == {1, 2, 3, 7, 9, 10}
    assert parse_uid_set(b"") == set()


def test_cursor_round_trip_and_unreadable_cursors_start_over() -> None:
    cursor = FolderCursor(1712345678, 4200, 99, resyncing=True)
    assert FolderCursor.decode(cursor.encode()) == cursor
    assert FolderCursor.decode("17:5:0") == FolderCursor(17, 5, 0)
    for bad in (None, "", "garbage", "1:2", "1:2:3:4", "1:-2:3", "a:b:c", "1:2:3:resync:x"):
        assert FolderCursor.decode(bad) is None
