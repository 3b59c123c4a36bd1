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


class ConnectorError(SupportDeskError):
    title = "Connection error"

    def __init__(self, account: str, message: str, title: str | None = None) -> None:
        super().__init__(f"{account}: {message}", title)
        self.account = account


class TemplateError(SupportDeskError):
    title = "Template error"
