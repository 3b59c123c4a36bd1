"""Order files (JSON and CSV) for the order.* values of canned replies."""

from __future__ import annotations

from pathlib import Path

import pytest

from supportdesk_tui.canned import RenderValues, parse_reply, render
from supportdesk_tui.canned.orders import OrderFile, OrderFileError

JSON = """[
  {"number": "10234", "email": "Jana@Example.cz", "status": "odesláno",
   "tracking_url": "https://track.example/10234", "delivery_date": "2026-03-05",
   "items": [{"name": "Tričko", "quantity": 2}, {"name": "Mikina"}]},
  {"number": "9998", "email": "jana@example.cz"}
]"""
CSV = """number,email,status,tracking_url,delivery_date,item,quantity
10234,jana@example.cz,odesláno,https://track.example/10234,2026-03-05,Tričko,2
10234,jana@example.cz,odesláno,https://track.example/10234,2026-03-05,Mikina,
9998,jana@example.cz,,,,,
"""


@pytest.mark.parametrize(("name", "text"), [("orders.json", JSON), ("orders.csv", CSV)])
def test_orders_read_from_json_or_csv_fill_a_reply(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    orders = OrderFile.load(path)
    order = orders.latest_for("jana@example.cz")
    assert order is not None and order == orders.by_number("#10234")
    reply = parse_reply(
        '+++\nid = "a"\ncase = "order_status"\nlanguage = "cs"\ntitle = "Stav"\n+++\n'
        "Objednávka č. {{ order.number }} dorazí {{ order.delivery_date }}:\n"
        "{% for item in order.items %}- {{ item.name }} ({{ item.quantity }}x)\n{% endfor %}",
        "status.md",
    )
    text_out = render(reply, RenderValues(order=order.values()))
    assert text_out.startswith(
        "Objednávka č. 10234 dorazí 5. 3. 2026:\n- Tričko (2x)\n- Mikina (1x)\n"
    )
    older = orders.by_number("9998")
    assert older is not None and older.values()["tracking_url"] is None  # asked for, not blank


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("o.json", "[{", "not JSON"),
        ("o.json", '{"number": 1}', "list of orders"),
        ("o.json", '[{"email": "a@b.cz"}]', "no number"),
        ("o.json", '[{"number": "1", "delivery_date": "5.3.2026"}]', "delivery_date"),
        ("o.csv", "number,item,quantity\n1,Tričko,two\n", "quantity"),
    ],
)
def test_a_broken_order_file_is_named(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OrderFileError, match=message):
        OrderFile.load(path)
