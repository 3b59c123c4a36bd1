"""Building accounts, mail and syncs against the test Dovecot."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import Any

from supportdesk_tui.config import ImapAccount
from supportdesk_tui.connectors.imap import ImapConnector
from supportdesk_tui.domain.models import Status
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.imapsync import SyncSummary, sync_accounts
from supportdesk_tui.store import Store
from tests.imapserver import Dovecot, MailUser

SHOP = "podpora@eshop.cz"
EVERYTHING = QueueFilter(statuses=frozenset(Status))
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
FAR_FUTURE = datetime(2100, 1, 1, tzinfo=UTC)


def account(dovecot: Dovecot, user: MailUser, **changes: Any) -> ImapAccount:
    fields: dict[str, Any] = {
        "name": "shop",
        "host": dovecot.host,
        "port": dovecot.imaps_port,
        "user": user.name,
        "ca_file": dovecot.ca_file,
        "our_addresses": [SHOP],
        **changes,
    }
    return ImapAccount(**fields)


def connector(dovecot: Dovecot, user: MailUser, **kw: Any) -> ImapConnector:
    settings = kw.pop("settings", None) or account(dovecot, user)
    password = kw.pop("password", user.password)
    return ImapConnector(settings, lambda: password, timeout=10, **kw)


def mail(
    n: int,
    subject: str | None = None,
    sender: str = "jan.vondracek@example.cz",
    to: str = SHOP,
    reply_to: str | None = None,
    body: str = "Dobrý den, kde je moje zásilka?",
) -> bytes:
    message = EmailMessage()
    message["From"] = f"Jan Vondráček <{sender}>"
    message["To"] = to
    message["Subject"] = subject or f"Objednávka {1000 + n}"
    message["Message-ID"] = f"<m{n}@test.example>"
    message["Date"] = format_datetime(T0 + timedelta(minutes=n))
    if reply_to:
        message["In-Reply-To"] = f"<{reply_to}>"
        message["References"] = f"<{reply_to}>"
    message.set_content(body)
    return message.as_bytes(policy=SMTP)  # as stored on the server: CRLF


async def sync(
    store: Store, *connectors: ImapConnector, stop: Callable[[], bool] = lambda: False,
    progress: Callable[[str, int, int], None] | None = None,
) -> SyncSummary:  # fmt: skip
    return await sync_accounts(store, list(connectors), stop, progress)


async def cached(store: Store) -> dict[str, tuple[str, bool]]:
    """Message id -> (conversation id, read) of every cached message."""
    found: dict[str, tuple[str, bool]] = {}
    for row in await store.list_queue(EVERYTHING, FAR_FUTURE, 0, 100_000):
        detail = await store.conversation_detail(row.conversation_id)
        assert detail is not None
        for message in detail.messages:
            found[message.id] = (row.conversation_id, message.read)
    return found


def server_flags(dovecot: Dovecot, user: MailUser, folder: str = "INBOX") -> dict[int, str]:
    """UID -> the flags text of every message in `folder`."""
    import re

    with dovecot.session(user.name) as imap:
        imap.select(f'"{folder}"')
        typ, data = imap.uid("FETCH", "1:*", "(FLAGS)")
    flags = {}
    for line in data:
        text = line.decode() if isinstance(line, bytes) else ""
        found = re.search(r"UID (\d+).*FLAGS \(([^)]*)\)|FLAGS \(([^)]*)\).*UID (\d+)", text)
        if found:
            uid = found.group(1) or found.group(4)
            flags[int(uid)] = found.group(2) if found.group(1) else found.group(3)
    return flags
