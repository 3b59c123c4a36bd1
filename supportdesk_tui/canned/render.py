"""Filling a canned reply: Jinja2 in a sandbox, every value given, nothing left empty.

The sandbox (ImmutableSandboxedEnvironment) allows no file access, no underscore attributes,
no mutation; values are plain namespaces built here, so a template reaches nothing but them.
Jinja's sandbox does not bound work, so a filling is bounded here: no value a template builds and
no filled reply is longer than MAX_TEXT characters (an operation that would exceed it is refused
before it runs: `'a' * 10**9`, `'x'|center(10**9)`, a format width, a `replace` or `join` that
multiplies), numbers stay below MAX_INT_BITS, loop rounds and calls share MAX_STEPS and MAX_SECONDS,
and `recursive` loops, `lipsum`, `cycler` and `joiner` are not offered. Each is a TemplateError.
The filled text is `safetext.clean`ed: no terminal controls, bidi overrides or escape
sequences from a customer's name (or the template) reach the editor or the customer.
A value that is missing (None or absent where the template asks for it) raises MissingValue
naming it ("order.tracking_url"), so the UI can ask for it instead of sending a blank.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sized
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, Literal

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..langcheck import checker
from ..langcheck.base import Person
from ..safetext import clean
from .library import CannedReply, TemplateError


class MissingValue(Exception):
    """A value the template needs is not known; `name` is its dotted path."""

    def __init__(self, name: str) -> None:
        super().__init__(f"no value for {name}")
        self.name = name


class _Missing(jinja2.StrictUndefined):
    """Stands for a known-but-empty value: using it raises MissingValue with its name."""

    def _fail_with_undefined_error(self, *args: object, **kwargs: object) -> Any:
        raise MissingValue(str(self._undefined_hint))

    __str__ = __iter__ = __len__ = __bool__ = _fail_with_undefined_error


FIELDS: Mapping[str, tuple[str, ...]] = {
    "customer": ("first_name", "last_name", "display_name", "email", "gender", "language",
                 "formal"),
    "order": ("number", "status", "tracking_url", "delivery_date", "items"),
    "agent": ("name", "email"),
    "shop": ("name", "url", "email", "return_address"),
}  # fmt: skip
"""The values a template may use. One of these left unknown is asked for (MissingValue);
any other name is the template's mistake (TemplateError)."""


@dataclass(frozen=True)
class RenderValues:
    """What a template may use: customer.*, order.*, agent.*, shop.* (plain data)."""

    customer: Mapping[str, object] = field(default_factory=dict)
    order: Mapping[str, object] = field(default_factory=dict)
    agent: Mapping[str, object] = field(default_factory=dict)
    shop: Mapping[str, object] = field(default_factory=dict)


def _namespace(value: object, path: str) -> object:
    if value is None:
        return _Missing(hint=path)
    if isinstance(value, Mapping):
        return SimpleNamespace(**{str(k): _namespace(v, f"{path}.{k}") for k, v in value.items()})
    if isinstance(value, list | tuple):
        return [_namespace(item, f"{path}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


@jinja2.pass_context
def _salutation(context: jinja2.runtime.Context, customer: object) -> str:
    person = person_for(_fields(customer), context.get("script"))
    return checker.salutation(
        str(context.get("language", "en")), person, person.formal is not False
    )


@jinja2.pass_context
def _vocative(context: jinja2.runtime.Context, name: object) -> str:
    person = person_for(_fields(context.get("customer")), context.get("script"))
    part: Literal["first", "last"] = "last" if str(name) == person.last_name else "first"
    return checker.vocative(str(context.get("language", "en")), str(name), person.gender, part)


def _fields(customer: object) -> Mapping[str, object]:
    return vars(customer) if isinstance(customer, SimpleNamespace) else {}


def person_for(customer: Mapping[str, object], script: object) -> Person:
    """The customer values as the check sees them; anything not a usable string is unknown
    (in a template, an unknown value is a _Missing marker, not None)."""

    def text(name: str) -> str | None:
        value = customer.get(name)
        return value if isinstance(value, str) and value.strip() else None

    formal = customer.get("formal", True)
    return Person(
        first_name=text("first_name"),
        last_name=text("last_name"),
        gender="m" if text("gender") == "m" else "f" if text("gender") == "f" else None,
        script="latn" if script == "latn" else "cyrl" if script == "cyrl" else None,
        formal=formal if isinstance(formal, bool) else True,
    )


MAX_TEXT = 100_000
"""Characters (or items) any value built in a template, and a filled reply, may have."""
MAX_INT_BITS = 33_000
"""About 10,000 digits: larger numbers are refused before they are computed."""
MAX_STEPS = 100_000
"""Loop rounds and calls one filling may take."""
MAX_SECONDS = 2.0


class _Budget:
    """What is left of one filling's steps and time."""

    def __init__(self) -> None:
        self.steps = MAX_STEPS
        self.deadline = time.monotonic() + MAX_SECONDS

    def spend(self) -> None:
        self.steps -= 1
        if self.steps < 0 or (self.steps % 512 == 0 and time.monotonic() > self.deadline):
            raise SecurityError("the template does too much work (loops or calls without end)")


_BUDGET: ContextVar[_Budget | None] = ContextVar("canned_render_budget", default=None)


def _spend() -> None:
    budget = _BUDGET.get()
    if budget is not None:
        budget.spend()


# Widths and precisions in %-style and {}-style format strings ("%999s", "{:>999}", "{:.99f}").
_FORMAT_WIDTHS = re.compile(r"%[-#0 +]*(\d*)(?:\.(\d*))?|\{[^{}:]*:[^{}\d]*(\d*)(?:\.(\d*))?")


def _ints(args: tuple[object, ...], kwargs: Mapping[str, object]) -> list[int]:
    found: list[int] = []
    for arg in (*args, *kwargs.values()):
        for item in arg if isinstance(arg, tuple | list) else (arg,):
            if isinstance(item, int) and not isinstance(item, bool):
                found.append(abs(item))
    return found


def _length(value: object) -> int:
    return len(value) if isinstance(value, Sized) else len(str(value))


def _predicted(name: str, value: object, args: tuple[object, ...], kw: Mapping[str, object]) -> int:
    """An upper bound of the size `name` (a filter or a str method) makes of `value`; 0 when
    it cannot grow past its inputs."""
    big = max(_ints(args, kw), default=0)
    text = value if isinstance(value, str) else ""
    strings = [arg for arg in (*args, *kw.values()) if isinstance(arg, str)]
    if name in ("center", "ljust", "rjust", "zfill"):
        return max(len(text), big)
    if name == "indent":
        return len(text) + (text.count("\n") + 1) * max([big, *map(len, strings)])
    if name == "expandtabs":
        return len(text) + text.count("\t") * big
    if name == "replace" and len(strings) >= 2:
        old, new = strings[0], strings[1]
        count = text.count(old) if old else len(text) + 1
        return len(text) + count * max(0, len(new) - len(old))
    if name in ("format", "format_map") or name == "%":
        fields = text.count("%") + text.count("{")
        widths = [int(w) for m in _FORMAT_WIDTHS.finditer(text) for w in m.groups() if w]
        inputs = [*args, *kw.values()]
        if len(inputs) == 1 and isinstance(inputs[0], tuple | list | Mapping):
            inputs = list(inputs[0].values() if isinstance(inputs[0], Mapping) else inputs[0])
        longest = max([big, *widths, *(_length(arg) for arg in inputs)])
        return len(text) + fields * longest
    if name == "translate":
        return MAX_TEXT + 1  # a table can make each character as long as it likes
    return 0


def _refuse_if_too_big(size: int, what: str) -> None:
    if size > MAX_TEXT:
        raise SecurityError(
            f"{what} would make a text of {size:,} characters (at most {MAX_TEXT:,})"
        )


def _join_size(separator: object, items: list[object]) -> int:
    return sum(_length(item) for item in items) + _length(separator) * len(items)


def _checked_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """`func` with its result's size predicted before it runs and checked after."""
    skip = 1 if getattr(func, "jinja_pass_arg", None) else 0

    @functools.wraps(func)
    def checked(*args: Any, **kwargs: Any) -> Any:
        _spend()
        value, rest = args[skip] if len(args) > skip else "", args[skip + 1 :]
        if name == "join":
            items = list(value)
            args = (*args[:skip], items, *rest)
            separator = rest[0] if rest else kwargs.get("d", "")
            _refuse_if_too_big(_join_size(separator, items), "join")
        else:
            _refuse_if_too_big(_predicted(name, value, rest, kwargs), name)
        result = func(*args, **kwargs)
        if isinstance(result, str | list | tuple):
            _refuse_if_too_big(len(result), name)
        return result

    return checked


@jinja2.pass_context
def _counted(context: jinja2.runtime.Context, iterable: Any) -> Iterator[Any]:
    """What a {% for %} loop goes over, each round taken from the filling's budget."""
    for item in iterable:
        _spend()
        yield item


class _CannedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with the bounds of the module docstring."""

    intercepted_binops = frozenset({"*", "**", "%"})  # (also kept out of constant folding)

    def call_binop(
        self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any
    ) -> Any:
        _spend()
        ints = isinstance(left, int) and isinstance(right, int)
        if operator == "**" and ints and right > 0:
            if left.bit_length() * right > MAX_INT_BITS:
                raise SecurityError(f"{left} ** {right} is too large a number")
        elif operator == "*" and ints:
            if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise SecurityError("the product is too large a number")
        elif operator == "*":
            sized, times = (left, right) if isinstance(right, int) else (right, left)
            if isinstance(sized, Sized) and isinstance(times, int):
                _refuse_if_too_big(len(sized) * times, "*")
        elif operator == "%" and isinstance(left, str):
            arguments = right if isinstance(right, tuple) else (right,)
            _refuse_if_too_big(_predicted("%", left, arguments, {}), "%")
        return super().call_binop(context, operator, left, right)

    def call(
        __self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any
    ) -> Any:  # noqa: B902, N805
        _spend()
        name = getattr(__obj, "__name__", "")
        # (the sandbox hands out str.format wrapped, so what it wraps says whose method it is)
        owner = getattr(getattr(__obj, "__wrapped__", __obj), "__self__", None)
        if isinstance(owner, str) and name == "join" and args:
            items = list(args[0])
            args = (items, *args[1:])
            _refuse_if_too_big(_join_size(owner, items), "join")
        elif isinstance(owner, str):
            _refuse_if_too_big(_predicted(name, owner, args, kwargs), name)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, str | list | tuple):
            _refuse_if_too_big(len(result), name or "a call")
        return result


def _environment() -> _CannedEnvironment:
    env = _CannedEnvironment(
        undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    for name in ("lipsum", "cycler", "joiner"):
        del env.globals[name]
    env.filters = {name: _checked_filter(name, func) for name, func in env.filters.items()}
    env.filters["salutation"] = _salutation
    env.filters["vocative"] = _vocative
    env.filters["_counted_loop"] = _counted
    return env


_ENV = _environment()


def _bounded_loops(tree: nodes.Template) -> nodes.Template:
    """Each {% for %} goes over its sequence through `_counted`; recursive loops are refused."""
    for loop in tree.find_all(nodes.For):
        if loop.recursive:
            raise jinja2.TemplateSyntaxError("recursive loops are not allowed", loop.lineno)
        loop.iter = nodes.Filter(loop.iter, "_counted_loop", [], [], None, None, lineno=loop.lineno)
    return tree


@lru_cache(maxsize=1024)
def _compiled(body: str, source: str, first_line: int) -> jinja2.Template:
    try:
        return _ENV.from_string(_bounded_loops(_ENV.parse(body)))
    except jinja2.TemplateSyntaxError as error:
        line = first_line + (error.lineno or 1) - 1
        raise TemplateError(f"{source}:{line}: {error.message}") from error
    except Exception as error:  # noqa: BLE001 - e.g. a template nested too deeply to parse
        raise TemplateError(f"{source}: {type(error).__name__}: {error}") from error


def _filled(template: jinja2.Template, context: Mapping[str, object]) -> str:
    """The template's text, piece by piece, within the filling's budget and MAX_TEXT."""
    pieces: list[str] = []
    size = 0
    token = _BUDGET.set(_Budget())
    try:
        for piece in template.generate(context):
            size += len(piece)
            _refuse_if_too_big(size, "the filled reply")
            _spend()
            pieces.append(piece)
    finally:
        _BUDGET.reset(token)
    return "".join(pieces)


def render(reply: CannedReply, values: RenderValues) -> str:
    """The reply filled for this customer and order. MissingValue for a value the template
    needs but nobody knows; TemplateError for a broken template (file and line)."""
    template = _compiled(reply.body, reply.source, reply.body_line)
    context = {
        name: _namespace({key: None for key in fields} | dict(getattr(values, name)), name)
        for name, fields in FIELDS.items()
    }
    try:
        filled = _filled(template, {"language": reply.language, "script": reply.script, **context})
        # A customer's name comes from a mail header: whatever a terminal would interpret goes
        # before the text reaches the editor (and the customer).
        return clean(filled)
    except MissingValue:
        raise
    except SecurityError as error:
        raise TemplateError(f"{reply.source}: not allowed in a template: {error}") from error
    except jinja2.UndefinedError as error:
        raise TemplateError(f"{reply.source}: unknown value ({error.message})") from error
    except jinja2.TemplateError as error:
        raise TemplateError(f"{reply.source}: {error}") from error
    except Exception as error:  # noqa: BLE001 - whatever a template does, the app goes on
        # (no loader for include/import, a range too big, a filter given the wrong type)
        raise TemplateError(f"{reply.source}: {type(error).__name__}: {error}") from error
