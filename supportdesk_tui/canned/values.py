"""The values a canned reply is filled from, taken from the cache's customer and the config."""

from __future__ import annotations

from ..config import AgentConfig, ShopConfig
from ..domain.models import Customer, Formality


def customer_values(customer: Customer) -> dict[str, object]:
    """`customer.*`; unknown parts are None, so a reply that needs them asks."""
    return {
        "first_name": customer.first_name or None,
        "last_name": customer.last_name or None,
        "display_name": customer.display_name or None,
        "email": next((e for e in customer.emails if e.strip()), None),
        "gender": customer.gender.value if customer.gender else None,
        "language": customer.language,
        "formal": customer.formality is Formality.FORMAL,
    }


def agent_values(agent: AgentConfig) -> dict[str, object]:
    return {"name": agent.name.strip() or None, "email": agent.email.strip() or None}


def shop_values(shop: ShopConfig) -> dict[str, object]:
    return {
        "name": shop.name.strip() or None,
        "url": shop.url.strip() or None,
        "email": shop.email.strip() or None,
        "return_address": shop.return_address.strip() or None,
    }
