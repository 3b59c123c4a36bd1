"""`supportdesk check --jsonl FILE`: one JSON object per line in, one result line out.

Input:  {"id": ..., "lang": "cs", "customer": {"first_name": ..., "last_name": ...,
         "gender": "m"|"f"|null, "script": "latn"|"cyrl"|null, "formal": true|false|null},
         "text": ...}
Output: {"id": ..., "findings": [{"code", "message", "start", "end", "suggestion"}]}
        or {"id": ..., "error": "..."} for a line that cannot be read; the run goes on.
"""

from __future__ import annotations

import io
import json
import logging
from typing import Any, TextIO

from supportdesk_tui.langcheck import checker
from supportdesk_tui.langcheck.base import Finding, Person

log = logging.getLogger(__name__)


class BadLine(ValueError):
    """A line that is not a valid check request; its message goes into the output."""


def run_jsonl(infile: TextIO, outfile: TextIO) -> int:
    """Check every line of infile, write one result line each; always returns 0."""
    if isinstance(infile, io.TextIOWrapper):
        infile.reconfigure(errors="replace")  # undecodable bytes must not end the run
    for number, line in enumerate(infile, start=1):
        if not line.strip():
            continue
        result = _result(line, number)
        try:
            outfile.write(json.dumps(result, ensure_ascii=False) + "\n")
        except UnicodeEncodeError:  # lone surrogates from "\ud800" escapes: write ASCII
            outfile.write(json.dumps(result) + "\n")
        outfile.flush()
    return 0


def _result(line: str, number: int) -> dict[str, Any]:
    request_id: Any = None
    try:
        request = json.loads(line)
        if not isinstance(request, dict):
            raise BadLine("expected a JSON object")
        request_id = request.get("id")
        text, lang, person = _parse(request)
    except (ValueError, BadLine) as error:
        log.debug("bad input line %d", number)
        return {"id": request_id, "line": number, "error": str(error)}
    findings = checker.check(text, lang, person)
    return {"id": request_id, "findings": [_as_json(f) for f in findings]}


def _parse(request: dict[str, Any]) -> tuple[str, str, Person]:
    text, lang = request.get("text"), request.get("lang")
    if not isinstance(text, str):
        raise BadLine("'text' must be a string")
    if not isinstance(lang, str):
        raise BadLine("'lang' must be a string")
    customer = request.get("customer") or {}
    if not isinstance(customer, dict):
        raise BadLine("'customer' must be an object")
    return text, lang, _person(customer)


def _person(customer: dict[str, Any]) -> Person:
    first, last = customer.get("first_name"), customer.get("last_name")
    gender, script = customer.get("gender"), customer.get("script")
    formal = customer.get("formal", customer.get("formality"))
    for field, value in (("first_name", first), ("last_name", last)):
        if value is not None and not isinstance(value, str):
            raise BadLine(f"'{field}' must be a string or null")
    if gender not in ("m", "f", None):
        raise BadLine("'gender' must be 'm', 'f' or null")
    if script not in ("latn", "cyrl", None):
        raise BadLine("'script' must be 'latn', 'cyrl' or null")
    if isinstance(formal, str):
        formal = {"formal": True, "informal": False}.get(formal)
    if formal is not None and not isinstance(formal, bool):
        raise BadLine("'formal' must be true, false or null")
    return Person(first or None, last or None, gender, script, formal)


def _as_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code.value,
        "message": finding.message,
        "start": finding.start,
        "end": finding.end,
        "suggestion": finding.suggestion,
    }
