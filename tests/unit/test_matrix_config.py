"""[[accounts]] of kind "matrix": validated strictly, beside IMAP accounts in one list."""

from __future__ import annotations

from pathlib import Path

import pytest

from supportdesk_tui.config import ImapAccount, MatrixAccount, load, parse
from supportdesk_tui.connectors.matrix import MatrixConnector
from supportdesk_tui.connectors.registry import build_connectors, build_routes
from supportdesk_tui.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]

CHAT = """
[[accounts]]
kind = "imap"
name = "shop"
host = "imap.example.cz"
user = "podpora@example.cz"

[[accounts]]
kind = "matrix"
name = "chat"
homeserver = "https://matrix.example.cz/"
user_id = "@podpora:example.cz"
"""


def test_a_matrix_account_beside_a_mail_account_gets_safe_defaults() -> None:
    shop, chat = parse(CHAT).accounts
    assert isinstance(shop, ImapAccount) and isinstance(chat, MatrixAccount)
    assert chat.homeserver == "https://matrix.example.cz"
    assert chat.auto_join_invites is True
    assert chat.typing_notices is False
    assert chat.token_command is None and chat.ca_file is None
    assert chat.from_address == "@podpora:example.cz"


def test_an_account_without_kind_is_still_imap() -> None:
    account = parse(CHAT.replace('kind = "imap"\n', "")).accounts[0]
    assert isinstance(account, ImapAccount)


def test_the_registry_builds_a_matrix_connector_without_connecting() -> None:
    config = parse(CHAT)
    connectors = build_connectors(config, ["chat"])
    assert [type(c) for c in connectors] == [MatrixConnector]
    assert connectors[0].account == "chat"
    assert connectors[0].cursor_keys() == [""]
    routes = build_routes(config)  # replies to its chats leave through the chat route
    assert list(routes) == ["chat"] and type(routes["chat"]).__name__ == "ChatRoute"


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (('"@podpora:example.cz"', '"podpora"'), "user_id"),
        (("https://matrix.example.cz/", "ftp://matrix.example.cz"), "not an https:// address"),
        (("https://matrix.example.cz/", "https://matrix.example.cz/?x=1"), "takes no ?query"),
        (("https://matrix.example.cz/", "http://matrix.example.cz"), "allow_plaintext"),
        (('kind = "matrix"', 'kind = "xmpp"'), "unknown account kind 'xmpp'; known: imap, matrix"),
        (('name = "chat"', 'name = "shop"'), "account names must be unique"),
    ],
)
def test_mistakes_are_errors_naming_key_and_line(change: tuple[str, str], problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(CHAT.replace(*change), source="c.toml")
    assert problem in caught.value.message
    assert "c.toml:" in caught.value.message
    assert ".matrix." not in caught.value.message  # the union's tag is no key of the file


def test_a_wrong_key_points_at_its_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse(CHAT + 'access_token = "syt_x"\n', source="c.toml")
    assert caught.value.message == "c.toml:13: accounts.1.access_token: unknown key"


def test_plain_http_only_to_loopback_and_when_allowed() -> None:
    local = CHAT.replace("https://matrix.example.cz/", "http://127.0.0.1:8008")
    with pytest.raises(ConfigError):
        parse(local)
    account = parse(local + "allow_plaintext = true\n").accounts[1]
    assert isinstance(account, MatrixAccount)
    assert account.homeserver == "http://127.0.0.1:8008"
    with pytest.raises(ConfigError, match="loopback"):
        parse(CHAT.replace("https://", "http://") + "allow_plaintext = true\n")


def test_an_empty_token_command_is_refused() -> None:
    with pytest.raises(ConfigError, match="token_command is empty"):
        parse(CHAT + "token_command = []\n")


def test_example_config_documents_every_matrix_key_and_parses() -> None:
    text = (ROOT / "config.example.toml").read_text()
    block = text[text.index('# kind = "matrix"') :]
    for key in MatrixAccount.model_fields:
        assert f"# {key} =" in block, f"accounts.{key} (matrix) is not documented"
    start = text.index("# [[accounts]]")
    uncommented = "\n".join(line.removeprefix("# ") for line in text[start:].splitlines())
    chat = parse(uncommented).accounts[-1]
    assert isinstance(chat, MatrixAccount)
    assert (chat.name, chat.user_id) == ("chat", "@podpora:example.cz")
    assert load(ROOT / "config.example.toml").accounts == []
