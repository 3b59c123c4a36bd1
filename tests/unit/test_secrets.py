"""Passwords come from a command or the keyring; failures are clear and never show a secret."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked

from supportdesk_tui.errors import ConnectorError
from supportdesk_tui.secrets import password_for

PY = sys.executable


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.stored: dict[tuple[str, str], str] = {}
        self.locked = False

    def get_password(self, service: str, username: str) -> str | None:
        if self.locked:
            raise KeyringLocked("locked")
        return self.stored.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.stored[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.stored.pop((service, username), None)


@pytest.fixture
def ring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_command_output_is_the_password_without_the_newline() -> None:
    command = [PY, "-c", "print('s3cret with spaces ; $HOME')"]
    assert password_for("shop", command) == "s3cret with spaces ; $HOME"


def test_command_runs_without_a_shell() -> None:
    # With a shell, `;` would start a second command and print "injected".
    command = [PY, "-c", "import sys; print(sys.argv[1])", "a; echo injected"]
    assert password_for("shop", command) == "a; echo injected"


def test_failing_command_names_its_status_but_not_its_output() -> None:
    command = [PY, "-c", "import sys; print('hunter2'); sys.exit(3)"]
    with pytest.raises(ConnectorError) as caught:
        password_for("shop", command)
    assert caught.value.message.startswith("shop: ")
    assert "exit status 3" in caught.value.message
    assert "hunter2" not in str(caught.value)


def test_missing_command_and_empty_output_are_clear() -> None:
    with pytest.raises(ConnectorError, match="'no-such-pass-tool' was not found"):
        password_for("shop", ["no-such-pass-tool", "show"])
    with pytest.raises(ConnectorError, match="printed no password"):
        password_for("shop", [PY, "-c", "print()"])


def test_slow_command_times_out() -> None:
    with pytest.raises(ConnectorError, match="ran over 0.5 s"):
        password_for("shop", [PY, "-c", "import time; time.sleep(5)"], timeout=0.5)


def test_keyring_is_asked_by_account_name(ring: MemoryKeyring) -> None:
    ring.set_password("supportdesk", "shop", "from-the-ring")
    assert password_for("shop", None) == "from-the-ring"
    assert password_for("shop", []) == "from-the-ring"


def test_keyring_without_entry_says_how_to_add_one(ring: MemoryKeyring) -> None:
    with pytest.raises(ConnectorError) as caught:
        password_for("other", None)
    assert "keyring set supportdesk other" in caught.value.message


def test_locked_keyring_is_a_clear_error(ring: MemoryKeyring) -> None:
    ring.locked = True
    with pytest.raises(ConnectorError, match="keyring cannot be read"):
        password_for("shop", None)


def test_no_secret_reaches_the_log(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("DEBUG")
    password_for("shop", [PY, "-c", "print('hunter2')"])
    assert "hunter2" not in caplog.text
