"""tls_fingerprint: one pinned certificate per IMAP, SMTP and Matrix account, checked as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from supportdesk_tui.config import ImapAccount, MatrixAccount, current_tls_fingerprint, load, parse
from supportdesk_tui.errors import ConfigError

HEX = "3a9fc201" * 8
PIN = "sha256:" + ":".join(HEX.upper()[i : i + 2] for i in range(0, 64, 2))

MAIL = """
[[accounts]]
name = "shop"
host = "imap.example.cz"
user = "podpora@example.cz"
"""
CHAT = """
[[accounts]]
kind = "matrix"
name = "chat"
homeserver = "https://matrix.example.cz"
user_id = "@podpora:example.cz"
"""


@pytest.mark.parametrize(
    "written",
    [
        PIN,
        PIN.lower(),
        "SHA256:" + HEX,
        f"  sha256:{HEX.upper()}  ",
        PIN.replace("sha256", "Sha256"),
    ],
)
def test_a_fingerprint_is_read_with_or_without_colons_in_either_case(written: str) -> None:
    text = MAIL + f'tls_fingerprint = "{written}"\n[accounts.smtp]\nhost = "smtp.example.cz"\n'
    text += f'tls_fingerprint = "{written}"\n' + CHAT + f'tls_fingerprint = "{written}"\n'
    mail, chat = parse(text).accounts
    assert isinstance(mail, ImapAccount) and isinstance(chat, MatrixAccount)
    assert mail.smtp is not None
    assert mail.tls_fingerprint == mail.smtp.tls_fingerprint == chat.tls_fingerprint == PIN


def test_no_fingerprint_by_default() -> None:
    mail, chat = parse(MAIL + '[accounts.smtp]\nhost = "smtp.example.cz"\n' + CHAT).accounts
    assert isinstance(mail, ImapAccount) and mail.smtp is not None
    assert (mail.tls_fingerprint, mail.smtp.tls_fingerprint, chat.tls_fingerprint) == (None,) * 3


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ("md5:" + HEX[:32], 'not a "sha256:AB:CD:…" certificate fingerprint'),
        (HEX, 'not a "sha256:AB:CD:…" certificate fingerprint'),
        ("sha256:" + HEX[:62], "a SHA-256 fingerprint has 32 bytes"),
        ("sha256:" + HEX[:62] + "zz", "a SHA-256 fingerprint has 32 bytes"),
        ("sha256:" + ":".join(HEX[i : i + 4] for i in range(0, 64, 4)), "32 bytes"),
    ],
)
def test_a_mistyped_fingerprint_is_an_error_naming_its_line(written: str, problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse(MAIL + f'tls_fingerprint = "{written}"\n')
    assert problem in caught.value.message
    assert "<config>:6: accounts.0.tls_fingerprint" in caught.value.message


def test_a_pin_on_an_unencrypted_connection_is_refused() -> None:
    local = MAIL.replace("imap.example.cz", "127.0.0.1")
    with pytest.raises(ConfigError, match="tls_fingerprint pins a TLS certificate"):
        parse(local + f'tls = "plain"\nallow_plaintext = true\ntls_fingerprint = "{PIN}"\n')
    http = CHAT.replace("https://matrix.example.cz", "http://127.0.0.1:8008")
    with pytest.raises(ConfigError, match="unencrypted"):
        parse(http + f'allow_plaintext = true\ntls_fingerprint = "{PIN}"\n')


def test_the_pin_is_read_again_from_the_config_file_so_no_restart_is_needed(
    tmp_path: Path,
) -> None:
    other = "sha256:" + ":".join(["0F"] * 32)
    path = tmp_path / "config.toml"
    path.write_text(MAIL + '[accounts.smtp]\nhost = "smtp.example.cz"\n' + CHAT, encoding="utf-8")
    mail, chat = load(path).accounts
    assert isinstance(mail, ImapAccount) and isinstance(chat, MatrixAccount)
    assert current_tls_fingerprint(mail) is None and current_tls_fingerprint(chat) is None

    path.write_text(
        MAIL + f'tls_fingerprint = "{PIN.lower()}"\n[accounts.smtp]\nhost = "smtp.example.cz"\n'
        f'tls_fingerprint = "{other}"\n' + CHAT + f'tls_fingerprint = "{PIN}"\n',
        encoding="utf-8",
    )
    assert current_tls_fingerprint(mail) == PIN
    assert current_tls_fingerprint(mail, smtp=True) == other
    assert current_tls_fingerprint(chat) == PIN

    path.write_text(MAIL + 'tls_fingerprint = "sha256:half-writ', encoding="utf-8")
    assert current_tls_fingerprint(mail) == PIN  # as at the last good reading
    path.write_text(CHAT, encoding="utf-8")  # the mail account is gone: as read at start
    assert current_tls_fingerprint(mail) is None
    assert current_tls_fingerprint(chat) is None


def test_an_account_made_without_a_file_keeps_its_own_pin() -> None:
    account = ImapAccount(name="shop", host="h", user="u", tls_fingerprint=PIN)
    assert current_tls_fingerprint(account) == PIN
    assert current_tls_fingerprint(account, smtp=True) is None
