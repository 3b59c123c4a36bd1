"""`supportdesk report` as a manager runs it: the real command line on a real cache file.

The desk (shop in Prague, open Monday-Friday 09:00-17:00, March 2026 is UTC+1), shop time:

    A  email cs  eva    refund  Mon 2 Mar 10:00 in, 10:30 answered, resolved 12:00:
                                first response 30 min (1800 s), resolution 2 h (7200 s)
    B  chat  pl  tomas  -       Mon 2 Mar 23:00 in (shop closed), Tue 09:30 answered:
                                first response 30 min of business time (09:00-09:30)
    C  email cs  -      -       Sat 7 Mar 10:00 in, no answer yet: unanswered

The week Mon 2 - Sun 8 March: 3 conversations, 1 unanswered, 1 resolved; first responses
1800 and 1800: median 1800, p90 1800 (nearest rank 2 of 2); resolution 7200.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from supportdesk_tui.domain.models import (
    Batch,
    Channel,
    Conversation,
    Customer,
    Direction,
    Message,
    Status,
)
from supportdesk_tui.store import Store

from .test_cli import run

PRAGUE = ZoneInfo("Europe/Prague")


def shop(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=PRAGUE)


def mail(conv: str, when: datetime, direction: Direction, channel: Channel) -> Message:
    ours = direction is Direction.OUTGOING
    return Message(
        id=f"{conv}-{when:%d%H%M}", conversation_id=conv, channel=channel, direction=direction,
        author_name="Eva" if ours else "Zákazník",
        author_address="podpora@shop.example" if ours else f"{conv}@example.cz",
        sent_at=when, body_text="Dobrý den",
    )  # fmt: skip


async def build_desk(path: Path) -> None:
    store = await Store.open(path)
    try:
        for conv, when, channel, language in (
            ("A", shop(2, 10), Channel.EMAIL, "cs"),
            ("B", shop(2, 23), Channel.CHAT, "pl"),
            ("C", shop(7, 10), Channel.EMAIL, "cs"),
        ):
            await store.apply_batch(
                Batch(
                    "shop",
                    customers=(Customer(f"cust-{conv}", conv, emails=(f"{conv}@example.cz",)),),
                    conversations=(
                        Conversation(conv, channel, f"cust-{conv}", "Dotaz", language=language),
                    ),
                    messages=(mail(conv, when, Direction.INCOMING, channel),),
                )
            )
        await store.assign(["A"], "eva")
        await store.add_tag(["A"], "refund")
        await store.assign(["B"], "tomas")
        answers = (mail("A", shop(2, 10, 30), Direction.OUTGOING, Channel.EMAIL),
                   mail("B", shop(3, 9, 30), Direction.OUTGOING, Channel.CHAT))  # fmt: skip
        await store.apply_batch(Batch("shop", messages=answers))
        await store.set_status(["A"], Status.RESOLVED, at=shop(2, 12))
    finally:
        await store.close()


@pytest.fixture
def desk(tmp_path: Path) -> tuple[Path, Path]:
    cache = tmp_path / "cache.sqlite3"
    asyncio.run(build_desk(cache))
    config = tmp_path / "config.toml"
    config.write_text(
        '[ui]\ntimezone = "Europe/Prague"\n[shop]\nname = "Eshop <Praha>"\n'
        '[reports]\nopens = "09:00"\ncloses = "17:00"\n'
    )
    return config, cache


def report(desk: tuple[Path, Path], home: Path, *args: str):  # type: ignore[no-untyped-def]
    config, cache = desk
    return run("--config", str(config), "--cache", str(cache), "report", *args, home=home)


def test_a_week_as_json_has_the_hand_worked_numbers(
    desk: tuple[Path, Path], tmp_path: Path
) -> None:
    done = report(desk, tmp_path, "--from", "2026-03-02", "--to", "2026-03-08", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["query"]["start"] == "2026-03-01T23:00:00+00:00"  # Prague midnight
    assert data["query"]["end"] == "2026-03-08T23:00:00+00:00"  # Sunday included
    total = data["total"]
    assert (total["conversations"], total["unanswered"], total["resolved"]) == (3, 1, 1)
    assert total["first_response"]["median"] == 1800 and total["first_response"]["p90"] == 1800
    assert total["resolution"]["median"] == 7200
    assert data["busiest_hours"][0][10] == 1 and data["busiest_hours"][0][23] == 1  # Monday
    assert data["busiest_hours"][5][10] == 1  # Saturday


def test_grouped_by_channel_as_csv(desk: tuple[Path, Path], tmp_path: Path) -> None:
    done = report(desk, tmp_path, "--from", "2026-03-02", "--to", "2026-03-08", "--by",
                  "channel", "--format", "csv")  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = {row["group"]: row for row in csv.DictReader(io.StringIO(done.stdout))}
    assert rows["email"]["conversations"] == "2" and rows["email"]["unanswered"] == "1"
    assert rows["chat"]["conversations"] == "1"
    assert float(rows["chat"]["first_response_median_s"]) == 1800


def test_a_filter_and_the_table(desk: tuple[Path, Path], tmp_path: Path) -> None:
    done = report(desk, tmp_path, "--from", "2026-03-02", "--to", "2026-03-08", "--agent", "eva")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Mon 02 Mar 2026 – Sun 08 Mar 2026 (Europe/Prague)")
    assert "only agent eva" in lines[0]
    assert next(line for line in lines if line.startswith("conversations")).split()[-1] == "1"
    assert next(line for line in lines if line.startswith("resolution median")).endswith("2 h")


def test_the_html_file_is_written_where_asked(desk: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "week.html"
    done = report(desk, tmp_path, "--from", "2026-03-02", "--to", "2026-03-08", "--format",
                  "html", "-o", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Support report: Eshop &lt;Praha&gt;" in page
    assert "<script" not in page and done.stdout == ""


def test_mistakes_are_explained_and_create_nothing(desk: tuple[Path, Path], tmp_path: Path) -> None:
    config, _ = desk
    backwards = report(desk, tmp_path, "--from", "2026-03-08", "--to", "2026-03-02")
    assert backwards.returncode == 2
    assert "--from 2026-03-08 is after --to 2026-03-02" in backwards.stderr
    missing = tmp_path / "nowhere" / "cache.sqlite3"
    done = run("--config", str(config), "--cache", str(missing), "report", home=tmp_path)
    assert done.returncode == 1 and "no cache at" in done.stderr
    assert not missing.exists() and "Traceback" not in done.stderr
    bad_date = report(desk, tmp_path, "--from", "2 March")
    assert bad_date.returncode == 2 and "--from" in bad_date.stderr


def test_the_demo_reports_on_its_shop_time_unless_the_config_says(tmp_path: Path) -> None:
    from supportdesk_tui.demo import load_demo

    async def build(path: Path) -> None:
        store = await Store.open(path)
        try:
            await load_demo(store, datetime.now(ZoneInfo("UTC")))
        finally:
            await store.close()

    cache = tmp_path / "demo.sqlite3"
    asyncio.run(build(cache))
    plain = tmp_path / "plain.toml"
    plain.write_text("")
    done = run("--demo", "--config", str(plain), "--cache", str(cache), "report", "--format",
               "json", home=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["query"]["hours"]["timezone"] == "Europe/Prague"
    assert data["total"]["conversations"] > 50 and data["total"]["resolved"] > 50  # its past
    assert data["total"]["first_response"]["median"] > 0  # answered in its office hours
    chosen = tmp_path / "chosen.toml"
    chosen.write_text('[ui]\ntimezone = "America/New_York"\n')
    done = run("--demo", "--config", str(chosen), "--cache", str(cache), "report", "--format",
               "json", home=tmp_path)  # fmt: skip
    assert json.loads(done.stdout)["query"]["hours"]["timezone"] == "America/New_York"
