"""Russian greeting and agreement check: correct drafts pass, wrong ones get the right fix."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck import ru
from supportdesk_tui.langcheck.base import Code, Finding, Person

# (first, last, gender, an oblique form of the first name a hurried agent might type)
PEOPLE = [
    ("Иван", "Петров", "m", "Ивана"),
    ("Мария", "Иванова", "f", "Марии"),
    ("Алексей", "Смирнов", "m", "Алексею"),
    ("Ольга", "Кузнецова", "f", "Ольгу"),
    ("Дмитрий", "Соколов", "m", "Дмитрия"),
    ("Анна", "Попова", "f", "Анне"),
    ("Сергей", "Лебедев", "m", "Сергею"),
    ("Елена", "Козлова", "f", "Елены"),
    ("Андрей", "Новиков", "m", "Андрея"),
    ("Наталья", "Морозова", "f", "Натальи"),
    ("Михаил", "Волков", "m", "Михаилу"),
    ("Татьяна", "Соловьёва", "f", "Татьяне"),
    ("Николай", "Васильев", "m", "Николаем"),
    ("Ирина", "Зайцева", "f", "Ирину"),
    ("Павел", "Павлов", "m", "Павлу"),
    ("Светлана", "Семёнова", "f", "Светланы"),
    ("Владимир", "Голубев", "m", "Владимиру"),
    ("Юлия", "Виноградова", "f", "Юлии"),
    ("Александр", "Богданов", "m", "Александру"),
    ("Екатерина", "Воробьёва", "f", "Екатерине"),
    ("Пётр", "Толстой", "m", "Петру"),
    ("Анастасия", "Толстая", "f", "Анастасии"),
    ("Олег", "Достоевский", "m", "Олегу"),
    ("Вера", "Высоцкая", "f", "Веры"),
    ("Григорий", "Белых", "m", "Григорию"),
    ("Людмила", "Черных", "f", "Людмилы"),
    ("Джон", "Смит", "m", "Джону"),
    ("Максим", "Дюма", "m", "Максиму"),
    ("Ксения", "Шевченко", "f", "Ксении"),
    ("Роман", "Ковальчук", "m", "Романа"),
    ("Дарья", "Ким", "f", "Дарье"),
    ("Борис", "Цой", "m", "Бориса"),
]
BODY = "\n\nВаш заказ отправлен. Ваша посылка будет доставлена завтра.\n\nС уважением,\nМагазин"


def person(first: str, last: str, gender: str | None) -> Person:
    return Person(first, last, gender)  # type: ignore[arg-type]


def codes(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return [(f.code.value, f.suggestion) for f in findings]


def correct_greetings(first: str, last: str, gender: str) -> list[str]:
    adj, title = ("Уважаемый", "господин") if gender == "m" else ("Уважаемая", "госпожа")
    return [
        f"{adj} {first}!",
        f"{adj} {title} {last}!",
        f"Здравствуйте, {first}!",
        f"Добрый день, {first} {last}!",
        f"{adj} {first}, спасибо за обращение.",
    ]


@pytest.mark.parametrize(("first", "last", "gender", "oblique"), PEOPLE)
def test_correct_greetings_pass(first: str, last: str, gender: str, oblique: str) -> None:
    for greeting in correct_greetings(first, last, gender):
        text = greeting + BODY
        assert ru.check(text, person(first, last, gender)) == [], text


@pytest.mark.parametrize(("first", "last", "gender", "oblique"), PEOPLE)
def test_adjective_of_the_other_gender_is_flagged(
    first: str, last: str, gender: str, oblique: str
) -> None:
    wrong, right = ("Уважаемая", "Уважаемый") if gender == "m" else ("Уважаемый", "Уважаемая")
    text = f"{wrong} {first}!" + BODY
    findings = ru.check(text, person(first, last, gender))
    assert codes(findings) == [("greeting_gender", right)]
    assert text[findings[0].start : findings[0].end] == wrong


@pytest.mark.parametrize(("first", "last", "gender", "oblique"), PEOPLE)
def test_oblique_name_is_corrected_to_nominative(
    first: str, last: str, gender: str, oblique: str
) -> None:
    adj = "Уважаемый" if gender == "m" else "Уважаемая"
    text = f"{adj} {oblique}!" + BODY
    findings = ru.check(text, person(first, last, gender))
    assert codes(findings) == [("greeting_case", first)]
    assert text[findings[0].start : findings[0].end] == oblique


def test_gender_inferred_from_the_record_name_when_missing() -> None:
    findings = ru.check("Уважаемая Радован!", Person("Радован", None, None))
    assert codes(findings) == [("greeting_gender", "Уважаемый")]


@pytest.mark.parametrize("name", ["Саша", "Женя", "Валя"])
def test_common_gender_names_are_not_judged_without_gender(name: str) -> None:
    for adj in ("Уважаемый", "Уважаемая"):
        assert ru.check(f"{adj} {name}!", Person(name, None, None)) == []


def test_common_gender_name_is_judged_when_gender_is_known() -> None:
    findings = ru.check("Уважаемый Саша!", Person("Саша", "Белова", "f"))
    assert codes(findings) == [("greeting_gender", "Уважаемая")]


def test_surname_ending_ova_marks_a_woman() -> None:
    findings = ru.check("Уважаемый Женя!", Person("Женя", "Смирнова", None))
    assert codes(findings) == [("greeting_gender", "Уважаемая")]


def test_colloquial_vocative_is_corrected_in_a_formal_greeting() -> None:
    findings = ru.check("Здравствуйте, Саш!", Person("Саша", None, None))
    assert codes(findings) == [("greeting_case", "Саша")]


def test_colloquial_vocative_is_fine_among_friends() -> None:
    assert ru.check("Привет, Саш!" + BODY, Person("Саша", "Ким", "m")) == []


def test_patronymic_in_oblique_case_without_a_recorded_name() -> None:
    findings = ru.check("Уважаемый Ивану Петровичу!", Person())
    assert codes(findings) == [("greeting_case", "Иван"), ("greeting_case", "Петрович")]


def test_name_and_patronymic_in_nominative_pass() -> None:
    assert ru.check("Уважаемая Анна Сергеевна!" + BODY, Person("Анна", "Кузнецова", "f")) == []
    assert ru.check("Уважаемый Иван Петрович!" + BODY, Person("Иван", "Петров", None)) == []


def test_masculine_surname_form_for_a_woman() -> None:
    findings = ru.check("Уважаемая госпожа Иванов!", Person("Мария", "Иванова", "f"))
    assert codes(findings) == [("greeting_gender", "Иванова")]


def test_title_in_oblique_case() -> None:
    findings = ru.check("Уважаемый господину Петрову!", Person("Иван", "Петров", "m"))
    assert codes(findings) == [("greeting_case", "господин"), ("greeting_case", "Петров")]


def test_generic_customer_greeting_is_not_judged() -> None:
    assert ru.check("Уважаемый клиент!" + BODY, Person("Мария", None, "f")) == []
    assert ru.check("Уважаемые коллеги!" + BODY, Person("Мария", None, "f")) == []


@pytest.mark.parametrize(
    ("text", "wrong", "fix"),
    [
        ("Ваш посылка была отправлена вчера.", "Ваш", "Ваша"),
        ("Ваша посылка была отправлен вчера.", "отправлен", "отправлена"),
        ("Ваш заказ была отправлен.", "была", "был"),
        ("Ваши заказы был отправлены.", "был", "были"),
        ("Ваша посылка прибыл в пункт выдачи.", "прибыл", "прибыла"),
        ("Ваше письмо получена.", "получена", "получено"),
        ("Ваша жалоба рассмотрен.", "рассмотрен", "рассмотрена"),
        ("Ваш возврат оформлена.", "оформлена", "оформлен"),
        ("Ваша оплата поступил.", "поступил", "поступила"),
        ("Ваше товар отправлен.", "Ваше", "Ваш"),
        ("Оплата за заказ № 123 поступил.", "поступил", "поступила"),
        ("Деньги поступит на карту.", "поступит", "поступят"),
        ("Возврат средств по заказу № 5 одобрена.", "одобрена", "одобрен"),
        ("Заказы № 1 и 2 отправлен.", "отправлен", "отправлены"),
    ],
)
def test_agreement_errors(text: str, wrong: str, fix: str) -> None:
    findings = ru.check(text, Person())
    assert [(f.code, text[f.start : f.end], f.suggestion) for f in findings] == [
        (Code.AGREEMENT, wrong, fix)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ваш заказ отправили вчера.",
        "Ваш заказ мы отправили вчера.",
        "По Вашему заказу мы вернули деньги.",
        "Ваш заказ № 123 был отправлен.",
        "Ваша посылка уже прибыла.",
        "Ваши заказы были отправлены.",
        "Ваш возврат оформлен, ваши средства вернутся через три дня.",
        "Вашу посылку доставили в пункт выдачи.",
        "Курьер доставит посылку завтра.",
        "Заказ отправили вчера.",
        "Деньги вернёт банк в течение недели.",
        "Посылку доставит курьер.",
        "Сроки доставки составляют три дня.",
        "Время доставки зависит от региона.",
        "Служба поддержки работает ежедневно.",
        "Все товары отправлены.",
        "Письмо с подтверждением придёт на почту.",
        "Посылка и документы будут отправлены завтра.",
        "Заказ будет доставлен курьерской службой.",
        "Доставка займёт два дня.",
        "Наш менеджер свяжется с Вами.",
        "Оплата прошла успешно.",
        "Возврат средств оформлен.",
        "Вашу посылку доставили в пункт выдачи.",
        "Товар на складе, заказ соберут сегодня.",
        "Информация о заказе придёт в СМС.",
        "Номер отслеживания пришлём позже.",
        "Ваши деньги вернутся на карту.",
        "Сумма возврата составит 500 рублей.",
        "Стоимость доставки по городу составляет 300 рублей.",
        "Курьеры службы доставки работают до 21:00.",
        "К сожалению, товар закончился.",
        "Ваш заказ мы передали в службу доставки.",
        "Ваша заявка принята, менеджер перезвонит.",
        "Заказ № 48213 и заказ № 48214 отправлены.",
        "Мы вернём деньги, как только получим товар.",
        "Посылка пришла в пункт выдачи и ждёт Вас.",
        "Претензия рассмотрена, решение отправлено на почту.",
        "Товары из заказа № 48213 доставлены.",
        "Деньги за возвращённый товар поступят на карту.",
        "Статус заказа обновится в течение часа.",
        "Оплату по заказу мы получили.",
    ],
)
def test_correct_agreement_passes(text: str) -> None:
    assert ru.check(text, Person()) == []


@pytest.mark.parametrize(("word", "fix"), [("Шановний", "Уважаемый"), ("Вітаю", "Здравствуйте")])
def test_ukrainian_greeting_word_in_russian_reply(word: str, fix: str) -> None:
    findings = ru.check(f"{word}, Иван!", Person("Иван", None, "m"))
    assert codes([f for f in findings if f.code == Code.WRONG_LANGUAGE]) == [
        ("wrong_language", fix)
    ]


def test_salutation_and_vocative() -> None:
    assert ru.salutation(Person("Иван", "Петров", "m"), formal=True) == "Уважаемый господин Петров!"
    assert ru.salutation(Person("Мария", None, "f"), formal=True) == "Уважаемая Мария!"
    assert ru.salutation(Person("Саша", None, None), formal=False) == "Здравствуйте, Саша!"
    assert ru.vocative("Иван", "m", "first") == "Иван"


def test_salutations_pass_the_check() -> None:
    for first, last, gender, _ in PEOPLE:
        p = person(first, last, gender)
        for formal in (True, False):
            assert ru.check(ru.salutation(p, formal) + BODY, p) == []


def test_garbage_never_crashes() -> None:
    for text in ["", "\n\n", "!!!", "Уважаемый", "Ваш", "Ваш ", "12345 Ваш 1"]:
        assert isinstance(ru.check(text, Person()), list)


def test_capitalised_generic_noun_is_not_a_name() -> None:
    assert ru.check("Уважаемый Покупатель!" + BODY, Person("Мария", None, "f")) == []


def test_ukrainian_word_in_a_russian_reply() -> None:
    text = "Здравствуйте!\n\nВаш заказ отправлен. Дякую за терпение."
    found = [(text[f.start : f.end], f.suggestion) for f in ru.check(text, Person())]
    assert found == [("Дякую", "Спасибо")]


def test_russian_hard_sign_words_pass() -> None:
    assert ru.check("Объявление о съёмке висит в подъезде.", Person()) == []
