"""Attachment names from strangers turned into names that are safe to save under.

A name keeps only its last path component ("../../.bashrc" -> ".bashrc"); a leading dot then
becomes "_" ("_bashrc") so nothing saved is hidden or lands on a shell's start-up file. Controls,
bidi controls and zero-width characters are removed, so "invoice\\u202etxt.exe" is saved and shown
as "invoicetxt.exe": its real extension. Characters Windows forbids become "_", Windows device
names get a "_" prefix, and the name is cut to MAX_BYTES of UTF-8 keeping its extension.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from supportdesk_tui.safetext import clean_name

MAX_BYTES = 200
MAX_EXTENSION_BYTES = 20
_FORBIDDEN = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')
_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|conin\$|conout\$|(com|lpt)[0-9¹²³])")
_COMPOUND_EXTENSIONS = (".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst")
MAX_COPIES = 10_000


def safe_filename(name: str, fallback: str = "attachment") -> str:
    """A file name with no directory part, no hidden or device name, never empty."""
    cleaned = _sanitise(name)
    if cleaned:
        return cleaned
    return _sanitise(fallback) or "attachment"


def unique_path(folder: Path, name: str) -> Path:
    """A path inside `folder` for `name` that no existing file (or link) occupies.

    "a.pdf" becomes "a (1).pdf", "a (2).pdf", ... Open the result with mode "xb" so a file
    created meanwhile by someone else is not overwritten.
    """
    base = folder.resolve()
    stem, extension = split_extension(safe_filename(name))
    for copy in range(MAX_COPIES):
        candidate = base / _join(stem, f" ({copy})" if copy else "", extension)
        if not (candidate.exists() or candidate.is_symlink()):
            return _inside(base, candidate)
    raise FileExistsError(f"{MAX_COPIES} files named like {stem}{extension} already exist")


def split_extension(name: str) -> tuple[str, str]:
    """("report.tar", ".gz") style split, keeping known double extensions together."""
    lower = name.lower()
    for compound in _COMPOUND_EXTENSIONS:
        if lower.endswith(compound) and len(name) > len(compound):
            return name[: -len(compound)], name[-len(compound) :]
    dot = name.rfind(".")
    if dot <= 0 or len(name[dot:].encode()) > MAX_EXTENSION_BYTES or " " in name[dot:]:
        return name, ""
    return name[:dot], name[dot:]


def _sanitise(name: str) -> str:
    name = _last_component(unicodedata.normalize("NFC", clean_name(name)))
    name = _FORBIDDEN.sub("_", name).strip(" ")
    name = name.rstrip(". ")
    if not name.strip("._ "):
        return ""
    if name.startswith("."):
        name = "_" + name.lstrip(".")
    stem = name.split(".", 1)[0].rstrip(" ")
    if _RESERVED.fullmatch(stem):
        name = "_" + name
    return _fit(name)


def _last_component(name: str) -> str:
    parts = [part for part in re.split(r"[/\\]", name) if part.strip()]
    return parts[-1] if parts else ""


def _fit(name: str) -> str:
    """`name` cut to MAX_BYTES of UTF-8 without splitting a character or losing the extension."""
    if len(name.encode()) <= MAX_BYTES:
        return name
    stem, extension = split_extension(name)
    return _join(stem, "", extension)


def _join(stem: str, suffix: str, extension: str = "") -> str:
    """stem + suffix + extension, the stem shortened so the whole fits in MAX_BYTES."""
    room = MAX_BYTES - len((suffix + extension).encode())
    if len(stem.encode()) > room:
        stem = stem.encode()[:room].decode("utf-8", errors="ignore").rstrip(" .")
    return stem + suffix + extension


def _inside(base: Path, candidate: Path) -> Path:
    resolved = candidate.resolve()
    if resolved.parent != base:
        raise ValueError(f"refusing a path outside {base}")
    return resolved
