"""How well the greeting and inflection check does on the unseen holdout sets.

Each set (``holdout/``, ``holdout2/``, ``holdout3/``; same format as ``cases/``, each with a README
saying how it was built) was written by someone who had read neither the checker's rules nor the
earlier cases. ``holdout3`` is the honest figure: nobody tunes on it. Scoring, figures and listing
are those of ``accuracy_report``; only the directory differs.

Run from the repository root::

    python -m tests.langcheck.holdout_report                  # figures, every miss and false alarm
    python -m tests.langcheck.holdout_report --set holdout3   # another set
    python -m tests.langcheck.holdout_report --lang hr        # one language (repeatable)
    python -m tests.langcheck.holdout_report --check          # exit 1 when the bar is not met
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
SETS = {"holdout": "HOLDOUT SET", "holdout2": "SECOND HOLDOUT SET", "holdout3": "THIRD HOLDOUT SET"}
HOLDOUT_DIR = HERE / "holdout"


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


def load_set(name: str, langs: Sequence[str] | None = None) -> list[Any]:
    """Every case of set `name` for the given languages (all ten by default), in file order."""
    return list(report.load_cases(HERE / name, langs or report.LANGUAGES))


def load_holdout(langs: Sequence[str] | None = None) -> list[Any]:
    return load_set("holdout", langs)


def main(argv: Sequence[str] | None = None, default_set: str = "holdout") -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--set", choices=SETS, default=default_set, help="which holdout set")
    parser.add_argument("--lang", action="append", choices=report.LANGUAGES, help="repeatable")
    parser.add_argument("--check", action="store_true", help="exit 1 when the bar is not met")
    args = parser.parse_args(argv)
    cases = load_set(args.set, args.lang)
    try:
        outcomes = report.run_all(cases)
    except ImportError as exc:
        sys.stderr.write(f"no checker to measure: {exc}\n")
        return 2
    sys.stdout.write(SETS[args.set] + "\n" + report.format_report(outcomes) + "\n")
    overall, _ = report.tally(outcomes)
    return 1 if args.check and not overall.meets_bar else 0


if __name__ == "__main__":
    sys.exit(main())
