"""The access token: logging in once stores it; missing or failing, the error says what to do."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import httpx
import keyring
import pytest

from supportdesk_tui.config import MatrixAccount
from supportdesk_tui.connectors import matrix_login
from supportdesk_tui.connectors.matrix_login import access_token, login, store_token
from supportdesk_tui.errors import ConnectorError
from tests.unit.test_secrets import MemoryKeyring

ACCOUNT = MatrixAccount(
    kind="matrix", name="chat", homeserver="https://matrix.shop.example",
    user_id="@podpora:shop.example",
)  # fmt: skip


@pytest.fixture
def ring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def homeserver(
    status: int, answer: Mapping[str, object], seen: list[httpx.Request]
) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, json=dict(answer))

    return httpx.MockTransport(handle)


def test_login_once_then_the_token_comes_from_the_keyring(ring: MemoryKeyring) -> None:
    seen: list[httpx.Request] = []
    answer = {"access_token": "syt_new", "user_id": "@podpora:shop.example", "device_id": "D"}
    token = login(ACCOUNT, "hunter2", transport=homeserver(200, answer, seen))
    store_token("chat", token)
    assert access_token(ACCOUNT) == "syt_new"
    body = json.loads(seen[0].content)
    assert seen[0].url.path == "/_matrix/client/v3/login" and "Authorization" not in seen[0].headers
    assert body["identifier"] == {"type": "m.id.user", "user": "@podpora:shop.example"}
    assert body["type"] == "m.login.password" and body["password"] == "hunter2"


def test_a_wrong_password_is_a_clear_error(ring: MemoryKeyring) -> None:
    seen: list[httpx.Request] = []
    refused = {"errcode": "M_FORBIDDEN", "error": "Invalid username or password"}
    with pytest.raises(ConnectorError, match="chat: login as @podpora:shop.example refused"):
        login(ACCOUNT, "wrong", transport=homeserver(403, refused, seen))
    assert ring.stored == {}


def test_no_token_says_how_to_log_in(ring: MemoryKeyring) -> None:
    with pytest.raises(ConnectorError) as caught:
        access_token(ACCOUNT)
    assert caught.value.message == (
        "chat: no access token in the system keyring: log in once with "
        "`supportdesk matrix-login chat`, or set token_command"
    )


def test_a_failing_token_command_is_named_as_such() -> None:
    command = [sys.executable, "-c", "import sys; print('syt_leak'); sys.exit(4)"]
    with pytest.raises(ConnectorError) as caught:
        access_token(ACCOUNT.model_copy(update={"token_command": command}))
    assert "token_command" in caught.value.message and "exit status 4" in caught.value.message
    assert "password" not in caught.value.message and "syt_leak" not in caught.value.message
    printing = [sys.executable, "-c", "print('syt_ok')"]
    assert access_token(ACCOUNT.model_copy(update={"token_command": printing})) == "syt_ok"


def test_the_command_line_refuses_an_account_that_is_not_matrix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[[accounts]]\nname = "shop"\nhost = "imap.example.cz"\nuser = "u"\n')
    assert matrix_login.main(["--config", str(config), "shop"]) == 2
    assert "no Matrix account named 'shop'" in capsys.readouterr().err
