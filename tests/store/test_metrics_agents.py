"""One identity per agent in reports, and an honest error for a fault in the report's SQL.

On the desk of test_metrics.py (Prague, the week of 2 March 2026): eva is assigned C1 C2 C7
and answers C6 (unassigned) as "eva"; tomas is assigned C3 C4 C8 C11 and answers as "Tomáš".
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest

from supportdesk_tui.domain.metrics import Grouping, agent_key
from supportdesk_tui.domain.models import Status
from supportdesk_tui.errors import StoreError
from supportdesk_tui.store import Store, metrics_sql

from .test_metrics import CHAT, EMAIL, OUT, WEEK, begin, build_desk, p, writes


def test_agent_key_ignores_case_accents_and_outer_spaces() -> None:
    assert agent_key(" Tomáš ") == agent_key("TOMAS") == "tomas"
    assert agent_key("Olga") == "olga"
    assert agent_key("Eva Horáková") == "eva horakova"  # a full name is no id "eva"


async def test_an_unassigned_answer_by_name_counts_for_that_agent_once(store: Store) -> None:
    # U1 unassigned, answered by "Tomáš": tomas (an assigned id). U2 answered by "Eva": eva.
    # U3 answered by "Eva Horáková" and U4 by "Support": no known id, so unassigned ("").
    # Before: groups "tomas", "Tomáš", "eva", "Eva", ... one person in two rows.
    await build_desk(store)
    for conv, author in (("U1", "Tomáš"), ("U2", "Eva"), ("U3", "Eva Horáková"),
                         ("U4", "Support")):  # fmt: skip
        await begin(store, conv, f"cust-{conv}", p(3, 10), EMAIL, "cs")
        await writes(store, conv, p(3, 11), OUT, author)
    found = await store.report(replace(WEEK, group_by=Grouping.AGENT))
    sizes = {g.group: g.conversations for g in found.groups}
    assert sizes == {"eva": 5, "tomas": 5, "": 3}  # "": C5 (unanswered), U3, U4
    assert (await store.report(replace(WEEK, agent="tomas"))).total.conversations == 5
    assert (await store.report(replace(WEEK, agent="Tomáš"))).total.conversations == 0


async def test_a_name_two_ids_share_is_not_guessed(store: Store) -> None:
    # ids "eva" and "Eva" both exist: an unassigned answer by "EVA" could be either.
    for conv, assignee in (("A1", "eva"), ("A2", "Eva")):
        await begin(store, conv, f"cust-{conv}", p(2, 10), CHAT, "cs")
        await store.assign([conv], assignee)
    await begin(store, "A3", "cust-A3", p(2, 10), CHAT, "cs")
    await writes(store, "A3", p(2, 11), OUT, "EVA")
    found = await store.report(replace(WEEK, group_by=Grouping.AGENT))
    assert {g.group: g.conversations for g in found.groups} == {"eva": 1, "Eva": 1, "": 1}


async def test_a_fault_in_the_report_sql_does_not_blame_the_cache(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    await begin(store, "C1", "cust-1", p(2, 10), EMAIL, "cs")
    await store.set_status(["C1"], Status.RESOLVED, at=p(2, 12))
    monkeypatch.setattr(metrics_sql, "_BUSIEST", "SELEC broken")
    with pytest.raises(StoreError) as raised:
        await store.report(WEEK)
    assert "fault in supportdesk, not in the cache" in raised.value.message
    assert "reset-cache" not in raised.value.message


async def test_a_cache_missing_a_table_still_gets_the_cache_advice(store: Store) -> None:
    await begin(store, "C1", "cust-1", p(2, 10), EMAIL, "cs")
    db = store._db  # as a crashed tool might leave the file
    await db.execute("DROP TABLE status_change")
    with pytest.raises(StoreError) as raised:
        await store.report(WEEK)
    assert "no such table: status_change" in raised.value.message
    assert "reset-cache" in raised.value.message
    assert isinstance(raised.value.__cause__, sqlite3.OperationalError)
