"""[[accounts]]: IMAP accounts validated strictly, plain text only where it cannot leak."""

from __future__ import annotations

from pathlib import Path

import pytest

from supportdesk_tui.config import ImapAccount, load, parse
from supportdesk_tui.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]

SHOP = """
[[accounts]]
kind = "imap"
name = "shop"
host = "imap.example.cz"
user = "podpora@example.cz"
our_addresses = ["podpora@example.cz"]
password_command = ["pass", "show", "mail/podpora"]
"""


def test_an_account_gets_safe_defaults() -> None:
    account = parse(SHOP).accounts[0]
    assert account.tls == "implicit"
    assert account.effective_port == 993
    assert account.folders == ["INBOX", "Sent"]
    assert account.ca_file is None
    assert account.password_command == ["pass", "show", "mail/podpora"]


def test_starttls_defaults_to_port_143() -> None:
    account = parse(SHOP + 'tls = "starttls"\n').accounts[0]
    assert account.effective_port == 143


@pytest.mark.parametrize("host", ["imap.example.cz", "10.0.0.5", "localhost.evil.cz"])
def test_plain_text_to_a_remote_host_is_refused_even_when_allowed(host: str) -> None:
    text = SHOP.replace("imap.example.cz", host) + 'tls = "plain"\nallow_plaintext = true\n'
    with pytest.raises(ConfigError) as caught:
        parse(text, source="c.toml")
    assert "loopback" in caught.value.message
    assert "c.toml" in caught.value.message


def test_plain_text_to_localhost_needs_the_explicit_switch() -> None:
    local = SHOP.replace("imap.example.cz", "127.0.0.1") + 'tls = "plain"\n'
    with pytest.raises(ConfigError):
        parse(local)
    account = parse(local + "allow_plaintext = true\n").accounts[0]
    assert account.tls == "plain"
    assert account.effective_port == 143
    assert parse(SHOP.replace("imap.example.cz", "::1") + 'tls = "plain"\nallow_plaintext = true\n')


def test_a_password_in_the_file_is_an_unknown_key_with_its_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse(SHOP + 'password = "hunter2"\n', source="c.toml")
    assert "c.toml:9" in caught.value.message
    assert "accounts.0.password: unknown key" in caught.value.message
    assert "hunter2" not in caught.value.message


def test_the_error_points_into_the_second_account() -> None:
    second = SHOP.replace('"shop"', '"eshop2"') + 'tls = "smoke"\n'
    with pytest.raises(ConfigError) as caught:
        parse(SHOP + second, source="c.toml")
    assert "c.toml:17" in caught.value.message
    assert "accounts.1.tls" in caught.value.message


def test_account_names_are_unique_and_without_spaces() -> None:
    with pytest.raises(ConfigError) as caught:
        parse(SHOP + SHOP)
    assert "unique: shop" in caught.value.message
    with pytest.raises(ConfigError):
        parse(SHOP.replace('"shop"', '"my shop"'))


def test_empty_folder_list_and_empty_password_command_are_errors() -> None:
    with pytest.raises(ConfigError):
        parse(SHOP + "folders = []\n")
    with pytest.raises(ConfigError) as caught:
        parse(SHOP.replace('["pass", "show", "mail/podpora"]', "[]"))
    assert "password_command is empty" in caught.value.message


def test_example_config_documents_every_account_key() -> None:
    text = (ROOT / "config.example.toml").read_text()
    assert "[[accounts]]" in text
    for key in ImapAccount.model_fields:
        assert f"# {key} =" in text, f"accounts.{key} is not documented"
    uncommented = "\n".join(line.removeprefix("# ") for line in text.splitlines())
    assert "[[accounts]]\nkind" in uncommented
    assert load(ROOT / "config.example.toml").accounts == []


def test_the_documented_example_account_is_valid(tmp_path: Path) -> None:
    text = (ROOT / "config.example.toml").read_text()
    start = text.index("# [[accounts]]")
    block = "\n".join(line.removeprefix("# ") for line in text[start:].splitlines())
    account = parse(block).accounts[0]
    assert account.name == "shop"
    assert account.folders == ["INBOX", "Sent"]
