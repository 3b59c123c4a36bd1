"""Czech demo texts."""

from ..story import ChatStory, EmailStory, LanguagePack

EMAILS = (
    EmailStory(
        "cs.order",
        "jana_kubelkova",
        "order_status",
        "Kdy dorazí objednávka {order}?",
        (
            "Dobrý den,\n\nv pondělí jsem si u vás objednala dětskou stavebnici a vysavač, "
            "objednávka č. {order}. Na webu pořád vidím stav „Přijato“ a žádný e-mail o odeslání "
            "mi nepřišel. Potřebovala bych to mít do pátku, syn má narozeniny. Dá se zjistit, "
            "kdy to odejde?\n\nDěkuji",
            "děkujeme za objednávku a omlouváme se, že se stav na webu neaktualizoval. Vysavač "
            "jsme museli doobjednat od dodavatele, dnes odpoledne dorazil a objednávka {order} "
            "odchází ještě dnes přes PPL. Číslo zásilky vám přijde večer e-mailem, doručení "
            "očekáváme ve čtvrtek.",
            "Děkuji moc, to je skvělá zpráva. Ještě prosím – dá se zásilka doručit na výdejní "
            "místo místo domů? Přes den nejsem doma.",
            "samozřejmě, změnu jsme u PPL zadali. Zásilku si můžete vyzvednout na výdejním místě "
            "Tabák U Nádraží, Husova 12, od čtvrtka od 14 hodin. Přejeme synovi krásné "
            "narozeniny!",
        ),
    ),
    EmailStory(
        "cs.damaged",
        "petr_vondracek",
        "complaint",
        "Reklamace – rozbitý kávovar, obj. {order}",
        (
            "Dobrý den,\n\nvčera mi kurýr doručil kávovar z objednávky {order}. Krabice byla "
            "zmáčknutá už při převzetí, ale kurýr spěchal, tak jsem to podepsal. Doma jsem "
            "zjistil, že je prasklá nádržka na vodu a ulomená páčka napěňovače. Fotky přikládám."
            "\n\nChci buď nový kus, nebo vrátit peníze. Kávovar je dárek, takže bych to "
            "potřeboval vyřešit rychle.\n\nS pozdravem",
            "mrzí nás to, takhle zboží dorazit nemělo. Děkujeme za fotky, jsou dostatečné. Abychom "
            "mohli škodu uplatnit u přepravce, potřebujeme ještě fotku obalu – krabice, případně "
            "i výplně, pokud ji ještě máte. Nový kávovar vám pošleme, jakmile ji dostaneme, a "
            "poškozený kus si od vás vyzvedne kurýr.",
            "Krabici mám, fotku posílám. Výplň jsem bohužel už vyhodil. Kdy by mohl přijít ten "
            "nový?",
            "děkujeme, fotka stačí. Nový kávovar dnes odešel, číslo zásilky je DPD "
            "13912004558763. Kurýr ho doručí zítra mezi 9. a 12. hodinou a zároveň od vás "
            "převezme poškozený kus – stačí ho zabalit do původní krabice, štítek má kurýr s "
            "sebou.",
            "Kurýr dneska vůbec nepřišel, v aplikaci DPD je napsáno „adresát nezastižen“. Celé "
            "dopoledne jsem byl doma! Co teď?",
            "to je nám velmi líto, hned jsme to u DPD reklamovali. Podle nich je zásilka "
            "připravená k doručení zítra, tentokrát jsme si vyžádali telefonát předem. "
            "Kdyby vám zítřek nevyhovoval, doručení si můžete přeplánovat přímo v odkazu "
            "z SMS od DPD.",
            "Tak dnes to dorazilo, děkuju. Kávovar funguje. Jenom ten rozbitý si kurýr nevzal, "
            "prý o tom nic neví.",
            "děkujeme, že jste to s námi vydržel. Vyzvednutí poškozeného kusu jsme objednali "
            "znovu jako samostatnou zakázku na pondělí, kurýr vám předem zavolá. Jako omluvu za "
            "komplikace vám na účet vracíme poštovné 89 Kč.",
        ),
        agent="tomas",
    ),
    EmailStory(
        "cs.invoice",
        "stavebniny_hruby",
        "invoice",
        "Faktura k objednávce {order} – chybí IČO",
        (
            "Dobrý den,\n\nk objednávce {order} nám přišla faktura vystavená na fyzickou osobu, "
            "ale objednávali jsme na firmu. Potřebujeme opravit odběratele na Stavebniny Hrubý "
            "s.r.o., IČO 27081234, DIČ CZ27081234, Vídeňská 118, 639 00 Brno. Jinak nám ji "
            "účetní nepřijme.\n\nDěkujeme",
            "omlouváme se, údaje o firmě se při objednávce neuložily. Opravenou fakturu s vašimi "
            "údaji posíláme v příloze, původní jsme stornovali.",
            "Děkujeme, ale na nové faktuře je DIČ pořád bez „CZ“ na začátku. Můžete to prosím "
            "ještě opravit?",
        ),
    ),
    EmailStory(
        "cs.return",
        "lukas_stastny",
        "return",
        "vrácení bot",
        (
            "Ahoj,\n\nkoupil jsem si u vás běžecký boty Salomon, objednávka {order}. Jsou mi malý, "
            "i když normálně nosím 44. Můžu je poslat zpátky a dostat peníze? Nenosil jsem je, "
            "jenom jsem je zkoušel doma.\n\nDík",
            "jasně, v pohodě. Na vrácení bez udání důvodu máš 30 dní. Vyplň prosím formulář na "
            "shop.example/vraceni, boty zabal do původní krabice a nech je na kterémkoli výdejním "
            "místě Zásilkovny s kódem, který ti přijde. Peníze ti pošleme do 5 dnů od chvíle, "
            "kdy k nám dorazí.",
            "Super, posláno přes Zásilkovnu. A šly by místo peněz vyměnit za 45? Na webu je "
            "vidím skladem.",
        ),
    ),
    EmailStory(
        "cs.address",
        "marie_dvorakova",
        "address_change",
        "Změna doručovací adresy",
        (
            "Dobrý den,\n\nprávě jsem odeslala objednávku {order} a všimla jsem si, že v ní "
            "zůstala moje stará adresa v Olomouci. Správně má být: Marie Dvořáková, Palackého 27, "
            "612 00 Brno. Stihnete to ještě změnit, než zásilka odejde?\n\nDěkuji",
            "stihli jsme to, objednávka ještě nebyla zabalená. Adresu jsme změnili na Palackého "
            "27, 612 00 Brno; potvrzení vám přišlo e-mailem.",
            "Děkuji za rychlou reakci, jste úžasní!",
        ),
    ),
)

CHATS = (
    ChatStory(
        "cs.chat.nozzle",
        "jana_kubelkova",
        "wrong_item",
        (
            ("c", "Dobrý den, píšu kvůli objednávce {order}, ten vysavač."),
            (
                "c",
                "Dneska přišel, ale v balení chybí hubice na čalounění, která je na obrázku "
                "na webu.",
            ),
            ("a", "Dobrý den, paní Kubelková, děkuji za zprávu. Hned se na to podívám."),
            (
                "a",
                "Ověřila jsem to u dodavatele: hubice na čalounění je jen ve verzi Plus, vy máte "
                "základní. U obrázku na webu byl špatný popisek, omlouváme se.",
            ),
            ("c", "Aha. A dá se ta hubice dokoupit?"),
            (
                "a",
                "Ano, stojí 249 Kč. Jestli chcete, pošlu vám ji zdarma jako omluvu za ten "
                "matoucí obrázek.",
            ),
            ("c", "To by bylo moc fajn, děkuju!"),
        ),
    ),
    ChatStory(
        "cs.chat.where",
        "jakub_prochazka",
        "delay",
        (
            ("c", "čau, kde je moje objednávka {order}? psali jste 2–3 dny a je to týden"),
            (
                "a",
                "Ahoj Kubo, koukám na to. Zásilka leží od úterý na depu Zásilkovny v Praze, "
                "nejspíš se zasekla při třídění.",
            ),
            ("a", "Už jsem jim psal, ozvu se, jakmile odpoví."),
            ("c", "ok díky"),
            ("c", "tak pořád nic, v aplikaci se to nehlo"),
        ),
        agent="tomas",
    ),
    ChatStory(
        "cs.chat.stock",
        "karel_blaha",
        "order_status",
        (
            ("c", "Dobrý den, máte skladem mikrovlnku Sencor SMW 3719? Na webu píšete „do týdne“."),
            (
                "a",
                "Dobrý den, teď skladem není, další dodávka má přijít ve středu. Mám vám jednu "
                "zarezervovat?",
            ),
            ("c", "Ano, prosím. A dá se zaplatit až při převzetí?"),
        ),
    ),
)

PACK = LanguagePack(
    code="cs",
    customer_sign_off="S pozdravem",
    agent_sign_off="S pozdravem",
    team="zákaznická podpora shop.example",
    quote_header="Dne {date} {name} napsal(a):",
    forwarded="---------- Přeposlaná zpráva ----------",
    emails=EMAILS,
    chats=CHATS,
)
