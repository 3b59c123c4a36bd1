"""The greeting and inflection check on the unseen holdout sets (``holdout*/*.jsonl``).

``holdout`` and ``holdout2`` were tuned on after they were first measured; they guard against
regressions in every run. ``holdout3`` measures and does not guard: its bar runs only with
``HOLDOUT=1``, so nobody is tempted to tune on it. The files of every set are validated always.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
EARLIER = {
    "holdout": ("cases",),
    "holdout2": ("cases", "holdout"),
    "holdout3": ("cases", "holdout", "holdout2"),
}
"""Each set and the sets written before it, which it must not repeat."""
GATES = {"holdout", "holdout2"}


def _holdout_report() -> ModuleType:
    """holdout_report.py beside this file, however pytest happens to import this module."""
    name = "langcheck_holdout_report"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HERE / "holdout_report.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


holdouts: Any = _holdout_report()
report: Any = holdouts.report
_CYRILLIC_TO_LATIN = dict(
    zip("абвгдђежзијклмнопрстћуфхцчш", "abvgdđežzijklmnoprstćufhcčš", strict=True)
)
_CYRILLIC_TO_LATIN |= {"љ": "lj", "њ": "nj", "џ": "dž"}


def _latin(name: str | None) -> str:
    """A Serbian name in Latin letters, lower case, so both scripts compare equal."""
    return "".join(_CYRILLIC_TO_LATIN.get(ch, ch) for ch in (name or "").lower())


def _person_any_script(case: Any) -> tuple[str, str, str]:
    c = case.customer
    if case.lang == "sr":
        return case.lang, _latin(c.first_name), _latin(c.last_name)
    return case.lang, (c.first_name or "").lower(), (c.last_name or "").lower()


def _person(case: Any) -> tuple[str, str | None, str | None]:
    return case.lang, case.customer.first_name, case.customer.last_name


PERSON: dict[str, Callable[[Any], tuple[Any, ...]]] = {
    "holdout": _person,
    "holdout2": _person,
    "holdout3": _person_any_script,
}


@pytest.mark.parametrize("name", EARLIER)
def test_overall_catch_rate_and_false_alarms(name: str) -> None:
    if name not in GATES and os.environ.get("HOLDOUT") != "1":
        pytest.skip("the final holdout is a measurement, not a gate: run it with HOLDOUT=1")
    outcomes = report.run_all(holdouts.load_set(name))
    overall, _ = report.tally(outcomes)
    failed = "\n".join(report.describe(o) for o in outcomes if not o.passed)
    assert overall.meets_bar, (
        f"{name}: catch {overall.catch_rate:.1%} ({overall.caught}/{overall.wrong}, bar"
        f" {report.CATCH_BAR:.0%}), false alarms {overall.false_alarm_rate:.1%}"
        f" ({overall.false_alarms}/{overall.correct}, bar {report.FALSE_ALARM_BAR:.0%})\n" + failed
    )


@pytest.mark.parametrize("name", EARLIER)
def test_files_are_valid_and_varied(name: str) -> None:
    cases = holdouts.load_set(name)  # raises CaseFileError naming file:line on anything malformed
    ids = Counter(c.id for c in cases)
    assert not [i for i, n in ids.items() if n > 1], "duplicate ids"
    for lang in report.LANGUAGES:
        mine = [c for c in cases if c.lang == lang]
        people = {(c.customer.first_name, c.customer.last_name) for c in mine}
        assert len(people) >= 20, f"{lang}: only {len(people)} people"
        assert sum(c.correct for c in mine) >= 60, f"{lang}: too few correct cases"
        assert sum(not c.correct for c in mine) >= 40, f"{lang}: too few wrong cases"
        assert all(len(c.expect) == 1 for c in mine if not c.correct), f"{lang}: one error a case"
        if name != "holdout" and lang != "sr":
            assert all(c.customer.script is None for c in mine), "script is Serbian only"


@pytest.mark.parametrize("name", EARLIER)
def test_shares_no_person_or_text_with_earlier_sets(name: str) -> None:
    """Unseen means unseen: no customer (or, after the first set, text) of an earlier set."""
    person = PERSON[name]
    earlier = [case for other in EARLIER[name] for case in report.load_cases(HERE / other)]
    named = {person(c) for c in earlier if c.customer.first_name and c.customer.last_name}
    mine = holdouts.load_set(name)
    shared = {person(c) for c in mine} & named
    assert not shared, f"people also in an earlier set: {sorted(shared)}"
    if name != "holdout":
        texts = {c.text for c in earlier}
        assert not [c.id for c in mine if c.text in texts], "texts copied from an earlier set"


def test_final_holdout_covers_genders_scripts_and_languages() -> None:
    cases = holdouts.load_set("holdout3")
    for lang in report.LANGUAGES:
        mine = [c for c in cases if c.lang == lang]
        assert all(c.id.startswith(f"{lang}-") for c in mine), f"{lang}: id of another language"
        genders = Counter(c.customer.gender for c in mine)
        assert genders["m"] and genders["f"] and genders[None], f"{lang}: both genders and unknown"
    sr_scripts = {c.customer.script for c in cases if c.lang == "sr"}
    assert sr_scripts == {"latn", "cyrl", None}, "Serbian customers of both scripts and unknown"


def test_serbian_replies_are_in_one_script_unless_the_case_says_otherwise() -> None:
    """A guard on the data: a correct Serbian reply to a customer with a known script uses it."""
    cyrillic = set("абвгдђежзијклмнопрстћуфхцчшљњџ")
    for case in holdouts.load_set("holdout3", ["sr"]):
        if not case.correct or case.customer.script is None:
            continue
        letters = [ch for ch in case.text.lower() if ch.isalpha()]
        share = sum(ch in cyrillic for ch in letters) / len(letters)
        if case.customer.script == "cyrl":
            assert share > 0.8, f"{case.id}: a Cyrillic customer's correct reply is not Cyrillic"
        else:
            assert share == 0, f"{case.id}: a Latin customer's correct reply has Cyrillic"
