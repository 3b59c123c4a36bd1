"""The bundled demo: a help desk full of conversations, loaded through the real sync path.

Mail goes as raw RFC 822 bytes through `mime.parse_message` and `sync.apply_fetched`, chat as
a connector's Batch; then the agents' work (status, assignee, tags, snoozes, notes, reading,
customer corrections) through the store's own methods. Deterministic for a given `now`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from ..domain.models import Batch, Message
from ..mime import parse_message
from ..store import Store
from ..sync import apply_fetched
from .content import DemoContent, compose_demo
from .mailthreads import RawMail
from .people import SUPPORT_ADDRESS
from .triage import apply_triage

log = logging.getLogger(__name__)

MAIL_ACCOUNT = "demo-mail"
OUR_ADDRESSES = frozenset({SUPPORT_ADDRESS})
FOLDERS = ("INBOX", "Sent")
BATCH_SIZE = 40

Progress = Callable[[int, int], None]


async def load_demo(store: Store, now: datetime, progress: Progress | None = None) -> None:
    """Fill `store` with the demo conversations as they stand at `now`."""
    content = compose_demo(now)
    total = 1 + len(content.mails) + len(content.triage)
    done = 0

    def step(count: int = 1) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    # Chat first: the customer who writes both ways is known by address when the mail comes.
    await apply_fetched(store, content.chat, our_addresses=OUR_ADDRESSES)
    step()
    first_ids = await _load_mail(store, content, step)
    await apply_triage(store, content.triage, first_ids, now, step)
    log.info("demo loaded: %d conversations", len(content.triage))


async def _load_mail(
    store: Store, content: DemoContent, step: Callable[[int], None]
) -> dict[str, str]:
    """Parse and apply the mail folder by folder; returns each thread's first Message-ID."""
    first_ids: dict[str, str] = {}
    language_of = {item.key: item.language for item in content.triage}
    languages: dict[str, str] = {}
    """Body of each thread's first mail -> its language: the demo knows, no guessing needed."""
    for folder in FOLDERS:
        raws = [mail for mail in content.mails if mail.folder == folder]
        for start in range(0, len(raws), BATCH_SIZE):
            chunk = raws[start : start + BATCH_SIZE]
            messages = [_parse(mail, uid) for uid, mail in enumerate(chunk, start=start + 1)]
            for mail, message in zip(chunk, messages, strict=True):
                key = _thread_key(mail)
                if key not in first_ids:
                    first_ids[key] = message.id
                    languages[message.body_text] = language_of[key]
            batch = Batch(
                account=MAIL_ACCOUNT,
                messages=tuple(messages),
                cursor=f"uid:{start + len(chunk)}",
                cursor_key=folder,
            )
            await apply_fetched(
                store, batch, our_addresses=OUR_ADDRESSES, guess_language=languages.get
            )
            step(len(chunk))
    return first_ids


def _parse(mail: RawMail, uid: int) -> Message:
    return parse_message(
        mail.raw, account=MAIL_ACCOUNT, folder=mail.folder, uid=uid, our_addresses=OUR_ADDRESSES
    )


def _thread_key(mail: RawMail) -> str:
    """'cs.damaged.3.2447915@shop.example' -> 'cs.damaged'; hostile mails are their own key."""
    if mail.message_id.startswith("hostile."):
        return mail.message_id
    local = mail.message_id.partition("@")[0]
    return local.rsplit(".", 2)[0]
