"""What must be looked at before a reply leaves: the check's findings, an empty subject,
an attachment the text mentions but the reply lacks. Each blocks sending until the agent
overrides it, one by one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..langcheck.base import Finding

_ATTACHMENT_WORDS = re.compile(
    r"\b(attach\w*|enclos\w*|přílo\w*|prilo\w*|príloh\w*|załącz\w*|zalacz\w*|"
    r"вложени\w*|прикреп\w*|прикріп\w*|вкладен\w*|додат\w*|приложен\w*|прикачен\w*|прилог\w*)",
    re.I,
)
"""'in the attachment', 'v příloze', 'w załączniku', 'во вложении', 'у вкладенні', 'в прикачения
файл', 'u prilogu', 'v prilogi', 'в прилогу': the reply says a file comes with it."""


@dataclass(frozen=True)
class ReviewItem:
    key: str
    """Stable while the text around it is unchanged: overrides are remembered by it."""
    message: str
    excerpt: str = ""
    suggestion: str | None = None
    start: int = -1
    end: int = -1


def finding_key(text: str, finding: Finding) -> str:
    """Names a finding by its code and the words it is about, not by offsets: typing above
    it must not forget an override."""
    return f"{finding.code.value}:{text[finding.start : finding.end]}"


def review_items(
    text: str, findings: Sequence[Finding], subject: str | None, attachment_count: int
) -> list[ReviewItem]:
    """`subject` None: the channel has none (chat)."""
    items = [
        ReviewItem(
            key=finding_key(text, f),
            message=f.message,
            excerpt=text[f.start : f.end],
            suggestion=f.suggestion,
            start=f.start,
            end=f.end,
        )
        for f in findings
    ]
    if subject is not None and not subject.strip():
        items.append(ReviewItem("subject:empty", "The subject is empty."))
    if attachment_count == 0:
        mention = _ATTACHMENT_WORDS.search(text)
        if mention is not None:
            items.append(
                ReviewItem(
                    "attachment:missing",
                    f"The text mentions an attachment ({mention.group(0)!r}) but none is attached.",
                    excerpt=mention.group(0),
                    start=mention.start(),
                    end=mention.end(),
                )
            )
    return items


def blocking(items: Sequence[ReviewItem], overrides: frozenset[str]) -> list[ReviewItem]:
    """The items not overridden yet: sending waits until this is empty."""
    return [item for item in items if item.key not in overrides]
