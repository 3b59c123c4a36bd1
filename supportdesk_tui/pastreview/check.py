"""The greeting and inflection check over the agent replies of past threads, as the reply
editor runs it on a draft: in the customer's language, for their gender, name and script."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..compose.context import reply_context
from ..config import Config
from ..domain.models import ConversationDetail, Direction
from ..langcheck import checker


@dataclass(frozen=True)
class PastFinding:
    conversation_id: str
    subject: str
    customer_name: str
    message_id: str
    sent_at: datetime
    author: str
    code: str
    message: str
    """What is wrong, in English."""
    excerpt: str
    """The words the finding is about, as the reply has them."""
    suggestion: str | None


def check_replies(detail: ConversationDetail, config: Config) -> list[PastFinding]:
    """Every finding in every agent reply of the conversation, oldest reply first. Blocking
    (the check's dictionaries): run it in a thread."""
    context = reply_context(detail, config)
    found: list[PastFinding] = []
    for message in detail.messages:
        if message.direction is not Direction.OUTGOING or not message.body_text:
            continue
        for finding in checker.check(message.body_text, context.language, context.person):
            found.append(
                PastFinding(
                    conversation_id=detail.conversation.id,
                    subject=detail.conversation.subject,
                    customer_name=detail.customer.display_name,
                    message_id=message.id,
                    sent_at=message.sent_at,
                    author=message.author_name,
                    code=finding.code.value,
                    message=finding.message,
                    excerpt=message.body_text[finding.start : finding.end],
                    suggestion=finding.suggestion,
                )
            )
    return found
