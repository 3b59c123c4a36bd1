"""The figures table the harnesses fill."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.reliability import ledger


def test_figures_add_up_per_area_and_reach_the_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger, "FIGURES", type(ledger.FIGURES)(ledger.Counter))
    ledger.count("imap kill", faults_injected=2, messages_checked=40)
    ledger.count("imap kill", faults_injected=1)
    lines = ledger.table()
    assert lines[0].split() == ["area", "faults_injected", "messages_checked", "seconds"]
    assert lines[1].split()[:4] == ["imap", "kill", "3", "40"]
    target = tmp_path / "out" / "figures.json"
    monkeypatch.setenv(ledger.FIGURES_ENV, str(target))
    ledger.write_json()
    assert json.loads(target.read_text())["imap kill"]["faults_injected"] == 3
