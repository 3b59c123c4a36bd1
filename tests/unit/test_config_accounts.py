"""[[accounts]]: IMAP accounts validated strictly, plain text only where it cannot leak."""

from __future__ import annotations

from pathlib import Path

import pytest

from supportdesk_tui.config import ImapAccount, SmtpSettings, load, parse
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
        if key == "smtp":
            assert "# [accounts.smtp]" in text, "accounts.smtp is not documented"
            continue
        assert f"# {key} =" in text, f"accounts.{key} is not documented"
    smtp_table = text[text.index("# [accounts.smtp]") :]
    for key in SmtpSettings.model_fields:
        assert f"# {key} =" in smtp_table, f"accounts.smtp.{key} is not documented"
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
    assert account.smtp is not None
    assert account.smtp.host == "smtp.example.cz"
    assert account.from_address == "podpora@example.cz"


SMTP = SHOP + '[accounts.smtp]\nhost = "smtp.example.cz"\n'


def test_smtp_inherits_the_accounts_user_and_password_command() -> None:
    account = parse(SMTP).accounts[0]
    assert account.smtp is not None
    assert account.smtp.user == "podpora@example.cz"
    assert account.smtp.password_command == ["pass", "show", "mail/podpora"]
    own = parse(SMTP + 'user = "smtp-user"\npassword_command = ["smtp-pass"]\n').accounts[0]
    assert own.smtp is not None
    assert (own.smtp.user, own.smtp.password_command) == ("smtp-user", ["smtp-pass"])


@pytest.mark.parametrize(("tls", "port"), [("implicit", 465), ("starttls", 587)])
def test_smtp_port_follows_tls(tls: str, port: int) -> None:
    account = parse(SMTP + f'tls = "{tls}"\n').accounts[0]
    assert account.smtp is not None
    assert account.smtp.effective_port == port


def test_smtp_plain_needs_allow_plaintext_and_loopback() -> None:
    with pytest.raises(ConfigError) as caught:
        parse(SMTP + 'tls = "plain"\nallow_plaintext = true\n')
    assert "loopback" in caught.value.message
    local = SMTP.replace("smtp.example.cz", "127.0.0.1")
    account = parse(local + 'tls = "plain"\nallow_plaintext = true\n').accounts[0]
    assert account.smtp is not None
    assert account.smtp.effective_port == 25


def test_unknown_smtp_key_is_named_with_its_line() -> None:
    with pytest.raises(ConfigError) as caught:
        parse(SMTP + 'hots = "x"\n')
    lines = SMTP.count("\n") + 1
    assert f":{lines}: accounts.0.smtp.hots: unknown key" in caught.value.message


def test_from_address_defaults() -> None:
    def account(user: str = "podpora", **fields: list[str] | str) -> ImapAccount:
        return ImapAccount.model_validate(
            {"name": "shop", "host": "imap.x.cz", "user": user, **fields}
        )

    assert account().from_address == ""
    assert account("p@example.cz").from_address == "p@example.cz"
    ours = account(our_addresses=["info@example.cz", "x@example.cz"])
    assert ours.from_address == "info@example.cz"
    assert account(address="a@example.cz", our_addresses=["i@e.cz"]).from_address == "a@example.cz"


def test_address_must_be_a_bare_address() -> None:
    with pytest.raises(ConfigError) as caught:
        parse(SHOP + 'address = "Podpora <podpora@example.cz>"\n')
    assert "write only the address" in caught.value.message


def test_a_bad_smtp_value_points_at_the_smtp_table() -> None:
    text = SMTP.replace('host = "smtp.example.cz"', 'host = ""')  # IMAP's host comes first
    with pytest.raises(ConfigError) as caught:
        parse(text)
    assert f":{text.count(chr(10))}: accounts.0.smtp.host:" in caught.value.message
