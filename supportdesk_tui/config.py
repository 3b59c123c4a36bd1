"""The TOML configuration, validated strictly: a typo is an error naming the key and line."""

from __future__ import annotations

import logging
import re
import tomllib
from datetime import date, time
from ipaddress import ip_address
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from .domain.metrics import BusinessHours
from .errors import ConfigError

log = logging.getLogger(__name__)


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


class ShopConfig(Strict):
    name: str = ""
    """The shop's name as replies sign it."""
    url: str = ""
    """The shop's web address (terms, returns)."""
    email: str = ""
    """The address customers write to."""
    return_address: str = ""
    """Where returned goods go, several lines."""


class CannedConfig(Strict):
    folders: list[Path] = Field(default_factory=list)
    """The user's own canned replies; one with a shipped reply's id replaces it."""
    orders: Path | None = None
    """A JSON or CSV file of the shop's orders, for the order.* values of replies."""


class ComposeConfig(Strict):
    undo_seconds: int = Field(default=10, ge=0, le=300)
    """Seconds a sent reply waits in the outbox, so `u` can take it back; 0 sends at once."""
    status_after_reply: Literal["open", "pending", "resolved", "keep"] = "pending"
    """The conversation's status once a reply is sent ("keep": unchanged)."""
    html: bool = False
    """Also send an HTML part (the same text, paragraphs kept) beside the plain text."""
    editor: list[str] = Field(default_factory=list)
    """The external editor for Ctrl+G, e.g. ["nvim"]; default: $VISUAL or $EDITOR."""


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAY_NAMES: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


class ReportsConfig(Strict):
    """How reports count time: the shop's business hours (in [ui] timezone) and repeats."""

    opens: str = "09:00"
    """When the shop starts answering, "HH:MM" shop time."""
    closes: str = "17:00"
    """When it stops, "HH:MM", later than opens."""
    weekdays: list[Weekday] = Field(default_factory=lambda: list(WEEKDAY_NAMES[:5]), min_length=1)
    """The days the shop answers."""
    holidays: list[date] = Field(default_factory=list)
    """Days closed although a weekday, e.g. [2026-12-24, 2026-12-25]."""
    always_open: bool = False
    """24/7 support: response and resolution times in calendar time, hours ignored."""
    repeat_window_days: int = Field(default=7, ge=1, le=365)
    """A customer writing again within this many days of a resolved conversation is a repeat
    contact."""

    @field_validator("opens", "closes")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        if not _CLOCK.fullmatch(value.strip()):
            raise ValueError(f'not a time of day "HH:MM" (00:00 to 23:59): {value!r}')
        return value.strip()

    @model_validator(mode="after")
    def _closes_after_opening(self) -> ReportsConfig:
        if self.closes <= self.opens:
            raise ValueError(f"closes ({self.closes}) must be later than opens ({self.opens})")
        return self


class SmtpSettings(Strict):
    host: str = Field(min_length=1)
    """The SMTP (submission) server's host name."""
    port: int | None = Field(default=None, ge=1, le=65535)
    """Default: 465 for implicit TLS, 587 for STARTTLS, 25 for plain."""
    tls: Literal["implicit", "starttls", "plain"] = "implicit"
    """implicit (TLS from the first byte), starttls (upgrade after connecting; a server that
    does not offer it is refused) or plain (only with allow_plaintext = true and a loopback
    host)."""
    user: str = ""
    """The login name; default: the account's IMAP user."""
    password_command: list[str] | None = None
    """A command that prints the SMTP password; default: the account's password_command (or
    its keyring entry), i.e. the same password as IMAP."""
    ca_file: Path | None = None
    """A PEM file of CA certificates to trust instead of the system's (a self-signed server)."""
    tls_fingerprint: str | None = None
    """Accept exactly this server certificate, given as its SHA-256 fingerprint
    ("sha256:AB:CD:…", as a refused connection reports it): for a self-signed, expired or
    other-host certificate you have checked. The connection stays encrypted, and any other
    certificate, even a valid one, is then refused (a changed certificate asks you again).
    Replaces the check against ca_file or the system's authorities for this server. Read
    again for each new connection: a line written while the app runs needs no restart."""
    allow_plaintext: bool = False
    """Allow tls = "plain"; only honoured for a loopback host (127.0.0.1, ::1, localhost)."""

    @property
    def effective_port(self) -> int:
        return self.port or {"implicit": 465, "starttls": 587, "plain": 25}[self.tls]

    @field_validator("tls_fingerprint")
    @classmethod
    def _a_pin(cls, value: str | None) -> str | None:
        return _a_fingerprint(value)

    @model_validator(mode="after")
    def _plain_only_when_allowed(self) -> SmtpSettings:
        _check_plain(self.tls, self.allow_plaintext, self.host)
        _check_pin(self.tls, self.tls_fingerprint)
        _check_command(self.password_command)
        return self


class ImapAccount(Strict):
    kind: Literal["imap"] = "imap"
    """The account type: "imap" (the default) or "matrix" (see MatrixAccount)."""
    name: str = Field(min_length=1, pattern=r"^[^\s:]+$")
    """Short name shown before its messages and errors; also the keyring entry's user name."""
    host: str = Field(min_length=1)
    """The IMAP server's host name."""
    port: int | None = Field(default=None, ge=1, le=65535)
    """Default: 993 for implicit TLS, 143 for STARTTLS and plain."""
    tls: Literal["implicit", "starttls", "plain"] = "implicit"
    """implicit (TLS from the first byte), starttls (upgrade after connecting) or plain
    (no encryption: only with allow_plaintext = true and a loopback host)."""
    user: str = Field(min_length=1)
    """The login name."""
    folders: list[str] = Field(default_factory=lambda: ["INBOX", "Sent"], min_length=1)
    """Folders to sync; include the Sent folder so your own replies join their threads."""
    our_addresses: list[str] = Field(default_factory=list)
    """Addresses that count as "us": mail from them is an answer, not a customer's message."""
    address: str = ""
    """The From address of replies; default: the first of our_addresses, else user when it is
    an address."""
    sent_folder: str = Field(default="Sent", min_length=1)
    """Where a copy of each sent reply is stored (created when missing)."""
    ca_file: Path | None = None
    """A PEM file of CA certificates to trust instead of the system's (a self-signed server)."""
    tls_fingerprint: str | None = None
    """Accept exactly this server certificate, given as its SHA-256 fingerprint
    ("sha256:AB:CD:…", as a refused connection reports it): for a self-signed, expired or
    other-host certificate you have checked. The connection stays encrypted, and any other
    certificate, even a valid one, is then refused (a changed certificate asks you again).
    Replaces the check against ca_file or the system's authorities for this server. Read
    again for each new connection: a line written while the app runs needs no restart."""
    password_command: list[str] | None = None
    """A command (argument list, run without a shell) that prints the password; without it,
    the system keyring is asked for service "supportdesk" and this account's name."""
    allow_plaintext: bool = False
    """Allow tls = "plain"; only honoured for a loopback host (127.0.0.1, ::1, localhost)."""
    smtp: SmtpSettings | None = None
    """How replies are sent, an [accounts.smtp] table; without it the account cannot send."""
    _config_file: Path | None = PrivateAttr(default=None)

    @property
    def effective_port(self) -> int:
        return self.port or (993 if self.tls == "implicit" else 143)

    @property
    def from_address(self) -> str:
        """The address replies are sent from; "" when none is configured or derivable."""
        if self.address:
            return self.address
        if self.our_addresses:
            return self.our_addresses[0]
        return self.user if "@" in self.user else ""

    @field_validator("address")
    @classmethod
    def _an_address(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"[^\s@<>]+@[^\s@<>]+", value):
            raise ValueError(f"not an e-mail address: {value!r} (write only the address)")
        return value

    @field_validator("tls_fingerprint")
    @classmethod
    def _a_pin(cls, value: str | None) -> str | None:
        return _a_fingerprint(value)

    @model_validator(mode="after")
    def _plain_only_when_allowed(self) -> ImapAccount:
        _check_plain(self.tls, self.allow_plaintext, self.host)
        _check_pin(self.tls, self.tls_fingerprint)
        _check_command(self.password_command)
        if self.smtp is not None:
            self.smtp = self.smtp.model_copy(
                update={
                    "user": self.smtp.user or self.user,
                    "password_command": self.smtp.password_command or self.password_command,
                }
            )
        return self


class MatrixAccount(Strict):
    """A chat account on a Matrix homeserver: each room it is in is a conversation."""

    kind: Literal["matrix"]
    """The account type: "matrix"."""
    name: str = Field(min_length=1, pattern=r"^[^\s:]+$")
    """Short name shown before its messages and errors; also the keyring entry's user name."""
    homeserver: str = Field(min_length=1)
    """The homeserver's client API address, e.g. "https://matrix.example.cz"."""
    user_id: str = Field(pattern=r"^@[^:\s]+:\S+$")
    """The support account's Matrix id, e.g. "@podpora:example.cz"."""
    token_command: list[str] | None = None
    """A command (argument list, run without a shell) that prints the access token; without
    it, the system keyring is asked for service "supportdesk" and this account's name
    (`supportdesk matrix-login NAME` logs in once with the password
    and stores the token there)."""
    our_user_ids: list[str] = Field(default_factory=list)
    """Other Matrix ids that count as "us" (colleagues answering from their own client)."""
    auto_join_invites: bool = True
    """Join the rooms the support account is invited to (a customer starting a chat)."""
    typing_notices: bool = False
    """Tell the customer while the agent is typing a reply."""
    ca_file: Path | None = None
    """A PEM file of CA certificates to trust instead of the system's (a self-signed server)."""
    tls_fingerprint: str | None = None
    """Accept exactly this server certificate, given as its SHA-256 fingerprint
    ("sha256:AB:CD:…", as a refused connection reports it): for a self-signed, expired or
    other-host certificate you have checked. The connection stays encrypted, and any other
    certificate, even a valid one, is then refused (a changed certificate asks you again).
    Replaces the check against ca_file or the system's authorities for this server. Read
    again for each new connection: a line written while the app runs needs no restart."""
    allow_plaintext: bool = False
    """Allow an http:// homeserver; only honoured for a loopback host (127.0.0.1, ::1,
    localhost)."""
    _config_file: Path | None = PrivateAttr(default=None)

    @property
    def from_address(self) -> str:
        """Who replies are from: the support account's Matrix id."""
        return self.user_id

    @field_validator("homeserver")
    @classmethod
    def _an_http_url(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.hostname:
            raise ValueError(f"not an https:// address: {value!r}")
        if parts.query or parts.fragment:
            raise ValueError(f"the homeserver address takes no ?query or #fragment: {value!r}")
        return value

    @field_validator("tls_fingerprint")
    @classmethod
    def _a_pin(cls, value: str | None) -> str | None:
        return _a_fingerprint(value)

    @model_validator(mode="after")
    def _plain_only_when_allowed(self) -> MatrixAccount:
        parts = urlsplit(self.homeserver)
        tls = "plain" if parts.scheme == "http" else "implicit"
        _check_pin(tls, self.tls_fingerprint)
        if tls == "plain" and not (self.allow_plaintext and is_loopback(parts.hostname or "")):
            raise ValueError(
                "an http:// homeserver sends the access token unencrypted: it needs "
                "allow_plaintext = true and a loopback host (127.0.0.1, ::1 or localhost)"
            )
        if self.token_command is not None and not self.token_command:
            raise ValueError("token_command is empty: give the program and its arguments")
        return self


def _account_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        kind = value.get("kind", "imap")
        return kind if isinstance(kind, str) else None
    return getattr(value, "kind", None)


Account = Annotated[
    Annotated[ImapAccount, Tag("imap")] | Annotated[MatrixAccount, Tag("matrix")],
    Discriminator(_account_kind),
]
"""One [[accounts]] table, told apart by its `kind` ("imap" when it has none)."""
ACCOUNT_KINDS = ("imap", "matrix")


def _check_plain(tls: str, allow_plaintext: bool, host: str) -> None:
    if tls == "plain" and not (allow_plaintext and is_loopback(host)):
        raise ValueError(
            'tls = "plain" sends the password unencrypted: it needs allow_plaintext = true '
            "and a loopback host (127.0.0.1, ::1 or localhost)"
        )


_FINGERPRINT = re.compile(r"(?:[0-9A-F]{2}:){31}[0-9A-F]{2}|[0-9A-F]{64}")


def _a_fingerprint(value: str | None) -> str | None:
    """A certificate's SHA-256 fingerprint as "sha256:AB:CD:…" (32 bytes in upper-case hex
    with colons); written with or without colons, in either case."""
    if value is None:
        return None
    text = value.strip()
    algorithm, colon, digits = text.partition(":")
    if not colon or algorithm.strip().lower() != "sha256":
        raise ValueError(
            f'not a "sha256:AB:CD:…" certificate fingerprint: {value!r} (copy it from the '
            "message of the refused connection)"
        )
    digits = digits.strip().upper()
    if not _FINGERPRINT.fullmatch(digits):
        raise ValueError(
            f"a SHA-256 fingerprint has 32 bytes (64 hex digits, e.g. AB:CD:…): {value!r}"
        )
    plain = digits.replace(":", "")
    return "sha256:" + ":".join(plain[i : i + 2] for i in range(0, 64, 2))


def _check_pin(tls: str, fingerprint: str | None) -> None:
    if fingerprint is not None and tls == "plain":
        raise ValueError(
            "tls_fingerprint pins a TLS certificate, but this connection is unencrypted "
            '(tls = "plain" or an http:// address): remove one of them'
        )


def _check_command(command: list[str] | None) -> None:
    if command is not None and not command:
        raise ValueError("password_command is empty: give the program and its arguments")


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class Config(Strict):
    agent: AgentConfig = Field(default_factory=AgentConfig)
    ui: UiConfig = Field(default_factory=UiConfig)
    cache: CacheConfig = Field(default_factory=CacheConfig)
    shop: ShopConfig = Field(default_factory=ShopConfig)
    canned: CannedConfig = Field(default_factory=CannedConfig)
    compose: ComposeConfig = Field(default_factory=ComposeConfig)
    reports: ReportsConfig = Field(default_factory=ReportsConfig)
    keymap: dict[str, str] = Field(default_factory=dict)
    """Binding id -> keys, e.g. "queue.down" = "j,down". Ids are listed by `?` in the app."""
    accounts: list[Account] = Field(default_factory=list)
    """Mail and chat accounts to sync, each an [[accounts]] table."""

    @field_validator("accounts")
    @classmethod
    def _unique_names(cls, accounts: list[Account]) -> list[Account]:
        names = [account.name for account in accounts]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"account names must be unique: {', '.join(duplicates)}")
        return accounts

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.ui.timezone)


def business_hours(config: Config) -> BusinessHours:
    """The shop's hours for reports: [reports] in the [ui] time zone."""
    reports = config.reports
    return BusinessHours(
        timezone=config.ui.timezone,
        start=time.fromisoformat(reports.opens),
        end=time.fromisoformat(reports.closes),
        weekdays=frozenset(WEEKDAY_NAMES.index(day) for day in reports.weekdays),
        holidays=frozenset(reports.holidays),
        always=reports.always_open,
    )


def load(path: Path) -> Config:
    """Read and validate a config file; a missing file gives the defaults."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc}") from exc
    config = parse(text, source=str(path))
    for account in config.accounts:
        account._config_file = path
    return config


_READ: dict[Path, tuple[tuple[int, int], Config]] = {}
"""Config file -> ((mtime, size), what it said) at its last good reading."""


def current_tls_fingerprint(account: ImapAccount | MatrixAccount, smtp: bool = False) -> str | None:
    """The account's tls_fingerprint (with `smtp`, its [accounts.smtp] one) as its config file
    says now, so a certificate accepted while the app runs counts from the next connection.
    As read at start when the account came from no file or the file no longer names it; as
    at the last good reading while the file does not read (being edited)."""
    known = _pin(account, smtp)
    path = account._config_file
    if path is None:
        return known
    try:
        stat = path.stat()
        version = (stat.st_mtime_ns, stat.st_size)
        if path not in _READ or _READ[path][0] != version:
            _READ[path] = (version, load(path))
    except (OSError, ConfigError) as error:
        log.info("%s: the config file does not read now: %s", path, error)
    if path not in _READ:
        return known
    again = next((a for a in _READ[path][1].accounts if a.name == account.name), None)
    return known if again is None or again.kind != account.kind else _pin(again, smtp)


def _pin(account: ImapAccount | MatrixAccount, smtp: bool) -> str | None:
    if not smtp:
        return account.tls_fingerprint
    if isinstance(account, ImapAccount) and account.smtp is not None:
        return account.smtp.tls_fingerprint
    return None


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
        loc = [str(part) for part in error["loc"]]
        if loc[:1] == ["accounts"] and len(loc) > 2 and loc[2] in ACCOUNT_KINDS:
            del loc[2]  # the union's tag ("matrix"), not a key of the file
        key = ".".join(loc)
        line = _line_of(text, loc)
        where = f"{source}:{line}" if line else source
        problem = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
        if error["type"] == "union_tag_invalid":
            kind = (error.get("ctx") or {}).get("tag")
            problem = f"unknown account kind {kind!r}; known: {', '.join(ACCOUNT_KINDS)}"
            line = _line_of(text, [*loc, "kind"])
            where = f"{source}:{line}" if line else source
        lines.append(f"{where}: {key}: {problem}")
    return "\n".join(lines)


def _line_of(text: str, loc: list[str]) -> int | None:
    """Best-effort line number of the last key of `loc`, searched after its table header."""
    rows = text.splitlines()
    start = 0
    if len(loc) > 1:
        header = re.compile(rf"^\s*\[+\s*{re.escape(loc[0])}\s*\]+\s*$")
        headers = [i for i, row in enumerate(rows) if header.match(row)]
        nth = int(loc[1]) if loc[1].isdigit() else 0  # [[accounts]] number n
        start = headers[min(nth, len(headers) - 1)] if headers else 0
    for table in loc[2:-1]:  # a sub-table such as [accounts.smtp]
        sub = re.compile(rf"^\s*\[\s*{re.escape(loc[0])}\.{re.escape(table)}\s*\]\s*$")
        start = next((i for i in range(start, len(rows)) if sub.match(rows[i])), start)
    key = re.compile(rf"^\s*\"?{re.escape(loc[-1])}\"?\s*=")
    for number in range(start, len(rows)):
        if key.match(rows[number]):
            return number + 1
    return start + 1 if start else None
