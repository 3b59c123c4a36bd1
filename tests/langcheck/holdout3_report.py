"""The third, final holdout set: `holdout_report.py --set holdout3` under its own name.

python -m tests.langcheck.holdout3_report [--lang xx] [--check]
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any


def _holdout_report() -> ModuleType:
    """holdout_report.py beside this file, however this module happens to be imported."""
    name = "langcheck_holdout_report"
    if name in sys.modules:
        return sys.modules[name]
    path = Path(__file__).resolve().with_name("holdout_report.py")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_base: Any = _holdout_report()
report: Any = _base.report
HOLDOUT3_DIR = _base.HERE / "holdout3"


def load_holdout3(langs: Sequence[str] | None = None) -> list[Any]:
    return list(_base.load_set("holdout3", langs))


def main(argv: Sequence[str] | None = None) -> int:
    return int(_base.main(argv, default_set="holdout3"))


if __name__ == "__main__":
    sys.exit(main())
