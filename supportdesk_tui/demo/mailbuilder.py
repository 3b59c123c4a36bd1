"""RFC 822 bytes for demo mails, built with the standard library as a mail program would."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime


@dataclass(frozen=True)
class Mail:
    message_id: str
    """Without angle brackets."""
    sender: tuple[str, str]
    """(display name, address)."""
    to: tuple[str, str]
    subject: str
    sent_at: datetime
    text: str
    html: str | None = None
    """An HTML alternative of the text; with `html_only`, the only body."""
    html_only: bool = False
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    files: tuple[tuple[str, str, bytes], ...] = ()
    """(file name, content type, data)."""
    mailer: str = ""


def build(mail: Mail) -> bytes:
    message = EmailMessage()
    message["From"] = _address(*mail.sender)
    message["To"] = _address(*mail.to)
    message["Subject"] = mail.subject
    message["Date"] = format_datetime(mail.sent_at)
    message["Message-ID"] = f"<{mail.message_id}>"
    if mail.in_reply_to:
        message["In-Reply-To"] = f"<{mail.in_reply_to}>"
    if mail.references:
        message["References"] = " ".join(f"<{ref}>" for ref in mail.references)
    if mail.mailer:
        message["User-Agent"] = mail.mailer
    if mail.html_only and mail.html is not None:
        message.set_content(mail.html, subtype="html")
    else:
        message.set_content(mail.text)
        if mail.html is not None:
            message.add_alternative(mail.html, subtype="html")
    for filename, content_type, data in mail.files:
        maintype, subtype = content_type.split("/", 1)
        # Non-ASCII names come out RFC 2231 encoded (filename*=utf-8''...), as Thunderbird does.
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    _fix_boundaries(message, mail.message_id)
    return message.as_bytes()


def _fix_boundaries(message: EmailMessage, message_id: str) -> None:
    """The stdlib draws boundaries at random; fixed ones keep the demo's bytes reproducible."""
    for number, part in enumerate(message.walk()):
        if part.is_multipart():
            part.set_boundary(f"=_demo_{number}_{message_id}")


def _address(name: str, address: str) -> str:
    local, _, domain = address.partition("@")
    return str(Address(display_name=name, username=local, domain=domain))


def text_to_html(text: str) -> str:
    """What a mail program's HTML part looks like: paragraphs, quotes as blockquotes."""
    parts: list[str] = []
    for paragraph in text.split("\n\n"):
        lines = paragraph.split("\n")
        if all(line.startswith(">") for line in lines):
            inner = "\n".join(line[1:].removeprefix(" ") for line in lines)
            parts.append(f'<blockquote type="cite">{text_to_html(inner)}</blockquote>')
        else:
            parts.append("<p>" + "<br>\n".join(html.escape(line) for line in lines) + "</p>")
    return "\n".join(parts)


def html_document(body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
        f'<body style="font-family: Arial, sans-serif; font-size: 14px">\n{body}\n</body></html>'
    )


def quote(text: str) -> str:
    """Each line behind '> ', as replies carry the message they answer."""
    return "\n".join(
        ">" + (" " + line if line and not line.startswith(">") else line)
        for line in text.split("\n")
    )
