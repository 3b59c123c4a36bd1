"""The greeting and inflection check on the third, final unseen holdout set (``holdout3/*.jsonl``).

The bar runs only with ``HOLDOUT=1`` in the environment (the set measures, it does not guard);
the files themselves are validated on every run.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest


def _holdout3_module() -> ModuleType:
    """holdout3_report.py beside this file, however pytest happens to import this module."""
    name = "langcheck_holdout3_report"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).with_name("holdout3_report.py")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


holdout3: Any = _holdout3_module()
report: Any = holdout3.report
ENABLED = os.environ.get("HOLDOUT") == "1"
needs_holdout = pytest.mark.skipif(
    not ENABLED, reason="the final holdout is a measurement, not a gate: run it with HOLDOUT=1"
)
_CYRILLIC_TO_LATIN = dict(
    zip("абвгдђежзијклмнопрстћуфхцчш", "abvgdđežzijklmnoprstćufhcčš", strict=True)
)
_CYRILLIC_TO_LATIN |= {"љ": "lj", "њ": "nj", "џ": "dž"}


def _latin(name: str | None) -> str:
    """A Serbian name in Latin letters, lower case, so both scripts compare equal."""
    return "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in (name or "").lower())


def _person(case: Any) -> tuple[str, str, str]:
    c = case.customer
    if case.lang == "sr":
        return case.lang, _latin(c.first_name), _latin(c.last_name)
    return case.lang, (c.first_name or "").lower(), (c.last_name or "").lower()


@needs_holdout
def test_overall_catch_rate_and_false_alarms_on_third_holdout() -> None:
    outcomes = report.run_all(holdout3.load_holdout3())
    overall, _ = report.tally(outcomes)
    failed = "\n".join(report.describe(o) for o in outcomes if not o.passed)
    assert overall.meets_bar, (
        f"holdout3: catch {overall.catch_rate:.1%} ({overall.caught}/{overall.wrong}, bar"
        f" {report.CATCH_BAR:.0%}), false alarms {overall.false_alarm_rate:.1%}"
        f" ({overall.false_alarms}/{overall.correct}, bar {report.FALSE_ALARM_BAR:.0%})\n" + failed
    )


def test_third_holdout_files_are_valid_and_varied() -> None:
    cases = holdout3.load_holdout3()  # raises CaseFileError naming file:line on anything malformed
    ids = Counter(c.id for c in cases)
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    for lang in report.LANGUAGES:
        mine = [c for c in cases if c.lang == lang]
        people = {(c.customer.first_name, c.customer.last_name) for c in mine}
        assert len(people) >= 20, f"{lang}: only {len(people)} people"
        assert sum(c.correct for c in mine) >= 60, f"{lang}: too few correct cases"
        assert sum(not c.correct for c in mine) >= 40, f"{lang}: too few wrong cases"
        assert all(len(c.expect) == 1 for c in mine if not c.correct), f"{lang}: one error a case"
        assert all(c.id.startswith(f"{lang}-") for c in mine), f"{lang}: id of another language"
        genders = Counter(c.customer.gender for c in mine)
        assert genders["m"] and genders["f"] and genders[None], f"{lang}: both genders and unknown"
        if lang != "sr":
            assert all(c.customer.script is None for c in mine), "script is Serbian only"
    sr_scripts = {c.customer.script for c in cases if c.lang == "sr"}
    assert sr_scripts == {"latn", "cyrl", None}, "Serbian customers of both scripts and unknown"


def test_third_holdout_shares_no_person_or_text_with_earlier_sets() -> None:
    """Unseen means unseen: no customer (either Serbian script) or text of the earlier sets."""
    here = Path(__file__).resolve().parent
    earlier = [
        case for name in ("cases", "holdout", "holdout2") for case in report.load_cases(here / name)
    ]
    named = {_person(c) for c in earlier if c.customer.first_name and c.customer.last_name}
    mine = holdout3.load_holdout3()
    shared = {_person(c) for c in mine} & named
    assert not shared, f"people also in an earlier set: {sorted(shared)}"
    texts = {c.text for c in earlier}
    assert not [c.id for c in mine if c.text in texts], "texts copied from an earlier set"


def test_serbian_replies_are_in_one_script_unless_the_case_says_otherwise() -> None:
    """A guard on the data: a correct Serbian reply to a customer with a known script uses it."""
    cyrillic = set("абвгдђежзијклмнопрстћуфхцчшљњџ")
    for case in holdout3.load_holdout3(["sr"]):
        if not case.correct or case.customer.script is None:
            continue
        letters = [ch for ch in case.text.lower() if ch.isalpha()]
        share = sum(ch in cyrillic for ch in letters) / len(letters)
        if case.customer.script == "cyrl":
            assert share > 0.8, f"{case.id}: a Cyrillic customer's correct reply is not Cyrillic"
        else:
            assert share == 0, f"{case.id}: a Latin customer's correct reply has Cyrillic"
