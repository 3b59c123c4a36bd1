"""Slovak demo texts."""

from ..story import ChatStory, EmailStory, LanguagePack

EMAILS = (
    EmailStory(
        "sk.delay",
        "zuzana_kovacova",
        "delay",
        "Objednávka {order} stále nedoručená",
        (
            "Dobrý deň,\n\nobjednávku {order} som zaplatila pred desiatimi dňami a podľa "
            "sledovania zásielky leží už piaty deň v depe v Seredi. Kuriér mi nezdvíha telefón. "
            "Viete mi prosím povedať, čo sa deje?\n\nĎakujem",
            "ospravedlňujeme sa za meškanie. Kontaktovali sme kuriérsku spoločnosť: zásielka "
            "sa v depe omylom založila medzi nedoručiteľné. Dnes ju opäť vyexpedovali a doručiť "
            "by ju mali zajtra do 16:00.",
            "Zásielka ani dnes neprišla a v sledovaní je stále to isté. Ak nepríde do piatku, "
            "chcem objednávku zrušiť a vrátiť peniaze.",
        ),
    ),
    EmailStory(
        "sk.refund",
        "martin_horvath",
        "refund",
        "Vrátenie peňazí za vrátený tovar",
        (
            "Dobrý deň,\n\n2. novembra som vám poslal späť slúchadlá z objednávky {order}. Podľa "
            "sledovania ste balík prevzali 5. novembra, ale peniaze mi zatiaľ neprišli. "
            "V obchodných podmienkach máte 14 dní. Kedy môžem platbu očakávať?\n\nS pozdravom",
            "ďakujeme za trpezlivosť. Vrátenie sme skontrolovali a 59,90 € sme vám dnes poslali "
            "na účet SK31 1100 0000 0026 1234 5678, z ktorého ste platili. Na účte by ste ich "
            "mali vidieť do dvoch pracovných dní.",
            "Peniaze prišli, ďakujem.",
        ),
        agent="tomas",
    ),
    EmailStory(
        "sk.wrong",
        "ondrej_kral",
        "wrong_item",
        "prišla mi iná farba",
        (
            "Ahoj,\n\nobjednal som si mikinu v tmavomodrej, veľkosť L (objednávka {order}), a "
            "prišla mi bordová. Na štítku je síce L, ale farba úplne iná. Dá sa to vymeniť? "
            "Mikinu chcem na výlet budúci víkend.\n\nVďaka, Ondro",
            "sorry, to je naša chyba pri balení. Tmavomodrú v L ti posielame ešte dnes, bordovú si "
            "nechaj a pošli nám ju späť až potom, keď ti príde nová – štítok na spätné zaslanie "
            "je priložený v balíku.",
        ),
    ),
    EmailStory(
        "sk.invoice",
        "kvetinarstvo_ruza",
        "invoice",
        "Faktúra – chýba DPH",
        (
            "Dobrý deň,\n\nk objednávke {order} sme dostali faktúru bez rozpisu DPH. Sme platcami "
            "DPH a potrebujeme riadny daňový doklad so základom dane a sumou DPH. Prosíme o "
            "zaslanie opravenej faktúry.\n\nS pozdravom\nIveta Slobodová",
        ),
    ),
    EmailStory(
        "sk.status",
        "katarina_sutekova",
        "order_status",
        "Stav objednávky {order}",
        (
            "Dobrý deň,\n\nchcela by som sa opýtať, v akom stave je moja objednávka {order}. "
            "Objednávala som v piatok, platba prešla kartou a odvtedy mi neprišla žiadna "
            "správa.\n\nĎakujem",
            "vaša objednávka je zabalená a dnes popoludní ju odovzdávame Slovenskej pošte. "
            "Číslo zásielky vám príde e-mailom hneď po odovzdaní.",
        ),
    ),
)

CHATS = (
    ChatStory(
        "sk.chat.size",
        "peter_balaz",
        "order_status",
        (
            ("c", "Dobrý deň, chcem sa spýtať na objednávku {order}, kedy asi príde?"),
            ("a", "Dobrý deň, pán Baláž, odišla včera, kuriér ju doručí dnes alebo zajtra."),
            ("c", "Super, ďakujem."),
        ),
    ),
    ChatStory(
        "sk.chat.cancel",
        "michaela_vargova",
        "refund",
        (
            (
                "c",
                "Dobrý deň, omylom som objednala dvakrát to isté, objednávky {order} a tá "
                "ďalšia hneď po nej.",
            ),
            ("c", "Dá sa jedna zrušiť a vrátiť peniaze?"),
            (
                "a",
                "Dobrý deň, pani Vargová, áno, druhú objednávku som zrušila. Peniaze sa vám "
                "vrátia na kartu do 3 až 5 pracovných dní.",
            ),
            ("c", "Ďakujem pekne, a ešte či sa dá tá prvá poslať na Packetu namiesto kuriéra?"),
        ),
    ),
)

PACK = LanguagePack(
    code="sk",
    customer_sign_off="S pozdravom",
    agent_sign_off="S pozdravom",
    team="zákaznícka podpora shop.example",
    quote_header="Dňa {date} {name} napísal(a):",
    forwarded="---------- Preposlaná správa ----------",
    emails=EMAILS,
    chats=CHATS,
)
