"""Suggestions must fix the draft: applying them gives the text a native speaker would write."""

from __future__ import annotations

import json
from pathlib import Path

from supportdesk_tui.langcheck.base import Finding, Person
from supportdesk_tui.langcheck.checker import check

CASES = Path(__file__).parent / "cases"


def apply(text: str, findings: list[Finding]) -> str:
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        if finding.suggestion is not None:
            text = text[: finding.start] + finding.suggestion + text[finding.end :]
    return text


def test_applying_suggestions_gives_the_expected_fix() -> None:
    total, wrong = 0, []
    for path in sorted(CASES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            if not case.get("suggestion") or not case.get("span"):
                continue
            total += 1
            c = case["customer"]
            person = Person(
                c.get("first_name"), c.get("last_name"), c.get("gender"), c.get("script")
            )
            found = [
                f for f in check(case["text"], case["lang"], person) if f.code in case["expect"]
            ]
            expected = case["text"].replace(case["span"], case["suggestion"], 1)
            if apply(case["text"], found) != expected:
                wrong.append(f"{case['id']}: {case['span']!r} -> {case['suggestion']!r}")
    assert total > 500
    assert len(wrong) <= total * 0.03, "\n".join(wrong)
