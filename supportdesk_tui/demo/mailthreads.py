"""A demo story as the mails both sides sent: greetings, signatures, quoted history, files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from . import attachments
from .mailbuilder import Mail, build, html_document, quote, text_to_html
from .order_html import order_confirmation
from .people import AGENTS, SUPPORT_ADDRESS, Person
from .scenarios import Plan
from .story import EmailStory, LanguagePack

SHOP_LINE = "https://shop.example · +420 555 010 200"


@dataclass(frozen=True)
class RawMail:
    folder: str
    """'INBOX' for the customer's mails, 'Sent' for ours."""
    message_id: str
    raw: bytes


def compose(
    story: EmailStory,
    plan: Plan,
    person: Person,
    pack: LanguagePack,
    order: str,
    times: list[datetime],
) -> list[RawMail]:
    """One raw mail per turn that has happened, oldest first; `times` has one per turn."""
    agent = AGENTS[story.agent]
    customer = (person.name, person.email)
    shop = (f"{agent.first_name} | shop.example", SUPPORT_ADDRESS)
    mails: list[RawMail] = []
    ids: list[str] = []
    previous: tuple[str, tuple[str, str], datetime] | None = None
    for index, text in enumerate(story.turns[: len(times)]):
        ours = index % 2 == 1
        text = text.replace("{order}", order)
        body = agent_body(text, person, pack, agent.id) if ours else customer_body(text, person)
        if previous is not None:
            prev_body, prev_sender, prev_time = previous
            header = pack.quote_header.format(
                date=quote_date(pack.code, prev_time), name=f"{prev_sender[0]} <{prev_sender[1]}>"
            )
            body += f"\n\n{header}\n{quote(prev_body)}"
        sender, recipient = (shop, customer) if ours else (customer, shop)
        domain = "shop.example" if ours else person.mailbox
        message_id = f"{story.key}.{index}.{order}@{domain}"
        html_only = plan.html_first and index == 0
        mail = Mail(
            message_id=message_id,
            sender=sender,
            to=recipient,
            subject=reply_subject(story.subject.replace("{order}", order), index, pack),
            sent_at=times[index],
            text=body,
            html=_html(body, pack.forwarded if html_only else None, order, person)
            if ours or html_only
            else None,
            html_only=html_only,
            in_reply_to=ids[-1] if ids else None,
            references=tuple(ids),
            files=_files(plan, index, order, story.key),
        )
        mails.append(RawMail("Sent" if ours else "INBOX", message_id, build(mail)))
        ids.append(message_id)
        previous = (body, sender, times[index])
    return mails


def reply_subject(subject: str, index: int, pack: LanguagePack) -> str:
    return subject if index == 0 else pack.reply_prefix + subject


def agent_body(text: str, person: Person, pack: LanguagePack, agent_id: str) -> str:
    agent = AGENTS[agent_id]
    return (
        f"{person.greeting}\n\n{text}\n\n{pack.agent_sign_off}\n{agent.first_name}\n\n"
        f"-- \n{agent.full_name}\n{pack.team}\n{SHOP_LINE}"
    )


def customer_body(text: str, person: Person) -> str:
    """The customer's text, signed the way people sign: under a closing word, or alone."""
    paragraphs = text.split("\n\n")
    last = paragraphs[-1]
    if "\n" in last or _names_someone(last, person):
        return text
    if len(paragraphs) > 1 and len(last) <= 30:
        return f"{text}\n{person.signature}"
    return f"{text}\n\n{person.signature}"


def _names_someone(line: str, person: Person) -> bool:
    names = [n for n in (person.first_name, person.last_name) if n and len(n) >= 3]
    words = re.findall(r"\w+", line)
    return any(w[:3].casefold() == n[:3].casefold() for w in words for n in names)


def quote_date(language: str, when: datetime) -> str:
    if language == "en":
        return when.strftime("%a, %d %b %Y at %H:%M")
    return when.strftime("%d.%m.%Y %H:%M")


def _html(body: str, forwarded: str | None, order: str, person: Person) -> str:
    """Our replies' HTML part; for an HTML-only customer mail, also the order it forwards."""
    html = text_to_html(body)
    if forwarded is not None:
        html += f"\n<p>{forwarded}</p>\n{order_confirmation(order, person.name)}"
    return html_document(html)


def _files(plan: Plan, index: int, order: str, title: str) -> tuple[tuple[str, str, bytes], ...]:
    files = []
    for turn, pattern in plan.files:
        if turn == index:
            filename = pattern.replace("{order}", order)
            content_type, data = attachments.make_file(filename, f"{title} {order}")
            files.append((filename, content_type, data))
    return tuple(files)
