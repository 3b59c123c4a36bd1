"""How a mail account's replies leave: SMTP, then a copy in its Sent folder over IMAP.

The copy goes over a connection of its own, opened for it and closed after: the sync's
connection may be sitting in IDLE in another thread.
"""

from __future__ import annotations

import asyncio

from ..config import ImapAccount, current_tls_fingerprint
from ..domain.outbox import OutboxEntry
from ..secrets import password_for
from .smtp import SmtpSender


class MailRoute:
    def __init__(self, account: ImapAccount) -> None:
        assert account.smtp is not None
        self.account = account
        settings = account.smtp.model_copy(
            update={
                "user": account.smtp.user or account.user,
                "password_command": account.smtp.password_command or account.password_command,
            }
        )
        self.sender = SmtpSender(
            account.name,
            settings,
            lambda: password_for(account.name, settings.password_command),
            pin=lambda: current_tls_fingerprint(account, smtp=True),
        )

    async def send(self, entry: OutboxEntry) -> None:
        await self.sender.send(entry.raw, entry.sender, entry.recipients)

    async def keep_copy(self, entry: OutboxEntry) -> None:
        await asyncio.to_thread(self._append, entry.raw)

    def _append(self, raw: bytes) -> None:
        from .imap import ImapConnector  # imapclient only once a copy is due

        connector = ImapConnector(self.account)
        try:
            connector.append(self.account.sent_folder, raw, ("\\Seen",))
        finally:
            connector.close()
