"""A shipped reply filled from a customer in the cache and the config, as the app will."""

from __future__ import annotations

import pytest

from supportdesk_tui.canned import MissingValue, RenderValues, load_library, render
from supportdesk_tui.canned.values import agent_values, customer_values, shop_values
from supportdesk_tui.config import AgentConfig, ShopConfig
from supportdesk_tui.domain.models import Customer, Gender


def test_a_shipped_reply_filled_from_the_cache_and_the_config() -> None:
    library, _ = load_library()
    customer = Customer("c1", "Zbigniew Wróbel", first_name="Zbigniew", last_name="Wróbel",
                        emails=("zw@example.pl",), language="pl", gender=Gender.MALE)  # fmt: skip
    values = RenderValues(
        customer=customer_values(customer),
        order={"number": "10234"},
        agent=agent_values(AgentConfig(name="Ewa Nowak")),
        shop=shop_values(ShopConfig(name="Sklep Example")),
    )
    text = render(library["refund-pl"], values)
    assert text.startswith("Szanowny Panie Zbigniewie,\n")
    assert "nr 10234" in text and text.rstrip().endswith("Ewa Nowak\nSklep Example")


def test_an_empty_shop_setting_is_asked_for_not_left_blank() -> None:
    library, _ = load_library()
    values = RenderValues(
        customer=customer_values(Customer("c2", "jan@example.cz", language="cs")),
        order={"number": "1"},
        agent=agent_values(AgentConfig()),
        shop=shop_values(ShopConfig()),
    )
    with pytest.raises(MissingValue) as missing:
        render(library["refund-cs"], values)
    assert missing.value.name == "shop.name"
