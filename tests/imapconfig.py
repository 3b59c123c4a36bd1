"""The private dovecot.conf (2.3 syntax) for tests.imapserver.Dovecot."""

from __future__ import annotations

import grp
import os
import pwd
from pathlib import Path
from typing import Protocol

DH_FILE = Path("/usr/share/dovecot/dh.pem")
LMTP = Path("/usr/lib/dovecot/lmtp")
"""Debian's dovecot-lmtpd; without it the server offers IMAP only (lmtp_port is None)."""


class _Server(Protocol):
    root: Path
    host: str
    imap_port: int
    imaps_port: int
    lmtp_port: int | None
    log_file: Path
    passwd_dir: Path
    cert_file: Path
    key_file: Path
    allow_plaintext: bool
    mail_owner: pwd.struct_passwd


def render_config(server: _Server) -> str:
    root = server.root
    user = pwd.getpwuid(os.geteuid())
    return "\n".join(
        [
            f"instance_name = sd-test-{server.imap_port}",
            f"base_dir = {root / 'run'}",
            f"state_dir = {root / 'state'}",
            f"log_path = {server.log_file}",
            f"info_log_path = {server.log_file}",
            f"listen = {server.host}",
            "protocols = imap" + (" lmtp" if server.lmtp_port else ""),
            "shutdown_clients = yes",
            _privileges(user, server.mail_owner),
            _tls(server),
            _auth(server),
            _mail(),
            _services(server, chroot=user.pw_uid == 0),
            _lmtp(server),
            "",
        ]
    )


def _privileges(user: pwd.struct_passwd, owner: pwd.struct_passwd) -> str:
    group = grp.getgrgid(user.pw_gid).gr_name
    mail_user = (
        f"mail_uid = {owner.pw_uid}\nmail_gid = {owner.pw_gid}\n"
        f"first_valid_uid = {owner.pw_uid}\nfirst_valid_gid = {owner.pw_gid}\n"
    )
    if user.pw_uid == 0:
        return mail_user  # root master, mail as the unprivileged owner (see imapserver)
    # Unprivileged: every service runs as the caller, so the master needs no root.
    return mail_user + (
        f"default_internal_user = {user.pw_name}\n"
        f"default_login_user = {user.pw_name}\n"
        f"default_internal_group = {group}\n"
    )


def _tls(server: _Server) -> str:
    lines = [
        "ssl = yes",
        f"ssl_cert = <{server.cert_file}",
        f"ssl_key = <{server.key_file}",
        "ssl_min_protocol = TLSv1.2",
    ]
    if DH_FILE.exists():
        lines.append(f"ssl_dh = <{DH_FILE}")
    return "\n".join(lines) + "\n"


def _auth(server: _Server) -> str:
    plaintext = "no" if server.allow_plaintext else "yes"
    return f"""\
disable_plaintext_auth = {plaintext}
auth_mechanisms = plain login
auth_cache_size = 0
# Fail fast: no 2 s delay after a wrong password (the penalty is off in _services).
auth_failure_delay = 0
auth_verbose = yes
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {server.passwd_dir}/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {server.passwd_dir}/%u
}}
"""


def _mail() -> str:
    # fsync off and very dirty syncs: a throwaway server, loaded with 100k messages.
    return """\
mail_location = maildir:~/Maildir
mail_fsync = never
maildir_very_dirty_syncs = yes
mail_max_userip_connections = 200
imap_idle_notify_interval = 2 mins
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
}
"""


def _services(server: _Server, *, chroot: bool) -> str:
    # Login and anvil processes chroot by default, which only root can do.
    no_chroot = "" if chroot else "  chroot =\n"
    return f"""\
service imap-login {{
{no_chroot}  inet_listener imap {{
    address = {server.host}
    port = {server.imap_port}
  }}
  inet_listener imaps {{
    address = {server.host}
    port = {server.imaps_port}
    ssl = yes
  }}
}}
service imap {{
  process_limit = 256
}}
# No anvil socket for auth penalties: the documented way to turn them off. Otherwise
# every wrong-password test slows all later logins from 127.0.0.1 (2 s, then 4, ... 15).
service anvil {{
{no_chroot}  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""


def _lmtp(server: _Server) -> str:
    """LMTP on loopback: the test SMTP peer (tests/smtpserver.py) delivers through it.

    Recipients are addresses (user@any.domain); the domain is dropped to find the user, and
    the mail is stored as mail_uid, like IMAP's.
    """
    if server.lmtp_port is None:
        return ""
    return f"""\
service lmtp {{
  inet_listener lmtp {{
    address = {server.host}
    port = {server.lmtp_port}
  }}
}}
protocol lmtp {{
  auth_username_format = %Ln
}}
"""
