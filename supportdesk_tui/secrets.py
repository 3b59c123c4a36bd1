"""An account's password: from its `password_command` or the system keyring, never the config.

The password is returned to the caller and nowhere else: it is never logged, and an error
names the command and its exit status but never what it printed.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Sequence

from .errors import ConnectorError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "supportdesk"
COMMAND_TIMEOUT = 60.0
"""Seconds; a password manager may ask for its own passphrase first."""


def password_for(
    account: str, password_command: Sequence[str] | None, timeout: float = COMMAND_TIMEOUT
) -> str:
    """The password of `account`; ConnectorError naming the account if there is none."""
    if password_command:
        return _from_command(account, list(password_command), timeout)
    return _from_keyring(account)


def _from_command(account: str, argv: list[str], timeout: float) -> str:
    log.debug("%s: running the password command %s", account, argv[0])
    try:
        done = subprocess.run(  # no shell: the arguments are taken as they are
            argv, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False
        )
    except FileNotFoundError:
        raise _error(account, f"password_command {argv[0]!r} was not found") from None
    except PermissionError:
        raise _error(account, f"password_command {argv[0]!r} is not executable") from None
    except subprocess.TimeoutExpired:
        raise _error(account, f"password_command {argv[0]!r} ran over {timeout:g} s") from None
    except OSError as exc:
        raise _error(account, f"password_command {argv[0]!r} failed: {exc.strerror}") from None
    if done.returncode != 0:
        raise _error(
            account, f"password_command {argv[0]!r} failed with exit status {done.returncode}"
        )
    password = done.stdout.decode("utf-8", "replace").strip("\r\n")
    if not password:
        raise _error(account, f"password_command {argv[0]!r} printed no password")
    return password


def _from_keyring(account: str) -> str:
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        raise _error(account, "no password_command and the keyring module is missing") from None
    try:
        password = keyring.get_password(KEYRING_SERVICE, account)
    except KeyringError as exc:
        raise _error(
            account,
            f"the system keyring cannot be read ({type(exc).__name__}); "
            "set password_command instead",
        ) from None
    if not password:
        raise _error(
            account,
            f"no password in the system keyring: store one with "
            f"`keyring set {KEYRING_SERVICE} {account}`, or set password_command",
        )
    return password


def _error(account: str, message: str) -> ConnectorError:
    return ConnectorError(account, message, title="No password")
