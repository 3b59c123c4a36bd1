"""Values an agent types for a canned reply, in the shape the template expects."""

from __future__ import annotations

from supportdesk_tui.compose.context import typed_value
from supportdesk_tui.compose.outgoing import text_as_html


def test_typed_items_become_a_list_with_quantities() -> None:
    assert typed_value("order", "items", "2x Mug, Plate 3x, Bosch PSR 1200, Fiskars x2") == [
        {"name": "Mug", "quantity": 2},
        {"name": "Plate", "quantity": 3},
        {"name": "Bosch PSR 1200", "quantity": 1},  # a model number is no quantity
        {"name": "Fiskars", "quantity": 2},
    ]


def test_other_values_stay_text() -> None:
    assert typed_value("order", "tracking_url", "https://t.example/1") == "https://t.example/1"


def test_the_html_part_is_the_same_text_escaped_with_its_paragraphs() -> None:
    html = text_as_html("Dobrý den,\n\n<b>cena</b> 5 < 6\nřádek\n")
    assert "<p>Dobrý den,</p>" in html
    assert "<p>&lt;b&gt;cena&lt;/b&gt; 5 &lt; 6<br>\nřádek</p>" in html
