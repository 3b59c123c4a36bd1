"""Threading rules and names for new customers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from supportdesk_tui.domain.models import Channel, Direction, Message
from supportdesk_tui.domain.threads import (
    ThreadIndex,
    is_reply,
    new_conversation_id,
    normalize_subject,
    reference_ids,
    split_name,
)

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def mail(mid: str, subject: str = "Objednávka", days: float = 0, **kw: object) -> Message:
    return Message(
        mid, "", Channel.EMAIL, Direction.INCOMING, "Jan", "jan@x.cz",
        T0 + timedelta(days=days), subject, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Re: AW: Fwd: Objednávka 1234", "objednávka 1234"),
        ("RE[2]: Reklamace", "reklamace"),
        ("Re(3): Reklamace", "reklamace"),
        ("Odp: Odg: Zamówienie", "zamówienie"),
        ("Отв: Ответ: Заказ", "заказ"),
        ("Відп: Питання", "питання"),
        ("[Ticket #123] Re: [eshop.cz] Stav   objednávky ", "stav objednávky"),
        ("Reklamace: rozbitý hrnek", "reklamace: rozbitý hrnek"),  # a real colon stays
        ("Rekord", "rekord"),  # 'Re' only as a marker with its colon
        ("Re:", ""),
        ("", ""),
    ],
)
def test_normalize_subject(subject: str, expected: str) -> None:
    assert normalize_subject(subject) == expected


def test_reference_ids_are_own_then_reply_then_references_newest_first() -> None:
    m = mail(" <c@x> ", in_reply_to="<b@x>", references=("<a@x>", "<b@x>"))
    assert reference_ids(m) == ("<c@x>", "<b@x>", "<a@x>")


@pytest.mark.parametrize(
    ("subject", "headers", "expected"),
    [
        ("Re: Objednávka", {}, True),
        ("[eshop] ODP: Zamówienie", {}, True),
        ("Отв: Заказ", {}, True),
        ("Fwd: Faktura", {}, True),
        ("Objednávka", {}, False),
        ("Reklamace: vadné zboží", {}, False),
        ("Objednávka", {"in_reply_to": "<a@x>"}, True),
        ("Objednávka", {"references": ("<a@x>",)}, True),
        ("Objednávka", {"in_reply_to": "  "}, False),
    ],
)
def test_is_reply(subject: str, headers: dict[str, object], expected: bool) -> None:
    assert is_reply(mail("<m@x>", subject, **headers)) is expected


def test_new_conversation_ids_are_deterministic_and_distinct() -> None:
    assert new_conversation_id("<a@x>") == new_conversation_id("<a@x>")
    assert new_conversation_id("<a@x>") != new_conversation_id("<b@x>")
    assert new_conversation_id("<a@x>").startswith("mail-")


def test_thread_index_finds_by_reference_and_by_subject_within_30_days() -> None:
    index = ThreadIndex()
    index.remember(mail("<a@x>", "Objednávka"), "Jan@X.cz", "conv-1")
    assert index.by_reference(mail("<b@x>", in_reply_to="<a@x>")) == "conv-1"
    assert index.by_reference(mail("<c@x>")) is None
    assert index.by_subject_and_address(mail("<d@x>", "Re: objednávka", 29), "jan@x.cz") == "conv-1"
    assert index.by_subject_and_address(mail("<e@x>", "Re: objednávka", 31), "jan@x.cz") is None
    assert index.by_subject_and_address(mail("<f@x>", "Re: objednávka", 1), "eva@x.cz") is None


@pytest.mark.parametrize(
    ("display", "expected"),
    [
        ("Jan Vondráček", ("Jan", "Vondráček")),  # a known given name shows the order
        ("Vondráček Jan", ("Jan", "Vondráček")),
        ("Vondráček, Jan", ("Jan", "Vondráček")),
        ("NOVÁK Jan", ("Jan", "Novák")),  # the surname in capitals
        ("Vít DVOŘÁK", ("Vít", "Dvořák")),
        ("Ing. Jan Novák, Ph.D.", ("Jan", "Novák")),
        ('"Kowalski Piotr (Firma)"', ("Piotr", "Kowalski")),
        ("Sýkorová Marta", ("Marta", "Sýkorová")),  # a surname ending
        ("Петров Иван", ("Иван", "Петров")),
        ("Jovana Petrović", ("Jovana", "Petrović")),
        ("Dvořák Vít", (None, None)),  # nothing shows the order: keep only the display name
        ("Mary Ann Smith", (None, None)),
        ("Hana", (None, None)),
        ("jan@example.cz", (None, None)),
        ("", (None, None)),
    ],
)
def test_split_name(display: str, expected: tuple[str | None, str | None]) -> None:
    assert split_name(display) == expected
