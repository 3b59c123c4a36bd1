"""Bulk APPEND for loading big test mailboxes: MULTIAPPEND with LITERAL+ literals.

imaplib waits for a continuation before every literal and sends one message per
command; here a chunk of messages goes out as one command with non-synchronising
literals, and the next chunk is built while the server stores the previous one.
"""

from __future__ import annotations

import imaplib
import queue
import socket
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from tests.imapserver import Dovecot, Message

CHUNK_MESSAGES = 500
CHUNK_BYTES = 4 * 1024 * 1024


class _Connection:
    def __init__(self, server: Dovecot, user: str) -> None:
        raw = socket.create_connection((server.host, server.imaps_port), timeout=300)
        self.sock = server.ssl_context().wrap_socket(raw, server_hostname=server.host)
        self.reader: BinaryIO = self.sock.makefile("rb")
        self.reader.readline()  # greeting
        self.pending: bytes | None = None
        self.number = 0
        login = b"L LOGIN " + _astring(user) + b" " + _astring(server.passwords[user])
        self.send(login, b"L")
        self.wait()

    def send(self, line: bytes, tag: bytes) -> None:
        self.sock.sendall(line + b"\r\n")
        self.pending = tag

    def wait(self) -> None:
        if self.pending is None:
            return
        tag, self.pending = self.pending, None
        while True:
            response = self.reader.readline()
            if not response:
                raise ConnectionError(f"server closed the connection during {tag.decode()}")
            if response.startswith(tag + b" "):
                if not response.startswith(tag + b" OK"):
                    raise RuntimeError(f"bulk APPEND failed: {response.decode(errors='replace')}")
                return

    def append(self, folder: str, chunk: Sequence[Message]) -> None:
        """Send one MULTIAPPEND; the previous one's answer is awaited first (depth-1 pipeline)."""
        parts = [_one(raw, flags, date) for raw, flags, date in chunk]
        self.wait()
        self.number += 1
        tag = f"A{self.number}".encode()
        self.send(tag + b" APPEND " + _astring(folder) + b"".join(parts), tag)

    def close(self) -> None:
        try:
            self.wait()
            self.send(b"Z LOGOUT", b"Z")
            self.wait()
        finally:
            self.reader.close()
            self.sock.close()


def multiappend(server: Dovecot, user: str, mails: Iterable[tuple[str, Message]]) -> Counter[str]:
    """Append (folder, message) pairs, buffered per folder; returns how many per folder.

    The folders must exist. Order within a folder is kept, so UIDs follow it. A sender
    thread does the network work, so the caller's generator runs while Dovecot stores.
    """
    connection = _Connection(server, user)
    chunks: queue.Queue[tuple[str, list[Message]] | None] = queue.Queue(maxsize=4)
    failures: list[BaseException] = []
    sender = threading.Thread(target=_send_all, args=(connection, chunks, failures), daemon=True)
    sender.start()
    counts: Counter[str] = Counter()
    try:
        for folder, chunk in _chunks(mails):
            if failures:
                break
            chunks.put((folder, chunk))
            counts[folder] += len(chunk)
    finally:
        chunks.put(None)
        sender.join()
    if failures:
        raise failures[0]
    return counts


def _chunks(mails: Iterable[tuple[str, Message]]) -> Iterator[tuple[str, list[Message]]]:
    buffers: dict[str, list[Message]] = {}
    sizes: Counter[str] = Counter()
    for folder, message in mails:
        buffer = buffers.setdefault(folder, [])
        buffer.append(message)
        sizes[folder] += len(message[0])
        if len(buffer) >= CHUNK_MESSAGES or sizes[folder] >= CHUNK_BYTES:
            yield folder, buffer
            buffers[folder], sizes[folder] = [], 0
    for folder, buffer in buffers.items():
        if buffer:
            yield folder, buffer


def _send_all(
    connection: _Connection,
    chunks: queue.Queue[tuple[str, list[Message]] | None],
    failures: list[BaseException],
) -> None:
    try:
        while (item := chunks.get()) is not None:
            if not failures:
                connection.append(*item)
        connection.close()
    except BaseException as error:  # handed to the caller's thread, which raises it
        failures.append(error)
        while chunks.get() is not None:  # let the producer finish its puts
            pass


def _one(raw: bytes, flags: Iterable[str], date: datetime | None) -> bytes:
    if not raw:
        raise ValueError("IMAP cannot store an empty message")
    when = imaplib.Time2Internaldate(date or datetime.now(UTC))
    flag_list = " ".join(flags)
    return f" ({flag_list}) {when} {{{len(raw)}+}}\r\n".encode() + raw


def _astring(text: str) -> bytes:
    return b'"' + text.replace("\\", "\\\\").replace('"', '\\"').encode() + b'"'
