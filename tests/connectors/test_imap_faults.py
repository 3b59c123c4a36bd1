"""Servers that do not answer: clear errors within the timeout, never a hang."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Literal

import pytest

from supportdesk_tui.config import ImapAccount
from supportdesk_tui.connectors.imap import ImapConnector
from supportdesk_tui.errors import ConnectorError


@pytest.fixture
def silent_server() -> Iterator[int]:
    """Accepts connections and never says a word (a hung server)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []

    def accept() -> None:
        try:
            while True:
                accepted.append(listener.accept()[0])
        except OSError:
            return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield int(listener.getsockname()[1])
    listener.close()
    for conn in accepted:
        conn.close()


@pytest.mark.parametrize("tls", ["implicit", "starttls"])
def test_a_silent_server_times_out_with_a_clear_error(
    silent_server: int, tls: Literal["implicit", "starttls"]
) -> None:
    settings = ImapAccount(name="shop", host="127.0.0.1", port=silent_server, tls=tls, user="u")
    imap = ImapConnector(settings, lambda: "pw", timeout=0.5)
    started = time.monotonic()
    with pytest.raises(ConnectorError) as caught:
        imap.connect()
    assert time.monotonic() - started < 5
    assert caught.value.message.startswith("shop: ")
    assert "no answer from 127.0.0.1" in caught.value.message


def test_no_password_is_asked_before_the_server_answers(silent_server: int) -> None:
    asked: list[bool] = []

    def password() -> str:
        asked.append(True)
        return "pw"

    settings = ImapAccount(name="shop", host="127.0.0.1", port=silent_server, user="u")
    with pytest.raises(ConnectorError):
        ImapConnector(settings, password, timeout=0.3).connect()
    assert asked == []
