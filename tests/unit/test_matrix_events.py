"""Matrix events (shaped as the client-server spec gives them) into our messages and edits."""

from __future__ import annotations

from typing import Any

import pytest

from supportdesk_tui.connectors.matrix_events import (
    ENCRYPTED_WARNING,
    EventReader,
    Room,
    customer_id_for,
    media_uri,
    network_of,
)
from supportdesk_tui.domain.models import Direction, Edit

SUPPORT = "@podpora:shop.example"
JAN = "@whatsapp_420601234567:shop.example"
BOT = "@whatsappbot:shop.example"
ROOM = "!wa1:shop.example"
TS = 1_772_442_000_000  # 2026-03-02 09:00 UTC


def event(eid: str, sender: str, content: dict[str, Any], kind: str = "m.room.message",
          ts: int = 0, **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {"type": kind, "event_id": eid, "sender": sender, "origin_server_ts": TS + ts,
            "content": content, "room_id": ROOM, **extra}  # fmt: skip


def text(body: str, msgtype: str = "m.text", /, **extra: Any) -> dict[str, Any]:
    content: dict[str, Any] = {"msgtype": msgtype, "body": body}
    return {**content, **extra}


def member(user: str, name: str | None, membership: str = "join") -> dict[str, Any]:
    content: dict[str, Any] = {"membership": membership}
    if name is not None:
        content["displayname"] = name
    return event(f"$m-{user}-{membership}", user, content, "m.room.member", state_key=user)


def bridged_room() -> Room:
    room = Room(ROOM)
    for state in (
        member(SUPPORT, "Podpora"),
        member(BOT, "WhatsApp bridge bot"),
        member(JAN, "Jan Novák (WA)"),
        event(
            "$b",
            BOT,
            {"bridgebot": BOT, "protocol": {"id": "whatsapp"}},
            "m.bridge",
            state_key="net.whatsapp://420601234567",
        ),  # fmt: skip
    ):
        room.apply_state(state)
    return room


@pytest.fixture
def reader() -> EventReader:
    return EventReader("chat", frozenset({SUPPORT}))


def test_a_bridged_room_names_its_network_and_customer(reader: EventReader) -> None:
    room = bridged_room()
    assert room.network == "whatsapp"
    assert room.others(reader.ours) == [JAN]
    room.customer = JAN
    customer = room.customer_record()
    assert customer is not None
    assert customer.id == customer_id_for(JAN)
    assert customer.display_name == "Jan Novák (WA)"
    assert (customer.first_name, customer.last_name) == ("Jan", "Novák")
    assert customer.chat_ids == (JAN,)


@pytest.mark.parametrize(
    ("content", "network"),
    [
        ({"protocol": {"id": "Telegram"}}, "telegram"),
        ({"protocol": {"id": "facebook"}}, "messenger"),
        ({"protocol": {"id": "what\x1b[31msapp"}}, "what31msapp"),
        ({"protocol": "whatsapp"}, None),
        ({"protocol": {"id": 7}}, None),
        ({}, None),
    ],
)
def test_the_network_is_a_plain_short_name(content: dict[str, Any], network: str | None) -> None:
    assert network_of(content) == network


def test_text_notice_and_emote_with_direction_and_author(reader: EventReader) -> None:
    room = bridged_room()
    timeline = reader.read(room, [
        event("$1", JAN, text("Dobrý den, kde je zásilka?")),
        event("$2", SUPPORT, text("Hned to zjistím.")),
        event("$3", JAN, text("mává", "m.emote")),
        event("$4", BOT, text("Message delivery failed", "m.notice")),
    ])  # fmt: skip
    got = {m.id: m for m in timeline.messages.values()}
    assert got["$1"].direction is Direction.INCOMING and not got["$1"].read
    assert got["$1"].author_name == "Jan Novák (WA)"
    assert got["$1"].author_address == JAN
    assert got["$1"].conversation_id == ROOM
    assert got["$2"].direction is Direction.OUTGOING and got["$2"].read
    assert got["$3"].body_text == "* Jan Novák (WA) mává"
    assert got["$4"].direction is Direction.NOTE  # the bridge's bot is not the customer
    assert got["$1"].sent_at.isoformat() == "2026-03-02T09:00:00+00:00"


def test_html_becomes_text_and_plain_text_is_never_markup(reader: EventReader) -> None:
    html = (
        '<p>Zde je <b>foto</b>: <img src="https://tracker.example/pixel.png">'
        '<script>alert(1)</script><a href="https://shop.example/o/1">objednávka</a></p>'
    )
    timeline = reader.read(bridged_room(), [
        event("$1", JAN, text("fallback", format="org.matrix.custom.html", formatted_body=html)),
        event("$2", JAN, text("<b>not bold</b> [red]x[/red] &amp;")),
    ])  # fmt: skip
    first, second = timeline.messages["$1"], timeline.messages["$2"]
    assert "foto" in first.body_text and "objednávka" in first.body_text
    assert "<" not in first.body_text.replace("<https://shop.example/o/1>", "")
    assert "alert" not in first.body_text and "pixel" not in first.body_text
    assert second.body_text == "<b>not bold</b> [red]x[/red] &amp;"


def test_a_reply_drops_its_quoted_fallback(reader: EventReader) -> None:
    relation = {"m.in_reply_to": {"event_id": "$0"}}
    timeline = reader.read(bridged_room(), [
        event("$1", JAN, text("> <@podpora:shop.example> Jaké číslo?\n\n1234",
                              **{"m.relates_to": relation})),
        event("$2", JAN, text("> quoted\n\n1235", format="org.matrix.custom.html",
                              formatted_body="<mx-reply><blockquote>quoted</blockquote></mx-reply>"
                              "1235", **{"m.relates_to": relation})),
    ])  # fmt: skip
    assert timeline.messages["$1"].body_text == "1234"
    assert timeline.messages["$1"].in_reply_to == "$0"
    assert timeline.messages["$2"].body_text == "1235"


def test_an_edit_in_the_same_timeline_changes_the_original(reader: EventReader) -> None:
    timeline = reader.read(bridged_room(), [
        event("$1", JAN, text("Kdy prijde zasilka?")),
        event("$2", JAN, text("* Kdy přijde zásilka?", **{
            "m.new_content": text("Kdy přijde zásilka?"),
            "m.relates_to": {"rel_type": "m.replace", "event_id": "$1"}}), ts=1000),
    ])  # fmt: skip
    assert list(timeline.messages) == ["$1"]
    assert timeline.messages["$1"].body_text == "Kdy přijde zásilka?"
    assert timeline.edits == []


def test_an_edit_of_an_older_message_is_an_edit_record(reader: EventReader) -> None:
    edit = event("$2", JAN, text("* oprava", **{
        "m.new_content": text("oprava"),
        "m.relates_to": {"rel_type": "m.replace", "event_id": "$old"}}))  # fmt: skip
    timeline = reader.read(bridged_room(), [edit])
    assert timeline.messages == {}
    assert [e for _, e in timeline.edits] == [Edit("$old", JAN, "oprava", None)]


def test_an_edit_by_someone_else_is_ignored(reader: EventReader) -> None:
    timeline = reader.read(bridged_room(), [
        event("$1", JAN, text("Dobrý den")),
        event("$2", "@mallory:evil.example", text("* Pay me", **{
            "m.new_content": text("Pay me"),
            "m.relates_to": {"rel_type": "m.replace", "event_id": "$1"}})),
    ])  # fmt: skip
    assert timeline.messages["$1"].body_text == "Dobrý den"


def test_a_bundled_edit_shows_the_latest_text(reader: EventReader) -> None:
    replacing = event(
        "$9",
        JAN,
        {
            "m.new_content": text("nová verze"),
            "body": "* nová verze",
            "m.relates_to": {"rel_type": "m.replace", "event_id": "$1"},
        },
    )
    original = event("$1", JAN, text("stará verze"),
                     unsigned={"m.relations": {"m.replace": replacing}})  # fmt: skip
    timeline = reader.read(bridged_room(), [original])
    assert timeline.messages["$1"].body_text == "nová verze"


def test_redactions_remove_messages_and_redacted_events_are_not_shown(
    reader: EventReader,
) -> None:
    timeline = reader.read(bridged_room(), [
        event("$1", JAN, text("moje číslo karty 4111...")),
        event("$2", JAN, {}, "m.room.redaction", redacts="$1"),
        event("$3", JAN, {"redacts": "$stored"}, "m.room.redaction"),  # room version 11
        event("$4", JAN, {}, unsigned={"redacted_because": {"type": "m.room.redaction"}}),
    ])  # fmt: skip
    assert timeline.messages == {}
    assert timeline.removed == ["$1", "$stored"]


def test_files_are_listed_with_name_type_and_size_and_kept_to_download(
    reader: EventReader,
) -> None:
    image = event("$1", JAN, {"msgtype": "m.image", "body": "IMG_0042.jpg",
                              "url": "mxc://shop.example/AbCd", "info": {"mimetype": "image/jpeg",
                              "size": 48213}})  # fmt: skip
    captioned = event(
        "$2",
        JAN,
        {
            "msgtype": "m.file",
            "body": "Tady je faktura",
            "filename": "faktura.pdf",
            "url": "mxc://shop.example/EfGh",
            "info": {"mimetype": "application/pdf", "size": "big"},
        },
    )
    timeline = reader.read(bridged_room(), [image, captioned])
    first, second = timeline.messages["$1"], timeline.messages["$2"]
    assert [(a.filename, a.content_type, a.size, a.data) for a in first.attachments] == [
        ("IMG_0042.jpg", "image/jpeg", 48213, None)
    ]
    assert first.body_text == ""
    assert (second.attachments[0].filename, second.attachments[0].size) == ("faktura.pdf", 0)
    assert second.body_text == "Tady je faktura"
    assert media_uri(first.raw) == "mxc://shop.example/AbCd"
    assert media_uri(b"not json") is None


def test_an_encrypted_message_says_it_cannot_be_read(reader: EventReader) -> None:
    encrypted = event("$1", JAN, {"algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "x"},
                      "m.room.encrypted")  # fmt: skip
    message = reader.read(bridged_room(), [encrypted]).messages["$1"]
    assert message.decode_warning == ENCRYPTED_WARNING


MALFORMED: list[Any] = [
    None,
    "text",
    [],
    {"type": "m.room.message"},
    event("no-dollar", JAN, text("x")),
    event("$a", "not-a-user", text("x")),
    event("$b", JAN, ["content", "as", "a", "list"]),  # type: ignore[arg-type]
    {**event("$c", JAN, text("x")), "origin_server_ts": "yesterday"},
    {**event("$d", JAN, text("x")), "origin_server_ts": True},
    event("$e", JAN, {"msgtype": 5, "body": "x"}),
    event("$f", JAN, {"msgtype": "m.text", "body": ["x"]}),
    event("$g", JAN, {"msgtype": "m.image", "info": "big", "body": None}),
    event("$h", JAN, {"m.new_content": "x", "m.relates_to": {"rel_type": "m.replace"}}),
    event("$i", JAN, {"membership": ["join"]}, "m.room.member", state_key=7),
    event("$j", JAN, {}, "m.room.redaction", redacts=["$1"]),
]


def test_malformed_events_are_skipped_and_the_good_ones_kept(reader: EventReader) -> None:
    good = event("$ok", JAN, text("Dobrý den"))
    timeline = reader.read(bridged_room(), [*MALFORMED, good])
    assert "$ok" in timeline.messages
    assert timeline.skipped >= 8
    assert all(isinstance(m.body_text, str) for m in timeline.messages.values())
