"""Account kind -> connector class, imported only when an account of that kind is configured."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any

from ..config import Account, Config, ImapAccount, MatrixAccount
from ..errors import ConfigError
from .base import Connector

if TYPE_CHECKING:
    from ..outbox import ReplyRoute

KINDS: dict[str, str] = {
    "imap": "supportdesk_tui.connectors.imap:ImapConnector",
    "matrix": "supportdesk_tui.connectors.matrix:MatrixConnector",
}
"""kind -> "module:Class"; a new channel adds one line here."""


def connector_class(kind: str) -> Callable[..., Any]:
    try:
        module, name = KINDS[kind].split(":")
    except KeyError:
        raise ConfigError(f"unknown account kind {kind!r}; known: {', '.join(KINDS)}") from None
    cls: Callable[..., Any] = getattr(import_module(module), name)
    return cls


def build_connectors(config: Config, only: list[str] | None = None) -> list[Connector]:
    """One connector per configured account (or per name in `only`); none is connected yet."""
    accounts: list[Account] = list(config.accounts)
    if only:
        unknown = sorted(set(only) - {a.name for a in accounts})
        if unknown:
            raise ConfigError(f"no account named {', '.join(unknown)} in the config")
        accounts = [a for a in accounts if a.name in only]
    connectors: list[Connector] = []
    for account in accounts:
        connectors.append(connector_class(account.kind)(account))
    return connectors


def build_routes(config: Config) -> dict[str, ReplyRoute]:
    """Account name -> how its replies leave: each mail account with an [accounts.smtp]
    table, each chat account."""
    routes: dict[str, ReplyRoute] = {}
    for account in config.accounts:
        if isinstance(account, ImapAccount) and account.smtp:
            from .mailroute import MailRoute  # aiosmtplib only with a sending account

            routes[account.name] = MailRoute(account)
        elif isinstance(account, MatrixAccount):
            from .chatroute import ChatRoute

            routes[account.name] = ChatRoute(account)
    return routes
