"""The sync path runs without Textual (cron has no terminal UI to import)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    [
        "supportdesk_tui.imapsync",
        "supportdesk_tui.connectors.imap",
        "supportdesk_tui.connectors.registry",
        "supportdesk_tui.secrets",
        "supportdesk_tui.sync_command",
    ],
)
def test_sync_modules_import_without_textual(module: str) -> None:
    code = (
        f"import sys, {module}; assert 'textual' not in sys.modules and 'rich' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
