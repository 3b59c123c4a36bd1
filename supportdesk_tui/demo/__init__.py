"""The bundled demo: a help desk full of conversations, loaded through the real sync path.

Mail goes as raw RFC 822 bytes through `mime.parse_message` and `sync.apply_fetched`, chat as
a connector's Batch; then the agents' work (status, assignee, tags, snoozes, notes, reading,
customer corrections) through the store's own methods. Last, the past (`past.py`): resolved
conversations of the last weeks, imported whole with their status history, as an import from
another help desk would come. Deterministic for a given `now`.
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
from .past import PastCustomer, compose_past
from .people import PEOPLE, SUPPORT_ADDRESS
from .triage import apply_triage

log = logging.getLogger(__name__)

MAIL_ACCOUNT = "demo-mail"
SHOP_TIMEZONE = "Europe/Prague"
"""The demo shop's: its customers write and its agents answer on Prague time."""
OUR_ADDRESSES = frozenset({SUPPORT_ADDRESS})
FOLDERS = ("INBOX", "Sent")
BATCH_SIZE = 40

Progress = Callable[[int, int], None]


async def load_demo(store: Store, now: datetime, progress: Progress | None = None) -> None:
    """Fill `store` with the demo conversations as they stand at `now`."""
    content = compose_demo(now)
    total = 2 + len(content.mails) + len(content.triage)
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
    past = await _load_past(store, content, now)
    step()
    log.info("demo loaded: %d conversations and %d past", len(content.triage), past)


async def _load_past(store: Store, content: DemoContent, now: datetime) -> int:
    """The past of the same customers; its history replaces what the batches recorded (the
    status each conversation was created with)."""
    past = compose_past(now, await _past_customers(store, content))
    for batch in (past.mail, past.chat):
        await store.apply_batch(batch)
    await store.import_status_history(past.history, replace=True)
    return len(past.mail.conversations) + len(past.chat.conversations)


async def _past_customers(store: Store, content: DemoContent) -> dict[str, PastCustomer]:
    """Demo person -> their customer in the store, with their chat address if they chat."""
    by_email = {person.email.casefold(): person.key for person in PEOPLE.values()}
    found: dict[str, PastCustomer] = {}
    for address, customer in (await store.customers_for_addresses(list(by_email))).items():
        found[by_email[address]] = PastCustomer(customer.id, email=True)
    for customer in content.chat.customers:
        key = customer.id.removeprefix("demo-")
        known = found.get(key)
        found[key] = PastCustomer(customer.id, known is not None, customer.chat_ids[0])
    return found


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
