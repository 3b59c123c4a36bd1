"""A chat reply as the outbox keeps it: its text and its files packed in one MIME message.

The outbox stores a reply as the exact bytes to send, so every retry sends the same thing;
for chat those bytes are a small MIME message (the standard library reads and writes it)
whose Message-ID is the Matrix transaction id: a retry after a lost answer reuses it, and
the homeserver sends the message once.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from email import message_from_bytes
from email.message import EmailMessage, Message
from email.policy import SMTP, default


@dataclass(frozen=True)
class ChatFile:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class ChatReply:
    txn_id: str
    text: str
    files: tuple[ChatFile, ...] = ()
    author: str = ""
    """The agent's name, for the thread until the server's copy comes back."""


class BrokenChatReply(ValueError):
    """The outbox row is not a chat reply this version can read."""


def new_txn_id() -> str:
    return "sdtui-" + secrets.token_hex(12)


def pack_chat_reply(reply: ChatReply) -> bytes:
    message = EmailMessage()
    message["Message-ID"] = f"<{reply.txn_id}>"
    if reply.author:
        message["X-Supportdesk-Author"] = reply.author
    message.set_content(reply.text, charset="utf-8", cte="quoted-printable")
    for file in reply.files:
        maintype, _, subtype = file.content_type.partition("/")
        if not maintype or not subtype:
            maintype, subtype = "application", "octet-stream"
        message.add_attachment(file.data, maintype, subtype, filename=file.filename)
    return message.as_bytes(policy=SMTP)


def unpack_chat_reply(raw: bytes) -> ChatReply:
    parsed = message_from_bytes(raw, policy=default)
    assert isinstance(parsed, EmailMessage)  # the default policy's class
    txn_id = str(parsed.get("Message-ID", "")).strip().strip("<>")
    body = parsed.get_body(("plain",))
    if not txn_id or not isinstance(body, EmailMessage):
        raise BrokenChatReply("the outbox entry is not a chat reply (no id or no text)")
    files = tuple(_file(part) for part in parsed.iter_attachments())
    text = str(body.get_content()).replace("\r\n", "\n").rstrip("\n")
    author = str(parsed.get("X-Supportdesk-Author", ""))
    return ChatReply(txn_id, text, files, author)


def _file(part: Message) -> ChatFile:
    data = part.get_payload(decode=True)
    return ChatFile(
        part.get_filename() or "file",
        part.get_content_type(),
        data if isinstance(data, bytes) else b"",
    )
