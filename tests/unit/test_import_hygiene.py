"""The core runs without Textual: a run-time check for deferred imports a linter can't see."""

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "supportdesk_tui.domain.queue",
        "supportdesk_tui.store",
        "supportdesk_tui.sync",
        "supportdesk_tui.langcheck.checker",
        "supportdesk_tui.mime",
        "supportdesk_tui.mailout",
        "supportdesk_tui.connectors.smtp",
        "supportdesk_tui.cli",
    ],
)
def test_core_imports_without_textual(module: str) -> None:
    code = (
        f"import sys, {module}; assert 'textual' not in sys.modules and 'rich' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_check_command_does_not_load_textual(tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = (
        "import sys, io; from supportdesk_tui.langcheck.batch import run_jsonl; "
        "run_jsonl(io.StringIO(''), io.StringIO()); assert 'textual' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
