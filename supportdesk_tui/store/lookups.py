"""Threading lookups for a whole fetched batch at once: a few chunked IN queries instead of
several round trips per message (each one a hop to aiosqlite's thread)."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime

import aiosqlite

from ..domain.models import Customer
from .codec import CUSTOMER_COLUMNS, customer_from_row, to_db
from .fetch import chunks, marks, rows


@dataclass(frozen=True)
class SubjectIndex:
    """The newest stored mail conversation of some (customer address, subject key) pairs."""

    newest: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    """(address key, subject key) -> (last_message_at as stored, conversation id)."""

    def conversation_for(self, subject_key: str, address: str, since: datetime) -> str | None:
        """As reads.conversation_for_subject: the newest one, if it was active since `since`."""
        found = self.newest.get((address.strip().casefold(), subject_key))
        if not subject_key or found is None:
            return None
        last_message_at, conversation_id = found
        return conversation_id if last_message_at >= to_db(since) else None


def _keys(values: Collection[str], fold: bool = False) -> list[str]:
    cleaned = {value.strip().casefold() if fold else value.strip() for value in values}
    return sorted(key for key in cleaned if key)


async def conversations_for_message_ids(
    db: aiosqlite.Connection, message_ids: Collection[str]
) -> dict[str, str]:
    """Stored message id -> its conversation id, for those of these ids that are stored."""
    found: dict[str, str] = {}
    for part in chunks(_keys(message_ids)):
        sql = f"SELECT id, conversation_id FROM message WHERE id IN ({marks(part)})"
        found.update((str(row[0]), str(row[1])) for row in await rows(db, sql, part))
    return found


async def customers_for_addresses(
    db: aiosqlite.Connection, addresses: Collection[str]
) -> dict[str, Customer]:
    """Lower-cased address -> its stored customer, for those of these addresses that are known."""
    owners: dict[str, str] = {}
    for part in chunks(_keys(addresses, fold=True)):
        sql = (
            "SELECT address_key, customer_id FROM customer_address "
            f"WHERE address_key IN ({marks(part)})"
        )
        owners.update((str(row[0]), str(row[1])) for row in await rows(db, sql, part))
    known = await _customers(db, sorted(set(owners.values())))
    return {key: known[owner] for key, owner in owners.items() if owner in known}


async def _customers(db: aiosqlite.Connection, ids: list[str]) -> dict[str, Customer]:
    addresses: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    records: list[aiosqlite.Row] = []
    for part in chunks(ids):
        records += await rows(
            db, f"SELECT {CUSTOMER_COLUMNS} FROM customer WHERE id IN ({marks(part)})", part
        )
        for owner, kind, address in await rows(
            db,
            "SELECT customer_id, kind, address FROM customer_address "
            f"WHERE customer_id IN ({marks(part)}) ORDER BY rowid",
            part,
        ):
            addresses[owner][kind].append(address)
    return {
        row["id"]: customer_from_row(
            row, tuple(addresses[row["id"]]["email"]), tuple(addresses[row["id"]]["chat"])
        )
        for row in records
    }


async def subject_index(
    db: aiosqlite.Connection, wanted: Collection[tuple[str, str]]
) -> SubjectIndex:
    """The newest mail conversation of each (customer address, subject key) pair: one index
    seek a pair (conversation_by_customer_subject). A customer may have thousands of
    conversations, many with the same plain subject; reading them made batches slower as
    the cache grew."""
    pairs = sorted({(a.strip().casefold(), k) for a, k in wanted if a.strip() and k})
    newest: dict[tuple[str, str], tuple[str, str]] = {}
    for part in chunks(pairs):
        for address_key, subject_key, conversation_id, last_message_at in await rows(
            db,
            "SELECT a.address_key, c.subject_key, c.id, c.last_message_at "
            "FROM json_each(?) AS p "
            "JOIN customer_address a ON a.address_key = json_extract(p.value, '$[0]') "
            "JOIN conversation c ON c.rowid = (SELECT n.rowid FROM conversation n "
            "WHERE n.customer_id = a.customer_id AND n.subject_key = json_extract(p.value, '$[1]') "
            "AND n.channel = 'email' AND n.last_message_at IS NOT NULL "
            "ORDER BY n.last_message_at DESC LIMIT 1)",
            (json.dumps(part),),
        ):
            newest[(address_key, subject_key)] = (last_message_at, conversation_id)
    return SubjectIndex(newest)
