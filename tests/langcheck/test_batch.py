"""`supportdesk check --jsonl`: one result line per input line, errors per line, exit 0."""

from __future__ import annotations

import io
import json
from typing import Any

from supportdesk_tui.langcheck.batch import run_jsonl


def run(lines: list[str]) -> tuple[int, list[dict[str, Any]]]:
    out = io.StringIO()
    code = run_jsonl(io.StringIO("\n".join(lines) + "\n"), out)
    return code, [json.loads(line) for line in out.getvalue().splitlines()]


def request(rid: object, text: str, **customer: object) -> str:
    return json.dumps({"id": rid, "lang": "cs", "customer": customer, "text": text})


def test_each_line_gets_its_findings() -> None:
    code, results = run(
        [
            request(
                1,
                "Vážený pane Vondráček,\n\nděkujeme.",
                first_name="Jan",
                last_name="Vondráček",
                gender="m",
            ),
            request(
                2,
                "Vážený pane Vondráčku,\n\nděkujeme.",
                first_name="Jan",
                last_name="Vondráček",
                gender="m",
            ),
        ]
    )
    assert code == 0
    assert results[0] == {
        "id": 1,
        "findings": [
            {
                "code": "greeting_case",
                "message": "Use the form for addressing someone: 'Vondráčku'.",
                "start": 12,
                "end": 21,
                "suggestion": "Vondráčku",
            }
        ],
    }
    assert results[1] == {"id": 2, "findings": []}


def test_bad_lines_get_an_error_and_the_run_goes_on() -> None:
    code, results = run(
        [
            "not json",
            "[1, 2]",
            json.dumps({"id": "a", "lang": "cs"}),
            json.dumps({"id": "b", "lang": "cs", "text": "x", "customer": {"gender": "x"}}),
            json.dumps({"id": "c", "lang": "cs", "text": "x", "customer": "Jan"}),
            "",
            request("d", "Dear ,\n\nThanks"),
        ]
    )
    assert code == 0
    assert [r["id"] for r in results] == [None, None, "a", "b", "c", "d"]
    assert all("error" in r for r in results[:5])
    assert results[5]["findings"][0]["code"] == "unfilled_placeholder"


def test_non_ascii_is_written_as_is_and_lone_surrogates_do_not_crash() -> None:
    _, results = run(
        [
            request("ž", "Ahoj Petr,\n\nahoj", first_name="Petr", gender="m"),
            '{"id": "\\ud800", "lang": "en", "text": "Dear ,\\n\\ud800"}',
        ]
    )
    assert results[0]["id"] == "ž"
    assert results[0]["findings"][0]["suggestion"] == "Petře"
    assert results[1]["findings"][0]["code"] == "unfilled_placeholder"


def test_formality_and_script_are_read() -> None:
    line = json.dumps(
        {
            "id": 1,
            "lang": "sr",
            "text": "Здраво Марко,\n\nВаша поруџбина је послата.",
            "customer": {"first_name": "Marko", "script": "latn", "formality": "informal"},
        }
    )
    _, [result] = run([line])
    assert [f["code"] for f in result["findings"]] == ["wrong_script"]


def test_undecodable_bytes_do_not_stop_the_run() -> None:
    raw = b'{"id": 1, "lang": "en", "text": "Dear ,\\n\xff"}\n\xff\xfe garbage\n'
    raw += b'{"id": 3, "lang": "en", "text": "Hi"}\n'
    out = io.StringIO()
    assert run_jsonl(io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"), out) == 0
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r.get("id") for r in results] == [1, None, 3]
    assert "error" in results[1]
