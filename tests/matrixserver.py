"""A private Matrix Synapse for tests: loopback only, a high port, no federation, no outbound.

Importable without pytest. One `Synapse` owns a temp dir holding its config, signing key,
SQLite database, media store, log and pid file; nothing outside it is written but the
Synapse install itself.

The install: Synapse pins many packages, so it lives in its own virtual environment, not the
project's: `synapse_python()` creates it on first use under the user's cache dir
(`$XDG_CACHE_HOME` or ~/.cache, then supportdesk-tests/synapse-<version>-py<X><Y>), with pip
from PyPI (about a minute), and every later run reuses it. A lock file beside it lets
parallel test processes wait for one install instead of racing; a marker written last tells
a whole venv from a half-built one. Without network that fails with `SynapseUnavailable`,
whose message says what to do.

Synapse runs as the caller, root included (it has no objection to root, unlike Dovecot).
It listens on 127.0.0.1 only, plain HTTP, client API (with the admin API) and nothing else;
federation is off (`federation_domain_whitelist: []`, no federation listener, no key servers)
and every outbound HTTP request is refused (`ip_range_blacklist` covers all of IPv4 and IPv6).

Users are made through the shared-secret admin API (`register_user`, `new_user`);
`MatrixClient` is a small blocking client for playing the customer (or checking what the
support account sees).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import logging
import mimetypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple
from urllib.parse import quote

import httpx

logger = logging.getLogger(__name__)

SYNAPSE_VERSION = "1.163.2"
"""The one pinned Synapse release (PyPI matrix-synapse); its venv is named after it."""
HOST = "127.0.0.1"
SERVER_NAME = "test.local"
START_TIMEOUT = 60.0
INSTALL_TIMEOUT = 900.0
SKIP_ENV = "SUPPORTDESK_SKIP_SYNAPSE"
"""Set to 1 to skip the tests that need Synapse on a machine without it (ignored in CI)."""
STRICT_MESSAGES = {"per_second": 0.1, "burst_count": 3}
"""rc_message of `Synapse(strict_rate_limits=True)`: within a few quick sends one gets a 429
(M_LIMIT_EXCEEDED, retry_after_ms about 10 s)."""

_RELAXED = {"per_second": 1000, "burst_count": 10000}


class SynapseError(RuntimeError):
    """The test server failed; the message carries the tail of its log."""


class SynapseUnavailable(SynapseError):
    """Synapse could not be installed (no network, no venv module)."""


class MatrixError(RuntimeError):
    """A Client-Server API request was refused: HTTP status, errcode, error text."""

    def __init__(self, status: int, body: dict[str, Any], method: str, path: str) -> None:
        self.status = status
        self.body = body
        self.errcode: str = str(body.get("errcode", ""))
        self.error: str = str(body.get("error", ""))
        self.retry_after_ms: int | None = body.get("retry_after_ms")
        super().__init__(f"{method} {path}: {status} {self.errcode} {self.error}".strip())


class MatrixUser(NamedTuple):
    """A registered account with one logged-in device."""

    user_id: str
    access_token: str
    device_id: str


# install -----------------------------------------------------------------------------------


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "supportdesk-tests"


def synapse_venv() -> Path:
    """Where the Synapse venv is (or will be): one per Synapse version and Python version."""
    tag = f"py{sys.version_info.major}{sys.version_info.minor}"
    return cache_dir() / f"synapse-{SYNAPSE_VERSION}-{tag}"


def skip_requested() -> bool:
    """SUPPORTDESK_SKIP_SYNAPSE=1 outside CI: tests needing Synapse may skip."""
    return os.environ.get(SKIP_ENV, "") not in ("", "0") and not os.environ.get("CI")


def synapse_python() -> Path:
    """The Python of the Synapse venv, installing Synapse first if needed (about a minute)."""
    venv = synapse_venv()
    python = venv / "bin" / "python"
    marker = venv / ".installed"
    if marker.exists() and python.exists():
        return python
    venv.parent.mkdir(parents=True, exist_ok=True)
    with (venv.parent / f"{venv.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be installing: wait for it
        if marker.exists() and python.exists():
            return python
        _install(venv)
    return python


def _install(venv: Path) -> None:
    """Build the venv in place (under the lock); `.installed`, written last, marks it whole,
    so a run killed halfway leaves no marker and the next one starts over."""
    shutil.rmtree(venv, ignore_errors=True)  # half-built, or its Python went away
    started = time.monotonic()
    logger.warning("installing Synapse %s into %s (once)", SYNAPSE_VERSION, venv)
    steps = [
        [sys.executable, "-m", "venv", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
         "--disable-pip-version-check", f"matrix-synapse=={SYNAPSE_VERSION}"],
    ]  # fmt: skip
    for step in steps:
        try:
            done = subprocess.run(
                step, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False
            )
        except subprocess.TimeoutExpired:
            raise SynapseUnavailable(
                f"installing Synapse took over {INSTALL_TIMEOUT:.0f} s: {' '.join(step)}"
            ) from None
        if done.returncode != 0:
            output = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
            raise SynapseUnavailable(
                f"could not install Synapse {SYNAPSE_VERSION} (needs PyPI) into {venv}:\n"
                f"$ {' '.join(step)}\n{output}\n"
                f"Outside CI, {SKIP_ENV}=1 skips the Matrix tests on this machine."
            )
    seconds = time.monotonic() - started
    (venv / ".installed").write_text(f"matrix-synapse {SYNAPSE_VERSION} in {seconds:.0f} s\n")
    logger.warning("Synapse %s installed in %.0f s", SYNAPSE_VERSION, seconds)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


# server ------------------------------------------------------------------------------------


class Synapse:
    """A Synapse homeserver with a private config; `start()` it, `stop()` it.

    `base_url` is the client API (http://127.0.0.1:<port>), `server_name` the domain of user
    ids (@name:test.local). Rate limits are relaxed so tests never wait, except with
    `strict_rate_limits=True`: messages are then limited to STRICT_MESSAGES, so a burst of
    sends gets a real 429 M_LIMIT_EXCEEDED with retry_after_ms.
    """

    def __init__(
        self,
        root: Path | None = None,
        *,
        strict_rate_limits: bool = False,
        server_name: str = SERVER_NAME,
        python: Path | None = None,
    ) -> None:
        self.python = python or synapse_python()
        self.root = Path(root) if root else Path(tempfile.mkdtemp(prefix="sd-synapse-"))
        self.server_name = server_name
        self.strict_rate_limits = strict_rate_limits
        self.host = HOST
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self.config_file = self.root / "homeserver.yaml"
        self.log_config_file = self.root / "log.config"
        self.log_file = self.root / "homeserver.log"
        self.console_file = self.root / "console.log"
        """Synapse's stdout/stderr: errors before its logging is set up (a bad config)."""
        self.pid_file = self.root / "homeserver.pid"
        self.signing_key_file = self.root / "signing.key"
        self.database_file = self.root / "homeserver.db"
        self.media_store = self.root / "media_store"
        self.shared_secret = secrets.token_urlsafe(32)
        self.passwords: dict[str, str] = {}
        """Password of each user registered here, by user id (for password logins)."""
        self._process: subprocess.Popen[bytes] | None = None
        self._prepare()

    # lifecycle -----------------------------------------------------------

    def start(self) -> None:
        if self.running:
            return
        with self.console_file.open("ab") as console:
            self._process = subprocess.Popen(
                [str(self.python), "-m", "synapse.app.homeserver", "-c", str(self.config_file)],
                stdout=console,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=self.root,
            )
        self.pid_file.write_text(f"{self._process.pid}\n")
        self._wait_until_answering()

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 10 s."""
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.pid_file.unlink(missing_ok=True)

    def restart(self) -> None:
        """Stop and start again on the same port; users, rooms, events and media stay."""
        self.stop()
        self.start()

    def cleanup(self) -> None:
        """Stop and remove the temp dir (database, media, config, log)."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self.running and self._process else None

    def __enter__(self) -> Synapse:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.cleanup()

    def log_tail(self, lines: int = 30) -> str:
        parts = []
        for path in (self.console_file, self.log_file):
            if path.exists() and path.stat().st_size:
                text = path.read_text(errors="replace").splitlines()
                parts.append(f"--- {path.name}\n" + "\n".join(text[-lines:]))
        return "\n".join(parts) or "(no log)"

    def listening_addresses(self) -> list[tuple[str, int]]:
        """(address, port) of every TCP socket the running server listens on, from /proc."""
        if self.pid is None:
            return []
        return listening_sockets(self.pid)

    # users -----------------------------------------------------------------

    def register_user(
        self, localpart: str, password: str | None = None, *, admin: bool = False
    ) -> MatrixUser:
        """Register through the shared-secret admin API (nonce + HMAC-SHA1), logged in once."""
        password = password or secrets.token_urlsafe(12)
        path = "/_synapse/admin/v1/register"
        with self._http() as http:
            nonce = _json(http.get(path), "GET", path)["nonce"]
            mac = hmac.new(self.shared_secret.encode(), digestmod=hashlib.sha1)
            for part in (nonce, localpart, password):
                mac.update(part.encode() + b"\x00")
            mac.update(b"admin" if admin else b"notadmin")
            body = {
                "nonce": nonce,
                "username": localpart,
                "password": password,
                "admin": admin,
                "mac": mac.hexdigest(),
            }
            reply = _json(http.post(path, json=body), "POST", path)
        self.passwords[reply["user_id"]] = password
        return MatrixUser(reply["user_id"], reply["access_token"], reply["device_id"])

    def new_user(self, prefix: str = "user", *, admin: bool = False) -> MatrixUser:
        """A fresh user with a unique localpart and a random password."""
        return self.register_user(f"{prefix}-{secrets.token_hex(4)}", admin=admin)

    def login(self, user_id: str, password: str | None = None) -> MatrixUser:
        """A new device of `user_id` by m.login.password (its registered password by default)."""
        body = {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": user_id},
            "password": password if password is not None else self.passwords[user_id],
        }
        path = "/_matrix/client/v3/login"
        with self._http() as http:
            reply = _json(http.post(path, json=body), "POST", path)
        return MatrixUser(reply["user_id"], reply["access_token"], reply["device_id"])

    def client(self, user: MatrixUser) -> MatrixClient:
        return MatrixClient(self.base_url, user)

    def user_id(self, localpart: str) -> str:
        return f"@{localpart}:{self.server_name}"

    # internals ---------------------------------------------------------------

    def _http(self) -> httpx.Client:
        return httpx.Client(base_url=self.base_url, trust_env=False, timeout=30)

    def _prepare(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.media_store.mkdir(exist_ok=True)
        self.log_config_file.write_text(json.dumps(self._log_config(), indent=2) + "\n")
        self.config_file.write_text(json.dumps(self._config(), indent=2) + "\n")
        done = subprocess.run(
            [str(self.python), "-m", "synapse.app.homeserver", "-c", str(self.config_file),
             "--generate-keys"],
            capture_output=True, text=True, cwd=self.root, check=False, timeout=120,
        )  # fmt: skip
        if done.returncode != 0 or not self.signing_key_file.exists():
            raise SynapseError(
                f"synapse --generate-keys failed ({done.returncode}):\n{done.stdout}{done.stderr}"
            )

    def _config(self) -> dict[str, Any]:
        """homeserver.yaml (written as JSON, which YAML reads): every choice explicit."""
        messages = STRICT_MESSAGES if self.strict_rate_limits else _RELAXED
        return {
            "server_name": self.server_name,
            "public_baseurl": f"{self.base_url}/",
            "pid_file": str(self.pid_file),  # Synapse writes it only when daemonized: we do
            "report_stats": False,
            "listeners": [
                {
                    "port": self.port,
                    "bind_addresses": [HOST],
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "database": {"name": "sqlite3", "args": {"database": str(self.database_file)}},
            "log_config": str(self.log_config_file),
            "media_store_path": str(self.media_store),
            "signing_key_path": str(self.signing_key_file),
            "registration_shared_secret": self.shared_secret,
            "macaroon_secret_key": secrets.token_urlsafe(32),
            "form_secret": secrets.token_urlsafe(32),
            "enable_registration": False,
            "bcrypt_rounds": 4,  # fast registrations and logins; test passwords only
            # no federation, nothing outbound
            "federation_domain_whitelist": [],
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "ip_range_blacklist": ["0.0.0.0/0", "::/0"],
            "ip_range_whitelist": [],
            "url_preview_enabled": False,
            "enable_metrics": False,
            # rate limits: relaxed unless strict messages are asked for
            "rc_message": messages,
            "rc_registration": _RELAXED,
            "rc_login": {"address": _RELAXED, "account": _RELAXED, "failed_attempts": _RELAXED},
            "rc_joins": {"local": _RELAXED, "remote": _RELAXED},
            "rc_joins_per_room": _RELAXED,
            "rc_invites": {"per_room": _RELAXED, "per_user": _RELAXED, "per_issuer": _RELAXED},
            "rc_room_creation": _RELAXED,
            "rc_media_create": _RELAXED,
            "rc_admin_redaction": _RELAXED,
            "rc_presence": {"per_user": _RELAXED},
            "rc_delayed_event_mgmt": _RELAXED,
            "rc_profile": _RELAXED,
            "rc_user_directory": _RELAXED,
        }

    def _log_config(self) -> dict[str, Any]:
        return {
            "version": 1,
            "formatters": {
                "precise": {
                    "format": "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s - "
                    "%(request)s - %(message)s"
                }
            },
            "handlers": {
                "file": {
                    "class": "logging.FileHandler",
                    "formatter": "precise",
                    "filename": str(self.log_file),
                    "encoding": "utf8",
                }
            },
            "root": {"level": "WARNING", "handlers": ["file"]},
            "disable_existing_loggers": False,
        }

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        with self._http() as http:
            while time.monotonic() < deadline:
                if self._process is not None and self._process.poll() is not None:
                    code = self._process.returncode
                    self._process = None
                    self.pid_file.unlink(missing_ok=True)
                    raise SynapseError(f"synapse exited at start ({code}):\n{self.log_tail()}")
                with contextlib.suppress(httpx.TransportError):
                    if http.get("/_matrix/client/versions", timeout=2).status_code == 200:
                        return
                time.sleep(0.1)
        self.stop()
        raise SynapseError(f"synapse did not answer within {START_TIMEOUT} s:\n{self.log_tail()}")


# client ------------------------------------------------------------------------------------


class MatrixClient:
    """A blocking Client-Server API client for one user: a customer writing to support, or
    the support account when a test checks what it sees. Errors raise `MatrixError`.

    Each method is one request (v3 endpoints); event ids and room ids come back as strings.
    """

    def __init__(self, base_url: str, user: MatrixUser) -> None:
        self.user = user
        self.user_id = user.user_id
        self.http = httpx.Client(
            base_url=base_url,
            trust_env=False,
            timeout=30,
            headers={"Authorization": f"Bearer {user.access_token}"},
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> MatrixClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # rooms

    def create_room(
        self, invite: Sequence[str] = (), name: str | None = None, *, is_direct: bool = True
    ) -> str:
        """A private room inviting `invite`; a direct chat (trusted_private_chat) by default."""
        body: dict[str, Any] = {
            "invite": list(invite),
            "is_direct": is_direct,
            "preset": "trusted_private_chat" if is_direct else "private_chat",
        }
        if name is not None:
            body["name"] = name
        return str(self.request("POST", "/createRoom", body)["room_id"])

    def join(self, room_id: str) -> str:
        return str(self.request("POST", f"/join/{quote(room_id, safe='')}", {})["room_id"])

    def leave(self, room_id: str) -> None:
        self.request("POST", f"/rooms/{quote(room_id, safe='')}/leave", {})

    def set_room_state(
        self, room_id: str, event_type: str, content: dict[str, Any], state_key: str = ""
    ) -> str:
        path = f"/rooms/{quote(room_id, safe='')}/state/{quote(event_type, safe='')}"
        return str(self.request("PUT", f"{path}/{quote(state_key, safe='')}", content)["event_id"])

    def mark_bridged(self, room_id: str, protocol: str = "whatsapp", channel: str = "") -> None:
        """Make the room look portalled by a bridge (MSC2346): m.bridge and the older
        uk.half-shot.bridge state, `protocol.id` = `protocol` (e.g. whatsapp, telegram)."""
        content = bridge_content(self.user_id, protocol, channel or room_id)
        key = f"org.example.{protocol}://{protocol}/{content['channel']['id']}"
        for event_type in ("m.bridge", "uk.half-shot.bridge"):
            self.set_room_state(room_id, event_type, content, state_key=key)

    # messages

    def send(
        self, room_id: str, content: dict[str, Any], event_type: str = "m.room.message"
    ) -> str:
        """Any message event; returns its event id."""
        room, kind, txn = quote(room_id, safe=""), quote(event_type, safe=""), _txn_id()
        return str(self.request("PUT", f"/rooms/{room}/send/{kind}/{txn}", content)["event_id"])

    def send_text(self, room_id: str, body: str, formatted_body: str | None = None) -> str:
        return self.send(room_id, _text("m.text", body, formatted_body))

    def send_notice(self, room_id: str, body: str, formatted_body: str | None = None) -> str:
        return self.send(room_id, _text("m.notice", body, formatted_body))

    def edit(self, room_id: str, event_id: str, new_body: str) -> str:
        """Replace a text message (m.replace): the fallback body starts with '* '."""
        content = {
            "msgtype": "m.text",
            "body": f"* {new_body}",
            "m.new_content": {"msgtype": "m.text", "body": new_body},
            "m.relates_to": {"rel_type": "m.replace", "event_id": event_id},
        }
        return self.send(room_id, content)

    def redact(self, room_id: str, event_id: str, reason: str | None = None) -> str:
        path = f"/rooms/{quote(room_id, safe='')}/redact/{quote(event_id, safe='')}/{_txn_id()}"
        body = {"reason": reason} if reason is not None else {}
        return str(self.request("PUT", path, body)["event_id"])

    def upload(self, data: bytes, content_type: str, filename: str) -> str:
        """Upload to the media repository; returns the mxc:// URI."""
        path = "/_matrix/media/v3/upload"
        response = self.http.post(
            path, params={"filename": filename}, content=data,
            headers={"Content-Type": content_type},
        )  # fmt: skip
        return str(_json(response, "POST", path)["content_uri"])

    def send_file(
        self,
        room_id: str,
        mxc: str,
        filename: str,
        mimetype: str | None = None,
        size: int | None = None,
        msgtype: str = "m.file",
    ) -> str:
        """An m.file (or m.image, m.audio, m.video) message pointing at uploaded media."""
        info: dict[str, Any] = {"mimetype": mimetype or _guess_type(filename)}
        if size is not None:
            info["size"] = size
        content = {"msgtype": msgtype, "body": filename, "filename": filename, "url": mxc}
        return self.send(room_id, content | {"info": info})

    # reading

    def sync(
        self,
        since: str | None = None,
        timeout_ms: int = 0,
        filter: dict[str, Any] | str | None = None,  # noqa: A002 (the API's name)
    ) -> dict[str, Any]:
        """One /sync; `filter` inline (a dict) or a filter id, e.g.
        {"room": {"timeline": {"limit": 50}}} for more than the default 10 events a room."""
        params: dict[str, Any] = {"timeout": timeout_ms}
        if since:
            params["since"] = since
        if filter is not None:
            params["filter"] = filter if isinstance(filter, str) else json.dumps(filter)
        return self.request("GET", "/sync", params=params, timeout=timeout_ms / 1000 + 30)

    def messages(self, room_id: str, limit: int = 100) -> list[dict[str, Any]]:
        """The room's newest events, oldest first (/messages backwards from the end)."""
        path = f"/rooms/{quote(room_id, safe='')}/messages"
        chunk = self.request("GET", path, params={"dir": "b", "limit": limit})["chunk"]
        return list(reversed(chunk))

    def request(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        *,
        params: dict[str, Any] | None = None,
        timeout: float = 30,
    ) -> dict[str, Any]:
        """One Client-Server v3 request (`path` after /_matrix/client/v3)."""
        full = f"/_matrix/client/v3{path}"
        response = self.http.request(method, full, json=body, params=params, timeout=timeout)
        return _json(response, method, full)


def bridge_content(creator: str, protocol: str, channel: str) -> dict[str, Any]:
    """State content of an MSC2346 bridge event for `protocol` (id and display name)."""
    bot = creator.replace("@", f"@{protocol}bot-", 1) if creator.startswith("@") else creator
    return {
        "bridgebot": bot,
        "creator": creator,
        "protocol": {"id": protocol, "displayname": protocol.capitalize()},
        "channel": {"id": channel, "displayname": channel},
    }


def listening_sockets(pid: int) -> list[tuple[str, int]]:
    """(address, port) of the TCP sockets in LISTEN state that process `pid` holds (Linux)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            target = os.readlink(fd)
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    found = []
    for table, family in (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6)):
        path = Path(f"/proc/net/{table}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] != "0A" or fields[9] not in inodes:  # 0A: LISTEN
                continue
            address, port = fields[1].split(":")
            raw = bytes.fromhex(address)
            # /proc prints each 32-bit word in host (little-endian) order
            raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            found.append((socket.inet_ntop(family, raw), int(port, 16)))
    return found


@contextlib.contextmanager
def running_synapse(**options: Any) -> Iterator[Synapse]:
    """A started server, cleaned up afterwards; keyword arguments as Synapse's."""
    server = Synapse(**options)
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


def _text(msgtype: str, body: str, formatted_body: str | None) -> dict[str, Any]:
    content = {"msgtype": msgtype, "body": body}
    if formatted_body is not None:
        content |= {"format": "org.matrix.custom.html", "formatted_body": formatted_body}
    return content


def _guess_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def _txn_id() -> str:
    return f"sdtest-{time.time_ns()}-{secrets.token_hex(4)}"


def _json(response: httpx.Response, method: str, path: str) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = {"error": response.text[:200]}
    if not isinstance(body, dict):
        body = {"error": repr(body)[:200]}
    if response.status_code >= 400:
        raise MatrixError(response.status_code, body, method, path)
    return body
