"""Everything a reply to one conversation is filled from and checked against."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..canned.orders import Order, OrderFile
from ..canned.render import RenderValues, person_for
from ..canned.values import agent_values, customer_values, shop_values
from ..config import Config
from ..domain.models import ConversationDetail, Direction
from ..langcheck.base import Person

_ORDER_NUMBER = re.compile(r"(?<![\w/.-])#?(\d{4,12})(?![\w/.-])")
"""Order numbers as customers write them: 'objednávka 20261234', '#20261234'."""


@dataclass(frozen=True)
class ReplyContext:
    conversation_id: str
    language: str
    """The customer's language (as corrected by the agent, else as guessed), 'en' if unknown."""
    script: str | None
    """Serbian only: 'latn' or 'cyrl'."""
    values: RenderValues
    person: Person
    order: Order | None = None
    extra: dict[str, dict[str, object]] = field(default_factory=dict)
    """Values the agent typed in when a reply asked for them, per section."""

    def with_value(self, dotted: str, value: str) -> ReplyContext:
        """A copy that also knows `dotted` ('order.tracking_url'): asked once per reply."""
        section, _, name = dotted.partition(".")
        extra = {k: dict(v) for k, v in self.extra.items()}
        field_name = name.split("[")[0]
        extra.setdefault(section, {})[field_name] = typed_value(section, field_name, value)
        merged = {
            part: dict(getattr(self.values, part)) | extra.get(part, {})
            for part in ("customer", "order", "agent", "shop")
        }
        return ReplyContext(
            self.conversation_id, self.language, self.script, RenderValues(**merged),
            self.person, self.order, extra,
        )  # fmt: skip


_ITEM = re.compile(
    r"^\s*(?:(\d{1,4})\s*[x×]\s+)?(.+?)(?:\s+(?:[x×]\s*(\d{1,4})|(\d{1,4})\s*[x×]))?\s*$"
)


def typed_value(section: str, name: str, text: str) -> object:
    """What the agent typed for an unknown value, in the shape the template expects: the
    order's items are a list ("2x Mug, Plate" → Mug 2, Plate 1); anything else is text."""
    if (section, name) != ("order", "items"):
        return text
    items = []
    for part in text.split(","):
        match = _ITEM.match(part)
        if match and match.group(2).strip():
            quantity = match.group(1) or match.group(3) or match.group(4) or "1"
            items.append({"name": match.group(2).strip(), "quantity": int(quantity)})
    return items or [{"name": text.strip(), "quantity": 1}]


def reply_context(
    detail: ConversationDetail, config: Config, order: Order | None = None
) -> ReplyContext:
    customer = detail.customer
    language = customer.language or detail.conversation.language or _guessed(detail) or "en"
    script = customer.script.value if customer.script else None
    if language == "sr" and script is None:
        script = _script_of(detail)
    values = RenderValues(
        customer=customer_values(customer) | {"language": language},
        order=order.values() if order else {},
        agent=agent_values(config.agent),
        shop=shop_values(config.shop),
    )
    return ReplyContext(
        conversation_id=detail.conversation.id,
        language=language,
        script=script,
        values=values,
        person=person_for(values.customer, script),
        order=order,
    )


def find_order(detail: ConversationDetail, orders: OrderFile) -> Order | None:
    """The order the customer writes about: a number in the subject or their messages that
    the shop knows (newest message first), else their latest order."""
    texts = [detail.conversation.subject] + [
        m.body_text for m in reversed(detail.messages) if m.direction is Direction.INCOMING
    ]
    for text in texts:
        for number in _ORDER_NUMBER.findall(text or ""):
            found = orders.by_number(number)
            if found is not None:
                return found
    for email in detail.customer.emails:
        found = orders.latest_for(email)
        if found is not None:
            return found
    return None


def _guessed(detail: ConversationDetail) -> str | None:
    """The customer's language from what they wrote, when the queue's guess has not come
    yet (a chat answered the moment it arrives)."""
    from ..langcheck.detect import guess_language  # warmed at the app's start

    text = "\n".join(
        m.body_text[:2000] for m in detail.messages if m.direction is Direction.INCOMING
    )
    return guess_language(text)


def _script_of(detail: ConversationDetail) -> str:
    """A Serbian customer's script, from what they wrote (Cyrillic letters or not)."""
    text = " ".join(
        m.body_text[:2000] for m in detail.messages if m.direction is Direction.INCOMING
    )
    cyrillic = sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "cyrl" if cyrillic > latin else "latn"
