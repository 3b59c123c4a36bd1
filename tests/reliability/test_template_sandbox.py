"""Canned-reply templates cannot get out of their sandbox (issue 9).

A template in the team's library is trusted to write a reply, nothing more: the classic Jinja
escapes (Python internals through `__class__`/`__globals__`, files through include/import/
extends, the environment) and resource bombs (huge strings and numbers, nested loops,
recursion) each end in a clear TemplateError or in harmless literal text, within a bounded
time, and never show a canary file's or a canary environment variable's contents. Through the
real app, such a reply in the user's folder is named as unfillable in the reply pane and
inserting it shows an error, not a traceback.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from supportdesk_tui.canned import MissingValue, RenderValues, TemplateError, parse_reply, render
from supportdesk_tui.config import CannedConfig, Config
from supportdesk_tui.ui.app import SupportDeskApp
from supportdesk_tui.ui.screens.compose_screen import ComposeScreen
from supportdesk_tui.ui.screens.replies_screen import RepliesScreen
from tests.reliability import ledger
from tests.ui.conftest import (  # noqa: F401 - fixtures for the app test
    SIZE,
    cache_file,
    clock,
    demo_cache,
    make_reply_app,
    route,
)
from tests.ui.test_compose import editor, open_reply_to
from tests.ui.test_inbox import settle

pytestmark = pytest.mark.reliability

AREA = "template sandbox"
CANARY_ENV = "SUPPORTDESK_SANDBOX_CANARY"
FRONT = '+++\nid = "escape-cs"\ncase = "escape"\nlanguage = "cs"\ntitle = "Únik ze sandboxu"\n+++\n'
VALUES = RenderValues(
    customer={"first_name": "Jana", "last_name": "Nováková", "gender": "f"},
    order={"number": "10234", "items": [{"name": "Tričko", "quantity": 2}]},
    agent={"name": "Eva"},
    shop={"name": "Obchod"},
)
SECONDS = 10.0
"""Each attempt ends well within this, however loaded the machine (they take milliseconds)."""

# {file} is the canary file's path, {env} the canary variable's name.
ATTEMPTS = [
    # Python internals
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ().__class__.__bases__[0].__subclasses__() }}",
    "{{ order.__class__.__mro__ }}",
    "{{ customer.__dict__ }}",
    "{{ ''|attr('__class__') }}",
    "{{ ''|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "{{ order|attr('__init__')|attr('__globals__') }}",
    "{{ ['x']|map(attribute='__class__')|list }}",
    "{{ self.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.environ }}",
    "{{ cycler.__init__.__globals__.os.environ }}",
    "{{ joiner.__init__.__globals__.os.popen('cat {file}').read() }}",
    "{{ namespace.__init__.__globals__.os.environ['{env}'] }}",
    "{{ lipsum.__globals__['os'].popen('cat {file}').read() }}",
    "{{ lipsum.__globals__ }}",
    "{{ range.__self__ }}",
    "{{ dict.__base__.__subclasses__() }}",
    "{{ 'x'.format }}",
    "{{ 'x'.format.__globals__ }}",
    "{{ '{0.__class__.__mro__}'.format('') }}",
    "{{ '{0.__init__.__globals__}'.format(namespace) }}",
    "{{ '%s'|format(''.__class__) }}",
    "{{ 'x'.__add__ }}",
    "{{ order.items.append(1) }}{{ order.items }}",
    "{{ order.items.pop() }}",
    "{% set x = customer.__setattr__('first_name', 'X') %}{{ customer.first_name }}",
    # names a web framework would have
    "{{ config }}",
    "{{ config.items() }}",
    "{{ request }}",
    "{{ request.application.__globals__.__builtins__.open('{file}').read() }}",
    "{{ environ }}",
    "{{ environ['{env}'] }}",
    "{{ get_flashed_messages.__globals__ }}",
    "{{ url_for.__globals__.os.environ }}",
    "{{ os.environ }}",
    "{{ __builtins__ }}",
    "{{ open('{file}').read() }}",
    # files
    "{% include '{file}' %}",
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}{{ os.environ }}",
    "{% from 'os' import environ %}{{ environ }}",
    "{% extends '../../etc/passwd' %}",
    "{% extends '{file}' %}",
    # work without end
    "{{ 'a' * 10**9 }}",
    "{{ [0] * 10**9 }}",
    "{{ 9 ** (9 ** 9) }}",
    "{{ 2 ** 999999 }}",
    "{{ range(10**10) }}",
    "{{ range(10**10)|list }}",
    "{{ range(99999)|join('x' * 1000) }}",
    "{{ ('x' * 99999).join('y' * 99999) }}",
    "{{ ('x' * 99999)|replace('x', 'x' * 99999) }}",
    "{{ 'x'|center(10**9) }}",
    "{{ 'x'.ljust(10**9) }}",
    "{{ ('\\t' * 9999).expandtabs(9999) }}",
    "{{ ('\\n' * 9999)|indent(9999) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ '{0:{1}}'.format(1, 10**9) }}",
    "{{ '%999999999s' % 1 }}",
    "{{ '%*s' % (999999999, 1) }}",
    "{{ '%999999999s'|format(1) }}",
    "{{ 'x'.translate({120: 'y' * 99999}) }}",
    "{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}",
    "{% set r = range(99999) %}{% for a in r %}{% for b in r %}x{% endfor %}{% endfor %}",
    "{% for a in range(99999) %}{{ 'x' * 99999 }}{% endfor %}",
    "{% set ns = namespace(x=2) %}{% for i in range(64) %}{% set ns.x = ns.x * ns.x %}"
    "{% endfor %}{{ ns.x }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "{% macro f(n) %}{% for i in range(99) %}{{ f(n) }}{% endfor %}{% endmacro %}{{ f(1) }}",
    "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}",
    "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}",
    "{{ lipsum(100000) }}",
]


@pytest.fixture
def canaries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, str]:
    """A file and an environment variable, each holding a value found nowhere else."""
    file_value, env_value = f"canary-file-{uuid.uuid4().hex}", f"canary-env-{uuid.uuid4().hex}"
    path = tmp_path / "canary.txt"
    path.write_text(file_value + "\n", encoding="utf-8")
    monkeypatch.setenv(CANARY_ENV, env_value)
    monkeypatch.chdir(tmp_path)  # a relative include would find it here
    return path, file_value, env_value


def attempt(body: str, canary_file: Path) -> str:
    return body.replace("{file}", str(canary_file)).replace("{env}", CANARY_ENV)


def test_no_escape_attempt_reads_a_file_the_environment_or_python_internals(
    canaries: tuple[Path, str, str],
) -> None:
    path, file_value, env_value = canaries
    refused = literal = 0
    with ledger.timed(AREA):
        for body in ATTEMPTS:
            template = parse_reply(FRONT + attempt(body, path) + "\n", "escape.md")
            started = time.monotonic()
            try:
                text = render(template, VALUES)
            except TemplateError as error:
                text = error.message
                assert text.startswith("escape.md"), (body, text)
                assert "Traceback" not in text
                refused += 1
            except MissingValue as missing:  # asks the agent for a value: harmless too
                text = missing.name
                literal += 1
            else:
                literal += 1
            took = time.monotonic() - started
            assert took < SECONDS, (body, took)
            leaked = [value for value in (file_value, env_value) if value in text]
            if leaked:
                ledger.count(AREA, escapes=1)
            assert not leaked, (body, text[:300])
            assert "<module 'os'" not in text
            assert len(text) <= 100_000
    ledger.count(AREA, inputs_tried=len(ATTEMPTS), escapes=0)
    assert literal <= 2, "all but the harmless few (a method's repr, Undefined) are refused by name"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ 'a' * 10**9 }}", "1,000,000,000 characters"),
        ("{% for a in range(99999) %}{% for b in range(99999) %}{% endfor %}{% endfor %}",
         "too much work"),
        ("{{ 'x'|center(10**9) }}", "center would make a text"),
        ("{{ 9 ** (9 ** 9) }}", "too large a number"),
        ("{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}", "recursive loops"),
        ("{% include '/etc/passwd' %}", "no loader"),
    ],
)  # fmt: skip
def test_a_refused_template_says_why_in_words(body: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        render(parse_reply(FRONT + body + "\n", "escape.md"), VALUES)


def test_the_bounds_leave_ordinary_templates_alone() -> None:
    body = (
        "{{ customer | salutation }}\n{% for item in order.items %}{{ loop.index }}. "
        "{{ item.name|upper }} {{ '%3d'|format(item.quantity) }}x\n{% endfor %}"
        "{{ ['a', 'b']|join(', ') }} {{ 'ab'.replace('a', 'c') }} {{ '{:>6}'.format(7) }}\n"
        "{% for i in range(500) %}{{ i % 10 }}{% endfor %}\n{{ 2 ** 64 }} {{ '-' * 20 }}\n"
    )
    text = render(parse_reply(FRONT + body, "ok.md"), VALUES)
    lines = text.split("\n")
    assert lines[0] == "Vážená paní Nováková,"
    assert lines[1] == "1. TRIČKO   2x"
    assert lines[2] == "a, b cb      7"
    assert lines[3] == "0123456789" * 50
    assert lines[4] == f"{2**64} " + "-" * 20


def test_a_customer_name_with_terminal_controls_is_filled_without_them() -> None:
    values = RenderValues(
        customer={"first_name": "Ja\x1b]52;c;cm0gLXJm\x07na\u202e", "last_name": "\x1b[2JNová"},
        agent={"name": "Eva\x9b31m"},
    )
    body = "Dobrý den, {{ customer.first_name }} {{ customer.last_name }}\n{{ agent.name }}\n"
    assert render(parse_reply(FRONT + body, "x.md"), values) == "Dobrý den, Jana Nová\nEva\n"


async def test_the_reply_pane_names_an_escaping_reply_and_inserting_it_shows_an_error(
    make_reply_app: Callable[..., SupportDeskApp],  # noqa: F811
    canaries: tuple[Path, str, str],
    tmp_path: Path,
) -> None:
    path, file_value, env_value = canaries
    folder = tmp_path / "replies"
    folder.mkdir()
    escape = "{{ cycler.__init__.__globals__.os.environ['{env}'] }}{% include '{file}' %}"
    (folder / "escape.md").write_text(
        FRONT + "Dobrý den,\n" + attempt(escape, path) + "\n",
        encoding="utf-8",
    )
    app = make_reply_app(Config(canned=CannedConfig(folders=[folder])))
    with ledger.timed(AREA):
        async with app.run_test(size=SIZE) as pilot:
            await open_reply_to(app, pilot, "cs")
            compose = app.screen
            before = editor(app).text
            await pilot.press("ctrl+r", *"unik ze sandboxu")
            await settle(app, pilot)
            assert isinstance(app.screen, RepliesScreen)
            assert app.screen.found and app.screen.found[0].id == "escape-cs"
            note = str(app.screen.query_one("#replies-note", Static).render())
            preview = app.screen.query_one("#replies-preview", TextArea).text
            assert "This reply cannot be filled" in note and "escape.md" in note, note
            notices: list[str] = []
            await pilot.press("enter")
            await settle(app, pilot)
            notices = [f"{n.title}: {n.message}" for n in app._notifications]
            assert isinstance(app.screen, RepliesScreen | ComposeScreen)
            shown = "\n".join([note, preview, *notices, editor(app).text if app.screen is compose
                               else ""])  # fmt: skip
            assert any(n.startswith("Canned reply error: ") for n in notices), notices
            assert file_value not in shown and env_value not in shown
            assert "Traceback" not in shown
            await pilot.press("escape")
            await settle(app, pilot)
            assert app.screen is compose and editor(app).text == before
    ledger.count(AREA, inputs_tried=1, escapes=0)
