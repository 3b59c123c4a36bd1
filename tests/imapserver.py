"""A private Dovecot for tests and benchmarks: loopback only, high ports, its own CA.

Importable without pytest (the bench uses it too). One `Dovecot` owns a temp dir holding
its config, certificates, passwd-files, maildirs, sockets and log; nothing under /etc is
read or written.

Who owns the mail: as a normal user, that user, and every Dovecot service runs as
that user too, so no root is needed at all. As root (CI), Dovecot refuses mail
processes as root whatever `first_valid_uid` says ("Mail access not allowed for
root"), so the mail belongs to a dedicated unprivileged system user, `MAIL_USER`,
created with useradd the first time it is missing.
"""

from __future__ import annotations

import contextlib
import imaplib
import itertools
import logging
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from tests.imapcerts import CertKind, make_ca_and_server_cert, make_server_cert
from tests.imapconfig import LMTP

logger = logging.getLogger(__name__)

DOVECOT = Path("/usr/sbin/dovecot")
DOVEADM = Path("/usr/bin/doveadm")
HOST = "127.0.0.1"
MAIL_USER = "sdtest-mail"
START_TIMEOUT = 15.0

# One message for a bulk append: raw bytes, flags, internal date (None: now).
Message = tuple[bytes, Sequence[str], datetime | None]


@dataclass(frozen=True)
class MailUser:
    """A test account on the server."""

    name: str
    password: str


class DovecotError(RuntimeError):
    """The test server failed; the message carries the tail of its log."""


def dovecot_available() -> bool:
    return DOVECOT.exists() and DOVEADM.exists()


def mail_account() -> pwd.struct_passwd:
    """The account that owns the test mail: the caller, or MAIL_USER when we are root."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid())
    try:
        return pwd.getpwnam(MAIL_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--user-group", "--no-create-home",
             "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", MAIL_USER],
            check=True, capture_output=True,
        )  # fmt: skip
        return pwd.getpwnam(MAIL_USER)


def lmtp_available() -> bool:
    return LMTP.exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class Dovecot:
    """A Dovecot 2.3 instance with a private config; `start()` it, `stop()` it.

    `imap_port` offers STARTTLS, `imaps_port` implicit TLS; both verify with `ca_file`.
    Plaintext LOGIN without TLS: Dovecot counts 127.0.0.1 -> 127.0.0.1 as a secure
    connection and always allows it; from another loopback address (127.0.0.2) it is
    refused (LOGINDISABLED) unless `allow_plaintext`.

    `certificate` is the kind of certificate it serves (tests/imapcerts.py): "trusted" by
    default; "self-signed", "expired" or "wrong-host" for a server a client must refuse.
    `use_certificate` makes another one, served from the next `restart()`.
    """

    def __init__(
        self,
        root: Path | None = None,
        *,
        allow_plaintext: bool = False,
        certificate: CertKind = "trusted",
    ) -> None:
        self.root = Path(root) if root else Path(tempfile.mkdtemp(prefix="sd-dovecot-"))
        self.allow_plaintext = allow_plaintext
        self.certificate = certificate
        self.host = HOST
        self.imap_port = free_port()
        self.imaps_port = free_port()
        self.lmtp_port: int | None = free_port() if lmtp_available() else None
        """LMTP for delivering mail as an MTA would (tests/smtpserver.py); None without
        dovecot-lmtpd."""
        self.config_file = self.root / "dovecot.conf"
        self.log_file = self.root / "dovecot.log"
        self.passwd_dir = self.root / "passwd.d"
        self.ca_file = self.root / "ca.pem"
        self.cert_file = self.root / "server.pem"
        self.key_file = self.root / "server.key"
        self.passwords: dict[str, str] = {}
        self.mail_owner = mail_account()
        self._process: subprocess.Popen[bytes] | None = None
        self._prepare()

    # lifecycle -----------------------------------------------------------

    def start(self) -> None:
        if self.running:
            return
        log = self.log_file.open("ab")
        self._process = subprocess.Popen(
            [str(DOVECOT), "-F", "-c", str(self.config_file)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        self._wait_until_listening()

    def stop(self) -> None:
        """Stop the master and end open IMAP sessions too, as a server going down would.

        (Dovecot's master leaves running imap processes behind when it exits.)
        """
        process, self._process = self._process, None
        if process is None:
            return
        sessions = descendants(process.pid)
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for pid in sessions:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def restart(self) -> None:
        self.stop()
        self.start()

    def cleanup(self) -> None:
        """Stop and remove the temp dir (mail, config, certificates)."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def __enter__(self) -> Dovecot:
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
        if not self.log_file.exists():
            return "(no log)"
        text = self.log_file.read_text(errors="replace").splitlines()
        return "\n".join(text[-lines:])

    # users -----------------------------------------------------------------

    def create_user(self, user: str, password: str) -> None:
        if not re.fullmatch(r"[A-Za-z0-9._-]+", user):
            raise ValueError(f"test user names are plain ASCII: {user!r}")
        self.passwords[user] = password
        self._write_passwd(user)

    def new_user(self, prefix: str = "user") -> MailUser:
        """A fresh user with a random password and an empty mailbox."""
        user = MailUser(f"{prefix}-{secrets.token_hex(4)}", secrets.token_urlsafe(12))
        self.create_user(user.name, user.password)
        return user

    def change_password(self, user: str, password: str) -> None:
        if user not in self.passwords:
            raise KeyError(user)
        self.passwords[user] = password
        self._write_passwd(user)
        # Dovecot looks at a passwd-file at most once a second: let that second pass.
        time.sleep(1.1)

    def maildir(self, user: str) -> Path:
        return self.root / "home" / user / "Maildir"

    # mail --------------------------------------------------------------------

    def use_certificate(self, kind: CertKind) -> None:
        """Make a new certificate of `kind` (a new key too); served from the next restart."""
        make_server_cert(kind, self.root, self.cert_file, self.key_file)
        self.certificate = kind

    def ssl_context(self) -> ssl.SSLContext:
        """For the tests' own sessions (setting up mail, checking it): verified against the
        test CA, unless the server serves a certificate made to be refused."""
        context = ssl.create_default_context(cafile=str(self.ca_file))
        if self.certificate not in ("trusted", "renewed"):
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    @contextlib.contextmanager
    def session(self, user: str) -> Iterator[imaplib.IMAP4_SSL]:
        """A logged-in IMAPS session as `user` (for setting up and checking tests)."""
        client = imaplib.IMAP4_SSL(self.host, self.imaps_port, ssl_context=self.ssl_context())
        try:
            client.login(user, self.passwords[user])
            yield client
        finally:
            with contextlib.suppress(imaplib.IMAP4.error, OSError):
                client.logout()

    def create_folder(self, user: str, folder: str) -> None:
        with self.session(user) as imap:
            _check(imap.create(_quote(folder)), "CREATE")

    def delete_folder(self, user: str, folder: str) -> None:
        with self.session(user) as imap:
            _check(imap.delete(_quote(folder)), "DELETE")

    def append(
        self,
        user: str,
        folder: str,
        raw: bytes,
        flags: Sequence[str] = (),
        date: datetime | None = None,
    ) -> int:
        """APPEND one message; returns its UID. Creates the folder if missing."""
        with self.session(user) as imap:
            self._ensure_folder(imap, folder)
            when = imaplib.Time2Internaldate(date or datetime.now(UTC))
            typ, data = imap.append(_quote(folder), _flag_list(flags), when, raw)
            _check((typ, data), "APPEND")
            return _appenduid(data)

    def append_many(self, user: str, folder: str, messages: Iterable[Message]) -> int:
        """Bulk APPEND through MULTIAPPEND with LITERAL+; returns how many were stored."""
        return self.load(user, ((folder, message) for message in messages))[folder]

    def load(self, user: str, mails: Iterable[tuple[str, Message]]) -> Counter[str]:
        """Bulk APPEND of (folder, message) pairs into any folders; counts per folder.

        Missing folders are created. About 1,500 mails a second on a 2-core machine.
        """
        from tests.imapbulk import multiappend

        pairs = iter(mails)
        first = next(pairs, None)
        if first is None:
            return Counter()
        seen: set[str] = set()

        def creating(pair: tuple[str, Message]) -> tuple[str, Message]:
            if pair[0] not in seen:
                seen.add(pair[0])
                with self.session(user) as imap:
                    self._ensure_folder(imap, pair[0])
            return pair

        return multiappend(self, user, map(creating, itertools.chain([first], pairs)))

    def expunge(self, user: str, folder: str, uids: Iterable[int]) -> None:
        uid_set = ",".join(str(uid) for uid in uids)
        if not uid_set:
            return
        with self.session(user) as imap:
            _check(imap.select(_quote(folder)), "SELECT")
            _check(imap.uid("STORE", uid_set, "+FLAGS.SILENT", r"(\Deleted)"), "STORE")
            _check(imap.uid("EXPUNGE", uid_set), "UID EXPUNGE")

    def set_flags(self, user: str, folder: str, uids: Iterable[int], flags: Sequence[str]) -> None:
        """Replace the flags of the given messages (bumps their MODSEQ)."""
        uid_set = ",".join(str(uid) for uid in uids)
        with self.session(user) as imap:
            _check(imap.select(_quote(folder)), "SELECT")
            _check(imap.uid("STORE", uid_set, "FLAGS.SILENT", _flag_list(flags)), "STORE")

    def status(self, user: str, folder: str) -> dict[str, int]:
        """MESSAGES, UIDNEXT, UIDVALIDITY and HIGHESTMODSEQ of a folder."""
        with self.session(user) as imap:
            items = "(MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)"
            typ, data = imap.status(_quote(folder), items)
            _check((typ, data), "STATUS")
        text = data[0].decode() if isinstance(data[0], bytes) else str(data[0])
        return {k: int(v) for k, v in re.findall(r"([A-Z]+) (\d+)", text)}

    def count(self, user: str, folder: str) -> int:
        return self.status(user, folder)["MESSAGES"]

    def uidvalidity(self, user: str, folder: str) -> int:
        return self.status(user, folder)["UIDVALIDITY"]

    def set_uidvalidity(self, user: str, folder: str, value: int) -> None:
        """Change UIDVALIDITY in place, as a server restore would (UIDs keep their numbers)."""
        self.doveadm("mailbox", "update", "-u", user, "--uid-validity", str(value), folder)

    def recreate_folder(self, user: str, folder: str) -> int:
        """Delete and create a folder again; returns the new UIDVALIDITY (always different)."""
        old = self.uidvalidity(user, folder)
        self.delete_folder(user, folder)
        self.create_folder(user, folder)
        new = self.uidvalidity(user, folder)
        if new == old:  # Dovecot uses the clock: same second, same value
            new = old + 1
            self.set_uidvalidity(user, folder, new)
        return new

    def doveadm(self, *args: str) -> str:
        """Run doveadm against this instance; raises DovecotError with its output if it fails."""
        done = subprocess.run(
            [str(DOVEADM), "-c", str(self.config_file), *args],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise DovecotError(f"doveadm {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    # internals ---------------------------------------------------------------

    def _ensure_folder(self, imap: imaplib.IMAP4, folder: str) -> None:
        if folder.upper() == "INBOX":
            return
        typ, data = imap.list('""', _quote(folder))
        if typ == "OK" and data and data[0] is not None:
            return
        _check(imap.create(_quote(folder)), "CREATE")

    def _prepare(self) -> None:
        # Dovecot's auth process runs as its internal user and must reach the passwd-file.
        self.root.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o711)
        for sub in ("run", "state", "home", "passwd.d"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        os.chown(self.root / "home", self.mail_owner.pw_uid, self.mail_owner.pw_gid)
        make_ca_and_server_cert(self.root, self.ca_file, self.cert_file, self.key_file)
        if self.certificate != "trusted":
            make_server_cert(self.certificate, self.root, self.cert_file, self.key_file)
        self.config_file.write_text(self._config())

    def _write_passwd(self, user: str) -> None:
        """One passwd-file per user: a new user's file is read fresh at its first login.

        (A shared file added to within the second of the last lookup is not re-read.)
        uid/gid stay empty: mail_uid/mail_gid in the config give them.
        """
        path = self.passwd_dir / user
        old_mtime = path.stat().st_mtime if path.exists() else 0.0
        line = f"{user}:{{PLAIN}}{self.passwords[user]}::::{self.root / 'home' / user}::\n"
        tmp = path.with_suffix(".tmp")
        tmp.write_text(line)
        tmp.chmod(0o644)  # test passwords only; read by the auth process
        # Dovecot re-reads when mtime (seconds) or size differ: make sure the mtime does.
        mtime = max(time.time(), old_mtime + 1)
        os.utime(tmp, (mtime, mtime))
        tmp.replace(path)

    def _config(self) -> str:
        from tests.imapconfig import render_config

        return render_config(self)

    def _wait_until_listening(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                self._process = None
                raise DovecotError(f"dovecot exited at start:\n{self.log_tail()}")
            ports = [self.imap_port, self.imaps_port, *([self.lmtp_port] if self.lmtp_port else [])]
            if all(_answers(self.host, port) for port in ports):
                return
            time.sleep(0.05)
        self.stop()
        raise DovecotError(f"dovecot did not listen within {START_TIMEOUT} s:\n{self.log_tail()}")


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    pending = [pid]
    while pending:
        for child in children.get(pending.pop(), []):
            found.append(child)
            pending.append(child)
    return found


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flag_list(flags: Sequence[str]) -> str:
    return "(" + " ".join(flags) + ")"


def _check(result: tuple[str, Sequence[object]], command: str) -> None:
    typ, data = result
    if typ != "OK":
        raise DovecotError(f"{command} failed: {typ} {data!r}")


def _appenduid(data: Sequence[object]) -> int:
    text = data[0].decode() if isinstance(data[0], bytes) else str(data[0])
    match = re.search(r"APPENDUID \d+ (\d+)", text)
    if match is None:
        raise DovecotError(f"APPEND gave no APPENDUID: {text!r}")
    return int(match.group(1))
