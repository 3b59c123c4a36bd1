"""A throwaway CA and a server certificate for 127.0.0.1/localhost, made with the openssl CLI.

Tests verify the server against `ca.pem`, as a client would with a private CA; nothing
is trusted system-wide. The SAN also names 127.0.0.1 as a DNS name: isync 1.4 matches
only DNS names, not IP addresses, against the host it connects to.

`make_server_cert` makes the certificates a client must refuse (with cryptography, which
can date a certificate in the past): one that signed itself, one from the test CA that
expired, one from the test CA for another host, and "renewed": another valid one from the
test CA, as a server shows after renewing (a pinned fingerprint no longer matches it).
"""

from __future__ import annotations

import ipaddress
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

CertKind = Literal["trusted", "renewed", "self-signed", "expired", "wrong-host"]
CERT_KINDS: tuple[CertKind, ...] = ("trusted", "renewed", "self-signed", "expired", "wrong-host")
OTHER_HOST = "mail.other.example"
"""The only name of the "wrong-host" certificate."""
EXPIRED_ON = datetime(2026, 1, 31, 12, 0, tzinfo=UTC)
"""When the "expired" certificate ran out."""

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


def make_server_cert(kind: CertKind, ca_dir: Path, cert_file: Path, key_file: Path) -> None:
    """A server certificate of `kind` into cert_file and key_file (PEM), for 127.0.0.1 and
    localhost unless "wrong-host"; the test CA is ca_dir's ca.pem and ca.key (as
    `make_ca_and_server_cert` left them)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.now(UTC)
    begins, ends = now - timedelta(hours=1), now + timedelta(days=int(DAYS))
    if kind == "expired":
        begins, ends = EXPIRED_ON - timedelta(days=90), EXPIRED_ON
    if kind == "wrong-host":
        names: list[x509.GeneralName] = [x509.DNSName(OTHER_HOST)]
        common = OTHER_HOST
    else:
        names = [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost"),
                 x509.DNSName("127.0.0.1")]  # fmt: skip
        common = "localhost"
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])
    if kind == "self-signed":
        issuer, signing_key = subject, key
    else:
        ca = x509.load_pem_x509_certificate((ca_dir / "ca.pem").read_bytes())
        ca_key = serialization.load_pem_private_key((ca_dir / "ca.key").read_bytes(), None)
        assert isinstance(ca_key, ec.EllipticCurvePrivateKey)
        issuer, signing_key = ca.subject, ca_key
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(begins)
        .not_valid_after(ends)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(signing_key, hashes.SHA256())
    )
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_file.chmod(0o600)


class CertSet:
    """A test CA in `root` (ca.pem, ca.key) and server certificates of any kind made from it,
    each in files of its own: `make("expired")` -> (certificate, key)."""

    def __init__(self, root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.ca_file = root / "ca.pem"
        self._made = 0
        make_ca_and_server_cert(root, self.ca_file, root / "server.pem", root / "server.key")

    def make(self, kind: CertKind) -> tuple[Path, Path]:
        self._made += 1
        cert, key = (self.root / f"{kind}-{self._made}.{ext}" for ext in ("pem", "key"))
        make_server_cert(kind, self.root, cert, key)
        return cert, key


def pin_of(cert_file: Path) -> str:
    """The "sha256:AB:…" fingerprint of a PEM certificate, as tls_fingerprint takes it."""
    import hashlib
    import ssl

    der = ssl.PEM_cert_to_DER_cert(cert_file.read_text())
    return "sha256:" + ":".join(f"{byte:02X}" for byte in hashlib.sha256(der).digest())
