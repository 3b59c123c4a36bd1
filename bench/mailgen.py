"""A deterministic, realistic support mailbox for the sync benchmark.

Threads of 1-8 mails between customers (INBOX) and support@shop.example (Sent), in the
demo's ten languages; plain, alternative and HTML-only bodies; about 12% with attachments,
2% malformed; UTF-8 and legacy charsets; median about 6 KB. Each thread draws from its
own `random.Random`, so a given seed and count always give the same bytes.

    python bench/mailgen.py --count 10000 --out /tmp/box    # a Maildir++ with .Sent
    python bench/mailgen.py --count 2000 --stats            # sizes and shares only
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.mailshapes import GeneratedMail, new_thread, render  # noqa: E402

EPOCH = datetime(2025, 1, 6, 8, 0, tzinfo=UTC)


def generate(count: int, seed: int = 1) -> Iterator[GeneratedMail]:
    """Exactly `count` mails, thread by thread, oldest thread first."""
    made = 0
    number = 0
    while made < count:
        thread = new_thread(random.Random(f"{seed}:{number}"), number, EPOCH)
        for mail in render(thread)[: count - made]:
            yield mail
            made += 1
        number += 1


def write_maildir(mails: Iterator[GeneratedMail], out: Path) -> Counter[str]:
    """Maildir++: INBOX in `out`, Sent in `out/.Sent`; flags in the file names."""
    counts: Counter[str] = Counter()
    for name in ("", ".Sent"):
        for sub in ("cur", "new", "tmp"):
            (out / name / sub).mkdir(parents=True, exist_ok=True)
    for number, mail in enumerate(mails):
        folder = out if mail.folder == "INBOX" else out / ".Sent"
        letters = "".join(sorted(_MAILDIR_FLAGS[flag] for flag in mail.flags))
        path = folder / "cur" / f"{int(mail.date.timestamp())}.M{number}.mailgen:2,{letters}"
        path.write_bytes(mail.raw.replace(b"\r\n", b"\n"))
        stamp = mail.date.timestamp()
        os.utime(path, (stamp, stamp))
        counts[mail.folder] += 1
    return counts


_MAILDIR_FLAGS = {"\\Seen": "S", "\\Answered": "R", "\\Flagged": "F", "\\Draft": "D"}


def stats(mails: list[GeneratedMail]) -> str:
    sizes = sorted(len(mail.raw) for mail in mails)
    kinds = Counter(mail.kind.split("+")[0] for mail in mails)
    share = {
        "attachments": sum("+attachment" in m.kind for m in mails) / len(mails),
        "malformed": sum("+malformed" in m.kind for m in mails) / len(mails),
    }
    charsets = Counter(_charset(mail.raw) for mail in mails)
    lines = [
        f"mails {len(mails)}, INBOX {sum(m.folder == 'INBOX' for m in mails)}",
        f"size median {statistics.median(sizes) / 1024:.1f} KB, "
        f"p90 {sizes[len(sizes) * 9 // 10] / 1024:.1f} KB, total {sum(sizes) / 2**20:.1f} MB",
        "bodies " + ", ".join(f"{k} {v / len(mails):.0%}" for k, v in kinds.most_common()),
        ", ".join(f"{k} {v:.1%}" for k, v in share.items()),
        "charsets " + ", ".join(f"{k} {v}" for k, v in charsets.most_common()),
    ]
    return "\n".join(lines)


def _charset(raw: bytes) -> str:
    start = raw.find(b"charset=")
    if start < 0:
        return "none"
    return raw[start + 8 : start + 30].split(b"\r")[0].split(b";")[0].decode("ascii", "replace")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="write a Maildir++ here")
    parser.add_argument("--stats", action="store_true", help="print sizes and shares")
    args = parser.parse_args()
    if args.out is not None:
        counts = write_maildir(generate(args.count, args.seed), args.out)
        print(f"wrote {sum(counts.values())} mails to {args.out}: {dict(counts)}")
    if args.stats or args.out is None:
        print(stats(list(generate(args.count, args.seed))))


__all__ = ["GeneratedMail", "generate", "write_maildir"]

if __name__ == "__main__":
    main()
