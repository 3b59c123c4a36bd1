"""The part of a draft the agent wrote: quoted history and signatures blanked out.

Quoted customer text ('> ...' lines, everything after 'On ... wrote:' or a forward header) is
in the customer's words, and a signature after '-- ' is spelled as its owner likes: neither is
judged for language, greeting or agreement. Blanking keeps every offset (and line break), so
findings still point into the draft.
"""

from __future__ import annotations

from supportdesk_tui.bodytext import SegmentKind, segments


def foreign_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of text that are quotes or signatures, in order."""
    lines = _lines(text)
    plain = [line.rstrip("\r") for line, _ in lines]
    spans: list[tuple[int, int]] = []
    index = 0
    for segment in segments(text):
        seg_lines = segment.text.split("\n")
        while index < len(plain) and plain[index] != seg_lines[0]:
            index += 1
        if index + len(seg_lines) > len(plain):
            break  # the segmenter and this split disagree: judge the rest as written
        first, last = lines[index], lines[index + len(seg_lines) - 1]
        if segment.kind is not SegmentKind.BODY:
            spans.append((first[1], last[1] + len(last[0])))
        index += len(seg_lines)
    return spans


def _lines(text: str) -> list[tuple[str, int]]:
    """Each line (without its '\\n') and its start offset."""
    out, start = [], 0
    for line in text.split("\n"):
        out.append((line, start))
        start += len(line) + 1
    return out


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """text with spans replaced by spaces (line breaks kept), same length."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)
