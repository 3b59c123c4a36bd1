"""The shipped canned replies: every case in every language, and clean for every persona."""

from __future__ import annotations

import itertools

from supportdesk_tui.canned import load_library
from supportdesk_tui.canned.lint import lint

CASES = ("order_status", "delay", "return", "refund", "wrong_item", "complaint")
LANGUAGES = (
    ("cs", None), ("sk", None), ("pl", None), ("ru", None), ("uk", None), ("bg", None),
    ("sr", "cyrl"), ("sr", "latn"), ("hr", None), ("sl", None), ("en", None),
)  # fmt: skip


def test_every_case_ships_in_every_language_and_script() -> None:
    library, errors = load_library()
    assert [e.message for e in errors] == []
    shipped = {(r.case, r.language, r.script) for r in library.values()}
    assert shipped == {(case, lang, script) for case, (lang, script) in
                       itertools.product(CASES, LANGUAGES)}  # fmt: skip
    assert all(r.body.startswith("{{ customer | salutation }}") for r in library.values())


def test_the_shipped_replies_lint_clean() -> None:
    """What CI runs as `supportdesk templates lint`: no finding for any persona."""
    library, _ = load_library()
    assert [str(problem) for problem in lint(library.values())] == []
