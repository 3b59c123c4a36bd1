"""Flags and expunges of mail already cached: what changed on the server, what to push back.

Server changes since the cursor's MODSEQ come from CONDSTORE (`CHANGEDSINCE`) and, with
QRESYNC, `VANISHED`; without them, all flags are fetched and all UIDs compared. Read state
goes both ways: a cached message whose read state differs from the server's \\Seen takes the
server's when the server changed it since the last sync, and is pushed to the server otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any, Protocol

SEEN = b"\\Seen"
_SEQUENCE = re.compile(rb"(\d+)(?::(\d+))?")
_PARENTHESISED = re.compile(rb"\([^()]*\)")


class LocalIndex(Protocol):
    """What the cache knows about one account's folders. Blocking; thread-safe."""

    def unread_uids(self, folder: str) -> set[int]: ...

    def cached_uids(self, folder: str) -> set[int]: ...

    def message_ids(self, folder: str, uids: Collection[int]) -> dict[int, str]: ...


@dataclass
class FolderState:
    changed: dict[int, bool] = field(default_factory=dict)
    """UID -> seen, for messages the server changed since the cursor (or all, without CONDSTORE)."""
    vanished: set[int] = field(default_factory=set)
    server_wins_all: bool = False


def parse_uid_set(text: bytes) -> set[int]:
    """'1:3,7' -> {1, 2, 3, 7}; '(EARLIER)' and other words are skipped."""
    uids: set[int] = set()
    for first, last in _SEQUENCE.findall(text):
        low, high = int(first), int(last or first)
        uids.update(range(min(low, high), max(low, high) + 1))
    return uids


def parse_search(lines: list[Any]) -> list[int]:
    """UIDs of SEARCH answers; a `(MODSEQ n)` part is dropped, also in an empty answer, which
    some servers send and imapclient rejects."""
    uids: list[int] = []
    for line in lines:
        if isinstance(line, bytes):
            uids += [int(word) for word in _PARENTHESISED.sub(b" ", line).split() if word.isdigit()]
    return uids


def search_uids(client: Any, *criteria: str) -> list[int]:
    """UID SEARCH, tolerant of server variants (see parse_search)."""
    args = [part.encode() for part in criteria]
    return parse_search(client._raw_command_untagged(b"SEARCH", args, response_name="SEARCH"))


def server_changes(
    client: Any, last_uid: int, modseq: int, highest: int, qresync: bool, index: LocalIndex,
    folder: str,
) -> FolderState:  # fmt: skip
    """Flag changes and expunges among UIDs 1..last_uid since `modseq`."""
    if modseq and highest and highest == modseq:
        return FolderState()  # MODSEQ unchanged: no flag changed, nothing expunged
    span = f"1:{last_uid}"
    if modseq and highest:
        client._imap.untagged_responses.pop("VANISHED", None)
        modifiers = [f"CHANGEDSINCE {modseq}"] + (["VANISHED"] if qresync else [])
        answer = client.fetch(span, ["FLAGS"], modifiers=modifiers)
        state = FolderState(changed=_seen_by_uid(answer))
        if qresync:
            for line in client._imap.untagged_responses.pop("VANISHED", []):
                state.vanished |= parse_uid_set(line)
            return state
    else:
        state = FolderState(changed=_seen_by_uid(client.fetch(span, ["FLAGS"])))
        state.server_wins_all = True
    on_server = set(search_uids(client, "UID", span))
    state.vanished = {uid for uid in index.cached_uids(folder) if uid <= last_uid} - on_server
    return state


def _seen_by_uid(answer: dict[int, dict[bytes, Any]]) -> dict[int, bool]:
    return {int(uid): SEEN in data.get(b"FLAGS", ()) for uid, data in answer.items()}


def unseen_uids(client: Any, last_uid: int, esearch: bool) -> set[int]:
    """The server's unread UIDs up to last_uid; ESEARCH answers in ranges, not 100k numbers."""
    span = f"1:{last_uid}".encode()
    if not esearch:
        return set(search_uids(client, "UNSEEN", "UID", span.decode()))
    data = client._raw_command_untagged(
        b"SEARCH", [b"RETURN", b"(ALL)", b"UNSEEN", b"UID", span], response_name="ESEARCH"
    )
    found: set[int] = set()
    for line in data:
        if isinstance(line, bytes) and b" ALL " in line + b" ":
            found |= parse_uid_set(line.split(b" ALL ", 1)[1])
    return found


@dataclass
class Reconciled:
    read_changes: list[tuple[str, bool]]
    """For the cache: (message id, read)."""
    removed: list[str]
    """Message ids that left the server."""
    push_seen: list[int]
    push_unseen: list[int]


def reconcile(
    state: FolderState, server_unseen: set[int], local_unread: set[int], index: LocalIndex,
    folder: str,
) -> Reconciled:  # fmt: skip
    to_read = local_unread - server_unseen - state.vanished
    to_unread = server_unseen - local_unread - state.vanished
    ids = index.message_ids(folder, to_read | to_unread | state.vanished)

    def server_wins(uid: int) -> bool:
        return state.server_wins_all or uid in state.changed

    result = Reconciled([], [ids[uid] for uid in sorted(state.vanished) if uid in ids], [], [])
    for uids, read in ((to_read, True), (to_unread, False)):
        for uid in sorted(uids):
            if uid not in ids:
                continue  # not cached from this folder (say, the same mail in two folders)
            if server_wins(uid):
                result.read_changes.append((ids[uid], read))
            elif read:
                result.push_unseen.append(uid)  # the agent marked it unread here
            else:
                result.push_seen.append(uid)  # the agent read it here
    return result


def modseq_after_push(client: Any, last_uid: int, highest: int, pushed: Collection[int]) -> int:
    """The folder's MODSEQ once our own flag changes are in, so the next sync does not take
    them for the server's; `highest` if anyone else changed something meanwhile."""
    if not pushed or not highest:
        return highest
    answer = client.fetch(f"1:{last_uid}", ["MODSEQ"], modifiers=[f"CHANGEDSINCE {highest}"])
    if not set(answer) <= set(pushed):
        return highest
    modseqs = [_modseq(data) for data in answer.values()]
    return max([highest, *modseqs])


def _modseq(data: dict[bytes, Any]) -> int:
    value = data.get(b"MODSEQ", (0,))
    return int(value[0] if isinstance(value, tuple | list) else value)
