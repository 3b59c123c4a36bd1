"""Raw MIME for the bench's generated mailbox, assembled by hand for speed (100k mails).

The standard library's `email` package is ten times slower here and cannot write the
malformed shapes the bench needs. Lines end in CRLF, as IMAP APPEND wants them.
"""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from supportdesk_tui.demo import attachments

# Typographic characters most legacy charsets lack; real mailers degrade them like this.
_PLAIN_PUNCTUATION = str.maketrans(
    {"„": '"', "“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "«": '"',
     "»": '"', "·": "-", "\u00a0": " "}
)  # fmt: skip


@dataclass(frozen=True)
class Body:
    """One message's content before encoding."""

    text: str
    html: str | None
    html_only: bool
    charset: str
    transfer: str
    """'8bit', 'quoted-printable' or 'base64'."""
    files: Sequence[tuple[str, str, bytes]] = ()
    """(file name, content type, base64 lines) of each attachment."""


def encode_text(text: str, charset: str) -> bytes:
    if charset != "utf-8":
        text = text.translate(_PLAIN_PUNCTUATION)
    return text.encode(charset, errors="replace")


def header_words(text: str, charset: str) -> str:
    """RFC 2047 B-encoded words of at most 75 characters, or the text if it is ASCII."""
    if text.isascii():
        return text
    words: list[str] = []
    chunk = b""
    budget = (75 - len(f"=?{charset}?B??=")) // 4 * 3
    for char in text if charset == "utf-8" else text.translate(_PLAIN_PUNCTUATION):
        data = char.encode(charset, errors="replace")
        if len(chunk) + len(data) > budget:
            words.append(_word(chunk, charset))
            chunk = b""
        chunk += data
    words.append(_word(chunk, charset))
    return "\r\n ".join(words)


def _word(data: bytes, charset: str) -> str:
    return f"=?{charset}?B?{base64.b64encode(data).decode()}?="


def leaf(body: str, subtype: str, charset: str, transfer: str) -> bytes:
    data = encode_text(body, charset).replace(b"\n", b"\r\n")
    if transfer == "quoted-printable":
        data = binascii.b2a_qp(data).replace(b"\r=\n", b"=\r\n")
    elif transfer == "base64":
        data = base64.encodebytes(data).replace(b"\n", b"\r\n")
    head = (
        f"Content-Type: text/{subtype}; charset={charset}\r\n"
        f"Content-Transfer-Encoding: {transfer}\r\n\r\n"
    )
    return head.encode() + data + b"\r\n"


def content(body: Body, boundary: str) -> bytes:
    """The MIME structure: plain, alternative or HTML-only, then any attachments."""
    if body.html_only and body.html is not None:
        main = leaf(body.html, "html", body.charset, body.transfer)
    elif body.html is not None:
        main = multipart(
            "alternative",
            f"{boundary}.alt",
            [
                leaf(body.text, "plain", body.charset, body.transfer),
                leaf(body.html, "html", body.charset, body.transfer),
            ],
        )
    else:
        main = leaf(body.text, "plain", body.charset, body.transfer)
    if not body.files:
        return main
    return multipart("mixed", boundary, [main, *(attachment(*file) for file in body.files)])


def multipart(subtype: str, boundary: str, parts: Sequence[bytes]) -> bytes:
    out = [f'Content-Type: multipart/{subtype}; boundary="{boundary}"\r\n\r\n'.encode()]
    out.append(b"This is a multi-part message in MIME format.\r\n")
    for part in parts:
        out.append(f"--{boundary}\r\n".encode() + part)
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out)


def attachment(filename: str, content_type: str, encoded: bytes) -> bytes:
    quoted = filename if filename.isascii() else header_words(filename, "utf-8")
    return (
        f'Content-Type: {content_type}; name="{quoted}"\r\n'
        f'Content-Disposition: attachment; filename="{quoted}"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\n"
    ).encode() + encoded


@functools.cache
def attachment_library() -> tuple[tuple[str, str, bytes], ...]:
    """A few valid files of realistic sizes, made once; names vary per mail, bytes do not."""
    files = [
        ("pdf", "application/pdf", attachments.pdf("Invoice")),
        ("docx", attachments.CONTENT_TYPES["docx"], attachments.docx("Complaint")),
        ("jpg", "image/jpeg", attachments.jpeg("parcel", 640, 480)),
    ]
    for width, height in ((120, 90), (200, 150), (320, 240)):
        files.append(("png", "image/png", attachments.png(f"photo{width}", width, height)))
    return tuple(
        (extension, content_type, base64.encodebytes(data).replace(b"\n", b"\r\n"))
        for extension, content_type, data in files
    )
