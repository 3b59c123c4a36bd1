"""A shop's HTML order confirmation, the kind customers forward when they ask about an order.

Newsletter style: layout tables, inline styles, a remote logo, no text alternative.
"""

from __future__ import annotations

import html

ITEMS = (
    ("Stavebnice Cihličky – hasičská stanice", 1, 1290),
    ("Tyčový vysavač Aero 2v1", 1, 3490),
    ("Doprava PPL", 1, 89),
)


def order_confirmation(order: str, customer_name: str) -> str:
    rows = "\n".join(
        f'<tr><td style="padding:6px;border-bottom:1px solid #ddd">{html.escape(name)}</td>'
        f'<td style="padding:6px;text-align:center">{count}</td>'
        f'<td style="padding:6px;text-align:right">{_czk(price)}</td></tr>'
        for name, count, price in ITEMS
    )
    total = sum(count * price for _, count, price in ITEMS)
    return f"""
<table width="600" cellpadding="0" cellspacing="0" style="border:1px solid #e0e0e0">
<tr><td style="background:#1d3557;padding:16px">
<img src="https://cdn.shop.example/mail/logo.png" width="140" height="40" alt="shop.example">
</td></tr>
<tr><td style="padding:16px">
<h2 style="color:#1d3557">Děkujeme za objednávku č. {html.escape(order)}</h2>
<p>Dobrý den, {html.escape(customer_name)},<br>
vaši objednávku jsme přijali a začínáme ji připravovat.</p>
<table width="100%" cellpadding="0" cellspacing="0">
<tr><th align="left">Zboží</th><th>Počet</th><th align="right">Cena</th></tr>
{rows}
<tr><td colspan="2" style="padding:6px"><b>Celkem k úhradě</b></td>
<td style="padding:6px;text-align:right"><b>{_czk(total)}</b></td></tr>
</table>
<p>Způsob platby: platební karta (zaplaceno)<br>Doručení: PPL, na adresu</p>
<p><a href="https://shop.example/objednavka/{html.escape(order)}">Stav objednávky</a></p>
</td></tr>
<tr><td style="padding:12px;font-size:11px;color:#888">
Tento e-mail byl odeslán automaticky, neodpovídejte na něj.
<img src="https://track.shop.example/open.gif?o={html.escape(order)}" width="1" height="1" alt="">
</td></tr>
</table>"""


def _czk(amount: int) -> str:
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0Kč"
