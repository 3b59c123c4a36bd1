"""Placeholder syntax left in a draft, and empty values that leave 'Dear ,' behind.

Language-independent: runs first, and greeting findings that overlap a placeholder are dropped.
"""

from __future__ import annotations

import re

from supportdesk_tui.langcheck.base import Code, Finding

# Template syntaxes seen in help-desk tools: Jinja/Liquid/Handlebars {{ }} and {% %},
# Ruby/Zendesk %{ } and #{ }, Mailchimp *| |*, Python {name} and %(name)s, shell ${ },
# hand-written [name] and <<name>>.
_PATTERNS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\{\{.*?\}\}", re.S),
    re.compile(r"\{%.*?%\}", re.S),
    re.compile(r"[%#$]\{[^{}\n]*\}"),
    re.compile(r"\*\|[^|\n]*\|\*"),
    re.compile(r"<<[^<>\n]{1,60}>>"),
    re.compile(r"%\(\w+\)[sd]"),
    # {name}: an identifier in single braces; not JSON-ish {"a": 1} or code blocks.
    re.compile(r"(?<![{\w])\{\s*[^\W\d][\w.]{0,40}\s*\}(?!\})"),
    # [name], [Jméno zákazníka]: letters in square brackets, not a markdown link '[x](...)',
    # nor editorial marks like [sic] or checkboxes [x].
    re.compile(r"\[(?!(?:sic|x|X|\.\.\.|…)\])[^\W\d][^\[\]\n\d]{1,40}\](?!\()"),
    # %FIRSTNAME% (Outlook/CRM merge fields): letters only, so "10% ... 20%" is not one.
    re.compile(r"%[A-Za-z_]{2,30}%"),
    # Leftover halves of a broken placeholder.
    re.compile(r"\{\{|\}\}|\{%|%\}"),
)

# "Dear ," / "Dear Mr ," / "Dobrý den ," / "Hi  !": a greeting word, then only spaces, then
# the punctuation that should have followed the name.
_EMPTY_VALUE = re.compile(r"(?<=[^\W\d_])[ \t]+[,!:]|^[ \t]*[,!]", re.M)

_ENGLISH_EMPTY = re.compile(
    r"\b(Dear(?: (?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?)?)(?=[ \t]*(?:[,:]|$))", re.I | re.M
)
"""'Dear,', 'Dear Mr,' or 'Dear Mr' ending the line: the name was empty ('Dear Sir,' is fine)."""


def find_placeholders(text: str) -> list[Finding]:
    """Every placeholder span, longest first where they overlap, sorted by start."""
    spans: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if not any(s <= m.start() and m.end() <= e for s, e in spans):
                spans.append((m.start(), m.end()))
    findings = [
        Finding(
            Code.UNFILLED_PLACEHOLDER,
            f"Placeholder left in the text: {text[s:e][:40]}",
            s,
            e,
        )
        for s, e in spans
    ]
    findings.extend(_empty_values(text))
    return sorted(findings, key=lambda f: (f.start, f.end))


def _first_line_span(text: str) -> tuple[int, int]:
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


def _empty_values(text: str) -> list[Finding]:
    """Empty substitutions in the greeting line: 'Dear ,', 'Vážený pane ,', 'Dear Mr,'."""
    start, end = _first_line_span(text)
    found: list[Finding] = []
    for m in _EMPTY_VALUE.finditer(text, start, end):
        found.append(
            Finding(
                Code.UNFILLED_PLACEHOLDER,
                "A value seems to be missing here (space before the punctuation).",
                m.start(),
                m.end(),
            )
        )
    for m in _ENGLISH_EMPTY.finditer(text, start, end):
        if not any(f.start <= m.end() <= f.end for f in found):
            found.append(
                Finding(
                    Code.UNFILLED_PLACEHOLDER,
                    "The name after the salutation is missing.",
                    m.start(),
                    m.end(),
                )
            )
    return found
