"""Logging setup. Diagnostics go to a file (the terminal belongs to the TUI) and stderr for the CLI.

Our rule: never log message bodies or secrets; addresses and subjects at DEBUG only.
"""

from __future__ import annotations

import logging
from pathlib import Path


def setup(log_path: Path | None, level: int = logging.INFO) -> None:
    handlers: list[logging.Handler] = []
    if log_path is not None:
        try:
            log_path.parent.mkdir(parents=True, exist_ok=True)
            handlers.append(logging.FileHandler(log_path, encoding="utf-8"))
        except OSError:
            handlers.append(logging.NullHandler())  # an unwritable log dir must not stop the app
    logging.basicConfig(
        level=level,
        handlers=handlers or [logging.NullHandler()],
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        force=True,
    )
