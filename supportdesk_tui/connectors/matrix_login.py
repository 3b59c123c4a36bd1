"""A Matrix account's access token: from token_command or the keyring; logging in once.

    supportdesk matrix-login NAME   (or: python -m supportdesk_tui.connectors.matrix_login NAME)

asks for the password of account NAME, logs in, and stores the access token in the system
keyring (service "supportdesk", user NAME). The password is used once and kept nowhere.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from pathlib import Path

import httpx

from ..config import Config, MatrixAccount, load
from ..errors import ConnectorError, SupportDeskError
from ..secrets import KEYRING_SERVICE, SecretKind, secret_for
from .matrix_http import LOGIN_HINT, MatrixError, MatrixHttp, tls_context

LOGIN = "/_matrix/client/v3/login"
DEVICE_NAME = "supportdesk"


TOKEN = SecretKind(
    "access token", "token_command", f"log in once with `{LOGIN_HINT.format(account='{account}')}`"
)


def access_token(settings: MatrixAccount) -> str:
    """The account's access token; ConnectorError naming the account if there is none."""
    return secret_for(settings.name, settings.token_command, TOKEN)


def login(
    settings: MatrixAccount, password: str, *, transport: httpx.BaseTransport | None = None
) -> str:
    """Log in with the password; the new access token (a new device named "supportdesk")."""
    http = MatrixHttp(
        settings.name,
        settings.homeserver,
        lambda: "",
        verify=tls_context(settings.ca_file, settings.tls_fingerprint),
        transport=transport,
    )
    body = {
        "type": "m.login.password",
        "identifier": {"type": "m.id.user", "user": settings.user_id},
        "password": password,
        "initial_device_display_name": DEVICE_NAME,
    }
    try:
        answer = http.request("POST", LOGIN, body=body, auth=False)
    except MatrixError as error:
        if error.errcode == "M_FORBIDDEN":
            raise ConnectorError(
                settings.name, f"login as {settings.user_id} refused: wrong password?",
                title="Login failed",
            ) from None  # fmt: skip
        raise
    finally:
        http.close()
    token, user_id = answer.get("access_token"), answer.get("user_id")
    if not isinstance(token, str) or not token:
        raise ConnectorError(settings.name, "the homeserver gave no access token")
    if user_id != settings.user_id:
        raise ConnectorError(
            settings.name, f"logged in as {str(user_id)[:100]!r}, not {settings.user_id!r}"
        )
    return token


def store_token(account: str, token: str) -> None:
    import keyring

    keyring.set_password(KEYRING_SERVICE, account, token)


def login_interactively(config: Config, name: str) -> int:
    """Ask for the password of the account `name`, log in, keep the token; an exit code."""
    account = next((a for a in config.accounts if a.name == name), None)
    if not isinstance(account, MatrixAccount):
        matrix = [a.name for a in config.accounts if isinstance(a, MatrixAccount)]
        known = f"; Matrix accounts in the config: {', '.join(matrix)}" if matrix else ""
        print(f"no Matrix account named {name!r} in the config{known}", file=sys.stderr)
        return 2
    try:
        password = getpass.getpass(f"Password of {account.user_id}: ")
        store_token(account.name, login(account, password))
    except SupportDeskError as error:
        print(error.message, file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("\nnot logged in", file=sys.stderr)
        return 1
    print(f"{account.name}: logged in; the access token is in the system keyring")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from .. import paths

    parser = argparse.ArgumentParser(
        prog="python -m supportdesk_tui.connectors.matrix_login",
        description="Log in to a Matrix account of the config once and keep its access token "
        "in the system keyring (the same as `supportdesk matrix-login NAME`).",
    )
    parser.add_argument("--config", help="the config file (default: the platform's)")
    parser.add_argument("name", help="the account's name in the config")
    args = parser.parse_args(argv)
    try:
        config = load(Path(args.config) if args.config else paths.config_file())
    except SupportDeskError as error:
        print(error.message, file=sys.stderr)
        return 1
    return login_interactively(config, args.name)


if __name__ == "__main__":
    sys.exit(main())
