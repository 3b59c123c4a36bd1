"""Bulk APPEND for loading big test mailboxes: MULTIAPPEND with LITERAL+ literals.

imaplib waits for a continuation before every literal and sends one message per
command; here a chunk of messages goes out as one command with non-synchronising
literals, so loading costs one round trip per chunk.
"""

from __future__ import annotations

import imaplib
import socket
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from tests.imapserver import Dovecot, Message

CHUNK_MESSAGES = 500
CHUNK_BYTES = 8 * 1024 * 1024


def multiappend(server: Dovecot, user: str, folder: str, messages: Iterable[Message]) -> int:
    raw_sock = socket.create_connection((server.host, server.imaps_port), timeout=120)
    sock = server.ssl_context().wrap_socket(raw_sock, server_hostname=server.host)
    reader = sock.makefile("rb")
    try:
        reader.readline()  # greeting
        _command(
            sock, reader, b"L LOGIN " + _astring(user) + b" " + _astring(server.passwords[user])
        )
        total = 0
        mailbox = _astring(folder)
        for number, chunk in enumerate(_chunks(messages)):
            parts = [f"A{number} APPEND ".encode() + mailbox]
            for raw, flags, date in chunk:
                parts.append(_one(raw, flags, date))
            _command(sock, reader, b"".join(parts))
            total += len(chunk)
        _command(sock, reader, b"Z LOGOUT", tagged=b"Z")
        return total
    finally:
        reader.close()
        sock.close()


def _chunks(messages: Iterable[Message]) -> Iterator[list[Message]]:
    it = iter(messages)
    while True:
        chunk: list[Message] = []
        size = 0
        for message in islice(it, CHUNK_MESSAGES):
            chunk.append(message)
            size += len(message[0])
            if size >= CHUNK_BYTES:
                break
        if not chunk:
            return
        yield chunk


def _one(raw: bytes, flags: Iterable[str], date: datetime | None) -> bytes:
    if not raw:
        raise ValueError("IMAP cannot store an empty message")
    when = imaplib.Time2Internaldate(date or datetime.now(UTC))
    flag_list = " ".join(flags)
    return f" ({flag_list}) {when} {{{len(raw)}+}}\r\n".encode() + raw


def _command(
    sock: socket.socket, reader: BinaryIO, line: bytes, tagged: bytes | None = None
) -> None:
    tag = tagged or line.split(b" ", 1)[0]
    sock.sendall(line + b"\r\n")
    while True:
        response = reader.readline()
        if not response:
            raise ConnectionError(f"server closed the connection during {tag.decode()}")
        if response.startswith(tag + b" "):
            if not response.startswith(tag + b" OK"):
                raise RuntimeError(f"bulk APPEND failed: {response.decode(errors='replace')}")
            return


def _astring(text: str) -> bytes:
    return b'"' + text.replace("\\", "\\\\").replace('"', '\\"').encode() + b'"'
