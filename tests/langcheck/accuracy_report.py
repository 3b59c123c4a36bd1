"""How well the greeting and inflection check does on the independent case set.

The cases live in ``cases/<lang>.jsonl`` beside this file (see ``cases/README.md``). A wrong case is
caught when every expected code is reported, by a finding that overlaps ``span`` when one is given.
A correct case raises a false alarm when the check reports anything at all.

Run from the repository root::

    python -m tests.langcheck.accuracy_report            # figures, then every miss and false alarm
    python tests/langcheck/accuracy_report.py --lang sr  # one language
    python -m tests.langcheck.accuracy_report --check    # exit 1 when the bar is not met
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

CASES_DIR = Path(__file__).resolve().with_name("cases")
LANGUAGES = ("cs", "sk", "pl", "ru", "uk", "bg", "sr", "hr", "sl", "en")
CODES = frozenset(
    {
        "unfilled_placeholder",
        "greeting_gender",
        "greeting_case",
        "agreement",
        "wrong_language",
        "wrong_script",
    }
)
CATCH_BAR = 0.97
"""Share of wrong cases that must be caught."""
FALSE_ALARM_BAR = 0.01
"""Share of correct cases that may be flagged."""
CHECKER_MODULE = "supportdesk_tui.langcheck.checker"


@dataclass(frozen=True)
class Customer:
    first_name: str | None
    last_name: str | None
    gender: Literal["m", "f"] | None
    script: Literal["latn", "cyrl"] | None


@dataclass(frozen=True)
class Case:
    id: str
    lang: str
    customer: Customer
    text: str
    expect: tuple[str, ...]
    span: str | None = None
    suggestion: str | None = None
    source: str = ""
    """file:line, for messages."""

    @property
    def correct(self) -> bool:
        return not self.expect


@dataclass(frozen=True)
class Seen:
    """One finding as the report needs it, independent of the checker's own types."""

    code: str
    start: int
    end: int
    suggestion: str | None
    message: str


@dataclass(frozen=True)
class Outcome:
    case: Case
    seen: tuple[Seen, ...]
    passed: bool
    error: str | None = None
    """Set when the check raised instead of answering."""

    @property
    def extra_codes(self) -> frozenset[str]:
        return frozenset(s.code for s in self.seen) - set(self.case.expect)


class CaseFileError(ValueError):
    """A case file that is not what this module expects."""


def _customer(raw: object, where: str) -> Customer:
    if not isinstance(raw, dict):
        raise CaseFileError(f"{where}: customer must be an object")
    gender, script = raw.get("gender"), raw.get("script")
    if gender not in ("m", "f", None) or script not in ("latn", "cyrl", None):
        raise CaseFileError(f"{where}: gender must be m/f/null and script latn/cyrl/null")
    for key in ("first_name", "last_name"):
        if not isinstance(raw.get(key), str | None):
            raise CaseFileError(f"{where}: {key} must be a string or null")
    return Customer(raw.get("first_name"), raw.get("last_name"), gender, script)


def parse_case(line: str, where: str) -> Case:
    """One JSON line into a Case; raises CaseFileError with `where` on anything malformed."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise CaseFileError(f"{where}: not JSON ({exc})") from exc
    if not isinstance(raw, dict):
        raise CaseFileError(f"{where}: a case must be a JSON object")
    expect = raw.get("expect")
    if not isinstance(expect, list) or not all(isinstance(c, str) for c in expect):
        raise CaseFileError(f"{where}: expect must be a list of codes")
    unknown = set(expect) - CODES
    if unknown:
        raise CaseFileError(f"{where}: unknown codes {sorted(unknown)}")
    text, span = raw.get("text"), raw.get("span")
    if not isinstance(text, str) or not text.strip():
        raise CaseFileError(f"{where}: text must be a non-empty string")
    if span is not None and (not isinstance(span, str) or span not in text):
        raise CaseFileError(f"{where}: span {span!r} does not occur in the text")
    if span is not None and not expect:
        raise CaseFileError(f"{where}: a correct case cannot have a span")
    if not isinstance(raw.get("id"), str) or raw.get("lang") not in LANGUAGES:
        raise CaseFileError(f"{where}: id must be a string and lang one of {LANGUAGES}")
    suggestion = raw.get("suggestion")
    if suggestion is not None and not isinstance(suggestion, str):
        raise CaseFileError(f"{where}: suggestion must be a string")
    return Case(
        id=raw["id"],
        lang=raw["lang"],
        customer=_customer(raw.get("customer"), where),
        text=text,
        expect=tuple(expect),
        span=span,
        suggestion=suggestion,
        source=where,
    )


def load_cases(directory: Path = CASES_DIR, langs: Iterable[str] = LANGUAGES) -> list[Case]:
    """Every case of the given languages, in file order."""
    cases: list[Case] = []
    for lang in langs:
        path = directory / f"{lang}.jsonl"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                cases.append(parse_case(line, f"{path.name}:{number}"))
    return cases


def _spans(text: str, span: str) -> list[tuple[int, int]]:
    found, start = [], text.find(span)
    while start != -1:
        found.append((start, start + len(span)))
        start = text.find(span, start + 1)
    return found


def _covers(seen: Seen, case: Case) -> bool:
    if case.span is None:
        return True
    return any(seen.start < end and start < seen.end for start, end in _spans(case.text, case.span))


def judge(case: Case, seen: Sequence[Seen], error: str | None = None) -> Outcome:
    """Pass: a correct case with no finding; a wrong case with every expected code at its span."""
    if error is not None:
        return Outcome(case, tuple(seen), passed=False, error=error)
    if case.correct:
        return Outcome(case, tuple(seen), passed=not seen)
    caught = all(any(s.code == code and _covers(s, case) for s in seen) for code in case.expect)
    return Outcome(case, tuple(seen), passed=caught)


CheckFn = Callable[[str, str, Any], Sequence[Any]]


def load_checker() -> tuple[CheckFn, Callable[..., Any]]:
    """The project's check() and Person; ImportError when the checker is not written yet."""
    checker = importlib.import_module(CHECKER_MODULE)
    base = importlib.import_module("supportdesk_tui.langcheck.base")
    return cast(CheckFn, checker.check), cast(Callable[..., Any], base.Person)


def run_case(case: Case, check: CheckFn, person_type: Callable[..., Any]) -> Outcome:
    c = case.customer
    person = person_type(
        first_name=c.first_name, last_name=c.last_name, gender=c.gender, script=c.script
    )
    try:
        findings = check(case.text, case.lang, person)
        seen = [
            Seen(str(f.code), f.start, f.end, getattr(f, "suggestion", None), str(f.message))
            for f in findings
        ]
    except Exception as exc:  # a crash is a result to report, not to hide
        return judge(case, [], error=f"{type(exc).__name__}: {exc}")
    return judge(case, seen)


def run_all(cases: Iterable[Case]) -> list[Outcome]:
    check, person_type = load_checker()
    return [run_case(case, check, person_type) for case in cases]


@dataclass
class Tally:
    wrong: int = 0
    caught: int = 0
    correct: int = 0
    false_alarms: int = 0
    by_code: dict[str, list[int]] = field(default_factory=dict)
    """code -> [expected, caught] over the wrong cases."""

    def add(self, outcome: Outcome) -> None:
        if outcome.case.correct:
            self.correct += 1
            self.false_alarms += not outcome.passed
            return
        self.wrong += 1
        self.caught += outcome.passed
        for code in outcome.case.expect:
            pair = self.by_code.setdefault(code, [0, 0])
            pair[0] += 1
            pair[1] += outcome.passed

    @property
    def catch_rate(self) -> float:
        return self.caught / self.wrong if self.wrong else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.correct if self.correct else 0.0

    @property
    def meets_bar(self) -> bool:
        return self.catch_rate >= CATCH_BAR and self.false_alarm_rate <= FALSE_ALARM_BAR


def tally(outcomes: Iterable[Outcome]) -> tuple[Tally, dict[str, Tally]]:
    """Overall and per-language figures."""
    overall = Tally()
    per_lang: dict[str, Tally] = {}
    for outcome in outcomes:
        overall.add(outcome)
        per_lang.setdefault(outcome.case.lang, Tally()).add(outcome)
    return overall, per_lang


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def describe(outcome: Outcome) -> str:
    """One miss or false alarm, readable without opening the case file."""
    case = outcome.case
    head = f"{case.id} ({case.source})"
    if outcome.error:
        return f"{head}: check raised {outcome.error}"
    got = (
        ", ".join(
            f"{s.code} {case.text[s.start : s.end]!r}"
            + (f" -> {s.suggestion!r}" if s.suggestion else "")
            for s in outcome.seen
        )
        or "nothing"
    )
    if case.correct:
        return f"{head}: correct text flagged: {got}\n      | {_first_line(case.text)}"
    where = f" at {case.span!r}" if case.span else ""
    return (
        f"{head}: expected {'+'.join(case.expect)}{where}, got {got}"
        f"\n      | {_first_line(case.text)}"
    )


def _row(name: str, t: Tally) -> str:
    mark = "" if t.meets_bar else "  <- below bar"
    return (
        f"{name:<6}{t.wrong:>6}{t.caught:>7}{t.catch_rate:>8.1%}"
        f"{t.correct:>9}{t.false_alarms:>7}{t.false_alarm_rate:>8.1%}{mark}"
    )


def format_report(outcomes: Sequence[Outcome]) -> str:
    overall, per_lang = tally(outcomes)
    lines = [
        f"Greeting and inflection check: {len(outcomes)} cases;"
        f" bar: catch >= {CATCH_BAR:.0%}, false alarms <= {FALSE_ALARM_BAR:.0%}",
        "",
        f"{'lang':<6}{'wrong':>6}{'caught':>7}{'catch':>8}{'correct':>9}{'false':>7}{'false%':>8}",
    ]
    lines += [_row(lang, per_lang[lang]) for lang in LANGUAGES if lang in per_lang]
    lines += [_row("all", overall), "", f"{'code':<22}{'wrong':>6}{'caught':>7}{'catch':>8}"]
    for code in sorted(overall.by_code):
        expected, caught = overall.by_code[code]
        lines.append(f"{code:<22}{expected:>6}{caught:>7}{caught / expected:>8.1%}")
    lines += ["", "per language and code (caught/wrong):"]
    for lang in (lang for lang in LANGUAGES if lang in per_lang):
        cells = [f"{c} {k}/{n}" for c, (n, k) in sorted(per_lang[lang].by_code.items())]
        lines.append(f"  {lang}: " + ", ".join(cells))
    misses = [o for o in outcomes if not o.passed and not o.case.correct]
    alarms = [o for o in outcomes if not o.passed and o.case.correct]
    noisy = sum(1 for o in outcomes if not o.case.correct and o.extra_codes)
    lines += ["", f"wrong cases that also got other codes (not counted): {noisy}"]
    lines += ["", f"MISSES ({len(misses)}):"] + [f"  {describe(o)}" for o in misses]
    lines += ["", f"FALSE ALARMS ({len(alarms)}):"] + [f"  {describe(o)}" for o in alarms]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lang", action="append", choices=LANGUAGES, help="repeatable")
    parser.add_argument("--check", action="store_true", help="exit 1 when the bar is not met")
    args = parser.parse_args(argv)
    cases = load_cases(langs=args.lang or LANGUAGES)
    try:
        outcomes = run_all(cases)
    except ImportError as exc:
        sys.stderr.write(f"no checker to measure: {exc}\n")
        return 2
    sys.stdout.write(format_report(outcomes) + "\n")
    overall, per_lang = tally(outcomes)
    ok = overall.meets_bar and all(t.meets_bar for t in per_lang.values())
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
