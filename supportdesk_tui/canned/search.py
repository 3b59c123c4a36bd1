"""Finding a canned reply as the agent types: fuzzy over title, keywords and case, without
diacritics ("vraceni" finds "Vrácení"), in the customer's language unless asked for all.

rapidfuzz does the scoring (C++, one call scores every reply); the folded text of each reply
is prepared once per library, so a key press costs one `process.extract`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .library import CannedReply

MIN_SCORE = 75
"""Below this, a reply has too little to do with what was typed to be listed."""


def fold(text: str) -> str:
    """Lower case, no diacritics, one space between words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("đ", "d").replace("ł", "l").split())


@dataclass(frozen=True)
class ReplyIndex:
    replies: tuple[CannedReply, ...]
    texts: tuple[str, ...]

    @classmethod
    def build(cls, replies: Sequence[CannedReply]) -> ReplyIndex:
        ordered = tuple(sorted(replies, key=lambda r: (r.language, r.script or "", r.title)))
        texts = tuple(
            fold(" ".join((r.title, r.case.replace("_", " "), *r.keywords))) for r in ordered
        )
        return cls(ordered, texts)

    def find(
        self, query: str, language: str | None = None, script: str | None = None,
        limit: int = 50,
    ) -> list[CannedReply]:  # fmt: skip
        """Best matches first; with a language, only replies in it (and in the script, for
        Serbian); an empty query lists them all in title order."""
        wanted = [
            i for i, reply in enumerate(self.replies)
            if language is None or (reply.language == language
                                    and (script is None or reply.script in (None, script)))
        ]  # fmt: skip
        words = fold(query)
        if not words:
            return [self.replies[i] for i in wanted[:limit]]
        found = process.extract(
            words, {i: self.texts[i] for i in wanted}, scorer=fuzz.partial_ratio,
            score_cutoff=MIN_SCORE, limit=limit,
        )  # fmt: skip
        found.sort(key=lambda hit: (-hit[1], self.replies[hit[2]].title))
        return [self.replies[i] for _, _, i in found]
