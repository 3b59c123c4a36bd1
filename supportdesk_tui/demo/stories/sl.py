"""Slovenian demo texts."""

from ..story import ChatStory, EmailStory, LanguagePack

EMAILS = (
    EmailStory(
        "sl.status",
        "janez_novak",
        "order_status",
        "Stanje naročila {order}",
        (
            "Pozdravljeni,\n\nzanima me, kdaj bo odposlano moje naročilo {order}. Plačal sem ga "
            "pred štirimi dnevi, potrditve o pošiljanju pa še nisem dobil.\n\nLep pozdrav",
            "vaše naročilo je bilo danes oddano Pošti Slovenije, številka pošiljke je "
            "PS123456789SI. Dostava je predvidena v dveh delovnih dneh.",
            "Hvala za hiter odgovor.",
        ),
    ),
    EmailStory(
        "sl.refund",
        "maja_kranjc",
        "refund",
        "Vračilo kupnine",
        (
            "Pozdravljeni,\n\npred dvema tednoma sem vrnila čevlje iz naročila {order}, denarja "
            "pa še vedno nisem prejela. Prosim, preverite, kaj se dogaja.\n\nLep pozdrav",
            "opravičujemo se za zamudo. Vračilo 79,90 € smo danes nakazali na vaš račun, "
            "sredstva boste prejeli v enem do dveh delovnih dneh.",
        ),
    ),
    EmailStory(
        "sl.complaint",
        "mojca_potocnik",
        "complaint",
        "Reklamacija – poškodovan kozarec",
        (
            "Pozdravljeni,\n\nv paketu z naročilom {order} sta bila dva od šestih kozarcev "
            "razbita. Fotografije prilagam. Prosim za nadomestne kozarce.\n\nMojca Potočnik",
            "žal nam je, da je paket prispel poškodovan. Dva nova kozarca vam pošljemo še danes, "
            "razbitih ni treba vračati.",
            "Kozarca sta prispela cela, hvala!",
        ),
    ),
    EmailStory(
        "sl.address",
        "mizarstvo_kovac",
        "address_change",
        "Sprememba naslova dostave",
        (
            "Pozdravljeni,\n\nza naročilo {order} prosimo za dostavo na naslov delavnice: "
            "Mizarstvo Kovač, Industrijska cesta 5, 4000 Kranj. Na sedežu podjetja čez dan ni "
            "nikogar.\n\nLep pozdrav\nAndrej Kovač",
        ),
    ),
    EmailStory(
        "sl.return",
        "luka_zupancic",
        "return",
        "vračilo majice",
        (
            "Živjo,\n\nmajica iz naročila {order} mi je premajhna. A jo lahko zamenjam za "
            "večjo številko?\n\nLuka",
            "seveda! Pošlji nam jo nazaj z obrazcem za vračilo, večjo številko ti pošljemo takoj, "
            "ko prispe paket.",
        ),
    ),
)

CHATS = (
    ChatStory(
        "sl.chat.status",
        "nina_vidmar",
        "order_status",
        (
            ("c", "Pozdravljeni, ali je naročilo {order} že odposlano?"),
            ("a", "Pozdravljeni, gospa Vidmar, da, danes zjutraj. Jutri bo pri vas."),
            ("c", "Super, hvala!"),
        ),
    ),
    ChatStory(
        "sl.chat.delay",
        "rok_kovacic",
        "delay",
        (
            ("c", "Dober dan, paket {order} bi moral priti že v petek, pa ga še ni."),
            ("c", "Lahko preverite, kje je?"),
        ),
    ),
)

PACK = LanguagePack(
    code="sl",
    customer_sign_off="Lep pozdrav",
    agent_sign_off="Lep pozdrav",
    team="podpora strankam shop.example",
    quote_header="Dne {date} je {name} napisal(a):",
    forwarded="---------- Posredovano sporočilo ----------",
    emails=EMAILS,
    chats=CHATS,
)
