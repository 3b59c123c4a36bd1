"""Why a certificate was refused, in words: from OpenSSL's verdict and the certificate's facts."""

from __future__ import annotations

import ipaddress
import ssl
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from supportdesk_tui.connectors import tls

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


def certificate(names: list[str], begins: datetime, ends: datetime) -> bytes:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "shop")])
    general: list[x509.GeneralName] = []
    for name in names:
        try:
            general.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            general.append(x509.DNSName(name))
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(begins)
        .not_valid_after(ends)
        .add_extension(x509.SubjectAlternativeName(general), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.DER)


def refused(code: int, message: str) -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(1, message)
    error.verify_code, error.verify_message = code, message
    return error


@pytest.mark.parametrize(
    ("name", "host", "matches"),
    [
        ("mail.example.cz", "MAIL.example.cz", True),
        ("*.example.cz", "mail.example.cz", True),
        ("*.example.cz", "a.mail.example.cz", False),
        ("*.example.cz", "example.cz", False),
        ("127.0.0.1", "127.0.0.1", True),
        ("::1", "[::1]", True),
        ("mail.example.cz", "10.0.0.5", False),
    ],
)
def test_a_certificate_is_for_a_host_by_name_wildcard_or_address(
    name: str, host: str, matches: bool
) -> None:
    der = certificate([name], NOW - timedelta(days=1), NOW + timedelta(days=1))
    cert = tls.read_certificate(der)
    assert cert is not None and cert.is_for(host) is matches


def test_every_fault_the_certificate_shows_is_named_not_only_openssls_first() -> None:
    """OpenSSL stops at its first complaint (self-signed here); the expiry and the other
    name are said too, so fixing one does not reveal the next."""
    der = certificate(["mail.other.example"], NOW - timedelta(days=90), NOW - timedelta(days=2))
    refusal = tls.refusal_message(
        refused(18, "self-signed certificate"), "imap.example.cz", 993, der, "T", now=NOW
    )
    assert refusal.title == "TLS certificate not trusted"
    assert refusal.message.startswith(
        "the TLS certificate of imap.example.cz:993 is self-signed: no authority this computer "
        "trusts vouches for it, has expired (on 2026-12-03 12:00 UTC) and is for "
        "mail.other.example, not imap.example.cz, so the connection was refused"
    )
    assert f'    tls_fingerprint = "{tls.fingerprint(der)}"' in refusal.message


def test_a_certificate_from_the_future_asks_about_the_clock() -> None:
    der = certificate(["imap.example.cz"], NOW + timedelta(days=3), NOW + timedelta(days=90))
    refusal = tls.refusal_message(
        refused(9, "certificate is not yet valid"), "imap.example.cz", 993, der, "T", now=NOW
    )
    assert "is not valid before 2026-12-08 12:00 UTC (is this computer's clock right?)" in (
        refusal.message
    )


def test_without_the_certificate_the_message_still_says_what_openssl_said() -> None:
    refusal = tls.refusal_message(
        refused(23, "certificate revoked"), "imap.example.cz", 993, None, "T", now=NOW
    )
    assert refusal.message.startswith(
        "the TLS certificate of imap.example.cz:993 is not trusted (certificate revoked)"
    )
    assert "nothing was sent" in refusal.message


def test_the_fingerprint_is_written_as_the_config_takes_it() -> None:
    assert tls.fingerprint(b"") == "sha256:" + ":".join(
        ["E3", "B0", "C4", "42", "98", "FC", "1C", "14", "9A", "FB", "F4", "C8", "99", "6F",
         "B9", "24", "27", "AE", "41", "E4", "64", "9B", "93", "4C", "A4", "95", "99", "1B",
         "78", "52", "B8", "55"]
    )  # fmt: skip


def test_without_the_certificate_an_expiry_or_another_host_is_still_named() -> None:
    expired = tls.refusal_message(refused(10, "certificate has expired"), "h.cz", 993, None, "T")
    assert expired.title == "TLS certificate expired"
    assert "the TLS certificate of h.cz:993 has expired, so the connection" in expired.message
    other = tls.refusal_message(refused(62, "Hostname mismatch"), "h.cz", 993, None, "T")
    assert other.title == "TLS certificate for another host"
    assert "is not for h.cz, so the connection was refused" in other.message
