"""Saving an attachment never escapes the folder, hides a file or disguises its type."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supportdesk_tui.filenames import MAX_BYTES, safe_filename, unique_path


@pytest.mark.parametrize(
    ("hostile", "expected"),
    [
        ("faktura.pdf", "faktura.pdf"),
        ("../../.bashrc", "_bashrc"),
        ("/etc/passwd", "passwd"),
        ("C:\\Windows\\System32\\evil.dll", "evil.dll"),
        ("..\\..\\startup.bat", "startup.bat"),
        ("dir/", "dir"),
        (".hidden", "_hidden"),
        ("...", "attachment"),
        ("", "attachment"),
        ("   ", "attachment"),
        ("/", "attachment"),
        ("../..", "attachment"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("com1.pdf", "_com1.pdf"),
        ("Lpt9", "_Lpt9"),
        ("console.txt", "console.txt"),
        ('what?<is>"this"|*.txt', "what__is__this___.txt"),
        ("report.pdf.  ", "report.pdf"),
        ("a\x00b\x1b[31m.txt", "ab.txt"),
        ("Fa\u200bktura\u200d.pdf", "Faktura.pdf"),
        ("Obj\u0065\u0301dn\u00e1vka \u010d. 5.pdf", "Obj\u00e9dn\u00e1vka \u010d. 5.pdf"),
    ],
)
def test_hostile_names_are_neutralised(hostile: str, expected: str) -> None:
    assert safe_filename(hostile) == expected


def test_bidi_override_cannot_make_an_exe_look_like_a_text_file() -> None:
    # Displayed by a bidi-aware viewer as "invoice_exe.txt", really an .exe.
    name = safe_filename("invoice_\u202etxt.exe")
    assert name == "invoice_txt.exe"
    assert name.endswith(".exe")


def test_fallback_is_used_and_sanitised_too() -> None:
    assert safe_filename("", fallback="message.eml") == "message.eml"
    assert safe_filename("..", fallback="../x") == "x"
    assert safe_filename("", fallback="") == "attachment"


def test_long_name_is_cut_to_200_bytes_and_keeps_its_extension() -> None:
    name = safe_filename("\u017elu\u0165ou\u010dk\u00fd k\u016f\u0148 " * 40 + ".pdf")
    assert len(name.encode()) <= MAX_BYTES
    assert name.endswith(".pdf")
    assert name.startswith("\u017elu\u0165ou\u010dk\u00fd")


def test_unique_path_does_not_overwrite(tmp_path: Path) -> None:
    (tmp_path / "a.pdf").write_bytes(b"old")
    (tmp_path / "a (1).pdf").write_bytes(b"old")
    assert unique_path(tmp_path, "a.pdf") == tmp_path.resolve() / "a (2).pdf"
    assert unique_path(tmp_path, "b.pdf") == tmp_path.resolve() / "b.pdf"


def test_unique_path_keeps_double_extensions(tmp_path: Path) -> None:
    (tmp_path / "logs.tar.gz").write_bytes(b"")
    assert unique_path(tmp_path, "logs.tar.gz").name == "logs (1).tar.gz"


def test_unique_path_treats_a_dangling_link_as_taken(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    folder = tmp_path / "downloads"
    folder.mkdir()
    os.symlink(outside / "target", folder / "x.txt")
    path = unique_path(folder, "x.txt")
    assert path.name == "x (1).txt"
    assert path.parent == folder.resolve()


def test_unique_path_copy_number_survives_a_long_name(tmp_path: Path) -> None:
    long_name = "x" * 300 + ".pdf"
    first = unique_path(tmp_path, long_name)
    first.write_bytes(b"")
    second = unique_path(tmp_path, long_name)
    assert second.name.endswith(" (1).pdf")
    assert len(second.name.encode()) <= MAX_BYTES


@pytest.mark.parametrize("hostile", ["../../etc/passwd", "/tmp/x", "..", "a/../../b", "C:\\x"])
def test_unique_path_stays_inside_the_folder(tmp_path: Path, hostile: str) -> None:
    path = unique_path(tmp_path, hostile)
    assert path.parent == tmp_path.resolve()


@given(st.text(max_size=400))
def test_safe_filename_properties(name: str) -> None:
    safe = safe_filename(name)
    assert safe and "/" not in safe and "\\" not in safe
    assert not safe.startswith(".") and safe not in (".", "..")
    assert len(safe.encode()) <= MAX_BYTES
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in safe)
    assert not any(c in safe for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
