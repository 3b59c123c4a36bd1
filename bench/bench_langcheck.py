"""Speed and memory of the greeting and inflection check (figures, not asserts).

    python bench/bench_langcheck.py [--drafts N]

Targets (issue): <= 20 ms per draft once loaded; first check <= 1.5 s including lazy loads;
`check --jsonl` over 1,000 drafts <= 10 s; peak RSS <= 350 MB with all ten languages loaded.
Drafts come from tests/langcheck/cases/*.jsonl (or the language-id samples if absent).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "langcheck" / "cases"
LANGUAGES = ("cs", "sk", "pl", "ru", "uk", "bg", "sr", "hr", "sl", "en")


def load_drafts() -> list[dict[str, object]]:
    drafts: list[dict[str, object]] = []
    for path in sorted(CASES.glob("*.jsonl")):
        drafts += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    if not drafts:
        sys.path.insert(0, str(ROOT))
        from tests.langcheck.langid_samples import SAMPLES

        drafts = [{"id": i, "lang": lang, "customer": {}, "text": text}
                  for lang, texts in SAMPLES.items() for i, text in enumerate(texts)]  # fmt: skip
    return drafts


def run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return result.stdout.strip()


def per_draft_times(drafts: list[dict[str, object]]) -> tuple[float, float, float]:
    from supportdesk_tui.langcheck import checker
    from supportdesk_tui.langcheck.base import Person

    checker.preload()
    times = []
    for draft in drafts:
        customer = dict(draft.get("customer") or {})  # type: ignore[call-overload]
        person = Person(customer.get("first_name"), customer.get("last_name"),
                        customer.get("gender"), customer.get("script"))  # fmt: skip
        start = time.perf_counter()
        checker.check(str(draft["text"]), str(draft["lang"]), person)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return statistics.median(times), p99, times[-1]


FIRST_CHECK = """
import json, time
t = time.perf_counter()
from supportdesk_tui.langcheck.checker import check
from supportdesk_tui.langcheck.base import Person
d = json.loads({line!r})
c = d.get("customer") or {{}}
p = Person(c.get("first_name"), c.get("last_name"), c.get("gender"), c.get("script"))
check(d["text"], d["lang"], p)
print(time.perf_counter() - t)
"""

PEAK_RSS = """
import resource
from supportdesk_tui.langcheck import checker
checker.preload()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

JSONL = """
import sys
from supportdesk_tui.langcheck.batch import run_jsonl
with open({path!r}, encoding="utf-8") as infile, open("/dev/null", "w") as out:
    run_jsonl(infile, out)
"""


def first_check_seconds(drafts: list[dict[str, object]]) -> dict[str, float]:
    firsts = {}
    for lang in LANGUAGES:
        sample = next((d for d in drafts if d["lang"] == lang), None)
        if sample is not None:
            firsts[lang] = float(run_python(FIRST_CHECK.format(line=json.dumps(sample))))
    return firsts


def jsonl_seconds(drafts: list[dict[str, object]], count: int) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for i in range(count):
            f.write(json.dumps(drafts[i % len(drafts)], ensure_ascii=False) + "\n")
    start = time.perf_counter()
    run_python(JSONL.format(path=f.name))
    elapsed = time.perf_counter() - start
    Path(f.name).unlink()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--drafts", type=int, default=1000)
    args = parser.parse_args()
    drafts = load_drafts()
    firsts = first_check_seconds(drafts)
    jsonl = jsonl_seconds(drafts, args.drafts)
    rss = float(run_python(PEAK_RSS))
    median, p99, worst = per_draft_times(drafts)
    rows = [
        ("drafts measured", f"{len(drafts)}", ""),
        ("per draft, median (loaded)", f"{median:.2f} ms", "<= 20 ms"),
        ("per draft, p99 (loaded)", f"{p99:.2f} ms", "<= 20 ms"),
        ("per draft, worst (loaded)", f"{worst:.2f} ms", ""),
        *[
            (f"first check, fresh process, {lang}", f"{s:.2f} s", "<= 1.5 s")
            for lang, s in firsts.items()
        ],  # fmt: skip
        (f"check --jsonl, {args.drafts} drafts (incl. start)", f"{jsonl:.2f} s", "<= 10 s"),
        ("peak RSS, all ten languages loaded", f"{rss:.0f} MB", "<= 350 MB"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'value':>10}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>10}  {target}")


if __name__ == "__main__":
    main()
