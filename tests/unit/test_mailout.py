"""build_reply: a reply that threads, survives any relay, and cannot be steered by customers."""

from __future__ import annotations

import email
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage, MIMEPart
from email.policy import default
from typing import Any

import pytest

from supportdesk_tui.mailout import (
    MAX_REFERENCES,
    InvalidAddress,
    OutgoingAttachment,
    build_reply,
    envelope,
    reply_subject,
    wire_bytes,
)

NOW = datetime(2026, 3, 2, 10, 30, tzinfo=timezone(timedelta(hours=1)))
BODY = "Dobrý den, pane Vondráčku,\nzásilka je na cestě.\nЗдравствуйте, Мирон!\n"


def reply(**changes: Any) -> EmailMessage:
    fields: dict[str, Any] = {
        "from_name": "Podpora Eshop",
        "from_address": "podpora@eshop.cz",
        "to": [("Jiří Vondráček", "jiri@example.cz")],
        "subject": "Re: Objednávka 1234",
        "body_text": BODY,
        "in_reply_to": "orig-2@example.cz",
        "references": ["orig-1@example.cz"],
        "now": NOW,
        **changes,
    }
    return build_reply(**fields)


def text_of(part: MIMEPart | None) -> str:
    """A text part's content with CRLF as "\n" (the email package keeps the wire's CRLF)."""
    assert part is not None
    content = part.get_content()
    assert isinstance(content, str)
    return content.replace("\r\n", "\n")


def parsed(message: EmailMessage) -> EmailMessage:
    """What a receiving mail program sees."""
    result = email.message_from_bytes(wire_bytes(message), policy=default)
    assert isinstance(result, EmailMessage)
    return result


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Objednávka 1234", "Re: Objednávka 1234"),
        ("Re: Objednávka", "Re: Objednávka"),
        ("RE[2]: Objednávka", "RE[2]: Objednávka"),
        ("Odp: Zamówienie", "Odp: Zamówienie"),
        ("Отв: Заказ", "Отв: Заказ"),
        ("AW: Bestellung", "AW: Bestellung"),
        ("SV: Beställning", "SV: Beställning"),
        ("[Ticket #5] Re: Objednávka", "[Ticket #5] Re: Objednávka"),
        ("Fwd: Objednávka", "Re: Fwd: Objednávka"),
        ("Rezervace", "Re: Rezervace"),
        ("", ""),
        ("  \r\n ", ""),
        ("Objednávka\r\nBcc: x@evil", "Re: Objednávka Bcc: x@evil"),
    ],
)
def test_reply_subject(subject: str, expected: str) -> None:
    assert reply_subject(subject) == expected


def test_headers_a_mail_program_reads_back() -> None:
    got = parsed(reply())
    assert str(got["From"]) == "Podpora Eshop <podpora@eshop.cz>"
    assert str(got["To"]) == "Jiří Vondráček <jiri@example.cz>"
    assert str(got["Subject"]) == "Re: Objednávka 1234"
    assert got["Date"].datetime == NOW
    assert str(got["In-Reply-To"]) == "<orig-2@example.cz>"
    assert str(got["References"]).split() == ["<orig-1@example.cz>", "<orig-2@example.cz>"]
    assert str(got["Message-ID"]).endswith("@eshop.cz>")
    body = got.get_body(("plain",))
    assert text_of(body) == BODY
    assert body is not None and body.get_content_charset() == "utf-8"


def test_non_ascii_names_are_encoded_and_every_line_is_ascii_and_short() -> None:
    raw = wire_bytes(reply(to=[("Мирон Петров", "miron@example.ru")], cc=[("Jiří", "j@x.cz")]))
    assert raw.isascii()
    assert b"=?utf-8?" in raw.split(b"\r\n\r\n")[0]
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78
    got = email.message_from_bytes(raw, policy=default)
    assert str(got["To"]) == "Мирон Петров <miron@example.ru>"
    assert str(got["Cc"]) == "Jiří <j@x.cz>"


def test_a_very_long_body_line_is_wrapped_for_the_wire_and_intact_when_read() -> None:
    text = "dlouhý řádek " * 200
    raw = wire_bytes(reply(body_text=text))
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998
    got = email.message_from_bytes(raw, policy=default)
    assert isinstance(got, EmailMessage)
    assert text_of(got.get_body(("plain",))).rstrip("\n") == text


def test_message_id_given_or_made_from_the_senders_domain() -> None:
    assert str(reply(message_id="fixed-1@eshop.cz")["Message-ID"]) == "<fixed-1@eshop.cz>"
    assert str(reply(message_id="<fixed-2@eshop.cz>")["Message-ID"]) == "<fixed-2@eshop.cz>"
    assert reply()["Message-ID"] != reply()["Message-ID"]
    with pytest.raises(ValueError):
        reply(message_id="no id\r\nBcc: x@evil")


def test_a_first_message_without_parent_has_no_threading_headers() -> None:
    got = parsed(reply(in_reply_to=None, references=[]))
    assert got["In-Reply-To"] is None and got["References"] is None


def test_long_reference_chains_keep_the_root_and_the_newest() -> None:
    chain = [f"m{n}@example.cz" for n in range(50)]
    got = parsed(reply(references=chain, in_reply_to="m50@example.cz"))
    refs = str(got["References"]).split()
    assert len(refs) == MAX_REFERENCES
    assert refs[0] == "<m0@example.cz>"
    assert refs[-1] == "<m50@example.cz>"
    assert refs[1] == f"<m{51 - MAX_REFERENCES + 1}@example.cz>"


def test_long_ids_are_folded_between_ids_never_encoded() -> None:
    long_id = "a" * 120 + "@example.cz"
    raw = wire_bytes(reply(in_reply_to=long_id, references=["<x@y.cz>", "bad id", "<>"]))
    header = raw.split(b"\r\n\r\n")[0]
    assert b"=?" not in header.split(b"References:")[1].split(b"\r\nMIME")[0]
    got = email.message_from_bytes(raw, policy=default)
    assert str(got["In-Reply-To"]) == f"<{long_id}>"
    assert str(got["References"]).split() == ["<x@y.cz>", f"<{long_id}>"]


def test_html_alternative_and_attachments() -> None:
    pdf = bytes(range(256)) * 40
    message = reply(
        body_html="<p>Dobrý den</p>",
        attachments=[
            OutgoingAttachment("../../Faktura č. 5.pdf", "application/pdf", pdf),
            OutgoingAttachment("zpráva\r\n.eml", "message/rfc822", b"Subject: x\r\n\r\ny"),
            OutgoingAttachment("", "nonsense", b"data"),
        ],
    )
    got = parsed(message)
    assert got.get_content_type() == "multipart/mixed"
    assert text_of(got.get_body(("html",))) == "<p>Dobrý den</p>\n"
    files = [
        (p.get_filename(), p.get_content_type(), p.get_content()) for p in got.iter_attachments()
    ]
    assert files == [
        ("Faktura č. 5.pdf", "application/pdf", pdf),
        ("zpráva .eml", "application/octet-stream", b"Subject: x\r\n\r\ny"),
        ("attachment", "application/octet-stream", b"data"),
    ]
    assert b"filename*=utf-8''Faktura%20%C4%8D.%205.pdf" in wire_bytes(message)


def test_the_same_bytes_every_time_it_is_serialised() -> None:
    message = reply(attachments=[OutgoingAttachment("a.txt", "text/plain", b"a")])
    assert wire_bytes(message) == wire_bytes(message) == message.as_bytes()


def test_header_injection_through_a_name_or_subject_adds_no_header() -> None:
    message = reply(
        from_name="Podpora\r\nX-Evil: 1",
        to=[("Eve\r\nBcc: x@evil", "eve@example.org")],
        cc=[("Mallory\nCc: y@evil\u2028To: z@evil\x85", "mallory@example.org")],
        subject="Re: hi\r\nBcc: w@evil\rX-Evil: 2",
    )
    raw = wire_bytes(message)
    got = email.message_from_bytes(raw, policy=default)
    assert got["Bcc"] is None and got["X-Evil"] is None
    assert [a.addr_spec for a in got["To"].addresses] == ["eve@example.org"]
    assert [a.addr_spec for a in got["Cc"].addresses] == ["mallory@example.org"]
    assert envelope(message)[1] == ["eve@example.org", "mallory@example.org"]
    assert str(got["To"]) == '"Eve Bcc: x@evil" <eve@example.org>'
    assert str(got["Subject"]) == "Re: hi Bcc: w@evil X-Evil: 2"
    assert not any(line.lower().startswith((b"bcc:", b"x-evil:")) for line in raw.split(b"\r\n"))


@pytest.mark.parametrize(
    "address",
    [
        "eve@example.org\r\nBcc: x@evil",
        "no-at-sign",
        "a b@example.org",
        "@example.org",
        "jiří@x.cz",
    ],
)
def test_a_bad_address_is_refused_by_name(address: str) -> None:
    with pytest.raises(InvalidAddress) as caught:
        reply(to=[("Eve", address)])
    assert repr(address) in str(caught.value)


def test_an_internationalised_domain_is_written_in_ascii() -> None:
    got = parsed(reply(to=[("", "info@příklad.cz")]))
    assert str(got["To"]) == "info@xn--pklad-zsa96e.cz"


def test_envelope_takes_to_cc_and_bcc_once_and_the_wire_drops_bcc() -> None:
    message = reply(to=[("A", "a@x.cz"), ("B", "b@x.cz")], cc=[("A again", "A@x.cz")])
    message["Bcc"] = "boss@eshop.cz"
    assert envelope(message) == ("podpora@eshop.cz", ["a@x.cz", "b@x.cz", "boss@eshop.cz"])
    assert b"boss@eshop.cz" not in wire_bytes(message)
    assert b"boss@eshop.cz" in message.as_bytes()  # the Sent copy keeps it
    assert message["Bcc"] is not None


def test_a_naive_time_or_no_recipient_is_refused() -> None:
    with pytest.raises(ValueError):
        reply(now=datetime(2026, 3, 2, 10, 30))
    with pytest.raises(ValueError):
        reply(to=[])
    assert parsed(reply(now=datetime(2026, 3, 2, 9, 30, tzinfo=UTC)))["Date"].datetime == NOW
