"""The HTML part of a reply (compose.html = true), read back as a mail program shows it: the
words the agent typed and nothing else, paragraphs and lines where the text has them, links
that can be clicked."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import UTC, datetime
from email.message import EmailMessage
from html.parser import HTMLParser

from supportdesk_tui.compose.outgoing import text_as_html
from supportdesk_tui.mailout import OutgoingAttachment, build_reply

_FOLDED = re.compile(r"[ \t\r\n\f]+")  # what HTML folds into one space (not a no-break space)


class Shown(HTMLParser):
    """The page as a browser lays it out: source white space folded, a <br> ends a line, a <p>
    a paragraph (an empty line between), no-break spaces kept; its elements and links."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.charset = ""
        self._chunks: list[str] = []
        self._in_body = False
        self._link: tuple[str, list[str]] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "body":
            self._in_body = True
        elif tag == "meta":
            self.charset = dict(attrs).get("charset") or self.charset
        elif tag == "br":
            self._chunks.append("\n")
        elif tag == "p":
            self._chunks.append("\n\n")
        elif tag == "a":
            self._link = (dict(attrs).get("href") or "", [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self.links.append((self._link[0], "".join(self._link[1])))
            self._link = None

    def handle_data(self, data: str) -> None:
        if not self._in_body:
            return
        self._chunks.append(_FOLDED.sub(" ", data))
        if self._link is not None:
            self._link[1].append(data)

    @property
    def text(self) -> str:
        lines = "".join(self._chunks).split("\n")
        return "\n".join(line.strip(" ").replace("\xa0", " ") for line in lines).strip("\n")


def shown(text: str) -> Shown:
    return Shown(text_as_html(text))


def test_what_the_agent_types_as_markup_is_shown_as_text() -> None:
    typed = 'Napište <b>tučně</b> & <script>alert("x")</script> <a href="x">odkaz</a> &amp;'
    page = shown(typed)
    assert page.text == typed
    assert "script" not in page.tags and "b" not in page.tags and page.links == []


def test_paragraphs_and_lines_are_where_the_text_has_them() -> None:
    typed = "Vážená paní Kubelková,\n\nřádek jedna\nřádek dva\n\n\n\nS pozdravem\nEva\n"
    page = shown(typed)
    assert page.text == "Vážená paní Kubelková,\n\nřádek jedna\nřádek dva\n\nS pozdravem\nEva"
    assert page.tags.count("p") == 3


def test_a_line_of_spaces_separates_paragraphs_as_it_does_to_the_eye() -> None:
    assert shown("Dobrý den,\n   \nzásilka je na cestě.").text == (
        "Dobrý den,\n\nzásilka je na cestě."
    )


def test_indentation_and_runs_of_spaces_are_kept() -> None:
    typed = "Položky:\n  - Hrnek      2x\n  - Talíř      3x"
    assert shown(typed).text == typed


def test_quoted_text_keeps_its_markers_line_by_line() -> None:
    typed = "Píšete:\n> Kde je moje zásilka?\n> Děkuji, Jan\n\nZásilka je na cestě."
    assert shown(typed).text == typed


def test_czech_and_cyrillic_come_through_with_a_declared_charset() -> None:
    typed = "Příliš žluťoučký kůň úpěl ďábelské ódy. Здравствуйте, Ђорђе Џајић!"
    page = shown(typed)
    assert page.text == typed and page.charset == "utf-8"


def test_a_web_address_is_a_link_without_the_sentence_punctuation_around_it() -> None:
    typed = (
        "Zásilku sledujte na https://track.example/z?id=1&lang=cs. Nebo (viz "
        "https://cs.wikipedia.org/wiki/Praha_(město)), případně http://shop.example/vraceni!"
    )
    page = shown(typed)
    assert page.text == typed
    assert page.links == [
        ("https://track.example/z?id=1&lang=cs", "https://track.example/z?id=1&lang=cs"),
        (
            "https://cs.wikipedia.org/wiki/Praha_(město)",
            "https://cs.wikipedia.org/wiki/Praha_(město)",
        ),
        ("http://shop.example/vraceni", "http://shop.example/vraceni"),
    ]


def test_only_web_addresses_become_links_and_none_breaks_out_of_its_attribute() -> None:
    typed = (
        'javascript:alert(1) file:///etc/passwd https://a.example/"onmouseover="alert(1) '
        "https://b.example/'x http:// https://."
    )
    page = shown(typed)
    assert page.text == typed
    assert page.links == [
        ("https://a.example/", "https://a.example/"),
        ("https://b.example/", "https://b.example/"),
    ]
    assert page.tags.count("a") == 2


def test_the_sent_message_carries_both_parts_and_the_file() -> None:
    text = "Dobrý den,\n\nfakturu posíláme v příloze: https://shop.example/f/1\n\nEva"
    message = build_reply(
        from_name="Eva Horáková",
        from_address="podpora@shop.example",
        to=[("Jan Novák", "jan@example.cz")],
        subject="Re: Faktura",
        body_text=text,
        body_html=text_as_html(text),
        in_reply_to="<q@example.cz>",
        references=[],
        attachments=[OutgoingAttachment("faktura č. 7.pdf", "application/pdf", b"%PDF-1.4")],
        now=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
    )
    read = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert isinstance(read, EmailMessage)
    html_part = read.get_body(("html",))
    plain_part = read.get_body(("plain",))
    assert html_part is not None and plain_part is not None
    assert html_part.get_content_charset() == "utf-8"
    page = Shown(html_part.get_content())
    assert page.text == plain_part.get_content().replace("\r\n", "\n").strip("\n") == text
    assert page.links == [("https://shop.example/f/1", "https://shop.example/f/1")]
    [attached] = read.iter_attachments()
    assert attached.get_filename() == "faktura č. 7.pdf"
    assert attached.get_content() == b"%PDF-1.4"
