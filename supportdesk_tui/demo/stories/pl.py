"""Polish demo texts."""

from ..story import ChatStory, EmailStory, LanguagePack

EMAILS = (
    EmailStory(
        "pl.complaint",
        "zbigniew_b",
        "complaint",
        "Reklamacja – uszkodzony czajnik",
        (
            "Dzień dobry,\n\nw zamówieniu {order} otrzymałem czajnik elektryczny, który po "
            "tygodniu przestał działać – nie zapala się lampka i woda się nie grzeje. Używałem go "
            "zgodnie z instrukcją. Proszę o informację, jak złożyć reklamację. W załączniku "
            "przesyłam paragon i zdjęcie.\n\nZ poważaniem",
            "bardzo przepraszamy za kłopot. Reklamację przyjęliśmy pod numerem R-2291. Prosimy o "
            "odesłanie czajnika na nasz koszt – etykietę InPost znajdzie Pan w załączniku. Po "
            "otrzymaniu przesyłki wyślemy nowy czajnik albo zwrócimy pieniądze, zgodnie z Pana "
            "wyborem.",
            "Czajnik wysłałem wczoraj z Paczkomatu. Wolałbym nowy, ten sam model.",
            "czajnik do nas dotarł, nowy egzemplarz wyślemy jutro rano. Numer przesyłki prześlemy "
            "w osobnej wiadomości.",
        ),
        agent="tomas",
    ),
    EmailStory(
        "pl.refund",
        "zbigniew_b",
        "refund",
        "Zwrot pieniędzy – zamówienie {order}",
        (
            "Dzień dobry,\n\nw zeszłym miesiącu zwróciłem blender z zamówienia {order}. Minęły już "
            "trzy tygodnie, a pieniądze nadal nie wróciły na moje konto. Proszę o sprawdzenie "
            "sprawy.\n\nZ poważaniem",
            "przepraszamy za opóźnienie. Zwrot w kwocie 329 zł został dziś zlecony na konto, z "
            "którego dokonano płatności. Środki powinny być widoczne w ciągu 1–2 dni roboczych.",
            "Dziękuję, pieniądze dotarły.",
            "cieszymy się, że wszystko się wyjaśniło. Dziękujemy za cierpliwość!",
        ),
        agent="tomas",
    ),
    EmailStory(
        "pl.return",
        "jadwiga_nowak",
        "return",
        "Zwrot towaru",
        (
            "Dzień dobry,\n\nchciałabym zwrócić sukienkę z zamówienia {order}, niestety rozmiar "
            "jest za duży. Metki są nieodcięte. Jak mam ją odesłać? Czy mogę skorzystać z "
            "Paczkomatu?\n\nPozdrawiam",
            "oczywiście, zwrot przez Paczkomat jest możliwy i bezpłatny. Wystarczy wypełnić "
            "formularz na stronie shop.example/zwroty – kod nadania przyjdzie SMS-em. Pieniądze "
            "zwrócimy w ciągu 14 dni od otrzymania paczki.",
            "Paczka nadana. Czy mogę zamiast zwrotu pieniędzy dostać mniejszy rozmiar, M?",
        ),
    ),
    EmailStory(
        "pl.delay",
        "krzysztof_w",
        "delay",
        "gdzie jest moja paczka??",
        (
            "Cześć,\n\nzamówiłem słuchawki tydzień temu (zamówienie {order}), miały być w 2 dni, a "
            "na stronie kuriera od czterech dni ciągle „w drodze”. Co się dzieje? Potrzebuję ich "
            "na wyjazd w sobotę.\n\nKrzysiek",
            "przepraszamy, paczka utknęła w sortowni w Strykowie. Kurier obiecał dostawę jutro do "
            "17:00. Jeśli nie dotrze do piątku, napisz do nas – wyślemy drugie słuchawki "
            "ekspresem.",
        ),
    ),
    EmailStory(
        "pl.address",
        "m_kaczmarek",
        "address_change",
        "Zmiana adresu dostawy zam. {order}",
        (
            "Dzień dobry,\n\nproszę o zmianę adresu dostawy dla zamówienia {order} na: "
            "ul. Kościuszki 14/3, 30-105 Kraków. Pod starym adresem nikogo nie będzie do końca "
            "miesiąca.\n\nPozdrawiam\nM. Kaczmarek",
            "adres został zmieniony na ul. Kościuszki 14/3, 30-105 Kraków. Przesyłka wyjdzie z "
            "magazynu jutro.",
        ),
    ),
)

CHATS = (
    ChatStory(
        "pl.chat.status",
        "agnieszka_l",
        "order_status",
        (
            ("c", "Dzień dobry, czy zamówienie {order} zostało już wysłane?"),
            (
                "a",
                "Dzień dobry, Pani Agnieszko, tak, wyszło dziś rano. Numer przesyłki InPost: "
                "620011112233445566778899.",
            ),
            ("c", "Dziękuję bardzo!"),
        ),
        agent="tomas",
    ),
    ChatStory(
        "pl.chat.wrong",
        "pawel_dabrowski",
        "wrong_item",
        (
            ("c", "Dzień dobry, dostałem ładowarkę USB-C zamiast Lightning, zamówienie {order}"),
            ("c", "W zamówieniu wyraźnie zaznaczyłem Lightning"),
            (
                "a",
                "Dzień dobry, Panie Pawle, przepraszam za pomyłkę. Właściwą ładowarkę wyślę "
                "dziś, a tę drugą może Pan odesłać w dowolnym momencie, etykietę przyślę "
                "mailem.",
            ),
            ("c", "Ok, a ile to potrwa?"),
        ),
        agent="tomas",
    ),
    ChatStory(
        "pl.chat.invoice",
        "ola_wojcik",
        "invoice",
        (
            ("c", "hej, potrzebuję faktury na firmę do zamówienia {order}, da się jeszcze?"),
            ("a", "Cześć Olu, jasne, podeślij proszę NIP i pełną nazwę firmy."),
            ("c", "NIP 5252248481, Pracownia Wójcik Aleksandra Wójcik, ul. Długa 5, Gdańsk"),
        ),
        agent="tomas",
    ),
)

PACK = LanguagePack(
    code="pl",
    customer_sign_off="Pozdrawiam",
    agent_sign_off="Pozdrawiamy serdecznie",
    team="obsługa klienta shop.example",
    quote_header="W dniu {date}, {name} pisze:",
    forwarded="---------- Przekazana wiadomość ----------",
    emails=EMAILS,
    chats=CHATS,
    reply_prefix="Odp: ",
)
