"""How a Matrix account's replies leave: the text, then each file, into the conversation's room.

The route has a connector of its own (its own HTTP client), so sending never waits behind
the sync's long-poll. Each event goes with a transaction id derived from the reply's, so a
retry after a lost answer, even across a restart, sends nothing twice.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

from ..chatout import BrokenChatReply, ChatReply, unpack_chat_reply
from ..config import MatrixAccount
from ..domain.outbox import OutboxEntry
from ..errors import ConnectorError, SendError
from .matrix import MatrixConnector
from .matrix_events import media_uri


class ChatRoute:
    def __init__(
        self,
        account: MatrixAccount,
        connector: Callable[[MatrixAccount], MatrixConnector] = MatrixConnector,
    ) -> None:
        self.account = account
        self._make_connector = connector
        self._connector: MatrixConnector | None = None
        self._lock = threading.Lock()

    def _client(self) -> MatrixConnector:
        with self._lock:
            if self._connector is None:
                self._connector = self._make_connector(self.account)
            return self._connector

    async def send(self, entry: OutboxEntry) -> str | None:
        try:
            reply = unpack_chat_reply(entry.raw)
        except BrokenChatReply as error:
            raise SendError(self.account.name, str(error), permanent=True) from error
        return await asyncio.to_thread(self._send, entry.conversation_id, reply)

    def _send(self, room_id: str, reply: ChatReply) -> str | None:
        """The text's event id: the thread shows the reply under it. The files are events
        of their own, which the next sync brings into the thread."""
        client = self._client()
        event_id = None
        if reply.text.strip():  # the review lets no empty reply through; files alone, then
            event_id = client.send_text(room_id, reply.text, reply.txn_id)
        for number, file in enumerate(reply.files, start=1):
            client.send_file(
                room_id, file.filename, file.content_type, file.data, f"{reply.txn_id}.{number}"
            )
        return event_id

    async def keep_copy(self, entry: OutboxEntry) -> None:
        return None  # the room keeps what was said in it

    async def mark_read(self, conversation_id: str, message_id: str) -> None:
        """A read receipt: the customer sees the agent has read up to this event."""
        await asyncio.to_thread(self._client().send_read_receipt, conversation_id, message_id)

    async def set_typing(self, conversation_id: str, typing: bool) -> None:
        """The customer sees "typing…" while the agent writes; only with typing_notices on."""
        if self.account.typing_notices:
            await asyncio.to_thread(self._client().set_typing, conversation_id, typing)

    async def fetch_file(self, message_raw: bytes | None) -> bytes:
        """The bytes of the file a chat message carries (kept on the homeserver)."""
        uri = media_uri(message_raw)
        if uri is None:
            raise ConnectorError(self.account.name, "the message names no file to download")
        return await asyncio.to_thread(self._client().download, uri)

    def close(self) -> None:
        with self._lock:
            if self._connector is not None:
                self._connector.close()
                self._connector = None
