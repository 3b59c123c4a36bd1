"""Placeholder syntax and empty values left in a draft."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck.placeholders import find_placeholders


@pytest.mark.parametrize(
    "placeholder",
    ["{{ first_name }}", "{{name}}", "{% if vip %}", "{%x%}", "%{name}", "*|FNAME|*", "#{name}",
     "[name]", "[Jméno zákazníka]", "<<Jméno>>", "{name}", "%(name)s", "${name}"],
)  # fmt: skip
def test_each_placeholder_syntax_is_found_with_its_span(placeholder: str) -> None:
    text = f"Dobrý den, pane {placeholder},\n\nděkujeme."
    [finding] = find_placeholders(text)
    assert finding.code.value == "unfilled_placeholder"
    assert text[finding.start : finding.end] == placeholder


@pytest.mark.parametrize(
    "text",
    ["See [the docs](https://example.com) for details.", "He wrote [sic] there.",
     'Send {"id": 1} as JSON.', "Item [1] of 3.", "Dear Sir,", "Dobrý den,\n\nVáš balík."],
)  # fmt: skip
def test_ordinary_text_is_not_a_placeholder(text: str) -> None:
    assert find_placeholders(text) == []


@pytest.mark.parametrize(
    ("text", "flagged"),
    [("Dear ,\n\nThanks", " ,"), ("Dear Mr,\n\nThanks", "Dear Mr"), ("Hi !\n", " !"),
     ("Vážený pane ,\n\nděkujeme", " ,"), (", děkujeme za zprávu", ",")],
)  # fmt: skip
def test_empty_values_in_the_greeting_are_found(text: str, flagged: str) -> None:
    [finding] = find_placeholders(text)
    assert text[finding.start : finding.end] == flagged


def test_broken_placeholder_halves_are_found() -> None:
    text = "Hello {{name, thanks"
    [finding] = find_placeholders(text)
    assert text[finding.start : finding.end] == "{{"


def test_several_placeholders_come_sorted() -> None:
    text = "Hi {{a}} and [name] and *|X|*"
    assert [text[f.start : f.end] for f in find_placeholders(text)] == ["{{a}}", "[name]", "*|X|*"]


def test_merge_fields_and_a_title_left_at_the_end_of_the_line() -> None:
    text = "Hi %FIRSTNAME%, get 10% off and 20% more."
    assert [text[f.start : f.end] for f in find_placeholders(text)] == ["%FIRSTNAME%"]
    text = "Dear Mr\n\nThank you."
    assert [text[f.start : f.end] for f in find_placeholders(text)] == ["Dear Mr"]
