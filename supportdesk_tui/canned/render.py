"""Filling a canned reply: Jinja2 in a sandbox, every value given, nothing left empty.

The sandbox (ImmutableSandboxedEnvironment) allows no file access, no underscore attributes,
no mutation; values are plain namespaces built here, so a template reaches nothing but them.
A value that is missing (None or absent where the template asks for it) raises MissingValue
naming it ("order.tracking_url"), so the UI can ask for it instead of sending a blank.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, Literal

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..langcheck import checker
from ..langcheck.base import Person
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


def _environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    env.filters["salutation"] = _salutation
    env.filters["vocative"] = _vocative
    return env


_ENV = _environment()


@lru_cache(maxsize=1024)
def _compiled(body: str, source: str, first_line: int) -> jinja2.Template:
    try:
        return _ENV.from_string(body)
    except jinja2.TemplateSyntaxError as error:
        line = first_line + (error.lineno or 1) - 1
        raise TemplateError(f"{source}:{line}: {error.message}") from error


def render(reply: CannedReply, values: RenderValues) -> str:
    """The reply filled for this customer and order. MissingValue for a value the template
    needs but nobody knows; TemplateError for a broken template (file and line)."""
    template = _compiled(reply.body, reply.source, reply.body_line)
    context = {
        name: _namespace({key: None for key in fields} | dict(getattr(values, name)), name)
        for name, fields in FIELDS.items()
    }
    try:
        return template.render(language=reply.language, script=reply.script, **context)
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
