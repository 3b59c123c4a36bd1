"""Typed errors. Each carries a message for the user and a short title."""

from __future__ import annotations


class SupportDeskError(Exception):
    title = "Error"

    def __init__(self, message: str, title: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if title is not None:
            self.title = title


class ConfigError(SupportDeskError):
    title = "Configuration error"


class StoreError(SupportDeskError):
    title = "Cache database error"


class CacheDamaged(StoreError):
    """The cache file is damaged or not a cache: only moving it aside and rebuilding it from
    the servers helps (the message says how)."""


class DiskFull(StoreError):
    """The disk holding the cache has no room for a write (SQLITE_FULL); nothing of that
    write was kept, everything saved before is. Writes work again once space is freed."""

    title = "The disk is full"


class ConnectorError(SupportDeskError):
    title = "Connection error"

    def __init__(self, account: str, message: str, title: str | None = None) -> None:
        super().__init__(f"{account}: {message}", title)
        self.account = account


class TemplateError(SupportDeskError):
    title = "Template error"


class SendError(ConnectorError):
    """A reply was not sent. `permanent`: sending the same message again will fail the same
    way (a refused recipient, a rejected message, a wrong password) until something is changed;
    otherwise a later retry may succeed. `refused`: the recipient addresses the server refused.
    """

    title = "Sending failed"

    def __init__(
        self,
        account: str,
        message: str,
        *,
        permanent: bool,
        refused: tuple[str, ...] = (),
        title: str | None = None,
    ) -> None:
        super().__init__(account, message, title)
        self.permanent = permanent
        self.refused = refused
