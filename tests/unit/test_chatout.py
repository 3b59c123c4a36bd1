"""A chat reply kept in the outbox reads back exactly as the agent wrote it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from supportdesk_tui.chatout import ChatFile, ChatReply, pack_chat_reply, unpack_chat_reply
from supportdesk_tui.config import MatrixAccount
from supportdesk_tui.connectors.chatroute import ChatRoute
from supportdesk_tui.domain.models import Channel, Status
from supportdesk_tui.domain.outbox import OutboxEntry, OutboxState
from supportdesk_tui.errors import SendError


def test_text_and_files_come_back_unchanged() -> None:
    text = "Dobrý den, paní Kubelková,\n\n" + "dlouhý řádek " * 200 + "\n.\nFrom: nikdo\n<b>ne</b>"
    files = (
        ChatFile("faktura č. 7.pdf", "application/pdf", bytes(range(256)) * 4),
        ChatFile("štítek.png", "image/png", b"\x89PNG\r\n\x1a\n"),
    )
    reply = ChatReply("sdtui-abc", text, files, author="Eva Horáková")

    assert unpack_chat_reply(pack_chat_reply(reply)) == reply


def test_a_reply_without_files_is_text_only() -> None:
    reply = ChatReply("sdtui-1", "Привіт, пане Мироне!")
    assert unpack_chat_reply(pack_chat_reply(reply)) == reply


def test_an_unreadable_outbox_row_is_refused_for_good_with_a_reason() -> None:
    account = MatrixAccount(
        kind="matrix", name="chat", homeserver="https://matrix.example", user_id="@s:example"
    )
    route = ChatRoute(account, connector=lambda _: pytest.fail("must not connect"))
    now = datetime(2026, 1, 1, tzinfo=UTC)
    entry = OutboxEntry(
        id=1, draft_id=1, conversation_id="!room:example", account="chat", channel=Channel.CHAT,
        message_id="x", raw=b"\x00\xffnot a reply", sender="@s:example",
        recipients=("!room:example",), subject="", body_text="", created_at=now,
        send_after=now, state=OutboxState.SENDING, status_before=Status.OPEN,
    )  # fmt: skip

    with pytest.raises(SendError) as refused:
        asyncio.run(route.send(entry))

    assert refused.value.permanent and "not a chat reply" in refused.value.message
