"""An account's password (or a chat account's access token): from its command or the system
keyring, never the config.

The secret is returned to the caller and nowhere else: it is never logged, and an error
names the command and its exit status but never what it printed.
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from .errors import ConnectorError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "supportdesk"
COMMAND_TIMEOUT = 60.0
"""Seconds; a password manager may ask for its own passphrase first."""


@dataclass(frozen=True)
class SecretKind:
    """How errors name a kind of secret and where to get one."""

    name: str
    """"password", "access token"."""
    command_field: str
    """The config field with the command that prints it."""
    keyring_hint: str
    """How to put one in the keyring; {service} and {account} are filled in."""


PASSWORD = SecretKind(
    "password", "password_command", "store one with `keyring set {service} {account}`"
)


def password_for(
    account: str, password_command: Sequence[str] | None, timeout: float = COMMAND_TIMEOUT
) -> str:
    """The password of `account`; ConnectorError naming the account if there is none."""
    return secret_for(account, password_command, PASSWORD, timeout)


def secret_for(
    account: str, command: Sequence[str] | None, kind: SecretKind,
    timeout: float = COMMAND_TIMEOUT,
) -> str:  # fmt: skip
    """The secret of `account`, printed by `command` or kept in the system keyring."""
    if command:
        return _from_command(account, list(command), kind, timeout)
    return _from_keyring(account, kind)


def update_hint(account: str, command: Sequence[str] | None, kind: SecretKind = PASSWORD) -> str:
    """Where the user changes `account`'s secret, said as an instruction."""
    if command:
        return f"fix what {kind.command_field} ({command[0]!r}) prints"
    return kind.keyring_hint.format(service=KEYRING_SERVICE, account=account).replace(
        "store one", "store the new one", 1
    )


def _from_command(account: str, argv: list[str], kind: SecretKind, timeout: float) -> str:
    field = kind.command_field
    log.debug("%s: running the %s %s", account, field, argv[0])
    try:
        done = subprocess.run(  # no shell: the arguments are taken as they are
            argv, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL, check=False
        )
    except FileNotFoundError:
        raise _error(account, kind, f"{field} {argv[0]!r} was not found") from None
    except PermissionError:
        raise _error(account, kind, f"{field} {argv[0]!r} is not executable") from None
    except subprocess.TimeoutExpired:
        raise _error(account, kind, f"{field} {argv[0]!r} ran over {timeout:g} s") from None
    except OSError as exc:
        raise _error(account, kind, f"{field} {argv[0]!r} failed: {exc.strerror}") from None
    if done.returncode != 0:
        raise _error(
            account, kind, f"{field} {argv[0]!r} failed with exit status {done.returncode}"
        )
    secret = done.stdout.decode("utf-8", "replace").strip("\r\n")
    if not secret:
        raise _error(account, kind, f"{field} {argv[0]!r} printed no {kind.name}")
    return secret


def _from_keyring(account: str, kind: SecretKind) -> str:
    hint = kind.keyring_hint.format(service=KEYRING_SERVICE, account=account)
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        raise _error(
            account, kind, f"no {kind.command_field} and the keyring module is missing"
        ) from None
    try:
        secret = keyring.get_password(KEYRING_SERVICE, account)
    except KeyringError as exc:
        raise _error(
            account, kind,
            f"the system keyring cannot be read ({type(exc).__name__}); "
            f"set {kind.command_field} instead",
        ) from None  # fmt: skip
    if not secret:
        raise _error(
            account, kind,
            f"no {kind.name} in the system keyring: {hint}, or set {kind.command_field}",
        )  # fmt: skip
    return secret


def _error(account: str, kind: SecretKind, message: str) -> ConnectorError:
    return ConnectorError(account, message, title=f"No {kind.name}")
