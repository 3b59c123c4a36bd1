"""A throwaway CA and a server certificate for 127.0.0.1/localhost, made with the openssl CLI.

Tests verify the server against `ca.pem`, as a client would with a private CA; nothing
is trusted system-wide. The SAN also names 127.0.0.1 as a DNS name: isync 1.4 matches
only DNS names, not IP addresses, against the host it connects to.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

DAYS = "30"
SERVER_EXTENSIONS = """\
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost, DNS:127.0.0.1
"""


def make_ca_and_server_cert(workdir: Path, ca_file: Path, cert_file: Path, key_file: Path) -> None:
    ca_key = workdir / "ca.key"
    csr = workdir / "server.csr"
    extensions = workdir / "server.ext"
    extensions.write_text(SERVER_EXTENSIONS)
    _openssl(
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", str(ca_key), "-out", str(ca_file), "-days", DAYS,
        "-subj", "/CN=supportdesk test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )  # fmt: skip
    _openssl(
        "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", str(key_file), "-out", str(csr), "-subj", "/CN=localhost",
    )  # fmt: skip
    _openssl(
        "x509", "-req", "-in", str(csr), "-CA", str(ca_file), "-CAkey", str(ca_key),
        "-CAcreateserial", "-out", str(cert_file), "-days", DAYS, "-extfile", str(extensions),
    )  # fmt: skip
    key_file.chmod(0o600)


def _openssl(*args: str) -> None:
    done = subprocess.run(["openssl", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"openssl {args[0]} failed: {done.stderr.strip()}")
