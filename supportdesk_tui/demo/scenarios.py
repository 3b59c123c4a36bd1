"""Where each demo story stands today: how far it got, its status, who has it, what was noted.

Times are minutes before `now`, so waiting times look alive whenever the demo is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.models import Status

OPEN, PENDING, RESOLVED = Status.OPEN, Status.PENDING, Status.RESOLVED
H, D = 60, 24 * 60


@dataclass(frozen=True)
class Plan:
    story: str
    turns: int | None = None
    """How many of the story's turns have happened; None for all."""
    status: Status = OPEN
    assignee: str | None = None
    tags: tuple[str, ...] = ()
    read: bool = False
    quiet: int = 60
    """Minutes since the last message."""
    files: tuple[tuple[int, str], ...] = ()
    """(turn index, file name) of attachments."""
    note: str = ""
    snooze: str | None = None
    """'soon' (wakes within the hour) or 'tomorrow'."""
    html_first: bool = False
    """The first mail is HTML only: a forwarded order confirmation."""
    network: str | None = None
    """Chat only: the bridged network."""


EMAIL_PLANS = (
    Plan("cs.order", 3, assignee="eva", quiet=35, html_first=True),
    Plan("cs.damaged", None, PENDING, "tomas", ("damaged", "courier", "vip"), True, 26 * H,
         files=((0, "IMG_20241118_153244.jpg"), (0, "poškozený kávovar – detail.jpg"),
                (2, "krabice.jpg")),
         note="DPD reklamace č. 4471-22 podána, čekáme na vyjádření. Poštovné 89 Kč vráceno."),
    Plan("cs.invoice", 3, assignee="eva", tags=("invoice",), quiet=3 * H,
         files=((1, "Faktura_opravna_{order}.pdf"),)),
    Plan("cs.return", 3, tags=("return",), quiet=20),
    Plan("cs.address", None, RESOLVED, "eva", read=True, quiet=30 * H),
    Plan("sk.delay", 3, assignee="tomas", tags=("courier",), quiet=5 * H,
         note="Volal jsem do SPS, zásilka se hledá. Když do pátku nedorazí, vracíme peníze. –T."),
    Plan("sk.refund", None, RESOLVED, "tomas", ("refund",), True, 3 * D),
    Plan("sk.wrong", 2, PENDING, "eva", read=True, quiet=7 * H),
    Plan("sk.invoice", 1, tags=("invoice",), quiet=2 * D + 3 * H),
    Plan("sk.status", 2, assignee="eva", read=True, quiet=5 * H, snooze="tomorrow"),
    Plan("pl.complaint", None, PENDING, "tomas", ("damaged",), True, 20 * H,
         files=((0, "paragon.pdf"), (0, "czajnik.jpg"), (1, "etykieta_InPost.pdf"))),
    Plan("pl.refund", None, RESOLVED, "tomas", ("refund",), True, 9 * D),
    Plan("pl.return", 3, assignee="tomas", tags=("return",), quiet=95),
    Plan("pl.delay", 2, assignee="tomas", tags=("courier",), read=True, quiet=22 * H,
         snooze="soon"),
    Plan("pl.address", None, RESOLVED, "tomas", read=True, quiet=2 * D),
    Plan("ru.status", 3, assignee="olga", quiet=40),
    Plan("ru.invoice", None, RESOLVED, "olga", ("invoice",), True, 12 * D,
         files=((1, "Счёт_{order}.pdf"),)),
    Plan("ru.wrong", 3, assignee="olga", tags=("wrong-item",), read=True, quiet=75,
         note="Podruhé poslána M185 místo M705 – zkontrolovat na skladě, asi prohozené "
              "přihrádky. –Olga"),
    Plan("ru.refund", None, PENDING, "olga", ("refund",), True, 26 * H),
    Plan("ru.delay", 1, quiet=7 * H),
    Plan("uk.delay", 3, assignee="olga", tags=("courier",), quiet=3 * H),
    Plan("uk.return", None, RESOLVED, "olga", ("return",), True, 6 * D),
    Plan("uk.address", 1, quiet=12),
    Plan("uk.complaint", None, RESOLVED, "olga", ("damaged",), True, 4 * D,
         files=((0, "IMG_4471.jpg"), (0, "IMG_4472.jpg"))),
    Plan("uk.refund", None, PENDING, "olga", ("refund",), True, 9 * H),
    Plan("bg.status", None, RESOLVED, "olga", read=True, quiet=3 * D),
    Plan("bg.wrong", None, RESOLVED, "olga", read=True, quiet=2 * D),
    Plan("bg.return", None, RESOLVED, "olga", ("return",), True, 20 * H),
    Plan("bg.invoice", 1, tags=("invoice",), quiet=26 * H),
    Plan("bg.delay", 3, assignee="olga", tags=("courier", "refund"), quiet=2 * H,
         note="Zásilka odešla o 3 dny později kvůli chybějícímu zboží. Pokud zruší, vrátit vše "
              "včetně dopravy."),
    Plan("sr.complaint", 3, assignee="olga", tags=("damaged",), quiet=55,
         files=((0, "усисивач.jpg"),)),
    Plan("sr.status", None, RESOLVED, "olga", read=True, quiet=4 * D),
    Plan("sr.refund", None, PENDING, "olga", ("refund",), True, 30 * H),
    Plan("sr.address", None, RESOLVED, "olga", read=True, quiet=5 * D),
    Plan("sr.delay", 1, quiet=4 * H),
    Plan("hr.return", 3, assignee="tomas", tags=("return",), read=True, quiet=20 * H),
    Plan("hr.invoice", None, RESOLVED, "eva", ("invoice",), True, 8 * D,
         files=((1, "R1_racun_{order}.pdf"),)),
    Plan("hr.wrong", 3, assignee="eva", quiet=90),
    Plan("hr.delay", 1, tags=("courier",), quiet=9 * H),
    Plan("hr.status", None, PENDING, "eva", read=True, quiet=2 * D),
    Plan("sl.status", None, RESOLVED, "eva", read=True, quiet=7 * D),
    Plan("sl.refund", None, PENDING, "eva", ("refund",), True, 28 * H),
    Plan("sl.complaint", None, RESOLVED, "eva", ("damaged",), True, 3 * D,
         files=((0, "kozarci.jpg"), (0, "posnetek_zaslona.png"))),
    Plan("sl.address", 1, quiet=3 * H),
    Plan("sl.return", None, PENDING, "eva", read=True, quiet=11 * H),
    Plan("en.wrong", None, PENDING, "eva", ("vip",), True, 5 * H, files=((4, "lid.jpg"),),
         note="Second teapot also faulty. If the third one wobbles, refund in full."),
    Plan("en.refund", None, RESOLVED, "tomas", ("refund",), True, 2 * D),
    Plan("en.invoice", 1, assignee="eva", tags=("invoice",), quiet=2 * H,
         files=((0, "Company details.docx"),)),
    Plan("en.delay", 3, assignee="tomas", tags=("courier", "vip"), quiet=25),
    Plan("en.complaint", None, RESOLVED, "eva", ("damaged",), True, 36 * H,
         files=((0, "IMG_2231.jpg"),)),
)  # fmt: skip

CHAT_PLANS = (
    Plan("cs.chat.nozzle", None, RESOLVED, "eva", read=True, quiet=4 * H, network="whatsapp"),
    Plan("cs.chat.where", None, OPEN, "tomas", ("courier",), quiet=15, network="telegram"),
    Plan("cs.chat.stock", quiet=4),
    Plan("sk.chat.size", None, RESOLVED, "eva", read=True, quiet=6 * H, network="whatsapp"),
    Plan("sk.chat.cancel", None, OPEN, "eva", ("refund",), quiet=8, network="telegram"),
    Plan("pl.chat.status", None, RESOLVED, "tomas", read=True, quiet=D, network="whatsapp"),
    Plan("pl.chat.wrong", None, OPEN, "tomas", quiet=30, network="telegram"),
    Plan("pl.chat.invoice", None, OPEN, None, ("invoice",), quiet=3),
    Plan("ru.chat.delivery", None, RESOLVED, "olga", read=True, quiet=8 * H, network="telegram"),
    Plan("ru.chat.return", None, OPEN, "olga", ("return",), quiet=60, network="whatsapp"),
    Plan("ru.chat.invoice", None, RESOLVED, "olga", ("invoice",), True, 2 * D,
         network="whatsapp"),
    Plan("uk.chat.status", None, OPEN, "olga", quiet=10, network="telegram"),
    Plan("uk.chat.wrong", None, RESOLVED, "olga", read=True, quiet=30 * H, network="whatsapp"),
    Plan("uk.chat.delay", quiet=14 * H),
    Plan("bg.chat.status", None, RESOLVED, "olga", read=True, quiet=D, network="whatsapp"),
    Plan("bg.chat.refund", None, OPEN, None, ("refund",), quiet=5 * H, network="telegram"),
    Plan("sr.chat.status", None, RESOLVED, "olga", read=True, quiet=2 * D, network="whatsapp"),
    Plan("sr.chat.wrong", None, OPEN, "olga", quiet=45, network="telegram"),
    Plan("hr.chat.status", None, RESOLVED, "eva", read=True, quiet=3 * D, network="whatsapp"),
    Plan("hr.chat.return", None, OPEN, "eva", quiet=6),
    Plan("sl.chat.status", None, RESOLVED, "eva", read=True, quiet=D, network="whatsapp"),
    Plan("sl.chat.delay", None, OPEN, None, ("courier",), quiet=2 * H, network="telegram"),
    Plan("en.chat.status", None, RESOLVED, "eva", read=True, quiet=5 * H, network="whatsapp"),
    Plan("en.chat.address", None, OPEN, "eva", quiet=2, network="telegram"),
    Plan("en.chat.stock", quiet=20 * H),
)  # fmt: skip
