"""A reply from the open app through real servers: the customer's mail comes from Dovecot,
the reply goes out through an SMTP peer that delivers into Dovecot by LMTP, so the test reads
it from the customer's own mailbox; its copy lands in Sent, and the next sync does not
double it in the thread."""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
from collections.abc import Callable
from email.message import EmailMessage
from html.parser import HTMLParser
from pathlib import Path

import pytest

from supportdesk_tui.config import Config, ImapAccount, SmtpSettings
from supportdesk_tui.domain.models import Direction, Message
from supportdesk_tui.services import Services
from supportdesk_tui.ui.app import SupportDeskApp, build_app
from supportdesk_tui.ui.screens.compose_screen import ComposeScreen
from supportdesk_tui.ui.widgets.queue_pane import QueuePane
from tests.imapserver import Dovecot, MailUser
from tests.smtpserver import SmtpPeer

from .conftest import SIZE
from .test_compose import type_text
from .test_live_sync import wait_until

pytestmark = [pytest.mark.imap, pytest.mark.smtp]

SHOP = "podpora@eshop.example"


def customer_mail(customer: str) -> bytes:
    message = EmailMessage()
    message["From"] = f"Jan Vondráček <{customer}>"
    message["To"] = SHOP
    message["Subject"] = "Objednávka 1234"
    message["Message-ID"] = "<question-1@customer.example>"
    message["Date"] = "Tue, 24 Nov 2026 09:00:00 +0000"
    message.set_content("Dobrý den, kde je moje zásilka?")
    return message.as_bytes()


def app_for(
    dovecot: Dovecot,
    shop: MailUser,
    peer: SmtpPeer,
    tmp_path: Path,
    undo: int = 0,
    html: bool = False,
) -> SupportDeskApp:
    account = ImapAccount(
        name="shop", host=dovecot.host, port=dovecot.imaps_port, user=shop.name,
        ca_file=dovecot.ca_file, our_addresses=[SHOP], folders=["INBOX", "Sent"],
        password_command=["printf", "%s", shop.password],
        smtp=SmtpSettings(
            host=peer.host, port=peer.port, tls="starttls", user=peer.user,
            password_command=["printf", "%s", peer.password], ca_file=peer.ca_file,
        ),
    )  # fmt: skip
    config = Config.model_validate(
        {
            "accounts": [account.model_dump()],
            "agent": {"id": "eva", "name": "Eva Horáková"},
            "shop": {"name": "Eshop"},
            "cache": {"path": str(tmp_path / "cache.sqlite3")},
            "compose": {"undo_seconds": undo, "html": html},
        }
    )
    return build_app(config, services=Services.from_config(config))


def mailbox(dovecot: Dovecot, user: str, folder: str) -> list[email.message.EmailMessage]:
    found = []
    with dovecot.session(user) as imap:
        imap.select(f'"{folder}"', readonly=True)
        _, data = imap.search(None, "ALL")
        for number in data[0].split():
            _, parts = imap.fetch(number, "(RFC822)")
            raw = parts[0][1]  # type: ignore[index]
            found.append(email.message_from_bytes(raw, policy=email.policy.default))
    return found  # type: ignore[return-value]


async def test_a_reply_reaches_the_customer_and_is_kept_in_sent_once(
    dovecot: Dovecot,
    imap_user: MailUser,
    start_smtp_peer: Callable[..., SmtpPeer],
    tmp_path: Path,
) -> None:
    customer = dovecot.new_user("customer")
    address = f"{customer.name}@customer.example"
    dovecot.append(imap_user.name, "INBOX", customer_mail(address))
    dovecot.create_folder(imap_user.name, "Sent")
    peer = start_smtp_peer(tls="starttls")
    app = app_for(dovecot, imap_user, peer, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        queue = app.screen.query_one(QueuePane)
        await wait_until(lambda: queue.total == 1, timeout=20)
        queue.focus()
        await pilot.press("enter")
        await pilot.pause(0.5)
        await pilot.press("r")
        await wait_until(lambda: isinstance(app.screen, ComposeScreen), 10)
        await pilot.pause(0.5)
        compose = app.screen
        assert isinstance(compose, ComposeScreen)
        conversation_id = compose.detail.conversation.id
        await type_text(pilot, "Zásilka je na cestě.")
        await pilot.pause(0.5)
        await pilot.press("ctrl+s")
        await pilot.pause(0.8)
        await pilot.press("ctrl+s")
        await wait_until(lambda: len(peer.accepted) == 1, timeout=20)

        [received] = mailbox(dovecot, customer.name, "INBOX")
        assert received["In-Reply-To"] == "<question-1@customer.example>"
        assert received["Subject"] == "Re: Objednávka 1234"
        assert "Eva Horáková" in str(received["From"]) and SHOP in str(received["From"])
        body = received.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert "Vážený pane Vondráčku," in body and "Zásilka je na cestě." in body
        await wait_until(lambda: len(mailbox(dovecot, imap_user.name, "Sent")) == 1, 20)

        # the sync finds the Sent copy: it takes its place, the thread keeps one reply
        store = app.store
        assert store is not None

        async def outgoing() -> list[Message]:
            detail = await store.conversation_detail(conversation_id)
            assert detail is not None
            return [m for m in detail.messages if m.direction is Direction.OUTGOING]

        for _ in range(100):
            located = [m for m in await outgoing() if m.folder == "Sent" and m.uid is not None]
            if located:
                break
            await asyncio.sleep(0.2)
        else:
            raise AssertionError("the sync never found the copy in Sent")
        assert len(await outgoing()) == 1
        assert await store.outbox() == []


class _Reader(HTMLParser):
    """What a mail program makes of an HTML part: its elements, and its text by paragraph
    (a <br> is a line break)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.paragraphs: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "p":
            self._open = []
        elif tag == "br" and self._open is not None:
            self._open.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._open is not None:
            # source line ends after a <br> are layout, not text (a browser folds them)
            self.paragraphs.append(re.sub(r"\n\s+", "\n", "".join(self._open)))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)


def read_html(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


# Typed by the agent: markup that must arrive as text, Czech and Cyrillic (a name: a whole
# Russian line would be a finding of the check), three paragraphs, the second of two lines.
TYPED = (
    "Zásilka je na cestě.\n\n"
    "Napsal jste <b>tučně</b> & <script>alert(1)</script>\n"
    "Zásilku doručí kurýr Иван Петров.\n\n"
    "Eva"
)


async def test_with_html_on_the_customer_gets_the_same_words_as_text_and_as_html(
    dovecot: Dovecot,
    imap_user: MailUser,
    start_smtp_peer: Callable[..., SmtpPeer],
    tmp_path: Path,
) -> None:
    customer = dovecot.new_user("customer")
    address = f"{customer.name}@customer.example"
    dovecot.append(imap_user.name, "INBOX", customer_mail(address))
    dovecot.create_folder(imap_user.name, "Sent")
    invoice = tmp_path / "faktura č. 1234.pdf"
    invoice.write_bytes(b"%PDF-1.4 faktura")
    peer = start_smtp_peer(tls="starttls")
    app = app_for(dovecot, imap_user, peer, tmp_path, html=True)
    async with app.run_test(size=SIZE) as pilot:
        queue = app.screen.query_one(QueuePane)
        await wait_until(lambda: queue.total == 1, timeout=20)
        queue.focus()
        await pilot.press("enter")
        await pilot.pause(0.5)
        await pilot.press("r")
        await wait_until(lambda: isinstance(app.screen, ComposeScreen), 10)
        await pilot.pause(0.5)
        await type_text(pilot, TYPED)
        await pilot.press("ctrl+o", *str(invoice), "enter")
        files = app.screen.query_one("#compose-files")
        await wait_until(lambda: "faktura č. 1234.pdf" in str(files.render()), 10)
        await pilot.press("ctrl+s")
        await pilot.pause(0.8)
        await pilot.press("ctrl+s")
        await wait_until(lambda: len(peer.accepted) == 1, timeout=20)
        await wait_until(lambda: len(mailbox(dovecot, imap_user.name, "Sent")) == 1, 20)

    [received] = mailbox(dovecot, customer.name, "INBOX")
    [sent] = mailbox(dovecot, imap_user.name, "Sent")
    for message in (received, sent):
        assert message.get_content_type() == "multipart/mixed"
        body, attachment = message.iter_parts()  # type: ignore[attr-defined]
        assert body.get_content_type() == "multipart/alternative"
        plain_part, html_part = body.iter_parts()
        assert plain_part.get_content_type() == "text/plain"
        assert html_part.get_content_type() == "text/html"  # the last, the one shown
        assert plain_part.get_content_charset() == html_part.get_content_charset() == "utf-8"
        assert attachment.get_filename() == "faktura č. 1234.pdf"
        assert attachment.get_content() == b"%PDF-1.4 faktura"

        plain = plain_part.get_content().replace("\r\n", "\n")  # line ends as read
        assert plain.startswith("Vážený pane Vondráčku,\n\n")  # the greeting the app wrote
        assert plain.rstrip("\n").endswith(TYPED)
        page = read_html(html_part.get_content().replace("\r\n", "\n"))
        # what the agent typed is text, never markup; nothing runs
        assert set(page.tags) <= {"html", "head", "meta", "body", "p", "br"}, page.tags
        # the same words, paragraph by paragraph and line by line
        assert page.paragraphs == plain.strip("\n").split("\n\n")
        assert page.paragraphs[-2] == (
            "Napsal jste <b>tučně</b> & <script>alert(1)</script>\n"
            "Zásilku doručí kurýr Иван Петров."
        )
    assert sent["Message-ID"] == received["Message-ID"]
