"""Bytes of unknown or lying charsets as text: bodies, 8-bit headers, RFC 2047 encoded words.

Declared charsets lie: Czech mail labelled iso-8859-1 is really windows-1250, UTF-8 travels
under any label, Russian swings between windows-1251 and KOI8-R. Candidates are scored by how
much the decoded text looks like our ten languages; a declared regional charset is kept unless
another scores clearly better. Whatever had to be guessed comes back as a warning to show.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import functools
import re

_SINGLE_BYTE = frozenset(
    {"ascii", "iso8859-1", "cp1252", "iso8859-15", "cp1250", "iso8859-2", "cp1251", "koi8-r"}
    | {"koi8-u", "iso8859-5", "mac-cyrillic", "cp866", "mac-latin2", "iso8859-13", "iso8859-16"}
)
_WESTERN = frozenset({"ascii", "iso8859-1", "cp1252", "iso8859-15"})
"""Labels often put on text in our languages by misconfigured mailers: never trusted."""
_CANDIDATES = ("cp1250", "iso8859-2", "cp1251", "koi8-r", "koi8-u", "cp1252")
_REFUSED_CODECS = frozenset(
    {"undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode"}
)
_SAMPLE_BYTES = 64 * 1024
_OVERRIDE_MARGIN = 3

_LATIN = "áäčďéěíĺľňóôŕřšťúůýžąćęłńśźżđöüß" + "àâçèêëîïùûñ"  # ours + French, Spanish
_CYR_LOWER = "а-яёіїєґђјљњћџў"
_CYR_UPPER = "А-ЯЁІЇЄҐЂЈЉЊЋЏЎ"
_LETTERS = f"{_LATIN}{_LATIN.upper()}{_CYR_LOWER}{_CYR_UPPER}"
_PUNCTUATION = "\u00a0„“”‚‘’–—…«»€§°•×·"
_EXPECTED = re.compile(f"[{_LETTERS}]")
_STRANGE = re.compile(f"[^\x00-\x7f{_LETTERS}{_PUNCTUATION}]")
_BROKEN = re.compile("[\x80-\x9f\ufffd]")
# A capital right after a small letter ("úÁËÁÚ" is KOI8-R "Заказ" read as cp1250) is mojibake.
_INNER_UPPER = re.compile(
    f"(?<=[{_CYR_LOWER}{_CYR_UPPER}])[{_CYR_UPPER}]|(?<=[{_LATIN}])[{_LATIN.upper()}]"
)
_MIXED_SCRIPT = re.compile(f"[a-zA-Z][{_CYR_LOWER}{_CYR_UPPER}]|[{_CYR_LOWER}{_CYR_UPPER}][a-zA-Z]")
_SURROGATE = re.compile("[\udc80-\udcff]")


def has_raw_bytes(text: str) -> bool:
    """True when `text` carries undecoded 8-bit bytes (surrogate escapes)."""
    return _SURROGATE.search(text) is not None


def decode_bytes(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """`data` as text, and a warning when the charset had to be guessed."""
    codec = _codec(declared)
    unknown = f"unknown charset {declared!r}" if declared and codec is None else None
    if codec is not None and codec not in _SINGLE_BYTE and codec != "utf-8":
        text = data.decode(codec, errors="replace")
        return text, f"invalid {codec} bytes replaced" if "\ufffd" in text else None
    if data.isascii():
        return data.decode("ascii"), None
    if _is_utf8(data):
        mislabelled = codec not in (None, "utf-8")
        return data.decode("utf-8"), _guessed(declared, unknown, "utf-8", mislabelled)
    if codec in (None, "utf-8") and _mostly_utf8(data[:_SAMPLE_BYTES]):
        return data.decode("utf-8", errors="replace"), _join(
            unknown, "invalid UTF-8 bytes replaced"
        )
    chosen = _best_charset(data[:_SAMPLE_BYTES], codec)
    text = data.decode(chosen, errors="replace")
    return text, None if chosen == codec else _guessed(declared, unknown, chosen, True)


def _guessed(declared: str | None, unknown: str | None, chosen: str, shown: bool) -> str | None:
    if unknown:
        return f"{unknown}; read as {chosen}"
    if not shown:
        return None
    return (
        f"declared {declared} but read as {chosen}" if declared else f"no charset; read as {chosen}"
    )


@functools.lru_cache(maxsize=256)
def _codec(declared: str | None) -> str | None:
    if not declared:
        return None
    name = declared.strip().strip("\"'").lower()
    for candidate in (name, re.sub(r"^(?:x-)?(?:cp|win|windows)[-_]?(\d{3,4})$", r"cp\1", name)):
        try:
            info = codecs.lookup(candidate)
        except (LookupError, ValueError):
            continue
        if getattr(info, "_is_text_encoding", True) and info.name not in _REFUSED_CODECS:
            return info.name
    return None


def _join(*warnings: str | None) -> str:
    return "; ".join(warning for warning in warnings if warning)


def _mostly_utf8(sample: bytes) -> bool:
    """UTF-8 with a few broken bytes (a cut sequence, a bad QP escape), not a legacy charset."""
    text = sample.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    good = sum(not char.isascii() for char in text) - broken
    return good > 0 and good >= broken


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _best_charset(sample: bytes, codec: str | None) -> str:
    order = [codec] if codec and codec != "ascii" else []
    order += [name for name in _CANDIDATES if name != codec]
    scores = {name: _plausibility(sample.decode(name, errors="replace")) for name in order}
    best = max(order, key=lambda name: scores[name])  # max keeps the first of equals
    trusted = codec in scores and codec not in _WESTERN
    if trusted and codec and scores[best] < scores[codec] + _OVERRIDE_MARGIN:
        return codec
    return best


def _plausibility(text: str) -> int:
    """How much `text` looks like one of our languages: letters up, mojibake down."""
    good = len(_EXPECTED.findall(text)) - len(_INNER_UPPER.findall(text))
    bad = len(_STRANGE.findall(text)) + 4 * len(_BROKEN.findall(text))
    return good - bad - 2 * len(_MIXED_SCRIPT.findall(text))


# --- header values ---------------------------------------------------------------------------

_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=")
_QP_ESCAPE = re.compile(rb"=([0-9A-Fa-f]{2})")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_BREAKS = re.compile(r"[\r\n]+")


def decode_header(value: str, *, encoded_words: bool = True) -> tuple[str, str | None]:
    """A raw header value as text (unfolded, 8-bit bytes and RFC 2047 words decoded)."""
    text = value
    if "\n" in text or "\r" in text:
        text = _BREAKS.sub(" ", _FOLD.sub("", text))
    warnings: list[str] = []
    if not text.isascii() and _SURROGATE.search(text):
        text, warning = decode_bytes(text.encode("utf-8", "surrogateescape"), None)
        warnings += [f"8-bit header: {warning}"] if warning else []
    if encoded_words and "=?" in text:
        text = _decode_words(text, warnings)
    return text, "; ".join(dict.fromkeys(warnings)) or None


def _decode_words(text: str, warnings: list[str]) -> str:
    pieces: list[str] = []
    run: tuple[str, bytes] | None = None
    position = 0
    for match in _ENCODED_WORD.finditer(text):
        gap = text[position : match.start()]
        charset = match.group(1).split("*")[0]
        if run is not None and (gap.strip() or charset.lower() != run[0].lower()):
            pieces.append(_decode_run(run, warnings))
            run = None
        if run is None:
            pieces.append(gap)  # whitespace between adjacent encoded words is dropped
        data = _word_bytes(match.group(2).upper(), match.group(3))
        run = (charset, run[1] + data) if run is not None else (charset, data)
        position = match.end()
    if run is not None:
        pieces.append(_decode_run(run, warnings))
    pieces.append(text[position:])
    return "".join(pieces)


def _decode_run(run: tuple[str, bytes], warnings: list[str]) -> str:
    text, warning = decode_bytes(run[1], run[0])
    if warning:
        warnings.append(warning)
    return text


def _word_bytes(encoding: str, payload: str) -> bytes:
    if encoding == "Q":
        raw = payload.replace("_", " ").encode("utf-8", "surrogateescape")
        if raw.count(b"=") == len(_QP_ESCAPE.findall(raw)):
            return binascii.a2b_qp(raw)  # in C; it would also drop a lone "=" at the end
        return _QP_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
    payload = re.sub(r"[^A-Za-z0-9+/]", "", payload)
    payload = payload[: len(payload) - (len(payload) % 4 == 1)]
    try:
        return base64.b64decode(payload + "=" * (-len(payload) % 4))
    except (binascii.Error, ValueError):
        return b""
