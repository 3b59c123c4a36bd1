"""The bench mailbox's malformed 2%: shapes real servers hold and a sync must survive.

Each takes a well-formed mail's bytes and damages one thing; none contains NUL or is
empty, since IMAP APPEND refuses those and no server would hold them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable


def break_mail(raw: bytes, rng: random.Random) -> bytes:
    damage = rng.choice(_DAMAGES)
    return damage(raw, rng)


def _no_id_bad_date(raw: bytes, rng: random.Random) -> bytes:
    raw = re.sub(rb"Message-ID: <[^>]*>\r\n", b"", raw, count=1)
    return re.sub(rb"Date: [^\r]*", b"Date: Mon, 32 Foo 2025 25:61:00 +9999", raw, count=1)


def _wrong_charset(raw: bytes, rng: random.Random) -> bytes:
    """Says UTF-8 but sends windows-1250 bytes in the body, as broken webmails do."""
    body = "Dobrý den, reklamace zboží – prosím o vrácení peněz. Děkuji, Žaneta Čížková\r\n"
    return _replace_first_text_part(raw, "utf-8", "8bit", body.encode("windows-1250"))


def _unknown_charset(raw: bytes, rng: random.Random) -> bytes:
    body = "Здравствуйте, где мой заказ?\r\n".encode("koi8-r")
    return _replace_first_text_part(raw, "x-unknown-cyrillic", "8bit", body)


def _truncated(raw: bytes, rng: random.Random) -> bytes:
    """Cut off mid-way: no closing boundary, a half base64 or QP line at the end."""
    cut = max(len(raw) * 2 // 3, raw.find(b"\r\n\r\n") + 10)
    return raw[:cut]


def _broken_base64(raw: bytes, rng: random.Random) -> bytes:
    body = b"SGVsbG8gd29y!!!bGQ=\r\n====\r\nbm90IGJhc2U2NC*@#\r\n"
    return _replace_first_text_part(raw, "utf-8", "base64", body)


def _raw_8bit_header(raw: bytes, rng: random.Random) -> bytes:
    """An unencoded Cyrillic subject in windows-1251, as old mail programs sent."""
    subject = "Subject: Возврат товара, заказ не пришел".encode("windows-1251")
    return re.sub(rb"Subject: [^\r]*(\r\n [^\r]*)*", lambda _: subject, raw, count=1)


def _bad_addresses(raw: bytes, rng: random.Random) -> bytes:
    raw = re.sub(rb"From: [^\r]*", b'From: "Customer <<broken@@mail..example>', raw, count=1)
    return re.sub(rb"To: [^\r]*", b"To: undisclosed-recipients:;", raw, count=1)


def _replace_first_text_part(raw: bytes, charset: str, transfer: str, body: bytes) -> bytes:
    """Swap the first text part for `body` under the given labels; keep the rest."""
    match = re.search(rb"Content-Type: text/(plain|html); charset=[^\r]*\r\n"
                      rb"Content-Transfer-Encoding: [^\r]*\r\n\r\n", raw)  # fmt: skip
    if match is None:
        return raw + body
    end = raw.find(b"\r\n--", match.end())
    end = len(raw) if end < 0 else end + 2
    head = (
        f"Content-Type: text/{match.group(1).decode()}; charset={charset}\r\n"
        f"Content-Transfer-Encoding: {transfer}\r\n\r\n"
    ).encode()
    return raw[: match.start()] + head + body + raw[end:]


_DAMAGES: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    _no_id_bad_date,
    _wrong_charset,
    _unknown_charset,
    _truncated,
    _broken_base64,
    _raw_8bit_header,
    _bad_addresses,
)
