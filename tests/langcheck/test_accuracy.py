"""The greeting and inflection check measured against the independent case set.

The set (``cases/*.jsonl``) was written without looking at the checker's rules; see
``cases/README.md``. The accuracy tests skip only while ``supportdesk_tui.langcheck.checker`` does
not exist; the test of the files themselves always runs.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


def _report_module() -> ModuleType:
    """accuracy_report.py beside this file, however pytest happens to import this module."""
    name = "langcheck_accuracy_report"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).with_name("accuracy_report.py")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


report: Any = _report_module()
CHECKER_MISSING = importlib.util.find_spec(report.CHECKER_MODULE) is None
needs_checker = pytest.mark.skipif(CHECKER_MISSING, reason="the checker is not written yet")


@pytest.fixture(scope="module")
def outcomes() -> list[Any]:
    return list(report.run_all(report.load_cases()))


def _failures(outcomes: list[Any]) -> str:
    failed = [o for o in outcomes if not o.passed]
    return "\n".join(report.describe(o) for o in failed)


@needs_checker
def test_overall_catch_rate_and_false_alarms(outcomes: list[Any]) -> None:
    overall, _ = report.tally(outcomes)
    assert overall.meets_bar, (
        f"catch {overall.catch_rate:.1%} (bar {report.CATCH_BAR:.0%}), false alarms"
        f" {overall.false_alarm_rate:.1%} (bar {report.FALSE_ALARM_BAR:.0%})\n"
        + _failures(outcomes)
    )


@needs_checker
@pytest.mark.parametrize("lang", report.LANGUAGES)
def test_catch_rate_and_false_alarms_per_language(outcomes: list[Any], lang: str) -> None:
    mine = [o for o in outcomes if o.case.lang == lang]
    _, per_lang = report.tally(mine)
    t = per_lang[lang]
    assert t.meets_bar, (
        f"{lang}: catch {t.catch_rate:.1%} ({t.caught}/{t.wrong}), false alarms"
        f" {t.false_alarm_rate:.1%} ({t.false_alarms}/{t.correct})\n" + _failures(mine)
    )


def test_case_files_are_valid_and_varied() -> None:
    cases = report.load_cases()  # raises CaseFileError naming file:line on anything malformed
    ids = Counter(c.id for c in cases)
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    for lang in report.LANGUAGES:
        mine = [c for c in cases if c.lang == lang]
        people = {(c.customer.first_name, c.customer.last_name) for c in mine}
        genders = {c.customer.gender for c in mine}
        assert len(people) >= 30, f"{lang}: only {len(people)} people"
        assert {"m", "f", None} <= genders, f"{lang}: genders {genders}"
        assert sum(c.correct for c in mine) >= 100, f"{lang}: too few correct cases"
        assert sum(not c.correct for c in mine) >= 60, f"{lang}: too few wrong cases"
        assert all(len(c.expect) == 1 for c in mine if not c.correct), f"{lang}: one error a case"
        assert all(c.text.startswith(c.text.splitlines()[0]) for c in mine)
        codes = {code for c in mine for code in c.expect}
        wanted = set(report.CODES) - ({"wrong_script"} if lang != "sr" else set())
        assert codes == wanted, f"{lang}: codes covered {sorted(codes)}"
    serbian = {c.customer.script for c in cases if c.lang == "sr"}
    assert {"latn", "cyrl"} <= serbian


def test_report_judges_span_and_codes() -> None:
    """The yardstick itself: a finding must carry the code and overlap the span."""
    case = report.parse_case(
        '{"id": "x", "lang": "cs", "customer": {"first_name": "Petr", "last_name": "Novák",'
        ' "gender": "m", "script": null}, "text": "Vážený pane Novák,\\n\\nDěkujeme.",'
        ' "expect": ["greeting_case"], "span": "pane Novák"}',
        "inline:1",
    )
    at_span = report.Seen("greeting_case", 7, 17, "pane Nováku", "")
    elsewhere = report.Seen("greeting_case", 20, 28, None, "")
    other_code = report.Seen("greeting_gender", 7, 17, None, "")
    assert report.judge(case, [at_span]).passed
    assert not report.judge(case, [elsewhere]).passed
    assert not report.judge(case, [other_code]).passed
    assert not report.judge(case, [at_span], error="boom").passed


def test_report_rejects_a_span_that_is_not_in_the_text() -> None:
    line = (
        '{"id": "x", "lang": "en", "customer": {"first_name": null, "last_name": null,'
        ' "gender": null, "script": null}, "text": "Hello,", "expect": ["agreement"],'
        ' "span": "nowhere"}'
    )
    with pytest.raises(report.CaseFileError, match="inline:3"):
        report.parse_case(line, "inline:3")
