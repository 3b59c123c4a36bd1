"""The bench's generated mailbox is what the bench claims: realistic, varied and reproducible."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bench.mailgen import generate
from bench.mailshapes import GeneratedMail
from supportdesk_tui.mime import parse_message

COUNT = 1500


@pytest.fixture(scope="module")
def mails() -> list[GeneratedMail]:
    return list(generate(COUNT, seed=7))


def test_same_seed_gives_the_same_bytes(mails: list[GeneratedMail]) -> None:
    again = list(generate(200, seed=7))
    assert [m.raw for m in again] == [m.raw for m in mails[:200]]
    assert [m.raw for m in generate(200, seed=8)] != [m.raw for m in again]


def test_exactly_count_distinct_mails(mails: list[GeneratedMail]) -> None:
    assert len(mails) == COUNT
    assert len({m.raw for m in mails}) == COUNT


def test_shares_are_near_the_promised_ones(mails: list[GeneratedMail]) -> None:
    share = Counter(part for m in mails for part in m.kind.split("+"))
    assert 0.08 < share["attachment"] / COUNT < 0.16
    assert 0.005 < share["malformed"] / COUNT < 0.04
    assert share["html"] > 0 and share["alternative"] > share["plain"] > 0
    sizes = sorted(len(m.raw) for m in mails)
    assert 4500 < sizes[COUNT // 2] < 7500


def test_customers_write_to_inbox_and_we_reply_from_sent(mails: list[GeneratedMail]) -> None:
    for mail in mails:
        sender = re.search(rb"^From: .*<([^>]+)>", mail.raw, re.M)
        if sender is None or b"broken" in sender.group(1):
            continue  # a malformed From
        ours = sender.group(1) == b"support@shop.example"
        assert mail.folder == ("Sent" if ours else "INBOX")


def test_replies_point_at_an_earlier_mail(mails: list[GeneratedMail]) -> None:
    seen: set[bytes] = set()
    replies, dangling = 0, 0
    for mail in mails:
        reply_to = re.search(rb"^In-Reply-To: <([^>]+)>", mail.raw, re.M)
        if reply_to is not None:
            replies += 1
            dangling += reply_to.group(1) not in seen
        own = re.search(rb"^Message-ID: <([^>]+)>", mail.raw, re.M)
        if own is not None:
            seen.add(own.group(1))
    assert replies > COUNT // 3
    # Only a malformed parent (its Message-ID lost) leaves a reply dangling.
    assert dangling <= sum("malformed" in m.kind for m in mails)


def test_legacy_charsets_are_in_the_mix(mails: list[GeneratedMail]) -> None:
    declared = {c.lower() for m in mails for c in re.findall(rb"charset=([\w-]+)", m.raw)}
    assert {b"windows-1250", b"windows-1251", b"iso-8859-2", b"koi8-r", b"koi8-u"} <= declared


def test_every_mail_parses_and_well_formed_ones_read_cleanly(mails: list[GeneratedMail]) -> None:
    malformed = [m for m in mails if "malformed" in m.kind]
    for mail in mails[:400] + malformed:
        message = parse_message(mail.raw, folder=mail.folder)
        if "malformed" not in mail.kind:
            assert message.body_text.strip(), mail.raw[:300]
            assert message.subject
