"""Outside text cannot drive the terminal: escapes, controls and bidi tricks are gone."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportdesk_tui.safetext import cell_width, clean, clean_name, one_line

FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("\x1b[31mred\x1b[0m text", "red text"),
        ("\x1b[2J\x1b[Hcleared", "cleared"),
        ("\x9b31mred", "red"),
        ("\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07 here", "click here"),
        ("\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", "click"),
        ("copy \x1b]52;c;cm0gLXJmIH4K\x07me", "copy me"),
        ("title \x1b]0;pwned\x9cok", "title ok"),
        ("\x1bP+q544e\x1b\\after DCS", "after DCS"),
        ("\x1b_apc payload\x1b\\x", "x"),
        ("\x1b^pm\x07y", "y"),
        ("\x1bXsos\x1b\\z", "z"),
        ("\x9d52;c;AAAA\x07q", "52;c;AAAAq"),
        ("keep\x1b]52;c;unterminated payload\nnext line", "keep\nnext line"),
        ("\x1b(0lqk\x1b(B", "lqk"),
        ("\x1b7saved\x1b8", "saved"),
        ("half csi \x1b[12;", "half csi "),
        ("trailing escape\x1b", "trailing escape"),
    ],
)
def test_escape_sequences_are_removed(hostile: str, expected: str) -> None:
    assert clean(hostile) == expected


def test_rich_markup_survives_as_literal_text() -> None:
    assert clean("[bold red]x[/]") == "[bold red]x[/]"
    assert clean_name("[link=https://evil]pay[/link]") == "[link=https://evil]pay[/link]"


def test_line_ends_become_newlines() -> None:
    assert clean("a\r\nb\rc\nd") == "a\nb\nc\nd"
    assert clean("a\u2028b") == "a\nb"


def test_backspace_and_bell_cannot_rewrite_what_was_printed() -> None:
    assert clean("Total: 100\x08\x08\x0899 EUR\x07") == "Total: 10099 EUR"


def test_c1_controls_are_removed_but_letters_above_stay() -> None:
    assert clean("a\x85b\x9fc\u00a0\u00e1") == "abc\u00a0\u00e1"


def test_bidi_override_cannot_disguise_a_file_name() -> None:
    assert clean("invoice\u202ecod.exe") == "invoicecod.exe"
    assert clean("\u2067abc\u2069\u200f\u061c") == "abc"


def test_tabs_are_expanded_to_columns() -> None:
    assert clean("a\tb\n12345678\tc") == "a       b\n12345678        c"


def test_lone_surrogates_become_replacement_characters() -> None:
    assert clean("bad \udcff byte") == "bad \ufffd byte"
    clean("bad \udcff byte").encode("utf-8")


def test_body_keeps_emoji_joiners_but_names_lose_zero_width_characters() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    assert clean(family) == family
    assert clean_name("Pa\u200bv\u200del\ufeff \u2060Nov\u00e1k") == "Pavel Nov\u00e1k"


def test_names_lose_every_invisible_character_a_stranger_could_hide_behind() -> None:
    """Seen in the hostile corpus: a sender "Support Team" padded with soft hyphens, invisible
    operators and Hangul fillers showed in the queue as "Support Team" plus invisible junk,
    and "Sup\u00adport" passed for "Support"."""
    hidden = "\u00ad\u180e\u2061\u2062\u2063\u2064\u034f\u3164\u115f\U0001d173"
    assert clean_name("S\u00adup\u2063port T\u3164eam" + hidden) == "Support Team"
    assert clean("Trenn\u00adung") == "Trenn\u00adung"  # bodies keep their hyphenation hints


def test_names_lose_every_format_character_unicodedata_knows() -> None:
    import sys
    import unicodedata

    # ZWJ sequences in names lose their joiners too: a name is not the place for emoji.
    kept = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == "Cf" and clean_name(f"a{chr(code)}b") != "ab"
    ]
    assert kept == []


def test_clean_name_collapses_whitespace() -> None:
    assert clean_name("  Jan \t\r\n  Nov\u00e1k\u3000 ") == "Jan Nov\u00e1k"


def test_one_line_cuts_with_ellipsis_and_counts_cells() -> None:
    assert one_line("Objedn\u00e1vka \u010d. 1234\nnedorazila", 40) == (
        "Objedn\u00e1vka \u010d. 1234 nedorazila"
    )
    assert one_line("abcdefghij", 5) == "abcd\u2026"
    assert one_line("\u65e5\u672c\u8a9e\u306e\u4ef6\u540d", 7) == "\u65e5\u672c\u8a9e\u2026"
    assert one_line("abc", 0) == ""
    assert one_line("\x1b[31mred\x1b[0m", 10) == "red"


def test_cell_width() -> None:
    assert [cell_width(c) for c in "a\u00e1\u0301\u65e5"] == [1, 1, 0, 2]


@given(st.text(alphabet=st.characters(codec=None, max_codepoint=0x10FFFF)))
def test_clean_output_never_contains_controls(text: str) -> None:
    out = clean(text)
    assert not FORBIDDEN.search(out)
    assert "\x1b" not in out and "\r" not in out
    out.encode("utf-8")


@given(st.text(alphabet=st.sampled_from("\x1b\x07\x9b\x9c\x9d[]\\;P_^X0m8 a\r\t\n\u202e")))
def test_clean_output_never_contains_controls_for_escape_soup(text: str) -> None:
    assert not FORBIDDEN.search(clean(text))


@given(st.text(), st.integers(min_value=1, max_value=80))
def test_one_line_fits_its_width(text: str, width: int) -> None:
    line = one_line(text, width)
    assert "\n" not in line
    assert sum(cell_width(c) for c in line) <= width


def test_two_megabyte_body_is_cleaned_whole() -> None:
    body = "\u0158\u00e1dek s \x1b[1mtu\u010dn\u00fdm\x1b[0m textem\r\n" * 60_000
    out = clean(body)
    assert len(body.encode()) > 2_000_000
    assert out.count("\n") == 60_000 and "\x1b" not in out


def test_one_line_of_a_huge_body_is_quick_and_starts_at_the_start() -> None:
    body = "Dobrý den,\n\nzásilka nedorazila.\n" + "x" * 10_000_000
    assert one_line(body, 30) == "Dobrý den, zásilka nedorazila…"
