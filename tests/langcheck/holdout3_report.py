"""How well the greeting and inflection check does on the third, final unseen holdout set.

``holdout3/<lang>.jsonl`` (same format as ``cases/``; see ``holdout3/README.md``) was written
without reading the checker's source or the contents of ``cases/``, ``holdout/`` and
``holdout2/`` (only their READMEs). It is a realistic month of a shop's outgoing replies and
exists to give an honest figure: nobody tunes on it. Scoring, figures and listing are those of
``accuracy_report``; only the directory differs.

Run from the repository root::

    python -m tests.langcheck.holdout3_report             # figures, then every miss and false alarm
    python -m tests.langcheck.holdout3_report --lang sr   # one language (repeatable)
    python -m tests.langcheck.holdout3_report --check     # exit 1 when the overall bar is not met
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

HOLDOUT3_DIR = Path(__file__).resolve().with_name("holdout3")


def _accuracy_report() -> ModuleType:
    """accuracy_report.py beside this file, however this module happens to be imported."""
    name = "langcheck_accuracy_report"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).resolve().with_name("accuracy_report.py")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


report: Any = _accuracy_report()


def load_holdout3(langs: Sequence[str] | None = None) -> list[Any]:
    """Every case of the third holdout for the given languages (all ten by default)."""
    return list(report.load_cases(HOLDOUT3_DIR, langs or report.LANGUAGES))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--lang", action="append", choices=report.LANGUAGES, help="repeatable")
    parser.add_argument("--check", action="store_true", help="exit 1 when the bar is not met")
    args = parser.parse_args(argv)
    cases = load_holdout3(args.lang)
    try:
        outcomes = report.run_all(cases)
    except ImportError as exc:
        sys.stderr.write(f"no checker to measure: {exc}\n")
        return 2
    sys.stdout.write("THIRD HOLDOUT SET\n" + report.format_report(outcomes) + "\n")
    overall, _ = report.tally(outcomes)
    return 1 if args.check and not overall.meets_bar else 0


if __name__ == "__main__":
    sys.exit(main())
