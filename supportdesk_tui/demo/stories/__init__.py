"""Demo texts, one module per language, written by hand."""

from __future__ import annotations

from dataclasses import replace

from ..story import ChatStory, EmailStory, LanguagePack
from . import bg, cs, en, hr, pl, ru, sk, sl, sr, uk

PACKS: dict[str, LanguagePack] = {
    module.PACK.code: module.PACK for module in (cs, sk, pl, ru, uk, bg, sr, hr, sl, en)
}


def latin_serbian(pack: LanguagePack) -> LanguagePack:
    """The Serbian pack as a Latin-script customer reads it."""
    lat = sr.to_latin
    return replace(
        pack,
        customer_sign_off=lat(pack.customer_sign_off),
        agent_sign_off=lat(pack.agent_sign_off),
        team=lat(pack.team),
        quote_header=lat(pack.quote_header),
        forwarded=lat(pack.forwarded),
        emails=tuple(
            replace(story, subject=lat(story.subject), turns=tuple(map(lat, story.turns)))
            for story in pack.emails
        ),
        chats=tuple(
            replace(story, lines=tuple((who, lat(text)) for who, text in story.lines))
            for story in pack.chats
        ),
    )


def email_stories() -> tuple[EmailStory, ...]:
    return tuple(story for pack in PACKS.values() for story in pack.emails)


def chat_stories() -> tuple[ChatStory, ...]:
    return tuple(story for pack in PACKS.values() for story in pack.chats)
