"""Orders for the `order.*` values of canned replies, from a file the shop exports.

JSON: a list of orders, each {"number", "email", "status", "tracking_url", "delivery_date"
(YYYY-MM-DD), "items": [{"name", "quantity"}]}. CSV: a header row with number, email, status,
tracking_url, delivery_date, item, quantity; one row per item, rows of one order share its
number. Unknown or empty fields stay unknown, and a reply that needs them asks for them.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..errors import SupportDeskError


class OrderFileError(SupportDeskError):
    title = "Order file error"


@dataclass(frozen=True)
class OrderItem:
    name: str
    quantity: int = 1


@dataclass(frozen=True)
class Order:
    number: str
    email: str = ""
    status: str | None = None
    tracking_url: str | None = None
    delivery_date: date | None = None
    items: tuple[OrderItem, ...] = field(default_factory=tuple)

    def values(self) -> dict[str, object]:
        """The order as a template sees it (`order.*`); None where unknown. Dates as
        "5. 3. 2026", which reads right in the shop's Central European languages."""
        when = self.delivery_date
        return {
            "number": self.number,
            "status": self.status,
            "tracking_url": self.tracking_url,
            "delivery_date": f"{when.day}. {when.month}. {when.year}" if when else None,
            "items": [{"name": i.name, "quantity": i.quantity} for i in self.items] or None,
        }


class OrderFile:
    def __init__(self, orders: Iterable[Order]) -> None:
        self._by_number = {order.number: order for order in orders}

    @classmethod
    def load(cls, path: Path) -> OrderFile:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise OrderFileError(f"{path}: cannot read: {error}") from error
        if path.suffix.lower() == ".csv":
            return cls(_from_csv(text, str(path)))
        return cls(_from_json(text, str(path)))

    def by_number(self, number: str) -> Order | None:
        return self._by_number.get(number.strip().lstrip("#"))

    def latest_for(self, email: str) -> Order | None:
        """The customer's order with the highest number (shops number them in sequence)."""
        mine = [o for o in self._by_number.values() if o.email.casefold() == email.casefold()]
        return max(mine, key=lambda o: (len(o.number), o.number), default=None)


def _from_json(text: str, source: str) -> list[Order]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise OrderFileError(f"{source}:{error.lineno}: not JSON: {error.msg}") from error
    if not isinstance(data, list):
        raise OrderFileError(f"{source}: expected a list of orders")
    orders = []
    for index, entry in enumerate(data):
        if not isinstance(entry, Mapping):
            raise OrderFileError(f"{source}: order {index + 1} is not an object")
        items = entry.get("items") or []
        if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
            raise OrderFileError(f"{source}: order {index + 1}: items must be a list of objects")
        orders.append(
            _order(entry, [(i.get("name"), i.get("quantity")) for i in items], source, index + 1)
        )
    return orders


def _from_csv(text: str, source: str) -> list[Order]:
    rows = list(csv.DictReader(text.splitlines()))
    grouped: dict[str, list[Mapping[str, str]]] = {}
    for row in rows:
        grouped.setdefault((row.get("number") or "").strip(), []).append(row)
    return [
        _order(group[0], [(r.get("item"), r.get("quantity")) for r in group], source, n)
        for n, group in enumerate(grouped.values(), start=1)
    ]


def _order(
    entry: Mapping[str, object], items: list[tuple[object, object]], source: str, index: int
) -> Order:
    def text(key: str) -> str | None:
        value = entry.get(key)
        if value is None:
            return None
        return str(value).strip() or None

    number = text("number")
    if number is None:
        raise OrderFileError(f"{source}: order {index} has no number")
    delivery = text("delivery_date")
    try:
        when = date.fromisoformat(delivery) if delivery else None
    except ValueError as error:
        raise OrderFileError(f"{source}: order {number}: delivery_date {delivery!r}") from error
    parsed = []
    for name, quantity in items:
        if name is None or not str(name).strip():
            continue
        try:
            count = int(str(quantity).strip()) if quantity not in (None, "") else 1
        except ValueError as error:
            raise OrderFileError(f"{source}: order {number}: quantity {quantity!r}") from error
        parsed.append(OrderItem(str(name).strip(), count))
    return Order(number, text("email") or "", text("status"), text("tracking_url"), when,
                 tuple(parsed))  # fmt: skip
