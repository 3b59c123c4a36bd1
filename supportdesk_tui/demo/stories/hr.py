"""Croatian demo texts."""

from ..story import ChatStory, EmailStory, LanguagePack

EMAILS = (
    EmailStory(
        "hr.return",
        "ivan_horvat",
        "return",
        "Povrat robe – narudžba {order}",
        (
            "Poštovani,\n\nželio bih vratiti bušilicu iz narudžbe {order}. Nije korištena, "
            "originalno je zapakirana. Kako da je pošaljem i kada mogu očekivati povrat "
            "novca?\n\nLijep pozdrav",
            "hvala na poruci. Bušilicu možete besplatno poslati preko GLS-a: naljepnicu za povrat "
            "šaljemo u privitku. Novac ćemo vratiti u roku od 14 dana od primitka paketa.",
            "Paket je poslan jučer. Molim potvrdu kada stigne.",
        ),
        agent="tomas",
    ),
    EmailStory(
        "hr.invoice",
        "vrtni_centar",
        "invoice",
        "Račun za narudžbu {order}",
        (
            "Poštovani,\n\nmolimo R1 račun za narudžbu {order} na tvrtku Vrtni centar Zelenko "
            "d.o.o., OIB 12345678903, Zagrebačka 45, 10410 Velika Gorica.\n\nSrdačan pozdrav\n"
            "Računovodstvo",
            "R1 račun s vašim podacima nalazi se u privitku.",
        ),
    ),
    EmailStory(
        "hr.wrong",
        "ana_kovacevic",
        "wrong_item",
        "Pogrešan proizvod",
        (
            "Poštovani,\n\nu paketu iz narudžbe {order} stigla mi je crna torba umjesto smeđe "
            "koju sam naručila. Molim zamjenu.\n\nS poštovanjem,",
            "ispričavamo se zbog pogreške. Smeđu torbu šaljemo danas, a crnu nam možete vratiti "
            "u istom paketu – naljepnica za povrat je u privitku.",
            "Hvala, ali smeđa je sada rasprodana na vašoj stranici. Je li zaista poslana?",
        ),
    ),
    EmailStory(
        "hr.delay",
        "marko_babic",
        "delay",
        "di je paket",
        (
            "Bok,\n\nnaručio sam slušalice prije 8 dana (narudžba {order}) i još ništa. Na "
            "stranici piše dostava 2–3 dana. Što se događa?\n\nMarko",
        ),
        agent="tomas",
    ),
    EmailStory(
        "hr.status",
        "petra_juric",
        "order_status",
        "Status narudžbe {order}",
        (
            "Poštovani,\n\nmolim informaciju o statusu narudžbe {order}. Plaćanje je provedeno "
            "prije tri dana.\n\nHvala,",
            "vaša narudžba je poslana danas putem Hrvatske pošte, broj pošiljke je "
            "CE123456789HR. Dostava se očekuje za dva do tri radna dana.",
        ),
    ),
)

CHATS = (
    ChatStory(
        "hr.chat.status",
        "luka_maric",
        "order_status",
        (
            ("c", "Dobar dan, je li moja narudžba {order} poslana?"),
            ("a", "Dobar dan, gospodine Mariću, da, poslana je jučer, danas bi trebala stići."),
            ("c", "Odlično, hvala!"),
        ),
    ),
    ChatStory(
        "hr.chat.return",
        "ivana_knezevic",
        "return",
        (
            ("c", "Pozdrav, mogu li vratiti jaknu ako sam skinula etiketu?"),
            ("c", "narudžba {order}"),
            (
                "a",
                "Dobar dan, gospođo Knežević, možete, ako jakna nije nošena. Pošaljite nam "
                "je s ispunjenim obrascem za povrat.",
            ),
            ("c", "Nije nošena, samo isprobana. Gdje nađem obrazac?"),
        ),
    ),
)

PACK = LanguagePack(
    code="hr",
    customer_sign_off="Lijep pozdrav",
    agent_sign_off="Srdačan pozdrav",
    team="korisnička podrška shop.example",
    quote_header="{date}, {name} je napisao/la:",
    forwarded="---------- Proslijeđena poruka ----------",
    emails=EMAILS,
    chats=CHATS,
)
