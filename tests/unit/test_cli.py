"""The command line as a user meets it: help, config mistakes, the batch check."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def run(*args: str, stdin: str = "", home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(
        [sys.executable, "-m", "supportdesk_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_help_explains_the_options(tmp_path: Path) -> None:
    result = run("--help", home=tmp_path)
    assert result.returncode == 0
    for option in ("--demo", "--config", "--cache", "--reset-cache", "check"):
        assert option in result.stdout


def test_a_config_typo_is_named_with_its_line_and_exit_code_2(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[ui]\ntheme = "nord"\nfold_qoutes = true\n')
    result = run("--config", str(config), home=tmp_path)
    assert result.returncode == 2
    assert f"{config}:3" in result.stderr and "ui.fold_qoutes" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reads_jsonl_and_survives_bad_lines(tmp_path: Path) -> None:
    good = {
        "id": 1,
        "lang": "cs",
        "customer": {"first_name": "Jan", "last_name": "Vondráček", "gender": "m", "script": None},
        "text": "Vážený pane Vondráček,\nVaše objednávka byla odeslána.\n",
    }
    lines = [json.dumps(good, ensure_ascii=False), "{not json", json.dumps({"id": 3, "lang": "pl"})]
    result = run("check", "--jsonl", "-", stdin="\n".join(lines) + "\n", home=tmp_path)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 3
    first = out[0]
    assert first["id"] == 1
    (case,) = [f for f in first["findings"] if f["code"] == "greeting_case"]
    text = good["text"]
    fixed = text[: case["start"]] + case["suggestion"] + text[case["end"] :]
    assert fixed.startswith("Vážený pane Vondráčku,")
    assert "error" in out[1] and "error" in out[2]


def test_check_names_a_missing_file(tmp_path: Path) -> None:
    result = run("check", "--jsonl", str(tmp_path / "nope.jsonl"), home=tmp_path)
    assert result.returncode == 1
    assert "nope.jsonl" in result.stderr and "Traceback" not in result.stderr
