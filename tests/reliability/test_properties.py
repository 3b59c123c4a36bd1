"""Hostile-but-plausible input, generated (hypothesis), through the paths that put it on screen.

Mail: random header values (raw 8-bit, encoded-words in random and unknown charsets with valid
or broken base64/Q payloads), random MIME trees (multipart mixed/alternative/related/unknown,
nested, with or without closing boundaries), text/plain and text/html parts in random charsets
and transfer encodings (base64 and quoted-printable, whole or broken), random file names and
bytes with C0/C1 controls, escape sequences (CSI, OSC 52 clipboard, OSC 8 links), bidi controls,
zero-width characters and Rich markup. Each mail goes the way a synced one does: the header pass
(`imap_parse.parse_fetched`), the body pass (`bodies.parse_bodies`), then what the agent sees:
the thread pane (`render_thread`), the customer pane (`render_customer`) and the queue's cells
(`safetext.one_line`). Fewer of them go the whole way, as a sync does it: a connector hands the
header pass's message to `imapsync.sync_accounts`, which routes it into a conversation in a real
Store and parses its body from the stored raw mail; the queue row (name, subject, preview) and
the conversation are then read back from the store and drawn.

Checked: nothing raises; the shown text has none of what safetext removes (C0 but newline and
tab, C1, ESC, bidi embeddings/overrides/isolates and marks, tag characters, lone surrogates,
the invisible U+200B/U+2060/U+FEFF); names and subjects have no zero-width characters (joiners
included) and no line breaks; and the Text prints exactly its own characters, so markup in a
mail shows as written.

Templates: random template sources (the fields, filters and tags replies use, broken tags,
hostile literal text) filled with random customer, order and agent values: a template either
fills or raises the app's TemplateError or MissingValue, and the filled text is clean too.
"""

from __future__ import annotations

import asyncio
import base64
import io
import quopri
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from supportdesk_tui.bodies import parse_bodies
from supportdesk_tui.canned import MissingValue, RenderValues, TemplateError, parse_reply, render
from supportdesk_tui.connectors.base import Capability, Stop
from supportdesk_tui.connectors.imap_parse import Fetched, parse_fetched
from supportdesk_tui.domain.models import (
    Batch,
    Channel,
    Conversation,
    ConversationDetail,
    Customer,
    MailBatch,
    PendingBody,
    Status,
)
from supportdesk_tui.domain.queue import QueueFilter
from supportdesk_tui.imapsync import sync_accounts
from supportdesk_tui.safetext import one_line
from supportdesk_tui.store import Store
from supportdesk_tui.ui.widgets.customer_pane import render_customer
from supportdesk_tui.ui.widgets.thread_pane import render_thread
from tests.reliability import ledger

pytestmark = pytest.mark.reliability

AREA = "property tests"
MAIL_EXAMPLES = ledger.rounds(1000, 20_000)
STORED_EXAMPLES = ledger.rounds(300, 5000)
TEMPLATE_EXAMPLES = ledger.rounds(1000, 20_000)
ZONE = ZoneInfo("Europe/Prague")
OURS = frozenset({"support@shop.example"})

# What safetext promises never reaches the screen (its module docstring).
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
    "\U000e0000-\U000e007f\u200b\u2060\ufeff\ud800-\udfff]"
)
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")

HOSTILE = [
    "\x1b[31m", "\x1b[2J\x1b[H", "\x1b]52;c;Y2F0IC9ldGMvcGFzc3dk\x07", "\x1b]0;title\x1b\\",
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", "\x1bP1$r\x1b\\", "\x1b(0", "\x1b",
    "\x9b31m", "\x9d0;t\x9c", "\x90x\x9c", "\x07", "\x00", "\x08", "\x0b", "\x0c", "\x7f", "\x85",
    "\u202e", "\u202a", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\U000e0041", "\u2028", "\u2029",
    "\r", "\r\n", "\n", "\t", " ", "[bold red]", "[/]", "[link=file:///etc/passwd]x[/link]",
    "[@click=app.quit]", ":smile:", "\\[", "]", "ř", "Ž", "Жанна", "שלום", "مرحبا", "中文",
    "👍🏽", "👨\u200d👩\u200d👧", "e\u0301", "=?", "?=", "--", "> quoted\n", "On Mon, Eva wrote:\n",
    "-- \n", "<", ">", "&amp;", "&#27;", "&#x9b;", "&#x202e;",
]  # fmt: skip

hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=6)), max_size=12).map(
    "".join
)
CODECS = ["utf-8", "latin-1", "cp1250", "koi8-r", "utf-16", "iso-2022-jp", "gb18030", "cp1252"]
CHARSET_LABELS = [
    "utf-8", "UTF-8", "us-ascii", "iso-8859-1", "iso-8859-2", "windows-1250", "koi8-r",
    "utf-16", "utf-7", "gb2312", "iso-2022-jp", "x-unknown", "unknown-8bit", "", "cp65001",
    "x-mac-ce", "utf-8\x1b[31m", "\u202eutf-8", "8bit", "binary",
]  # fmt: skip
charset_label = st.one_of(
    st.sampled_from(CHARSET_LABELS),
    st.text(alphabet=string.ascii_letters + string.digits + "-_", max_size=12),
)
some_bytes = st.one_of(
    st.binary(max_size=80),
    st.builds(
        lambda text, codec: text.encode(codec, "replace"), hostile_text, st.sampled_from(CODECS)
    ),
)


def _broken(data: bytes, how: int) -> bytes:
    """`data` (an encoded payload) damaged in one of a few ways."""
    if not data:
        return b"=" if how % 2 else b"!"
    cut = how % len(data)
    return [data[:cut], data[:cut] + b"*=\x00" + data[cut:], data.replace(b"=", b"")][how % 3]


@st.composite
def encoded_word(draw: st.DrawFn) -> str:
    charset = draw(charset_label)
    payload = draw(some_bytes)
    if draw(st.booleans()):
        encoded = base64.b64encode(payload)
        kind = "B"
    else:
        encoded = b"".join(
            bytes([b]) if chr(b).isalnum() else f"={b:02X}".encode() for b in payload
        )
        kind = "Q"
    if draw(st.booleans()):
        encoded = _broken(encoded, draw(st.integers(0, 1000)))
    return f"=?{charset}?{kind}?{encoded.decode('latin-1')}?="


@st.composite
def header_value(draw: st.DrawFn) -> bytes:
    """A header value: raw bytes (8-bit, controls, even line breaks) and encoded-words."""
    pieces = draw(
        st.lists(
            st.one_of(
                some_bytes,
                encoded_word().map(lambda word: word.encode("latin-1", "replace")),
                st.sampled_from([b" ", b"\r\n ", b"\r\n\t", b'"', b"<", b">", b",", b"\\"]),
            ),
            max_size=6,
        )
    )
    return b"".join(pieces)


@dataclass
class Leaf:
    content_type: str
    charset: str | None
    encoding: str | None
    damage: int | None
    payload: bytes
    filename: bytes | None
    disposition: str | None


@dataclass
class Multi:
    subtype: str
    boundary: str
    children: list[Leaf | Multi]
    closed: bool


HTML_SHAPES = [
    "<p>{}</p>", "<div style='display:none'>{}</div>", "<a href='{}'>{}</a>",
    "<script>{}</script><style>{}</style>", "<img src='cid:x' alt='{}'>", "<table><tr><td>{}",
    "<blockquote>{}</blockquote>", "<pre>{}</pre>", "{}", "<![CDATA[{}]]><!-- {} -->",
    "<" * 40 + "{}", "<b><i><u>{}</b>",
]  # fmt: skip


@st.composite
def leaf_payload(draw: st.DrawFn, content_type: str) -> bytes:
    if "html" in content_type.lower():
        shape = draw(st.sampled_from(HTML_SHAPES))
        text = shape.replace("{}", draw(hostile_text))
        return text.encode(draw(st.sampled_from(CODECS)), "replace")
    return draw(some_bytes)


@st.composite
def leaf(draw: st.DrawFn) -> Leaf:
    content_type = draw(
        st.sampled_from(
            [
                "text/plain", "text/html", "TEXT/HTML", "text/plain; format=flowed; delsp=yes",
                "application/octet-stream", "image/png", "text/x-unknown", "message/rfc822",
                "application/x\x1b[31mevil", "text/\u202ehtml", "", "text",
            ]
        )
    )  # fmt: skip
    return Leaf(
        content_type=content_type,
        charset=draw(st.none() | charset_label),
        encoding=draw(
            st.none()
            | st.sampled_from(
                [
                    "7bit",
                    "8bit",
                    "binary",
                    "base64",
                    "quoted-printable",
                    "x-uuencode",
                    "BASE64 ",
                    "bogus\x1b",
                ]
            )
        ),  # fmt: skip
        damage=draw(st.none() | st.integers(0, 1000)),
        payload=draw(leaf_payload(content_type)),
        filename=draw(st.none() | header_value()),
        disposition=draw(st.none() | st.sampled_from(["inline", "attachment", "attachment\x1b"])),
    )


mime_tree = st.recursive(
    leaf(),
    lambda children: st.builds(
        Multi,
        subtype=st.sampled_from(["mixed", "alternative", "related", "signed", "x-weird"]),
        boundary=st.text(
            alphabet=string.ascii_letters + string.digits + "=_-'", min_size=1, max_size=20
        ),
        children=st.lists(children, max_size=4),
        closed=st.booleans(),
    ),  # fmt: skip
    max_leaves=8,
)


def encode_part(part: Leaf | Multi) -> bytes:
    if isinstance(part, Multi):
        boundary = part.boundary.encode()
        out = [b"Content-Type: multipart/" + part.subtype.encode() + b'; boundary="' + boundary]
        out.append(b'"\r\n\r\npreamble\r\n')
        for child in part.children:
            out += [b"--", boundary, b"\r\n", encode_part(child), b"\r\n"]
        if part.closed:
            out += [b"--", boundary, b"--\r\n"]
        return b"".join(out)
    header = b"Content-Type: " + part.content_type.encode("utf-8")
    if part.charset is not None:
        header += b'; charset="' + part.charset.encode("utf-8") + b'"'
    if part.filename is not None:
        header += b'; name="' + part.filename + b'"'
    lines = [header]
    if part.disposition is not None:
        disposition = part.disposition.encode()
        if part.filename is not None:
            disposition += b"; filename*=utf-8''" + quote_bytes(part.filename)
        lines.append(b"Content-Disposition: " + disposition)
    body = part.payload
    if part.encoding is not None:
        lines.append(b"Content-Transfer-Encoding: " + part.encoding.encode())
        if part.encoding.strip().lower() == "base64":
            body = base64.encodebytes(body)
        elif part.encoding == "quoted-printable":
            body = quopri.encodestring(body)
    if part.damage is not None:
        body = _broken(body, part.damage)
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def quote_bytes(data: bytes) -> bytes:
    return b"".join(
        bytes([b]) if chr(b) in string.ascii_letters + string.digits else b"%%%02X" % b
        for b in data
    )


@st.composite
def mail(draw: st.DrawFn) -> bytes:
    headers = [
        b"From: " + draw(header_value()) + b" <" + draw(st.sampled_from(
            [b"jana@example.cz", b"x\x1b[31m@evil.example", b"\xc5\x99@example.cz", b""]
        )) + b">",
        b"To: support@shop.example",
        b"Subject: " + draw(header_value()),
        b"Date: " + draw(st.sampled_from(
            [b"Thu, 03 Dec 2026 10:00:00 +0100", b"yesterday", b"", b"Thu, 99 Foo 20x"]
        )),
        b"Message-ID: <" + draw(st.binary(max_size=12)).hex().encode() + b"@example.cz>",
    ]  # fmt: skip
    for name, value in draw(
        st.lists(
            st.tuples(st.text(alphabet=string.ascii_letters + "-", min_size=1, max_size=10),
                      header_value()),
            max_size=3,
        )
    ):  # fmt: skip
        headers.append(name.encode() + b": " + value)
    headers.append(b"MIME-Version: 1.0")
    return b"\r\n".join(headers) + b"\r\n" + encode_part(draw(mime_tree))


def printed(text: Text) -> str:
    """What a terminal gets for `text`, without colours: markup would show up changed here."""
    console = Console(file=io.StringIO(), width=200, color_system=None, legacy_windows=False)
    console.print(text, soft_wrap=True, end="")
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(output, str)
    return output


def assert_clean(shown: str, where: str) -> None:
    found = FORBIDDEN.search(shown)
    assert found is None, f"{where}: {found.group()!r} shown in {shown[:400]!r}"


def assert_clean_name(shown: str, where: str) -> None:
    assert_clean(shown, where)
    assert ZERO_WIDTH.search(shown) is None and "\n" not in shown and "\t" not in shown, (
        f"{where}: {shown!r}"
    )


class Runs:
    """Examples a property test ran, and those that raised (counted as crashes)."""

    def __init__(self) -> None:
        self.tried = 0
        self.crashes = 0


MAIL_RUNS = Runs()


def shown_for(raw: bytes) -> None:
    """Syncs `raw` as the app does and checks everything the agent sees of it."""
    fetched = Fetched(uid=7, raw=raw, seen=False, internaldate=b"03-Dec-2026 10:00:00 +0000")
    [headers] = parse_fetched([fetched], "shop", "INBOX", OURS)
    [body] = parse_bodies([PendingBody(headers.id, raw, headers.decode_warning)])
    message = headers.copy_with(
        conversation_id="c1", body_text=body.text, body_html=body.html,
        attachments=body.attachments, decode_warning=body.decode_warning, body_pending=False,
    )  # fmt: skip
    customer = Customer(id="u1", display_name=message.author_name,
                        emails=(message.author_address,))  # fmt: skip
    conversation = Conversation(
        id="c1", channel=Channel.EMAIL, customer_id="u1", subject=message.subject,
        last_message_at=datetime(2026, 12, 3, tzinfo=UTC),
    )  # fmt: skip
    detail = ConversationDetail(conversation, customer, (message,), previous=(conversation,))
    for fold in (True, False):
        thread = render_thread(detail, fold_quotes=fold, zone=ZONE)
        assert_clean(thread.plain, "thread pane")
        assert printed(thread) == thread.plain, "markup or controls changed in the thread pane"
        lines = thread.plain.split("\n")
        assert_clean_name(lines[0], "subject")
        for line in lines:
            if line.startswith(("← ", "→ ")) or line.startswith("  ["):
                assert_clean_name(line, "sender or attachment line")
    side = render_customer(detail, ZONE)
    assert_clean(side.plain, "customer pane")
    assert printed(side) == side.plain
    assert_clean_name(side.plain.split("\n")[0], "customer name")
    for cell, width in ((message.author_name, 40), (message.subject, 200), (body.text, 80)):
        assert_clean_name(one_line(cell, width), "queue cell")


@settings(
    max_examples=MAIL_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(raw=mail())
def check_a_hostile_mail(raw: bytes) -> None:
    MAIL_RUNS.tried += 1
    try:
        shown_for(raw)
    except AssertionError:
        raise
    except Exception:
        MAIL_RUNS.crashes += 1
        raise


def test_a_hostile_mail_never_crashes_and_shows_nothing_a_terminal_would_interpret() -> None:
    before = MAIL_RUNS.tried
    with ledger.timed(AREA):
        try:
            check_a_hostile_mail()
        finally:
            ledger.count(AREA, crashes=MAIL_RUNS.crashes)
    ledger.count(AREA, inputs_tried=MAIL_RUNS.tried - before, escapes=0)


class OneMail:
    """A connector whose folder holds one mail: what the IMAP connector hands a sync."""

    account = "shop"
    capabilities = Capability.NONE

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def cursor_keys(self) -> list[str]:
        return ["INBOX"]

    def fetch(self, cursors: object, stop: Stop, progress: object = None) -> Iterator[Batch]:
        fetched = Fetched(7, self.raw, seen=False, internaldate=b"03-Dec-2026 10:00:00 +0000")
        messages = tuple(parse_fetched([fetched], self.account, "INBOX", OURS))
        yield MailBatch(self.account, messages=messages, folder="INBOX", cursor_key="INBOX",
                        cursor="7")  # fmt: skip

    def wait_for_news(self, stop: Stop, timeout: float) -> bool:
        return False

    def close(self) -> None:
        pass


async def synced_and_shown(raw: bytes) -> None:
    store = await Store.open(":memory:")
    try:
        summary = await sync_accounts(store, [OneMail(raw)], lambda: False, our_addresses=OURS)
        assert not summary.failed, [str(a.error) for a in summary.accounts]
        every = QueueFilter(statuses=frozenset(Status))
        rows = await store.list_queue(every, datetime(2026, 12, 4, tzinfo=UTC), 0, 10)
        for row in rows:
            for cell, width in ((row.customer_name, 40), (row.subject, 200), (row.preview, 80)):
                assert_clean_name(one_line(cell, width), "queue cell from the store")
            detail = await store.conversation_detail(row.conversation_id)
            assert detail is not None
            thread = render_thread(detail, fold_quotes=False, zone=ZONE)
            assert_clean(thread.plain, "thread pane from the store")
            assert printed(thread) == thread.plain
            assert_clean_name(thread.plain.split("\n")[0], "subject from the store")
            side = render_customer(detail, ZONE)
            assert_clean(side.plain, "customer pane from the store")
            assert_clean_name(side.plain.split("\n")[0], "customer name from the store")
    finally:
        await store.close()


STORED_RUNS = Runs()


@settings(
    max_examples=STORED_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(raw=mail())
def check_a_hostile_mail_synced_into_the_store(raw: bytes) -> None:
    STORED_RUNS.tried += 1
    try:
        asyncio.run(synced_and_shown(raw))
    except AssertionError:
        raise
    except Exception:
        STORED_RUNS.crashes += 1
        raise


def test_a_hostile_mail_synced_into_the_store_shows_nothing_a_terminal_would_interpret() -> None:
    before = STORED_RUNS.tried
    with ledger.timed(AREA):
        try:
            check_a_hostile_mail_synced_into_the_store()
        finally:
            ledger.count(AREA, crashes=STORED_RUNS.crashes)
    ledger.count(AREA, inputs_tried=STORED_RUNS.tried - before, escapes=0)


def test_the_checks_see_what_they_look_for() -> None:
    """The assertions above fail on a raw escape, a shown joiner in a name, or markup."""
    with pytest.raises(AssertionError):
        assert_clean("a\x1b[31mb", "x")
    with pytest.raises(AssertionError):
        assert_clean("a\u202eb", "x")
    with pytest.raises(AssertionError):
        assert_clean_name("Ja\u200dna", "x")
    markup = Text.from_markup("[bold]x[/]")
    assert printed(Text("[bold]x[/]")) == "[bold]x[/]" and markup.plain == "x"


TEMPLATE_PIECES = [
    "{{ customer.first_name }}", "{{ customer.last_name }}", "{{ customer.display_name }}",
    "{{ customer | salutation }}", "{{ customer.first_name | vocative }}",
    "{{ customer.last_name | vocative }}", "{{ order.number }}", "{{ order.tracking_url }}",
    "{% for item in order.items %}- {{ item.name }} ({{ item.quantity }}x)\n{% endfor %}",
    "{% if customer.gender == 'f' %}paní{% else %}pane{% endif %}", "{{ agent.name|upper }}",
    "{{ shop.name|default('Obchod') }}", "{{ customer.first_name|replace('a', '\x1b') }}",
    "{{ '%s'|format(customer.last_name) }}", "{{ customer.first_name ~ '\u202e' }}",
    "{{ customer.first_name * 3 }}", "{{ order.items|length }}", "{{ customer.email }}",
    "{{ customer.nope }}", "{{ nope }}", "{{ 1 / 0 }}", "{{ customer.first_name[0] }}",
    "{{ order.items[0].name|title }}", "{{ '\\x1b[31m' }}", "{{ '\\u202e' ~ agent.name }}",
    "{{", "}}", "{%", "%}", "{#", "#}", "{% endfor %}", "{% if %}", "{{ customer.first_name|",
]  # fmt: skip
LANGUAGES = ["cs", "sk", "pl", "ru", "uk", "bg", "sr", "hr", "sl", "en"]
TEMPLATE_RUNS = Runs()


@st.composite
def template_case(draw: st.DrawFn) -> tuple[str, RenderValues]:
    pieces = draw(st.lists(st.one_of(st.sampled_from(TEMPLATE_PIECES), hostile_text),
                           max_size=10))  # fmt: skip
    language = draw(st.sampled_from(LANGUAGES))
    script = f'script = "{draw(st.sampled_from(["latn", "cyrl"]))}"\n' if language == "sr" else ""
    front = f'+++\nid = "p"\ncase = "p"\nlanguage = "{language}"\ntitle = "t"\n{script}+++\n'
    maybe_text = st.none() | hostile_text
    values = RenderValues(
        customer={
            "first_name": draw(maybe_text), "last_name": draw(maybe_text),
            "display_name": draw(maybe_text), "gender": draw(st.sampled_from(["m", "f", None])),
            "email": draw(maybe_text), "formal": draw(st.booleans()),
        },
        order={
            "number": draw(st.one_of(st.integers(), hostile_text)),
            "tracking_url": draw(maybe_text),
            "items": draw(st.lists(st.fixed_dictionaries(
                {"name": hostile_text, "quantity": st.integers(-5, 1000)}), max_size=3)),
        },
        agent={"name": draw(hostile_text)},
        shop={"name": draw(maybe_text)},
    )  # fmt: skip
    return front + "".join(pieces) + "\n", values


@settings(
    max_examples=TEMPLATE_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=template_case())
def check_a_random_template(case: tuple[str, RenderValues]) -> None:
    TEMPLATE_RUNS.tried += 1
    source, values = case
    try:
        reply = parse_reply(source, "random.md")
        text = render(reply, values)
    except (TemplateError, MissingValue) as error:
        text = str(error)  # what the reply pane shows (after safetext.clean)
        assert "Traceback" not in text
        return
    except Exception:
        TEMPLATE_RUNS.crashes += 1
        raise
    assert_clean(text, "filled reply")


def test_a_random_template_fills_or_says_why_and_its_text_is_clean() -> None:
    before = TEMPLATE_RUNS.tried
    with ledger.timed(AREA):
        try:
            check_a_random_template()
        finally:
            ledger.count(AREA, crashes=TEMPLATE_RUNS.crashes)
    ledger.count(AREA, inputs_tried=TEMPLATE_RUNS.tried - before, escapes=0)
