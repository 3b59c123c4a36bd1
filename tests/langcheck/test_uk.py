"""Ukrainian greeting check: vocatives of names and surnames, gender, agreement, language."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck import uk
from supportdesk_tui.langcheck.base import Code, Finding, Person

# (first, vocative, last, vocative of the surname in 'пане/пані ...', gender)
PEOPLE = [
    ("Іван", "Іване", "Шевченко", "Шевченку", "m"),
    ("Олена", "Олено", "Шевченко", "Шевченко", "f"),
    ("Петро", "Петре", "Ковальчук", "Ковальчуку", "m"),
    ("Марія", "Маріє", "Ковальчук", "Ковальчук", "f"),
    ("Олександр", "Олександре", "Бондар", "Бондарю", "m"),
    ("Ольга", "Ольго", "Бондар", "Бондар", "f"),
    ("Сергій", "Сергію", "Мельник", "Мельнику", "m"),
    ("Наталія", "Наталіє", "Мельник", "Мельник", "f"),
    ("Андрій", "Андрію", "Кравець", "Кравцю", "m"),
    ("Оксана", "Оксано", "Кравець", "Кравець", "f"),
    ("Микола", "Миколо", "Коваленко", "Коваленку", "m"),
    ("Ірина", "Ірино", "Коваленко", "Коваленко", "f"),
    ("Тарас", "Тарасе", "Ткаченко", "Ткаченку", "m"),
    ("Людмила", "Людмило", "Ткаченко", "Ткаченко", "f"),
    ("Дмитро", "Дмитре", "Бойко", "Бойку", "m"),
    ("Тетяна", "Тетяно", "Бойко", "Бойко", "f"),
    ("Василь", "Василю", "Ковальський", "Ковальський", "m"),
    ("Юлія", "Юліє", "Ковальська", "Ковальська", "f"),
    ("Богдан", "Богдане", "Савчук", "Савчуку", "m"),
    ("Катерина", "Катерино", "Савчук", "Савчук", "f"),
    ("Олег", "Олегу", "Олійник", "Олійнику", "m"),
    ("Світлана", "Світлано", "Олійник", "Олійник", "f"),
    ("Юрій", "Юрію", "Гнатюк", "Гнатюку", "m"),
    ("Галина", "Галино", "Гнатюк", "Гнатюк", "f"),
    ("Степан", "Степане", "Коваль", "Ковалю", "m"),
    ("Софія", "Софіє", "Коваль", "Коваль", "f"),
    ("Мирон", "Мироне", "Лисенко", "Лисенку", "m"),
    ("Анна", "Анно", "Лисенко", "Лисенко", "f"),
    ("Ярослав", "Ярославе", "Бабич", "Бабичу", "m"),
    ("Віра", "Віро", "Бабич", "Бабич", "f"),
    ("Максим", "Максиме", "Поліщук", "Поліщуку", "m"),
    ("Надія", "Надіє", "Поліщук", "Поліщук", "f"),
    ("Роман", "Романе", "Дорошенко", "Дорошенку", "m"),
    ("Христина", "Христино", "Дорошенко", "Дорошенко", "f"),
    ("Євген", "Євгене", "Стельмах", "Стельмаху", "m"),
    ("Олег", "Олегу", "Мороз", "Морозе", "m"),
    ("Віталій", "Віталію", "Ткач", "Ткачу", "m"),
    ("Леся", "Лесю", "Стельмах", "Стельмах", "f"),
]
BODY = "\n\nДякуємо за замовлення. Ваше замовлення було відправлено вчора.\n\nЗ повагою,\nМагазин"


def who(first: str, last: str, gender: str | None) -> Person:
    return Person(first, last, gender)  # type: ignore[arg-type]


def codes(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return [(f.code.value, f.suggestion) for f in findings]


def words(sex: str) -> tuple[str, str]:
    return ("Шановний", "пане") if sex == "m" else ("Шановна", "пані")


@pytest.mark.parametrize(("first", "voc", "last", "last_voc", "sex"), PEOPLE)
def test_correct_greetings_pass(first: str, voc: str, last: str, last_voc: str, sex: str) -> None:
    adj, title = words(sex)
    for greeting in (
        f"{adj} {title} {last_voc}!",
        f"{adj} {title} {voc}!",
        f"Добрий день, {voc}!",
        f"Вітаю, {voc}!",
        f"{adj} {voc}, дякуємо за лист.",
    ):
        text = greeting + BODY
        assert uk.check(text, who(first, last, sex)) == [], text


@pytest.mark.parametrize(("first", "voc", "last", "last_voc", "sex"), PEOPLE)
def test_nominative_first_name_is_corrected(
    first: str, voc: str, last: str, last_voc: str, sex: str
) -> None:
    adj, title = words(sex)
    text = f"{adj} {title} {first}!" + BODY
    findings = uk.check(text, who(first, last, sex))
    assert codes(findings) == [("greeting_case", voc)]
    assert text[findings[0].start : findings[0].end] == first


@pytest.mark.parametrize(("first", "voc", "last", "last_voc", "sex"), PEOPLE)
def test_surname_case(first: str, voc: str, last: str, last_voc: str, sex: str) -> None:
    adj, title = words(sex)
    text = f"{adj} {title} {last}!"
    expected = [] if last == last_voc else [("greeting_case", last_voc)]
    assert codes(uk.check(text, who(first, last, sex))) == expected


@pytest.mark.parametrize(("first", "voc", "last", "last_voc", "sex"), PEOPLE)
def test_adjective_of_the_other_gender(
    first: str, voc: str, last: str, last_voc: str, sex: str
) -> None:
    wrong, right = ("Шановна", "Шановний") if sex == "m" else ("Шановний", "Шановна")
    _, title = words(sex)
    text = f"{wrong} {title} {voc}!"
    assert codes(uk.check(text, who(first, last, sex))) == [("greeting_gender", right)]


def test_title_of_the_other_gender_fixes_the_adjective_when_gender_unknown() -> None:
    findings = uk.check("Шановний пані Олено!", Person("Олена", None, None))
    assert codes(findings) == [("greeting_gender", "Шановна")]


def test_nominative_title_pan() -> None:
    findings = uk.check("Шановний пан Іван!", Person("Іван", None, "m"))
    assert codes(findings) == [("greeting_case", "пане"), ("greeting_case", "Іване")]


def test_common_gender_name_takes_its_vocative() -> None:
    assert codes(uk.check("Добрий день, Саша!", Person("Саша", None, None))) == [
        ("greeting_case", "Сашо")
    ]
    assert uk.check("Добрий день, Сашо!", Person("Саша", None, None)) == []


def test_variant_vocatives_are_both_accepted() -> None:
    for form in ("Ігоре", "Ігорю"):
        assert uk.check(f"Шановний пане {form}!", Person("Ігор", None, "m")) == []


def test_indeclinable_and_foreign_names_pass() -> None:
    assert uk.check("Вітаю, Мері!", Person("Мері", "Сміт", "f")) == []
    assert uk.check("Шановний пане Сміт!", Person("Джон", "Сміт", "m")) == []
    assert uk.check("Шановна пані Шевченко!", Person("Олена", "Шевченко", None)) == []


def test_oblique_female_surname_is_flagged() -> None:
    findings = uk.check("Шановна пані Ковальської!", Person("Ірина", "Ковальська", None))
    assert codes(findings) == [("greeting_case", "Ковальська")]


def test_patronymic_takes_the_vocative() -> None:
    assert uk.check("Шановний Іване Петровичу!", Person("Іван", "Бондар", "m")) == []
    findings = uk.check("Шановний Іване Петрович!", Person("Іван", "Бондар", "m"))
    assert codes(findings) == [("greeting_case", "Петровичу")]


@pytest.mark.parametrize(
    ("text", "wrong", "fix"),
    [
        ("Здравствуйте, Олено!", "Здравствуйте", "Добрий день"),
        ("Уважаемый пане Мироне!", "Уважаемый", "Шановний"),
        ("Уважаемая пані Олено!", "Уважаемая", "Шановна"),
    ],
)
def test_russian_greeting_word(text: str, wrong: str, fix: str) -> None:
    found = [f for f in uk.check(text, Person()) if f.code == Code.WRONG_LANGUAGE]
    assert [(text[f.start : f.end], f.suggestion) for f in found] == [(wrong, fix)]


@pytest.mark.parametrize(
    ("text", "wrong", "fix"),
    [
        ("Ваш замовлення було відправлено.", "Ваш", "Ваше"),
        ("Ваша посилка була відправлений.", "відправлений", "відправлена"),
        ("Ваша оплата надійшов.", "надійшов", "надійшла"),
        ("Ваші замовлення був відправлені.", "був", "були"),
        ("Ваш посилка вже в дорозі.", "Ваш", "Ваша"),
        ("Ваше товар надіслано.", "Ваше", "Ваш"),
        ("Оплата за замовлення № 123 надійшов.", "надійшов", "надійшла"),
        ("Гроші надійде на картку.", "надійде", "надійдуть"),
        ("Повернення коштів за замовлення № 5 був схвалений.", "був", "було"),
        ("Ваші замовлення № 1 і № 2 вже прибуло.", "прибуло", "прибули"),
    ],
)
def test_agreement_errors(text: str, wrong: str, fix: str) -> None:
    found = uk.check(text, Person())
    assert [(f.code, text[f.start : f.end], f.suggestion) for f in found] == [
        (Code.AGREEMENT, wrong, fix)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ваше замовлення було відправлено.",
        "Вашу посилку відправлено.",
        "Ваша посилка відправлена.",
        "Ваші замовлення були відправлені.",
        "Ваша скарга прийнята, ваші кошти повернемо.",
        "Наш менеджер зв’яжеться з Вами.",
        "Ваше повернення коштів оформлено.",
        "Кур’єр доставить посилку завтра.",
        "Замовлення відправили вчора.",
        "Гроші поверне банк протягом тижня.",
        "Посилку доставить кур’єр.",
        "Терміни доставки становлять три дні.",
        "Служба підтримки працює щодня.",
        "Усі товари відправлені.",
        "Лист із підтвердженням прийде на пошту.",
        "Посилка і документи будуть відправлені завтра.",
        "Замовлення буде доставлене кур’єрською службою.",
        "Доставка займе два дні.",
        "Наш менеджер зв’яжеться з Вами.",
        "Оплата пройшла успішно.",
        "Повернення коштів оформлено.",
        "Вашу посилку доставили до відділення.",
        "Інформація про замовлення прийде в SMS.",
        "Ваші гроші повернуться на картку.",
        "Сума повернення становитиме 500 гривень.",
        "На жаль, товар закінчився.",
        "Ваше замовлення ми передали службі доставки.",
        "Ваша заявка прийнята, менеджер зателефонує.",
        "Посилка прибула до відділення і чекає на Вас.",
        "Скаргу розглянуто, рішення надіслано на пошту.",
        "Товари із замовлення № 48213 доставлені.",
        "Гроші за повернений товар надійдуть на картку.",
        "Статус замовлення оновиться протягом години.",
        "Оплату за замовлення ми отримали.",
        "Замовлення № 48213 і № 48214 відправлені.",
    ],
)
def test_correct_agreement_passes(text: str) -> None:
    assert uk.check(text, Person()) == []


def test_salutations_pass_the_check() -> None:
    for first, voc, last, last_voc, sex in PEOPLE:
        p = who(first, last, sex)
        assert uk.salutation(p, formal=True) == f"{' '.join(words(sex))} {last_voc}!"
        assert uk.salutation(p, formal=False) == f"Добрий день, {voc}!"
        for formal in (True, False):
            assert uk.check(uk.salutation(p, formal) + BODY, p) == []


def test_vocative_function() -> None:
    assert uk.vocative("Мирон", "m", "first") == "Мироне"
    assert uk.vocative("Шевченко", "m", "last") == "Шевченку"
    assert uk.vocative("Шевченко", "f", "last") == "Шевченко"
    assert uk.vocative("Xyz", None, "first") == "Xyz"


def test_garbage_never_crashes() -> None:
    for text in ["", "\n", "пане", "Ваш", "Шановний !!!", "Ваш 1 2 3"]:
        assert isinstance(uk.check(text, Person("", "", None)), list)


def test_agent_introducing_herself_is_not_the_customer() -> None:
    assert uk.check("Вітаю, це Олена з магазину «Квітка».", Person("Іван", None, "m")) == []


def test_generic_address_noun_is_not_judged_for_gender() -> None:
    assert uk.check("Шановний клієнте!" + BODY, Person("Олена", None, "f")) == []


@pytest.mark.parametrize(
    ("text", "word", "fix"),
    [
        ("Спасибо за Ваше повідомлення.", "Спасибо", "Дякую"),
        ("Кур’єр доставить посилку протягом двух днів.", "двух", "двох"),
        ("Посилка вже у відділенні, курьер зателефонує.", "курьер", None),
    ],
)
def test_russian_word_in_the_body(text: str, word: str, fix: str | None) -> None:
    found = [f for f in uk.check(text, Person()) if f.code == Code.WRONG_LANGUAGE]
    assert [(text[f.start : f.end], f.suggestion) for f in found] == [(word, fix)]


def test_quoted_russian_and_a_russian_signature_name_pass() -> None:
    text = "Добрий день!\n\nДякуємо, замовлення відправлено.\n\n> Где мой заказ?\n\nНаталья"
    assert uk.check(text, Person()) == []
