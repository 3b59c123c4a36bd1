"""Values an agent types for a canned reply, in the shape the template expects."""

from __future__ import annotations

from supportdesk_tui.compose.context import typed_value


def test_typed_items_become_a_list_with_quantities() -> None:
    assert typed_value("order", "items", "2x Mug, Plate 3x, Bosch PSR 1200, Fiskars x2") == [
        {"name": "Mug", "quantity": 2},
        {"name": "Plate", "quantity": 3},
        {"name": "Bosch PSR 1200", "quantity": 1},  # a model number is no quantity
        {"name": "Fiskars", "quantity": 2},
    ]


def test_other_values_stay_text() -> None:
    assert typed_value("order", "tracking_url", "https://t.example/1") == "https://t.example/1"
