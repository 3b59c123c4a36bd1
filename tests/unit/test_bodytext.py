"""Mail bodies become readable text; quoted history and signatures are told apart."""

from __future__ import annotations

import pytest

from supportdesk_tui.bodytext import Segment, SegmentKind, segments, unflow
from supportdesk_tui.htmltext import MAX_HTML_CHARS, TRUNCATED_NOTE, html_to_text, strip_tags

BODY, QUOTE, SIGNATURE = SegmentKind.BODY, SegmentKind.QUOTE, SegmentKind.SIGNATURE


# --- HTML -------------------------------------------------------------------------------------


def test_scripts_styles_and_head_are_dropped() -> None:
    html = (
        "<html><head><title>T</title><style>p{color:red}</style></head><body>"
        "<script>alert('x')</script><p>Dobrý den</p><noscript>enable js</noscript></body></html>"
    )
    assert html_to_text(html) == "Dobrý den"


def test_remote_images_become_alt_text_and_tracking_pixels_vanish() -> None:
    html = (
        '<p>Logo: <img src="https://shop.example/logo.png" alt="Shop logo"></p>'
        '<p>Bye<img src="https://track.example/open?id=1" width="1" height="1" alt="track"></p>'
        '<img src="https://track.example/p.gif" style="width:0px;height:0px" alt="pixel">'
        '<img src="https://x.example/spacer.gif">'
    )
    text = html_to_text(html)
    assert "[image: Shop logo]" in text
    assert "track" not in text and "pixel" not in text and "http" not in text
    assert "Bye" in text


def test_links_keep_visible_text_and_show_the_url_once() -> None:
    html = (
        '<p>See <a href="https://shop.example/order/5">your order</a>, '
        '<a href="https://shop.example">shop.example</a>, '
        '<a href="mailto:help@shop.example">write us</a>, '
        '<a href="javascript:evil()">click</a>.</p>'
    )
    text = html_to_text(html)
    assert "your order <https://shop.example/order/5>" in text
    assert text.count("shop.example") == 3  # the bare link is not repeated
    assert "write us <help@shop.example>" in text
    assert "javascript" not in text and "click" in text


def test_hidden_elements_are_dropped() -> None:
    html = '<div style="display: none">preheader spam</div><p hidden>x</p><p>Visible</p>'
    assert html_to_text(html) == "Visible"


def test_tables_and_lists_stay_readable() -> None:
    html = (
        "<table><tr><th>Zboží</th><th>Cena</th></tr><tr><td>Hrnek</td><td>199 Kč</td></tr></table>"
        "<ul><li>první</li><li>druhý</li></ul>"
    )
    lines = html_to_text(html).splitlines()
    assert any("Hrnek" in line and "199 Kč" in line for line in lines)
    assert any(line.strip() == "* první" for line in lines)


def test_huge_html_is_cut_with_a_visible_note() -> None:
    html = "<p>" + "slovo " * (MAX_HTML_CHARS // 6 + 100) + "KONEC</p>"
    text = html_to_text(html)
    assert text.endswith(TRUNCATED_NOTE)
    assert "KONEC" not in text and text.startswith("slovo slovo")


def test_deeply_nested_html_falls_back_to_stripped_tags() -> None:
    html = "<div>" * 5000 + "hluboko &amp; dole<script>x()</script>" + "</div>" * 5000
    assert html_to_text(html) == "hluboko & dole"


def test_moderately_nested_tables_keep_their_text() -> None:
    html = "<table><tr><td>" * 300 + "uvnitř" + "</td></tr></table>" * 300
    assert html_to_text(html) == "uvnitř"


def test_fallback_tag_stripping_drops_scripts_styles_and_comments() -> None:
    html = (
        "<html><head><title>x</title></head><body><p>a<script>if (a<b) x()</script >b</p>"
        "<!-- hidden --><style>p{}</style>d<br>e &amp; <f</body>"
    )
    assert strip_tags(html) == "ab\nd\ne & <f"


@pytest.mark.parametrize("html", ["<script" * 150_000, "<!--" * 250_000, "<" * 1_000_000])
def test_unclosed_openers_do_not_make_stripping_crawl(html: str) -> None:
    assert strip_tags(html).strip("<") == ""  # a hang here would be the failure


@pytest.mark.parametrize("html", ["", "   ", "<", "<html>", "<?xml version='1.0'?>", "\x00<p>"])
def test_degenerate_html_gives_text_not_an_error(html: str) -> None:
    assert isinstance(html_to_text(html), str)


def test_format_flowed_paragraphs_are_joined() -> None:
    flowed = "Dobrý den, tohle je \r\ndlouhý odstavec.\r\n>> stará \r\n>> citace\r\n-- \r\nJan"
    assert unflow(flowed) == ("Dobrý den, tohle je dlouhý odstavec.\n>> stará citace\n-- \nJan")
    assert unflow("slo \r\nvo", delsp=True) == "slovo"
    assert unflow(" >not a quote") == ">not a quote"  # space-stuffed


# --- segments ---------------------------------------------------------------------------------

REPLY_HEADERS = [
    "On Mon, Jun 3, 2024 at 10:12 AM Jan Novák <jan@x.cz> wrote:",
    "On 3 Jun 2024, at 10:12, Jan Novák <jan@x.cz> wrote:",
    "On 03.06.24 10:12, Jan Novák wrote:",
    "Dne 3. 6. 2024 v 10:12 Jan Novák <jan@x.cz> napsal(a):",
    "po 3. 6. 2024 v 10:12 odesílatel Jan Novák <jan@x.cz> napsal:",
    "Dňa 3. 6. 2024 o 10:12 Ján Novák <jan@x.sk> napísal(a):",
    "W dniu 3.06.2024 o 10:12, Jan Kowalski <jan@x.pl> pisze:",
    "pon., 3 cze 2024 o 10:12 Jan Kowalski <jan@x.pl> napisał(a):",
    "03.06.2024 10:12, Иван Петров пишет:",
    "3 июня 2024 г., в 10:12, Иван Петров написал:",
    "пн, 3 июн. 2024 г. в 10:12, Иван Петров <ivan@x.ru>:",
    "пн, 3 черв. 2024 р. о 10:12 Іван <ivan@x.ua> пише:",
    "3 червня 2024 10:12 Іван Коваль <ivan@x.ua> написав(ла):",
    "На пн, 3.06.2024 г. в 10:12 ч. Иван <ivan@x.bg> написа:",
    "пон, 3. јун 2024. у 10:12 Иван <ivan@x.rs> је написао/ла:",
    "pon, 3. jun 2024. u 10:12 Ivan <ivan@x.rs> je napisao/la:",
    "pon, 3. lip 2024. u 10:12 Ivan <ivan@x.hr> napisao je:",
    "pon., 3. jun. 2024 ob 10:12 je oseba Ivan <ivan@x.si> napisala:",
    "Am Mo., 3. Juni 2024 um 10:12 Uhr schrieb Jan <jan@x.de>:",
    "-----Original Message-----",
    "-------- Původní zpráva --------",
    "---------- Forwarded message ---------",
    "----- Исходное сообщение -----",
    "Begin forwarded message:",
]


@pytest.mark.parametrize("header", REPLY_HEADERS)
def test_everything_after_a_reply_header_is_quoted(header: str) -> None:
    text = f"Dobrý den,\nzboží dorazilo.\n\n{header}\nPůvodní text bez šipek\n> a se šipkou"
    assert segments(text) == [
        Segment(BODY, "Dobrý den,\nzboží dorazilo."),
        Segment(QUOTE, f"{header}\nPůvodní text bez šipek\n> a se šipkou"),
    ]


def test_wrapped_gmail_header_is_found() -> None:
    text = "Díky\n\nOn Mon, 3 Jun 2024 at 10:12, Jan Novák <\njan@x.cz> wrote:\n> otázka"
    assert [s.kind for s in segments(text)] == [BODY, QUOTE]
    assert segments(text)[1].text.startswith("On Mon")


@pytest.mark.parametrize(
    "block",
    [
        "From: Jan Novák <jan@x.cz>\nSent: Monday, June 3, 2024 10:12 AM\nTo: help@shop.cz",
        "Od: Jan Novák <jan@x.cz>\nOdesláno: pondělí 3. června 2024 10:12\nKomu: help@shop.cz",
        "От: Иван <ivan@x.ru>\nОтправлено: 3 июня 2024 г. 10:12\nКому: help@shop.ru",
        "Від: Іван\nНадіслано: 3 червня 2024 р. 10:12\nКому: help@shop.ua",
        "Od: Jan Kowalski\nWysłano: poniedziałek, 3 czerwca 2024 10:12\nDo: help@shop.pl",
        "*From:* Jan <jan@x.cz>\n*Date:* Mon, 3 Jun 2024\n*Subject:* Order",
    ],
)
def test_outlook_header_blocks_start_the_quote(block: str) -> None:
    text = f"Nové info.\n\n________________________________\n{block}\nSubject: x\n\nstarý text"
    result = segments(text)
    assert result[0] == Segment(BODY, "Nové info.")
    assert [s.kind for s in result] == [BODY, QUOTE]
    assert result[1].text.startswith("____")


def test_inline_replies_alternate_quote_and_body() -> None:
    text = "> Kdy to pošlete?\nZítra.\n> A cena?\nStejná."
    assert segments(text) == [
        Segment(QUOTE, "> Kdy to pošlete?"),
        Segment(BODY, "Zítra."),
        Segment(QUOTE, "> A cena?"),
        Segment(BODY, "Stejná."),
    ]


def test_signature_after_rfc3676_delimiter() -> None:
    text = "Díky za vyřízení.\n\n-- \nJan Novák\ntel. 777 123 456"
    assert segments(text) == [
        Segment(BODY, "Díky za vyřízení."),
        Segment(SIGNATURE, "-- \nJan Novák\ntel. 777 123 456"),
    ]


@pytest.mark.parametrize(
    "footer",
    [
        "Sent from my iPhone",
        "Get Outlook for Android",
        "Odesláno z iPhonu",
        "Odoslané z môjho iPhonu",
        "Wysłane z iPhone'a",
        "Отправлено с iPhone",
        "Надіслано з iPhone",
        "Изпратено от моя iPhone",
        "Poslato sa mog iPhone-a",
        "Послато са мог iPhone-а",
        "Poslano s mog iPhonea",
        "Poslano iz mojega iPhona",
    ],
)
def test_mobile_footer_is_a_signature(footer: str) -> None:
    text = (
        f"Kde je můj balík?\n\n{footer}\n\nOn 3 Jun 2024, at 10:12, Shop <help@shop.cz> wrote:\n> x"
    )
    assert [s.kind for s in segments(text)] == [BODY, SIGNATURE, QUOTE]
    assert segments(text)[1].text == footer


@pytest.mark.parametrize(
    "text",
    [
        "Dobrý den,\nmůj kolega wrote:\nže to nejde.",
        "S pozdravem\nJan Novák",
        "Od: pondělí máme zavřeno.\nOtevřeno: úterý",
        "Sent from my iPhone is what the app says, and then it crashes.\nPlease help.",
        "Výpis:\n--\nřádek\n--",
        "On 3 June I wrote:\nplease refund.",
    ],
)
def test_ordinary_text_stays_body(text: str) -> None:
    assert [s.kind for s in segments(text)] == [BODY]


def test_mail_without_quote_is_one_body() -> None:
    assert segments("Jen text.\r\nDruhý řádek.") == [Segment(BODY, "Jen text.\nDruhý řádek.")]
    assert segments("") == [Segment(BODY, "")]


def test_two_megabyte_body_segments_quickly() -> None:
    text = (
        "Řádek textu s objednávkou číslo 1234:\n" * 55_000 + "On 3 Jun 2024 Jan <a@b.cz> wrote:\n>x"
    )
    result = segments(text)
    assert [s.kind for s in result] == [BODY, QUOTE]
