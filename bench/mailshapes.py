"""The shapes of the bench mailbox: who writes, how long threads are, what each mail looks like.

Texts, people and sign-offs come from the demo (`supportdesk_tui.demo`); the mixture of
body kinds, charsets, attachments and malformed mails is drawn here, per thread.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from bench import mailmime
from bench.mailbroken import break_mail
from bench.mailmime import Body
from supportdesk_tui.demo.mailbuilder import html_document, quote, text_to_html
from supportdesk_tui.demo.order_html import ITEMS, order_confirmation
from supportdesk_tui.demo.people import AGENTS, PEOPLE, SUPPORT_ADDRESS, Person
from supportdesk_tui.demo.stories import PACKS, latin_serbian
from supportdesk_tui.demo.story import EmailStory, LanguagePack
from supportdesk_tui.domain.models import Script

CUSTOMERS = tuple(sorted(PEOPLE.values(), key=lambda person: person.key))
THREAD_LENGTHS = (1, 2, 3, 4, 5, 6, 7, 8)
LENGTH_WEIGHTS = (14, 20, 18, 14, 11, 9, 7, 7)
LEGACY = {
    "cs": ("windows-1250", "iso-8859-2"),
    "sk": ("windows-1250", "iso-8859-2"),
    "pl": ("iso-8859-2", "windows-1250"),
    "hr": ("windows-1250", "iso-8859-2"),
    "sl": ("iso-8859-2", "windows-1250"),
    "ru": ("koi8-r", "windows-1251"),
    "uk": ("koi8-u", "windows-1251"),
    "bg": ("windows-1251",),
    "sr": ("windows-1251",),
    "en": ("iso-8859-1", "us-ascii"),
}
MAILERS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Thunderbird/115.6.0",
    "Microsoft Outlook 16.0",
    "Apple Mail (2.3774.300.61.1.2)",
    "Roundcube Webmail/1.6.5",
    "Seznam.cz Email",
)
SHOP_NAME = "shop.example"


@dataclass(frozen=True)
class Thread:
    number: int
    person: Person
    pack: LanguagePack
    story: EmailStory
    order: str
    times: tuple[datetime, ...]
    rng: random.Random


@dataclass(frozen=True)
class GeneratedMail:
    folder: str
    """'INBOX' for customers' mails, 'Sent' for ours."""
    raw: bytes
    flags: tuple[str, ...]
    date: datetime
    kind: str
    """plain, alternative or html; '+attachment' and '+malformed' are appended."""


def new_thread(rng: random.Random, number: int, epoch: datetime) -> Thread:
    person = rng.choice(CUSTOMERS)
    pack = PACKS[person.language]
    if person.script is Script.LATIN and person.language == "sr":
        pack = latin_serbian(pack)
    story = rng.choice(pack.emails)
    length = rng.choices(THREAD_LENGTHS, LENGTH_WEIGHTS)[0]
    when = epoch + timedelta(minutes=number * 25 + rng.randrange(25))
    times = [when]
    for index in range(1, length):
        hours = rng.uniform(0.3, 30) if index % 2 else rng.uniform(1, 72)
        times.append(times[-1] + timedelta(hours=hours))
    return Thread(number, person, pack, story, f"{number + 100000}", tuple(times), rng)


def render(thread: Thread) -> list[GeneratedMail]:
    mails: list[GeneratedMail] = []
    ids: list[str] = []
    previous = ""
    legacy = thread.rng.random() < 0.3
    mailer = thread.rng.choice(MAILERS)
    for index, when in enumerate(thread.times):
        ours = index % 2 == 1
        text = _turn(thread, index)
        if previous:
            said = thread.times[index - 1].strftime("%d.%m.%Y %H:%M")
            header = thread.pack.quote_header.format(date=said, name=_sender(thread, not ours)[0])
            text += f"\n\n{header}\n{quote(previous)}"
        charset = (
            "utf-8" if ours or not legacy else thread.rng.choice(LEGACY[thread.person.language])
        )
        body = _body(thread, text, charset, ours, mailer)
        domain = "shop.example" if ours else thread.person.mailbox
        message_id = f"t{thread.number}.m{index}.{thread.order}@{domain}"
        head = _headers(thread, index, when, message_id, ids, charset, mailer)
        boundary = f"----=_Part_{thread.number}_{index}.{thread.order}"
        raw = head + mailmime.content(body, boundary)
        kind = ("html" if body.html_only else "alternative" if body.html else "plain") + (
            "+attachment" if body.files else ""
        )
        if thread.rng.random() < 0.02:
            raw = break_mail(raw, thread.rng)
            kind += "+malformed"
        replied = index + 1 < len(thread.times)
        flags = ("\\Seen",) if ours else _customer_flags(thread.rng, replied)
        mails.append(GeneratedMail("Sent" if ours else "INBOX", raw, flags, when, kind))
        ids.append(message_id)
        previous = text
    return mails


def _turn(thread: Thread, index: int) -> str:
    turns = thread.story.turns
    own = turns[1::2] if index % 2 else turns[0::2]
    text = (own or turns)[(index // 2) % len(own or turns)].replace("{order}", thread.order)
    person, pack = thread.person, thread.pack
    if index % 2 == 0:
        return f"{text}\n\n{person.signature}"
    agent = AGENTS[thread.story.agent]
    return (
        f"{person.greeting}\n\n{text}\n\n{pack.agent_sign_off}\n{agent.first_name}\n\n"
        f"-- \n{agent.full_name}\n{pack.team}\nhttps://shop.example"
    )


def _body(thread: Thread, text: str, charset: str, ours: bool, mailer: str) -> Body:
    rng = thread.rng
    roll = rng.random()
    html_only = not ours and roll < 0.15
    with_html = html_only or (roll < 0.9 if ours else roll < 0.65)
    if not ours and rng.random() < 0.2:  # the order confirmation, forwarded below the question
        text += f"\n\n{thread.pack.forwarded}\n{_order_text(thread)}"
    html = None
    if with_html:
        style = _OUR_STYLE if ours else _OUTLOOK_STYLE if "Outlook" in mailer else ""
        extra = _OUR_FOOTER if ours else ""
        if thread.pack.forwarded in text and not ours:
            extra = order_confirmation(thread.order, thread.person.name)
        html = html_document(style + text_to_html(text) + extra)
    if charset == "utf-8":
        transfer = rng.choice(("quoted-printable", "quoted-printable", "base64", "8bit"))
    else:
        transfer = rng.choice(("quoted-printable", "8bit"))
    files = _files(thread) if rng.random() < (0.11 if ours else 0.13) else ()
    return Body(text, html, html_only, charset, transfer, files)


def _order_text(thread: Thread) -> str:
    lines = [f"shop.example - {thread.order}", thread.person.name]
    lines += [f"{count} x {name}  {price} Kč" for name, count, price in ITEMS]
    lines.append(f"Celkem: {sum(count * price for _, count, price in ITEMS)} Kč")
    return "\n".join(lines)


def _files(thread: Thread) -> tuple[tuple[str, str, bytes], ...]:
    library = mailmime.attachment_library()
    count = 1 if thread.rng.random() < 0.8 else 2
    picked = [thread.rng.choice(library) for _ in range(count)]
    return tuple(
        (f"{_FILE_NAMES.get(ext, 'file')}_{thread.order}_{n + 1}.{ext}", content_type, data)
        for n, (ext, content_type, data) in enumerate(picked)
    )


_FILE_NAMES = {"pdf": "faktura", "docx": "reklamace", "jpg": "foto", "png": "fotka_poškození"}


def _customer_flags(rng: random.Random, replied: bool) -> tuple[str, ...]:
    if replied:
        return ("\\Seen", "\\Answered")
    return ("\\Seen",) if rng.random() < 0.6 else ()


def _sender(thread: Thread, ours: bool) -> tuple[str, str]:
    if ours:
        return f"{AGENTS[thread.story.agent].first_name} | {SHOP_NAME}", SUPPORT_ADDRESS
    return thread.person.name, thread.person.email


def _headers(
    thread: Thread,
    index: int,
    when: datetime,
    message_id: str,
    ids: list[str],
    charset: str,
    mailer: str,
) -> bytes:
    ours = index % 2 == 1
    (from_name, from_addr), (to_name, to_addr) = _sender(thread, ours), _sender(thread, not ours)
    subject = thread.story.subject.replace("{order}", thread.order)
    if index:
        subject = thread.pack.reply_prefix + subject
    date = when.strftime("%a, %d %b %Y %H:%M:%S +0000")
    lines = [f"Return-Path: <{from_addr}>"]
    lines += _received(thread.rng, from_addr, when)
    if thread.rng.random() < 0.8:
        lines.append(_dkim(thread.rng, from_addr.partition("@")[2], when))
    if not ours:
        lines += _inbound_checks(thread.rng, from_addr, when)
        lines += _mailer_trace(thread.rng, mailer, when)
    lines += [
        f'From: "{mailmime.header_words(from_name, charset)}" <{from_addr}>',
        f'To: "{mailmime.header_words(to_name, charset)}" <{to_addr}>',
        f"Subject: {mailmime.header_words(subject, charset)}",
        f"Date: {date}",
        f"Message-ID: <{message_id}>",
    ]
    if ids:
        lines.append(f"In-Reply-To: <{ids[-1]}>")
        lines.append("References: " + "\r\n ".join(f"<{ref}>" for ref in ids))
    lines += [
        "MIME-Version: 1.0",
        f"User-Agent: {'supportdesk-tui 0.1' if ours else mailer}",
        f"Content-Language: {thread.person.language}",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


def _received(rng: random.Random, sender: str, when: datetime) -> list[str]:
    domain = sender.partition("@")[2]
    stamp = when.strftime("%a, %d %b %Y %H:%M:%S +0000")
    hops = []
    for hop in range(rng.randint(3, 5)):
        ip = f"192.0.2.{rng.randint(1, 254)}"
        queue = "".join(rng.choices("0123456789ABCDEF", k=12))
        hops.append(
            f"Received: from mx{hop}.{domain} (mx{hop}.{domain} [{ip}])\r\n"
            f"\tby mail.shop.example (Postfix) with ESMTPS id {queue}\r\n"
            f"\tfor <support@shop.example>; {stamp}"
        )
    return hops


def _dkim(rng: random.Random, domain: str, when: datetime) -> str:
    signature = "".join(
        rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", k=344)
    )
    folded = "\r\n\t ".join(signature[i : i + 70] for i in range(0, len(signature), 70))
    return (
        f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s=mail;\r\n"
        f"\tt={int(when.timestamp())}; h=from:to:subject:date:message-id:mime-version;\r\n"
        f"\tbh={signature[:43]}=;\r\n\tb={folded}"
    )


def _inbound_checks(rng: random.Random, sender: str, when: datetime) -> list[str]:
    """What the receiving server adds: authentication results and a spam verdict."""
    domain = sender.partition("@")[2]
    score = rng.uniform(-3, 4)
    ip = f"192.0.2.{rng.randint(1, 254)}"
    seal = "".join(
        rng.choices("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", k=280)
    )
    folded = "\r\n\t".join(seal[i : i + 76] for i in range(0, len(seal), 76))
    return [
        f"Authentication-Results: mail.shop.example;\r\n\tdkim=pass header.d={domain} "
        f"header.s=mail header.b={seal[:8]};\r\n\tspf=pass (mail.shop.example: domain of "
        f"{sender} designates {ip} as permitted sender) smtp.mailfrom={sender};\r\n"
        f"\tdmarc=pass (policy=none) header.from={domain}",
        f"ARC-Seal: i=1; a=rsa-sha256; t={int(when.timestamp())}; cv=none; d=shop.example;"
        f" s=arc;\r\n\tb={folded}",
        f"X-Spam-Status: {'Yes' if score > 3.5 else 'No'}, score={score:.1f} required=5.0\r\n"
        "\ttests=BAYES_00,DKIM_SIGNED,DKIM_VALID,DKIM_VALID_AU,HTML_MESSAGE,\r\n"
        "\tRCVD_IN_DNSWL_NONE,SPF_HELO_NONE,SPF_PASS autolearn=ham version=3.4.6",
        f"X-Spam-Score: {score:.1f}",
    ]


def _mailer_trace(rng: random.Random, mailer: str, when: datetime) -> list[str]:
    """The bulky headers big providers add: Exchange's for Outlook, Google's for the rest."""
    token = "".join(
        rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", k=600)
    )
    blob = "\r\n ".join(token[i : i + 76] for i in range(0, len(token), 76))
    stamp = when.strftime("%d %b %Y %H:%M:%S.%f")[:-3] + " +0000"
    if "Outlook" in mailer:
        return [
            f"Thread-Topic: support {token[:12]}",
            f"Thread-Index: {token[12:52]}==",
            f"X-MS-Exchange-CrossTenant-OriginalArrivalTime: {stamp}",
            f"X-MS-Exchange-CrossTenant-Network-Message-Id: {token[52:60]}-{token[60:64]}-"
            f"{token[64:68]}-{token[68:72]}-{token[72:84]}",
            "X-MS-Exchange-Transport-CrossTenantHeadersStamped: AM0PR01MB1234",
            "X-MS-Has-Attach: ",
            "X-MS-TNEF-Correlator: ",
            f"X-Microsoft-Antispam-Message-Info:\r\n {blob}",
        ]
    return [
        f"X-Google-DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed;\r\n"
        f"        d=1e100.net; s=20230601; t={int(when.timestamp())};\r\n        b={blob[:700]}",
        f"X-Gm-Message-State: {token[100:160]}",
        f"X-Google-Smtp-Source: {token[160:260]}",
        f"X-Received: by 2002:a17:907:{rng.randint(1000, 9999)} with SMTP id "
        f"{token[260:280]};\r\n        {when.strftime('%a, %d %b %Y %H:%M:%S')} -0800 (PST)",
    ]


_OUR_STYLE = (
    "<style>p{margin:0 0 1em 0}blockquote{margin:0 0 0 .8ex;border-left:1px #ccc solid;"
    "padding-left:1ex}.signature{color:#666;font-size:12px}</style>\n"
)
_OUR_FOOTER = (
    '\n<table class="signature" cellpadding="0" cellspacing="0" style="margin-top:16px;'
    'border-top:1px solid #e0e0e0;padding-top:8px"><tr><td style="padding-right:12px">'
    '<img src="https://shop.example/static/logo.png" width="48" height="48" alt="shop.example">'
    "</td><td><b>shop.example</b><br>Zákaznická podpora · Customer care<br>"
    '<a href="https://shop.example" style="color:#1a73e8">https://shop.example</a> · '
    '+420 555 010 200<br><span style="color:#999;font-size:11px">Po–Pá 8:00–18:00. '
    "This message and any attachments are confidential.</span></td></tr></table>"
)
_OUTLOOK_STYLE = (
    '<style><!--\n/* Font Definitions */\n@font-face\n\t{font-family:"Cambria Math";\n'
    "\tpanose-1:2 4 5 3 5 4 6 3 2 4;}\n@font-face\n\t{font-family:Calibri;\n"
    "\tpanose-1:2 15 5 2 2 2 4 3 2 4;}\n/* Style Definitions */\n"
    "p.MsoNormal, li.MsoNormal, div.MsoNormal\n\t{margin:0cm;\n\tfont-size:11.0pt;\n"
    '\tfont-family:"Calibri",sans-serif;\n\tmso-fareast-language:EN-US;}\n'
    "a:link, span.MsoHyperlink\n\t{mso-style-priority:99;\n\tcolor:#0563C1;\n"
    "\ttext-decoration:underline;}\nspan.EmailStyle17\n\t{mso-style-type:personal-compose;\n"
    '\tfont-family:"Calibri",sans-serif;\n\tcolor:windowtext;}\n.MsoChpDefault\n'
    '\t{mso-style-type:export-only;\n\tfont-family:"Calibri",sans-serif;\n'
    "\tmso-fareast-language:EN-US;}\n@page WordSection1\n\t{size:612.0pt 792.0pt;\n"
    "\tmargin:70.85pt 70.85pt 70.85pt 70.85pt;}\ndiv.WordSection1\n\t{page:WordSection1;}\n"
    '--></style><!--[if gte mso 9]><xml>\n<o:shapedefaults v:ext="edit" spidmax="1026" />'
    '\n</xml><![endif]--><!--[if gte mso 9]><xml>\n<o:shapelayout v:ext="edit">\n'
    '<o:idmap v:ext="edit" data="1" />\n</o:shapelayout></xml><![endif]-->\n'
    '<div class="WordSection1">\n'
)
