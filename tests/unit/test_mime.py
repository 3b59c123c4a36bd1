"""Raw mail from anyone becomes a readable Message; nothing a stranger sends can crash it."""

from __future__ import annotations

import base64
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.mailgen import generate
from supportdesk_tui.charsets import decode_bytes, decode_header
from supportdesk_tui.domain.models import Channel, Direction, Message
from supportdesk_tui.mime import (
    BODY_TRUNCATED_NOTE,
    EPOCH,
    MAX_BODY_CHARS,
    MAX_PARTS,
    header_block,
    header_items,
    parse_body,
    parse_headers,
    parse_message,
    recipients,
    with_body,
)

MAIL = Path(__file__).parent.parent / "fixtures" / "mail"


def load(name: str, **kwargs: object) -> Message:
    return parse_message((MAIL / name).read_bytes(), **kwargs)  # type: ignore[arg-type]


def mail(headers: str, body: bytes = b"Hello\r\n") -> bytes:
    return headers.strip().replace("\n", "\r\n").encode() + b"\r\n\r\n" + body


# --- our languages in legacy charsets ---------------------------------------------------------


def test_czech_mail_mislabelled_as_latin1_is_read_as_windows_1250() -> None:
    message = load("cs_cp1250_labelled_latin1.eml", account="shop", folder="INBOX", uid=7)
    assert message.author_name == "Šárka Řezníčková"
    assert message.author_address == "sarka@example.cz"
    assert message.subject == "Reklamace č. 2024-117 – žluťoučký kůň"
    assert "příliš žluťoučký kůň úpěl ďábelské ódy" in message.body_text
    assert "\r" not in message.body_text
    assert message.decode_warning == "body: declared iso-8859-1 but read as cp1250"
    assert (message.account, message.folder, message.uid) == ("shop", "INBOX", 7)


def test_rfc2231_utf8_attachment_name_and_bytes() -> None:
    (attachment,) = load("cs_cp1250_labelled_latin1.eml").attachments
    assert attachment.filename == "účtenka č. 5.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.data == b"%PDF-1.4 fake"
    assert attachment.size == len(b"%PDF-1.4 fake")


def test_polish_quoted_printable_and_continued_rfc2231_name() -> None:
    message = load("pl_iso8859-2_qp.eml")
    assert message.subject == "Zwrot zamówienia - zażółć"
    assert message.body_text == (
        "Dzień dobry,\nzamówienie nie dotarło. Proszę o zwrot pieniędzy.\nZażółć gęślą jaźń."
    )
    assert message.author_name == "Kowalski, Jan"
    assert message.author_address == "jan@example.pl"
    assert [a.filename for a in message.attachments] == ["zdjęcie paczki.jpg"]
    assert message.decode_warning is None


def test_threading_headers_are_parsed() -> None:
    message = load("pl_iso8859-2_qp.eml")
    assert message.id == "pl-1@example.pl"
    assert message.in_reply_to == "shop-9@shop.example"
    assert message.references == ("shop-1@shop.example", "shop-9@shop.example")
    assert message.conversation_id == "" and message.channel is Channel.EMAIL


def test_russian_koi8r_alternative_prefers_plain_text() -> None:
    message = load("ru_koi8r_alternative.eml")
    assert message.author_name == "Иван Петров"
    assert message.subject == "Где мой заказ?"
    assert message.body_text.startswith("Здравствуйте!\nЗаказ до сих пор не пришёл.")
    assert "HTML" not in message.body_text
    assert message.body_html is not None and "HTML" in message.body_html
    assert message.sent_at == datetime(2024, 6, 5, 9, 30, tzinfo=UTC)


def test_undeclared_windows_1251_is_guessed_and_said_so() -> None:
    message = load("ru_cp1251_no_charset.eml")
    assert message.body_text.startswith("Добрый день! Посылка пришла повреждённой.")
    assert message.decode_warning == "body: no charset; read as cp1251"


def test_utf8_split_across_encoded_words_is_joined() -> None:
    assert load("ru_cp1251_no_charset.eml").subject == "Вопрос по заказу"


def test_ukrainian_koi8u_keeps_its_own_letters() -> None:
    message = load("uk_koi8u.eml")
    assert message.subject == "Замовлення ґудзиків"
    assert "Ґанок, їжак, європейський" in message.body_text


@pytest.mark.parametrize(
    ("text", "wrong_label", "encoding"),
    [
        ("Привет! Где мой заказ? Жду уже неделю.", "windows-1251", "koi8-r"),
        ("Привет! Где мой заказ? Жду уже неделю.", "koi8-r", "cp1251"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy.", "iso-8859-1", "cp1250"),
        ("Příliš žluťoučký kůň úpěl ďábelské ódy.", "windows-1250", "utf-8"),
        ("Zażółć gęślą jaźń, proszę.", "us-ascii", "cp1250"),
    ],
)
def test_mislabelled_bodies_are_read_in_their_real_charset(
    text: str, wrong_label: str, encoding: str
) -> None:
    decoded, warning = decode_bytes(text.encode(encoding), wrong_label)
    assert decoded == text
    assert warning is not None and wrong_label in warning


@pytest.mark.parametrize(
    "text", ["Très bien, merci. À bientôt, François.", "Grüße aus München, Jürgen", "Señor Muñoz"]
)
def test_western_text_labelled_latin1_stays_latin1(text: str) -> None:
    assert decode_bytes(text.encode("iso-8859-1"), "iso-8859-1") == (text, None)


def test_declared_regional_charset_is_trusted() -> None:
    text = "Šťastný zákazník, ďakujem."
    assert decode_bytes(text.encode("iso-8859-2"), "iso-8859-2") == (text, None)
    assert decode_bytes(text.encode("cp1250"), "windows-1250") == (text, None)


@pytest.mark.parametrize("label", ["x-unknown", "rot13", "base64", "undefined", "unicode_escape"])
def test_unknown_or_hostile_charset_names_are_guessed(label: str) -> None:
    decoded, warning = decode_bytes("Objednávka č. 5 – vrácení".encode("cp1250"), label)
    assert decoded == "Objednávka č. 5 – vrácení"
    assert warning == f"unknown charset {label!r}; read as cp1250"


def test_win_style_charset_aliases_are_understood() -> None:
    assert decode_bytes("čaj".encode("cp1250"), "x-cp1250") == ("čaj", None)
    assert decode_bytes("чай".encode("cp1251"), "win-1251") == ("чай", None)


# --- headers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("=?utf-8?Q?Dobr=C3=BD_den?=", "Dobrý den"),
        ("=?UTF-8?B?xb5sdcWlb3XEjWvDvQ?=", "žluťoučký"),  # base64 without padding
        ("=?utf-8*cs?Q?=C4=8Daj?=", "čaj"),  # RFC 2231 language tag
        ("=?utf-8?q?a?= =?utf-8?q?b?=", "ab"),
        ("=?utf-8?q?a?= x =?utf-8?q?b?=", "a x b"),
        ("Re: =?iso-8859-2?Q?Zam=F3wienie?=\r\n =?iso-8859-2?Q?_nr_5?=", "Re: Zamówienie nr 5"),
        ("=?utf-8?Q?broken", "=?utf-8?Q?broken"),
        ("plain", "plain"),
    ],
)
def test_encoded_words(raw: str, expected: str) -> None:
    assert decode_header(raw)[0] == expected


def test_raw_8bit_header_is_decoded() -> None:
    raw = b"From: " + "Jiří Dvořák".encode("cp1250") + b" <jiri@example.cz>\r\n"
    raw += "Subject: Objednávka".encode() + b"\r\nDate: Mon, 3 Jun 2024 10:00 +0200\r\n\r\nx"
    message = parse_message(raw)
    assert message.author_name == "Jiří Dvořák"
    assert message.subject == "Objednávka"
    assert message.decode_warning == "From: 8-bit header: no charset; read as cp1250"


def test_encoded_comma_in_display_name_does_not_split_the_address() -> None:
    raw = mail("From: =?utf-8?Q?Nov=C3=A1k=2C_Jan?= <Jan@Example.CZ>")
    message = parse_message(raw)
    assert (message.author_name, message.author_address) == ("Novák, Jan", "jan@example.cz")


@pytest.mark.parametrize(
    "sender",
    ["Jan [Shop] Novák <jan@example.cz>", "=?utf-8?Q?Jan_[Shop]_Nov=C3=A1k?= <jan@example.cz>"],
)
def test_square_brackets_in_a_sender_name_stay_in_the_name(sender: str) -> None:
    # getaddresses would read "[Shop]" as a domain literal and show the sender as "Novák".
    message = parse_message(mail(f"From: {sender}"))
    assert (message.author_name, message.author_address) == ("Jan [Shop] Novák", "jan@example.cz")


def test_recipients_of_outgoing_mail() -> None:
    raw = mail(
        "From: podpora@shop.example\n"
        "To: =?utf-8?Q?Nov=C3=A1k=2C_Jan?= <jan@x.cz>, eva@y.cz\n"
        "Cc: Eva <EVA@y.cz>, petr@z.cz"
    )
    assert recipients(raw) == ("jan@x.cz", "eva@y.cz", "petr@z.cz")
    assert recipients(b"\xff\xfe garbage") == ()


def test_direction_follows_our_addresses() -> None:
    ours = frozenset({"News@Shop.example"})
    assert load("html_only_newsletter.eml", our_addresses=ours).direction is Direction.OUTGOING
    assert load("uk_koi8u.eml", our_addresses=ours).direction is Direction.INCOMING


def test_date_is_utc_and_falls_back_to_received_then_epoch() -> None:
    assert load("pl_iso8859-2_qp.eml").sent_at == datetime(2024, 6, 4, 8, 0, tzinfo=UTC)
    broken = load("broken.eml")
    assert broken.sent_at == datetime(2024, 6, 8, 9, 0, tzinfo=UTC)
    assert "used the time the server received it" in (broken.decode_warning or "")
    no_date = parse_message(mail("From: a@b.cz\nDate: 31 Feb 99999 99:99"))
    assert no_date.sent_at == EPOCH
    assert "shown as 1970-01-01" in (no_date.decode_warning or "")
    naive = parse_message(mail("From: a@b.cz\nDate: Mon, 3 Jun 2024 10:00:00 -0000"))
    assert naive.sent_at == datetime(2024, 6, 3, 10, 0, tzinfo=UTC)


def test_missing_message_id_is_deterministic() -> None:
    raw = mail("From: a@b.cz\nSubject: no id")
    first, second = parse_message(raw), parse_message(raw)
    assert first.id == second.id and first.id.endswith("@missing")
    assert parse_message(mail("Message-ID: bare-id@x")).id == "bare-id@x"


# --- bodies -----------------------------------------------------------------------------------


def test_html_only_mail_is_converted_without_remote_content() -> None:
    message = load("html_only_newsletter.eml")
    assert message.body_text == (
        "Sleva 20 % na hrnky!\n\nNakupovat <https://shop.example/sale?utm=1>\n\n"
        "[image: Letní banner]"
    )
    assert message.body_html is not None and "<script>" in message.body_html


def test_empty_plain_alternative_gives_way_to_html() -> None:
    assert load("alternative_empty_plain.eml").body_text == "Only the HTML part has text."


def test_broken_mail_still_gives_what_could_be_read() -> None:
    message = load("broken.eml")
    assert message.body_text.startswith("Zboží nedorazilo, prosím o vrácení pen")
    assert "Broken QP ř and =ZZ" in message.body_text
    warning = message.decode_warning or ""
    assert "broken base64" in warning
    assert "unknown charset 'x-totally-unknown'; read as cp1250" in warning
    assert "invalid UTF-8 bytes replaced" in warning
    assert message.author_address == ""


def test_footer_after_an_html_only_alternative_does_not_hide_the_html() -> None:
    raw = mail(
        'From: a@b.cz\nContent-Type: multipart/mixed; boundary="M"',
        b'--M\r\nContent-Type: multipart/alternative; boundary="A"\r\n\r\n'
        b"--A\r\nContent-Type: text/plain\r\n\r\n\r\n"
        b"--A\r\nContent-Type: text/html\r\n\r\n<p>Where is my <b>order</b>?</p>\r\n--A--\r\n"
        b"--M\r\nContent-Type: text/plain\r\n\r\n-- \r\nList footer\r\n--M--\r\n",
    )
    assert parse_message(raw).body_text == "Where is my order?\n\n-- \nList footer"


def test_format_flowed_is_joined() -> None:
    raw = mail(
        "From: a@b.cz\nContent-Type: text/plain; charset=utf-8; format=flowed",
        "Dobrý den, tohle je dlouhý \r\nodstavec.\r\n"
        "> citace \r\n> pokračování\r\n-- \r\nJan".encode(),
    )
    assert parse_message(raw).body_text == (
        "Dobrý den, tohle je dlouhý odstavec.\n> citace pokračování\n-- \nJan"
    )


def test_forwarded_message_is_an_attachment() -> None:
    inner = mail("From: c@d.cz\nSubject: inner", b"inner body\r\n")
    raw = mail(
        'From: a@b.cz\nContent-Type: multipart/mixed; boundary="M"',
        b"--M\r\nContent-Type: text/plain\r\n\r\nsee below\r\n--M\r\n"
        b"Content-Type: message/rfc822\r\n\r\n" + inner + b"\r\n--M--\r\n",
    )
    message = parse_message(raw)
    assert message.body_text == "see below"
    (attachment,) = message.attachments
    assert attachment.content_type == "message/rfc822"
    assert attachment.filename == "attachment.eml"
    assert b"inner body" in (attachment.data or b"")


def test_two_megabyte_body_is_capped_but_raw_is_kept() -> None:
    body = ("Řádek dlouhého textu objednávky.\n" * 80_000).encode()
    raw = mail("From: a@b.cz\nContent-Type: text/plain; charset=utf-8", body)
    message = parse_message(raw)
    assert len(message.body_text) <= MAX_BODY_CHARS + len(BODY_TRUNCATED_NOTE) + 1
    assert message.body_text.endswith(BODY_TRUNCATED_NOTE)
    assert message.raw == raw


def test_ten_thousand_parts_are_capped() -> None:
    parts = b"".join(
        b"--P\r\nContent-Type: application/octet-stream\r\n"
        b"Content-Disposition: attachment; filename=f%d.bin\r\n\r\nx\r\n" % i
        for i in range(10_000)
    )
    raw = mail(
        'From: a@b.cz\nContent-Type: multipart/mixed; boundary="P"',
        b"--P\r\nContent-Type: text/plain\r\n\r\nfirst\r\n" + parts + b"--P--\r\n",
    )
    started = time.perf_counter()
    message = parse_message(raw)
    assert message.body_text == "first"
    assert len(message.attachments) == MAX_PARTS - 2  # the root and the text part count too
    assert f"more than {MAX_PARTS} MIME parts" in (message.decode_warning or "")
    assert time.perf_counter() - started < 30  # generous: a hang would be the failure


def nested(depth: int) -> bytes:
    body = b"Content-Type: text/plain\r\n\r\nthe innermost text\r\n"
    for level in range(depth):
        body = (
            b'Content-Type: multipart/mixed; boundary="n%d"\r\n\r\n--n%d\r\n' % (level, level)
            + body
            + b"\r\n--n%d--\r\n" % level
        )
    return b"From: a@b.cz\r\nMessage-ID: <deep@x>\r\n" + body


def test_nesting_deeper_than_twenty_is_not_walked() -> None:
    message = parse_message(nested(30))
    assert "the innermost text" not in message.body_text
    assert "nested deeper than 20" in (message.decode_warning or "")
    assert parse_message(nested(15)).body_text == "the innermost text"


def test_nesting_that_breaks_the_parser_gives_raw_text() -> None:
    message = parse_message(nested(3000))
    assert message.id == "deep@x"
    assert "the innermost text" in message.body_text
    assert "nested too deeply" in (message.decode_warning or "")


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x00\xff\xfe",
        b"From:\r\n\r\n",
        b"Content-Type: multipart/mixed\r\n\r\nno boundary",
        b'Content-Type: multipart/mixed; boundary=""\r\n\r\n--\r\n--',
        b"Content-Type: text/plain; charset*=''\r\n\r\nx",
        b'Content-Type: text/plain; charset="utf-8\r\n\r\nx',
        b"Content-Disposition: attachment; filename*0*=bogus''%ZZ; filename*1=x\r\n\r\nx",
        b"Content-Transfer-Encoding: x-uuencode\r\n\r\nbegin 644 x\r\n`\r\nend\r\n",
        b"Date: Mon, 3 Jun 9999 23:59:59 -1200\r\n\r\n",
        b"References: " + b"<a@b> " * 10_000 + b"\r\n\r\n",
    ],
)
def test_malformed_mail_gives_a_message(raw: bytes) -> None:
    message = parse_message(raw)
    assert isinstance(message, Message) and message.raw == raw
    assert "could not be parsed" not in (message.decode_warning or "")  # no crash was caught
    assert len(message.references) <= 100


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_parse_message_never_raises_on_any_bytes(raw: bytes) -> None:
    message = parse_message(raw)
    assert message.raw == raw
    assert "could not be parsed" not in (message.decode_warning or "")  # no crash was caught
    for text in (message.subject, message.body_text, message.author_name):
        text.encode("utf-8")  # nothing the store could not save


HEADER_LINES = st.sampled_from(
    [
        b"From: =?utf-8?B?",
        b"Subject: =?koi8-r?Q?=F0=?=",
        b"Content-Type: multipart/mixed; boundary=b",
        b"Content-Type: text/plain; charset=x-\xff",
        b"Content-Transfer-Encoding: base64",
        b"Content-Transfer-Encoding: quoted-printable",
        b"Content-Disposition: attachment; filename*=utf-8''%C5",
        b"--b",
        b"--b--",
        b"",
        b"Date: Mon, 3 Jun 2024 10:00 +9999",
        b"=C5=",
        b"\xc5\x99\xe8",
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HEADER_LINES, max_size=40))
def test_parse_message_never_raises_on_mime_like_soup(lines: list[bytes]) -> None:
    raw = b"\r\n".join(lines)
    message = parse_message(raw)
    assert message.raw == raw
    assert "could not be parsed" not in (message.decode_warning or "")  # no crash was caught
    message.body_text.encode("utf-8")


def test_attachment_with_only_a_content_type_name() -> None:
    raw = mail(
        'From: a@b.cz\nContent-Type: multipart/mixed; boundary="B"',
        b"--B\r\nContent-Type: text/plain\r\n\r\nbody\r\n--B\r\n"
        b'Content-Type: application/pdf; name="=?utf-8?B?ZmFrdHVyYS5wZGY=?="\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.b64encode(b"PDF") + b"\r\n--B--\r\n",
    )
    (attachment,) = parse_message(raw).attachments
    assert (attachment.filename, attachment.data) == ("faktura.pdf", b"PDF")


def test_attachment_name_with_a_nul_in_its_charset_is_replaced() -> None:
    raw = mail(
        "From: a@b.cz\nDate: Mon, 3 Jun 2024 10:00 +0000\n"
        'Content-Type: multipart/mixed; boundary="B"',
        b"--B\r\nContent-Type: text/plain\r\n\r\nhello\r\n--B\r\n"
        b"Content-Type: application/pdf\r\n"
        b"Content-Disposition: attachment; filename*=ut\x00f-8''fa%C5%A5.pdf\r\n\r\n"
        b"PDF\r\n--B--\r\n",
    )
    message = parse_message(raw)
    assert message.body_text == "hello"
    assert [(a.filename, a.data) for a in message.attachments] == [("attachment.pdf", b"PDF")]
    assert message.decode_warning == "an attachment name could not be read"


def test_a_body_parser_bug_still_yields_the_message_with_its_raw_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(*args: object) -> None:
        raise LookupError("simulated bug")

    monkeypatch.setattr("supportdesk_tui.mime._read_structure", explode)  # for both policies
    raw = mail("From: Jana <a@b.cz>\nDate: Mon, 2 Nov 2026 10:00:00 +0100", "Dobrý den".encode())
    message = parse_message(raw, account="shop", uid=3)
    assert (message.author_address, message.uid) == ("a@b.cz", 3)
    assert "Dobrý den" in message.body_text
    assert message.decode_warning == "the message could not be parsed (LookupError); raw text shown"


def test_a_header_parser_bug_still_yields_a_message(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object) -> None:
        raise LookupError("simulated bug")

    monkeypatch.setattr("supportdesk_tui.mime.header_items", explode)
    message = parse_message(mail("From: a@b.cz", "Dobrý den".encode()), account="shop", uid=3)
    assert message.id.endswith("@missing") and message.uid == 3
    assert message.body_text == "Dobrý den"
    assert message.decode_warning == "the message could not be parsed (LookupError); raw text shown"


def test_raw_8bit_message_id_and_filename_are_text() -> None:
    raw = mail(
        'From: a@b.cz\nContent-Type: multipart/mixed; boundary="B"',
        b"--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B\r\n"
        b'Content-Disposition: attachment; filename="' + "účet.pdf".encode() + b'"\r\n\r\n'
        b"PDF\r\n--B--\r\n",
    ).replace(b"From:", b"Message-ID: <\xe8\xed\xb9lo@x>\r\nFrom:")
    message = parse_message(raw)
    assert message.id == "číąlo@x"  # undeclared 8-bit bytes, read as windows-1250
    assert [a.filename for a in message.attachments] == ["účet.pdf"]


def test_second_policy_reads_what_the_first_could_not(monkeypatch: pytest.MonkeyPatch) -> None:
    from email.policy import Policy, compat32

    from supportdesk_tui import mime

    real = mime._read_structure

    def fail_on_compat32(raw: bytes, walk: object, mail_policy: Policy) -> object:
        if mail_policy is compat32:
            raise ValueError("simulated compat32 bug")
        return real(raw, walk, mail_policy)  # type: ignore[arg-type]

    monkeypatch.setattr(mime, "_read_structure", fail_on_compat32)
    message = load("pl_iso8859-2_qp.eml")
    assert message.subject == "Zwrot zamówienia - zażółć"
    assert message.body_text.startswith("Dzień dobry")
    assert message.decode_warning == "malformed MIME structure; read a second time"


def stdlib_headers(raw: bytes) -> list[tuple[str, str]]:
    from email import message_from_bytes, policy

    return [
        (name, str(value))
        for name, value in message_from_bytes(raw, policy=policy.compat32).raw_items()
    ]


def test_headers_read_alone_are_the_stdlib_headers_of_the_whole_mail() -> None:
    """parse_headers reads only the block before the first blank line, with its own splitter;
    both must find what the stdlib finds in the whole mail, broken and bare-LF mail included."""
    raws = [path.read_bytes() for path in sorted(MAIL.glob("*.eml"))]
    raws += [m.raw for m in generate(400, seed=7)]
    raws += [raw.replace(b"\r\n", b"\n") for raw in raws[-50:]]
    for raw in raws:
        assert header_items(header_block(raw)) == stdlib_headers(raw)


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                b"From ",
                b"From: a@b.cz",
                b"Subject:",
                b" x",
                b"\tfolded",
                b":",
                b"X-\xe8:",
                b"a b:",
                b"\r\n",
                b"\n",
                b"\r",
                b"",
                b"To: =?utf-8?q?=C5=99?= <r@s.cz>",
                b"body",
            ]
        ),
        max_size=12,
    )
)
def test_any_header_lines_split_as_the_stdlib_splits_them(pieces: list[bytes]) -> None:
    raw = b"".join(pieces)
    assert header_items(header_block(raw)) == stdlib_headers(raw)


@settings(max_examples=600, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                '"Jan Novák"',
                "Jan  Novák",
                "J. Novák",
                "=?utf-8?q?Jan?=",
                "<a@b.cz>",
                "a@b.cz",
                " ",
                ",",
                "(x)",
                '"a,b"',
                "<>",
                "@",
                ";",
                ":",
                '"\\""',
                "\t",
            ]
        ),
        max_size=6,
    )
)
def test_one_mailbox_fast_path_reads_as_getaddresses(pieces: list[str]) -> None:
    import email.utils

    from supportdesk_tui.mime import split_addresses

    def spaced(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(" ".join(name.split()), address) for name, address in pairs]

    value = "".join(pieces)  # names are compared as _addresses uses them: spaces collapsed
    assert spaced(split_addresses(value)) == spaced(email.utils.getaddresses([value]))


def test_headers_first_then_body_is_the_whole_message() -> None:
    raw = (MAIL / "pl_iso8859-2_qp.eml").read_bytes()
    headers = parse_headers(raw, account="shop", folder="INBOX", uid=9)
    assert headers.body_pending and headers.body_text == "" and headers.raw == raw
    assert headers.subject == "Zwrot zamówienia - zażółć"
    whole = with_body(headers, parse_body(raw))
    assert whole == parse_message(raw, account="shop", folder="INBOX", uid=9)
    assert whole.body_text.startswith("Dzień dobry") and not whole.body_pending
