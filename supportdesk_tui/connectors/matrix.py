"""Matrix: each room the support account is in is a conversation; /sync long-poll for news.

The `next_batch` token of a /sync answer is the account's one cursor, stored with the last
batch of that answer. `wait_for_news` long-polls /sync from the last cursor in a thread of
its own and keeps an answer with news for the next `fetch`, so nothing is asked twice and a
customer's message is in the queue as soon as the server has it; `stop` is looked at every
0.1 s meanwhile (the long-poll goes on and is used by the next wait if still wanted).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import httpx

from ..config import MatrixAccount, current_tls_fingerprint
from ..domain.models import Batch
from ..errors import ConnectorError, SendError
from . import tls
from .base import Capability, Progress, Stop
from .matrix_events import EventReader
from .matrix_http import MatrixError, MatrixHttp, path
from .matrix_login import access_token
from .matrix_sync import CLIENT, Counter, SyncReader, has_news

log = logging.getLogger(__name__)

Json = dict[str, Any]

LONG_POLL = 30.0
"""Seconds the server may hold a /sync before answering "nothing new"."""
STOP_CHECK = 0.1
"""Seconds between looks at `stop` while a long-poll is out."""
JOIN_ROUNDS = 3
"""/sync again after joining invites, so the joined rooms come in the same fetch."""
MAX_DOWNLOAD = 100_000_000
TYPING_TIMEOUT = 30.0
_MXC = re.compile(r"^mxc://([A-Za-z0-9.:\[\]-]+)/([A-Za-z0-9_-]+)$")


class MatrixConnector:
    capabilities = Capability.LIVE | Capability.SEND | Capability.FLAGS_BACK

    def __init__(
        self,
        settings: MatrixAccount,
        token: Callable[[], str] | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        long_poll: float = LONG_POLL,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        """`token` gives the access token (default: token_command or the keyring);
        `transport` replaces the network (tests)."""
        self.account = settings.name
        self.settings = settings
        self.user_id = settings.user_id
        ours = frozenset({settings.user_id, *settings.our_user_ids})
        self.our_addresses = frozenset(u.casefold() for u in ours)
        self._http = MatrixHttp(
            settings.name,
            settings.homeserver,
            token or (lambda: access_token(settings)),
            verify=tls.following_context(
                settings.ca_file, lambda: current_tls_fingerprint(settings)
            ),
            transport=transport,
            sleep=sleep,
        )
        self._sync = SyncReader(
            self._http,
            EventReader(settings.name, ours),
            auto_join=settings.auto_join_invites,
            user_id=settings.user_id,
        )
        self._long_poll = long_poll
        self._lock = threading.Lock()
        self._stored: str | None = None
        """The cursor of the last batch handed out (what the store should have)."""
        self._since: str | None = None
        """Where to go on from: `_stored`, or past later answers that held nothing to keep."""
        self._ready: tuple[str, Json] | None = None
        """(since, answer): an answer with news that `wait_for_news` got, for `fetch`."""
        self._poll: _Poll | None = None
        self._checked = False
        self._closed = False

    @property
    def http_seconds(self) -> float:
        """Time in requests with the homeserver so far (long-polls not counted)."""
        return self._http.seconds

    def cursor_keys(self) -> list[str]:
        return [""]

    def fetch(
        self, cursors: Mapping[str, str | None], stop: Stop, progress: Progress | None = None
    ) -> Iterator[Batch]:
        if not self._checked:
            self.check_identity()
        stored = cursors.get("")
        with self._lock:
            since = self._since if stored is not None and stored == self._stored else stored
        counter = Counter(progress)
        for _ in range(JOIN_ROUNDS):
            answer = self._take_ready(since) or self._sync.sync(since, 0.0, stop)
            joined = self._sync.joined
            for batch in self._sync.batches(answer, since, stop, counter):
                if batch.cursor is not None:
                    with self._lock:
                        self._stored = self._since = batch.cursor
                yield batch
            if stop() or self._sync.joined == joined:
                return
            since = answer["next_batch"]

    def _take_ready(self, since: str | None) -> Json | None:
        with self._lock:
            ready, self._ready = self._ready, None
        if ready is not None and ready[0] == since:
            return ready[1]
        return None

    def wait_for_news(self, stop: Stop, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while not stop() and not self._closed:
            with self._lock:
                since, ready, poll = self._since, self._ready, self._poll
            if since is None or (ready is not None and ready[0] == since):
                return True  # never synced, or news already here: a fetch is due
            if poll is None or poll.since != since:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                poll = _Poll(self._sync, since, min(self._long_poll, left))
                with self._lock:
                    self._poll = poll
            if not poll.done.wait(STOP_CHECK):
                if time.monotonic() >= deadline:
                    return False
                continue
            with self._lock:
                self._poll = None
            if poll.error is not None:
                raise poll.error
            assert poll.answer is not None
            with self._lock:
                if has_news(poll.answer):
                    self._ready = (since, poll.answer)
                    return True
                if self._since == since:  # nothing to keep: go on from its token
                    self._since = poll.answer["next_batch"]
        return False

    def check_identity(self) -> None:
        """The token must be the configured user's: our own messages are told apart by it."""
        answer = self._http.request("GET", f"{CLIENT}/account/whoami")
        if answer.get("user_id") != self.user_id:
            raise ConnectorError(
                self.account,
                f"the access token belongs to {str(answer.get('user_id'))[:100]!r}, not to "
                f"{self.user_id!r}; log in again as {self.user_id}",
                title="Wrong Matrix account",
            )
        self._checked = True

    def send_text(self, room_id: str, body: str, txn_id: str) -> str:
        """Send `body` as a text message; the event id. The same `txn_id` again (a retry
        after a lost answer) gives the same event: the server sends it once. SendError,
        `permanent` when trying again cannot help (logged out, not allowed in the room)."""
        return self._send_event(room_id, {"msgtype": "m.text", "body": body}, txn_id)

    def send_file(
        self, room_id: str, filename: str, content_type: str, data: bytes, txn_id: str
    ) -> str:
        """Upload a file and send it as a file message (an image, video or audio one when its
        type says so); the event id. A retry uploads again but sends the message once."""
        try:
            answer = self._http.request(
                "POST", "/_matrix/media/v3/upload", params={"filename": filename},
                content=(data, content_type or "application/octet-stream"),
            )  # fmt: skip
        except MatrixError as error:
            raise self._send_error(error) from error
        uri = answer.get("content_uri")
        if not isinstance(uri, str) or not _MXC.match(uri):
            raise SendError(
                self.account, "the homeserver gave no address for the file", permanent=False
            )
        kind = content_type.split("/", 1)[0]
        msgtype = f"m.{kind}" if kind in ("image", "video", "audio") else "m.file"
        content: Json = {
            "msgtype": msgtype, "body": filename, "filename": filename, "url": uri,
            "info": {"mimetype": content_type, "size": len(data)},
        }  # fmt: skip
        return self._send_event(room_id, content, txn_id)

    def _send_event(self, room_id: str, content: Json, txn_id: str) -> str:
        if not txn_id or not room_id.startswith("!"):
            raise ValueError("sending needs a room id and a transaction id")
        url = f"{CLIENT}/rooms/{path(room_id)}/send/m.room.message/{path(txn_id)}"
        try:
            answer = self._http.request("PUT", url, body=content)
        except MatrixError as error:
            raise self._send_error(error) from error
        event_id = answer.get("event_id")
        if not isinstance(event_id, str) or not event_id:
            raise SendError(self.account, "the homeserver gave no event id", permanent=False)
        return event_id

    def _send_error(self, error: MatrixError) -> SendError:
        reason = error.message.removeprefix(f"{self.account}: ")
        return SendError(self.account, reason, permanent=not error.retryable, title=error.title)

    def send_read_receipt(self, room_id: str, event_id: str) -> None:
        """Tell the room the agent has read up to `event_id` (the customer sees it read)."""
        url = f"{CLIENT}/rooms/{path(room_id)}/receipt/m.read/{path(event_id)}"
        self._http.request("POST", url, body={})

    def set_typing(self, room_id: str, typing: bool) -> None:
        """The typing notice, when the account has typing_notices on; else nothing."""
        if not self.settings.typing_notices:
            return
        body: Json = {"typing": typing}
        if typing:
            body["timeout"] = int(TYPING_TIMEOUT * 1000)
        url = f"{CLIENT}/rooms/{path(room_id)}/typing/{path(self.user_id)}"
        self._http.request("PUT", url, body=body)

    def join(self, room_id: str) -> None:
        self._sync.join(room_id)

    def download(self, mxc_uri: str, max_bytes: int = MAX_DOWNLOAD) -> bytes:
        """A file's bytes by its mxc:// address, through the authenticated media API."""
        match = _MXC.match(mxc_uri)
        if match is None:
            raise ConnectorError(self.account, f"not a Matrix media address: {mxc_uri[:100]!r}")
        server, media = match.groups()
        url = f"/_matrix/client/v1/media/download/{path(server)}/{path(media)}"
        try:
            data, _ = self._http.download(url, max_bytes)
        except MatrixError as error:
            if error.status not in (404, 405) or error.errcode not in ("M_UNRECOGNIZED", ""):
                raise
            # a homeserver older than authenticated media (Synapse < 1.111)
            legacy = f"/_matrix/media/v3/download/{path(server)}/{path(media)}"
            data, _ = self._http.download(legacy, max_bytes)
        return data

    def close(self) -> None:
        self._closed = True
        self._http.close()


class _Poll:
    """One /sync long-poll in a thread of its own; `done` is set when it ends either way."""

    def __init__(self, sync: SyncReader, since: str, wait: float) -> None:
        self.since = since
        self.answer: Json | None = None
        self.error: BaseException | None = None
        self.done = threading.Event()
        self._sync = sync
        self._wait = wait
        threading.Thread(target=self._run, name="matrix-long-poll", daemon=True).start()

    def _run(self) -> None:
        try:
            self.answer = self._sync.sync(self.since, self._wait)
        except BaseException as error:  # noqa: BLE001 - handed to the waiting thread
            self.error = error
        finally:
            self.done.set()
