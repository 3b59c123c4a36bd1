"""Serbian demo texts, written in Cyrillic; `to_latin` gives the Latin script customers theirs."""

from ..story import ChatStory, EmailStory, LanguagePack

_CYRILLIC = "абвгдђежзијклљмнњопрстћуфхцчџш"
_LATIN_LETTERS = "a b v g d đ e ž z i j k l lj m n nj o p r s t ć u f h c č dž š"
_LATIN = dict(zip(_CYRILLIC, _LATIN_LETTERS.split(" "), strict=True))
_LATIN |= {cyr.upper(): lat.capitalize() for cyr, lat in list(_LATIN.items())}


def to_latin(text: str) -> str:
    """Serbian Cyrillic to Latin: one letter to one (or a digraph), without ambiguity."""
    return "".join(_LATIN.get(char, char) for char in text)


EMAILS = (
    EmailStory(
        "sr.complaint",
        "radovan_jovanovic",
        "complaint",
        "Рекламација – оштећен усисивач",
        (
            "Поштовани,\n\nусисивач из поруџбине {order} стигао је са напрслим кућиштем, а "
            "црево не може да се причврсти. Кутија је споља изгледала нормално. Шаљем "
            "фотографије у прилогу и молим замену.\n\nСрдачан поздрав",
            "жао нам је због непријатности. Рекламацију смо прихватили; нови усисивач шаљемо "
            "сутра, а курир ће при достави преузети оштећени.",
            "Хвала на брзом одговору. Да ли треба да вратим и оригиналну кутију?",
        ),
        agent="olga",
    ),
    EmailStory(
        "sr.status",
        "milica_dragovic",
        "order_status",
        "Статус поруџбине {order}",
        (
            "Поштовани,\n\nмолим вас за информацију када ће бити послата поруџбина {order}. "
            "Платила сам је картицом пре четири дана.\n\nХвала унапред,",
            "ваша поруџбина је послата данас путем Поште Србије, број пошиљке је "
            "RR123456789RS. Испорука се очекује за два до три радна дана.",
        ),
        agent="olga",
    ),
    EmailStory(
        "sr.refund",
        "nenad_dragovic",
        "refund",
        "Повраћај новца за враћену робу",
        (
            "Поштовани,\n\nпре две недеље вратио сам вам слушалице из поруџбине {order}. Пакет "
            "сте примили, али новац још није легао на рачун. Молим проверу.\n\nНенад Драговић",
            "извињавамо се због кашњења. Повраћај од 6.990 динара покренут је данас и биће на "
            "вашем рачуну у року од три радна дана.",
        ),
        agent="olga",
    ),
    EmailStory(
        "sr.address",
        "jelena_petrovic",
        "address_change",
        "Промена адресе за доставу",
        (
            "Поштовани,\n\nу поруџбини {order} погрешно сам унела адресу. Тачна адреса је: "
            "Булевар ослобођења 77, стан 12, 21000 Нови Сад. Да ли је могуће изменити је?\n\n"
            "Јелена",
            "адресу смо изменили, пошиљка ће бити послата на Булевар ослобођења 77, стан 12, "
            "Нови Сад.",
        ),
        agent="olga",
    ),
    EmailStory(
        "sr.delay",
        "sasa_nikolic",
        "delay",
        "где је пакет?",
        (
            "Здраво,\n\nнаручио сам патике пре десет дана (поруџбина {order}), а пакет још није "
            "стигао. Шта се дешава?\n\nСаша",
        ),
        agent="olga",
    ),
)

CHATS = (
    ChatStory(
        "sr.chat.status",
        "nenad_dragovic",
        "order_status",
        (
            ("c", "Добар дан, да ли је поруџбина {order} послата?"),
            ("a", "Добар дан, господине Драговићу, јесте, јуче поподне. Стиже сутра."),
            ("c", "Хвала!"),
        ),
        agent="olga",
    ),
    ChatStory(
        "sr.chat.wrong",
        "marko_stojanovic",
        "wrong_item",
        (
            ("c", "Добар дан, стигла ми је погрешна величина мајице, поруџбина {order}"),
            ("c", "наручио сам L, стигла је S"),
        ),
        agent="olga",
    ),
)

PACK = LanguagePack(
    code="sr",
    customer_sign_off="Срдачан поздрав",
    agent_sign_off="Срдачан поздрав",
    team="корисничка подршка shop.example",
    quote_header="{date}, {name} је написао/ла:",
    forwarded="---------- Прослеђена порука ----------",
    emails=EMAILS,
    chats=CHATS,
)
