"""The demo shop's orders: every order number the demo customers write about, with items,
a tracking link and a delivery date, so canned replies fill in the demo as with a real
shop's order file. Deterministic: the same numbers the demo stories use."""

from __future__ import annotations

import random
from datetime import date, timedelta

from ..canned.orders import Order, OrderFile, OrderItem
from .content import story_orders

PRODUCTS = (
    "Moccamaster KBG Select", "Tefal Ingenio 24 cm", "Bosch PSR 1200", "Philips Hue E27",
    "Fiskars X27", "Leifheit Clean Twist", "Sodastream Terra", "Jura E8", "Gardena Classic 20 m",
    "Kärcher WV 6", "Rösle BBQ 60", "Zwilling Pro 20 cm",
)  # fmt: skip
"""Brand and model names read the same in every language of the demo."""


def demo_orders(today: date) -> OrderFile:
    return OrderFile(_order(number, email, today) for number, email in story_orders())


def _order(number: str, email: str, today: date) -> Order:
    rng = random.Random(f"order:{number}")
    items = tuple(
        OrderItem(name, rng.randint(1, 3)) for name in rng.sample(PRODUCTS, rng.randint(1, 3))
    )
    return Order(
        number=number,
        email=email,
        tracking_url=f"https://track.shop.example/{number}",
        delivery_date=today + timedelta(days=rng.randint(1, 5)),
        items=items,
    )
