"""The TOML configuration, validated strictly: a typo is an error naming the key and line."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import ConfigError


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class AgentConfig(Strict):
    id: str = "me"
    """Short id used for assignment ('mine' means conversations assigned to this id)."""
    name: str = "Me"
    """Your name as customers see it in replies."""
    email: str = ""
    """Your address; mail from it counts as ours."""


class UiConfig(Strict):
    theme: str = "textual-dark"
    """Any Textual theme name, e.g. textual-dark, textual-light, nord, gruvbox."""
    timezone: str = "UTC"
    """The shop's time zone: snooze presets ('tomorrow morning') and times shown use it."""
    fold_quotes: bool = True
    """Start with quoted history folded in the thread pane."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value


class CacheConfig(Strict):
    path: Path | None = None
    """The SQLite cache file; default: the platform cache folder."""


class Config(Strict):
    agent: AgentConfig = Field(default_factory=AgentConfig)
    ui: UiConfig = Field(default_factory=UiConfig)
    cache: CacheConfig = Field(default_factory=CacheConfig)
    keymap: dict[str, str] = Field(default_factory=dict)
    """Binding id -> keys, e.g. "queue.down" = "j,down". Ids are listed by `?` in the app."""

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.ui.timezone)


def load(path: Path) -> Config:
    """Read and validate a config file; a missing file gives the defaults."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from exc
    return parse(text, source=str(path))


def parse(text: str, source: str = "<config>") -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from exc
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, text, source)) from exc


def _describe(exc: ValidationError, text: str, source: str) -> str:
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"])
        line = _line_of(text, [str(p) for p in error["loc"]])
        where = f"{source}:{line}" if line else source
        problem = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
        lines.append(f"{where}: {key}: {problem}")
    return "\n".join(lines)


def _line_of(text: str, loc: list[str]) -> int | None:
    """Best-effort line number of the last key of `loc`, searched after its table header."""
    rows = text.splitlines()
    start = 0
    if len(loc) > 1:
        header = re.compile(rf"^\s*\[+\s*{re.escape(loc[0])}\s*\]+\s*$")
        start = next((i for i, row in enumerate(rows) if header.match(row)), 0)
    key = re.compile(rf"^\s*\"?{re.escape(loc[-1])}\"?\s*=")
    for number in range(start, len(rows)):
        if key.match(rows[number]):
            return number + 1
    return start + 1 if start else None
