"""Canned replies: template files read, filled in the sandbox, broken ones named."""

from __future__ import annotations

from pathlib import Path

import pytest

from supportdesk_tui.canned import (
    CannedReply,
    MissingValue,
    RenderValues,
    TemplateError,
    load_library,
    parse_reply,
    render,
)

FRONT = '+++\nid = "refund-cs"\ncase = "refund"\nlanguage = "cs"\ntitle = "Vrácení peněz"\n+++\n'
VALUES = RenderValues(
    customer={"first_name": "Jana", "last_name": "Kubelková", "gender": "f"},
    order={"number": 10234, "items": [{"name": "Tričko", "quantity": 2}], "tracking_url": None},
    agent={"name": "Eva Dvořáková"},
    shop={"name": "Obchod"},
)


def reply(body: str, front: str = FRONT) -> CannedReply:
    return parse_reply(front + body, "refund.md")


def test_a_reply_is_filled_for_the_customer_and_the_order() -> None:
    body = (
        "{{ customer | salutation }}\n\nobjednávka č. {{ order.number }}:\n"
        "{% for item in order.items %}- {{ item.name }} ({{ item.quantity }}x)\n{% endfor %}"
        "Děkujeme, {{ customer.first_name | vocative }}.\n{{ agent.name }}\n"
    )
    text = render(reply(body), VALUES)
    assert text == (
        "Vážená paní Kubelková,\n\nobjednávka č. 10234:\n- Tričko (2x)\n"
        "Děkujeme, Jano.\nEva Dvořáková\n"
    )


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("Sledování: {{ order.tracking_url }}\n", "order.tracking_url"),
        ("{% if order.tracking_url %}x{% endif %}\n", "order.tracking_url"),
        ("{{ order.items[0].name }} {{ order.items[0].colour }}\n", None),
    ],
)
def test_a_value_nobody_knows_is_asked_for_never_left_blank(body: str, name: str | None) -> None:
    if name is None:  # a value no order has is the template's mistake
        with pytest.raises(TemplateError, match="refund.md"):
            render(reply(body), VALUES)
        return
    with pytest.raises(MissingValue) as raised:
        render(reply(body), VALUES)
    assert raised.value.name == name


@pytest.mark.parametrize(
    "body",
    [
        "{{ order.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.environ }}",
        "{{ self._TemplateReference__context }}",
        "{{ order.items.append(1) }}",
        "{% include '/etc/passwd' %}",
        "{{ lipsum.__globals__['os'].popen('id').read() }}",
        "{{ range(10**9) | list }}",
    ],
)
def test_the_sandbox_refuses_escapes_with_a_template_error(body: str) -> None:
    with pytest.raises(TemplateError, match="refund.md"):
        render(reply(body + "\n"), VALUES)


def test_a_syntax_error_names_the_file_line() -> None:
    with pytest.raises(TemplateError, match=r"refund\.md:8:"):
        render(reply("first line\n{% if %}\n"), VALUES)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no front matter\n", "starts with a '\\+\\+\\+' line"),
        ("+++\nid = 'a'\n", "no closing"),
        ("+++\nid = = 'a'\n+++\nx\n", "front matter"),
        ('+++\nid = "a"\ncase = "c"\nlanguage = "cs"\n+++\nx\n', "title"),
        (
            '+++\nid = "a"\ncase = "c"\nlanguage = "sr"\ntitle = "t"\nscript = "arab"\n+++\n',
            "script",
        ),
        ('+++\nid = "a"\ncase = "c"\nlanguage = "cs"\ntitle = "t"\ncolour = 1\n+++\n', "colour"),
    ],
)
def test_broken_front_matter_is_named(text: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        parse_reply(text, "x.md")


def test_the_users_folder_overrides_a_shipped_reply_and_a_broken_file_is_reported(
    tmp_path: Path,
) -> None:
    (tmp_path / "mine.md").write_text(FRONT + "Moje verze\n", encoding="utf-8")
    (tmp_path / "broken.md").write_text("nothing\n", encoding="utf-8")
    library, errors = load_library([tmp_path, tmp_path / "missing"], shipped=False)
    assert library["refund-cs"].body == "Moje verze\n"
    assert [e.message.split(":")[0] for e in errors] == [
        str(tmp_path / "broken.md"),
        str(tmp_path / "missing"),
    ]
