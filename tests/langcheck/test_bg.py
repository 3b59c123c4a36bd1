"""Bulgarian greeting check: gender of adjectives and titles, surname forms, agreement."""

from __future__ import annotations

import pytest

from supportdesk_tui.langcheck import bg
from supportdesk_tui.langcheck.base import Code, Finding, Person

MEN = [
    ("Иван", "Петров"), ("Георги", "Иванов"), ("Димитър", "Димитров"), ("Николай", "Георгиев"),
    ("Стоян", "Стоянов"), ("Христо", "Христов"), ("Петър", "Николов"), ("Александър", "Тодоров"),
    ("Тодор", "Атанасов"), ("Васил", "Василев"), ("Пламен", "Костов"), ("Красимир", "Маринов"),
    ("Стефан", "Илиев"), ("Борис", "Ангелов"), ("Калоян", "Панайотов"), ("Никола", "Цветков"),
    ("Георги", "Маджарски"),
]  # fmt: skip
WOMEN = [
    ("Мария", "Петрова"), ("Елена", "Иванова"), ("Йорданка", "Димитрова"),
    ("Десислава", "Георгиева"), ("Цветелина", "Стоянова"), ("Гергана", "Христова"),
    ("Милена", "Николова"), ("Радка", "Тодорова"), ("Анна", "Атанасова"), ("Росица", "Василева"),
    ("Петя", "Костова"), ("Николета", "Маринова"), ("Вяра", "Илиева"), ("Даниела", "Ангелова"),
    ("Теодора", "Панайотова"), ("Камелия", "Цветкова"), ("Весела", "Маджарска"),
]  # fmt: skip
PEOPLE = [(f, last, "m") for f, last in MEN] + [(f, last, "f") for f, last in WOMEN]
BODY = (
    "\n\nВашата поръчка беше изпратена вчера. Вашият пакет ще пристигне утре.\n\nПоздрави,\nМагазин"
)


def who(first: str, last: str, sex: str | None) -> Person:
    return Person(first, last, sex)  # type: ignore[arg-type]


def codes(findings: list[Finding]) -> list[tuple[str, str | None]]:
    return [(f.code.value, f.suggestion) for f in findings]


@pytest.mark.parametrize(("first", "last", "sex"), PEOPLE)
@pytest.mark.parametrize("known_gender", [True, False])
def test_correct_greetings_pass(first: str, last: str, sex: str, known_gender: bool) -> None:
    if sex == "m":  # before a surname the nominative title; the vocative stands alone
        greetings = [
            "Уважаеми господин {l},",
            "Уважаеми господине,",
            "Уважаеми г-н {l},",
            "Драги {f},",
        ]
    else:
        greetings = [
            "Уважаема госпожо {l},",
            "Уважаема госпожа {l},",
            "Уважаема г-жо {l},",
            "Драга {f},",
        ]
    greetings += ["Здравейте, {f}!", "Здравейте, {f} {l}!"]
    person = who(first, last, sex if known_gender else None)
    for greeting in greetings:
        text = greeting.format(f=first, l=last) + BODY
        assert bg.check(text, person) == [], text


@pytest.mark.parametrize(("first", "last", "sex"), PEOPLE)
@pytest.mark.parametrize("known_gender", [True, False])
def test_adjective_of_the_other_gender(first: str, last: str, sex: str, known_gender: bool) -> None:
    if sex == "m":
        text, fix = f"Уважаема господин {last},", "Уважаеми"
    else:
        text, fix = f"Уважаеми госпожо {last},", "Уважаема"
    found = bg.check(text, who(first, last, sex if known_gender else None))
    assert codes(found) == [("greeting_gender", fix)]


@pytest.mark.parametrize(("first", "last"), MEN)
@pytest.mark.parametrize("opening", ["Уважаеми господине {l},", "Здравейте, господине {l}!"])
def test_vocative_title_before_a_surname(first: str, last: str, opening: str) -> None:
    text = opening.format(l=last) + BODY
    assert codes(bg.check(text, who(first, last, "m"))) == [("greeting_case", "господин")]


@pytest.mark.parametrize(("first", "last", "sex"), PEOPLE)
def test_surname_of_the_other_gender(first: str, last: str, sex: str) -> None:
    text = f"Уважаеми господин {last}а," if sex == "m" else f"Уважаема госпожо {last[:-1]},"
    assert codes(bg.check(text, who(first, last, sex))) == [("greeting_gender", last)]


@pytest.mark.parametrize(("first", "last"), MEN)
def test_title_with_article_and_vocative_surname(first: str, last: str) -> None:
    found = bg.check(f"Уважаеми господина {last},", who(first, last, "m"))
    assert codes(found) == [("greeting_case", "господин")]
    if last.endswith("ов"):
        found = bg.check(f"Уважаеми господин {last}е,", who(first, last, "m"))
        assert codes(found) == [("greeting_case", last)]


def test_first_name_vocatives_are_never_judged() -> None:
    assert bg.check("Здравей, Иване!", who("Иван", "Петров", "m")) == []
    assert bg.check("Здравей, Марийо!", who("Мария", "Петрова", "f")) == []
    assert bg.check("Здравей, Мария!", who("Мария", "Петрова", "f")) == []


def test_couple_is_not_judged() -> None:
    assert bg.check("Уважаеми г-н и г-жо Петрови,", who("Мария", "Петрова", "f")) == []


def test_generic_plural_greeting_passes() -> None:
    assert bg.check("Уважаеми клиенти,", who("Мария", "Петрова", "f")) == []


def test_russian_greeting_word() -> None:
    found = bg.check("Уважаемый господин Петров,", who("Иван", "Петров", "m"))
    assert codes(found) == [("wrong_language", "Уважаеми")]


@pytest.mark.parametrize(
    ("text", "wrong", "fix"),
    [
        ("Вашият пратка е изпратена.", "Вашият", "Вашата"),
        ("Вашата пратка е изпратен.", "изпратен", "изпратена"),
        ("Вашият пакет беше изпратена.", "изпратена", "изпратен"),
        ("Вашето плащане е получена.", "получена", "получено"),
        ("Вашите поръчки бяха изпратена.", "изпратена", "изпратени"),
        ("Ваша поръчка е приет.", "приет", "приета"),
        ("Вашата пакет пристигна.", "Вашата", "Вашият"),
        ("Пратката е доставен.", "доставен", "доставена"),
        ("Плащането по поръчка № 5 е получен.", "получен", "получено"),
        ("Парите ще постъпи до три дни.", "постъпи", "постъпят"),
        ("Рекламацията Ви е приет.", "приет", "приета"),
        ("Поръчките № 1 и 2 беше изпратени.", "беше", "бяха"),
    ],
)
def test_agreement_errors(text: str, wrong: str, fix: str) -> None:
    found = [(f.code, text[f.start : f.end], f.suggestion) for f in bg.check(text, Person())]
    assert found == [(Code.AGREEMENT, wrong, fix)]


@pytest.mark.parametrize(
    "text",
    [
        "Вашата поръчка беше изпратена.",
        "Вашият пакет е доставен.",
        "Вашия пакет изпратихме вчера.",
        "За Вашата поръчка е изпратен имейл.",
        "Вашите поръчки бяха изпратени.",
        "Вашето плащане е получено успешно.",
        "Пакетът ще бъде изпратен утре.",
        "Статусът на Вашата поръчка е: изпратена.",
        "Парите ще постъпят до три дни.",
        "Рекламацията Ви е приета и ще я разгледаме.",
        "Куриерът ще достави пратката утре.",
    ],
)
def test_correct_agreement_passes(text: str) -> None:
    assert bg.check(text, Person()) == []


def test_salutation() -> None:
    assert bg.salutation(who("Иван", "Петров", "m"), True) == "Уважаеми господин Петров,"
    assert bg.salutation(who("Мария", "Петрова", None), True) == "Уважаема госпожо Петрова,"
    assert bg.salutation(Person(), False) == "Здравейте,"
    assert bg.vocative("Иван", "m", "first") == "Иван"


def test_salutations_pass_the_check() -> None:
    for first, last, sex in PEOPLE:
        p = who(first, last, sex)
        for formal in (True, False):
            assert bg.check(bg.salutation(p, formal) + BODY, p) == []


def test_garbage_never_crashes() -> None:
    for text in ["", "\t", "г-н", "Ваш", "Уважаеми", "Вашата,,,", "1 2 3"]:
        assert isinstance(bg.check(text, Person("Я", "Щ", None)), list)


def test_russian_words_in_a_bulgarian_reply() -> None:
    text = "Здравей, Мария!\n\nТвоята поръчка уже е на път. Курьер ще я достави."
    found = [
        (text[f.start : f.end], f.suggestion) for f in bg.check(text, who("Мария", "Петрова", "f"))
    ]
    assert found == [("уже", "вече"), ("Курьер", None)]


def test_bulgarian_soft_sign_and_hard_sign_words_pass() -> None:
    text = "Здравейте,\n\nШофьорът ще се обади. Всъщност пратката вече пътува."
    assert bg.check(text, Person()) == []
