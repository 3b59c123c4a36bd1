"""The figures table the harnesses fill."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tests.reliability import ledger


def test_figures_add_up_per_area_and_reach_the_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger, "FIGURES", defaultdict(Counter))
    monkeypatch.setattr(ledger, "SECONDS", defaultdict(float))
    ledger.count("imap kill", faults_injected=2, faults_survived=2, messages_checked=40)
    ledger.count("imap kill", faults_injected=1, faults_survived=1)
    ledger.count("hostile", inputs_tried=5, escapes=0, fetches=0, attachments_saved=7)
    lines = ledger.table()
    assert lines[0].split()[:3] == ["area", "faults", "injected"]
    assert lines[0].split()[-2:] == ["seconds", "other"]
    hostile, imap_kill, total = (line.split() for line in lines[1:])
    # Not counted is a dash, a counted zero stays a zero; side figures go to the last column.
    assert hostile[:8] == ["hostile", "-", "-", "-", "5", "-", "0", "-"]
    assert hostile[9:] == ["attachments_saved=7,", "fetches=0"]
    assert imap_kill[:5] == ["imap", "kill", "3", "3", "40"]
    assert total[:5] == ["total", "3", "3", "40", "5"]
    target = tmp_path / "out" / "figures.json"
    monkeypatch.setenv(ledger.FIGURES_ENV, str(target))
    ledger.write_json()
    assert json.loads(target.read_text())["imap kill"]["faults_injected"] == 3
