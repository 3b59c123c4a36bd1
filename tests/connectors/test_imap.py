"""The IMAP connector and sync runner against a real Dovecot (tests/imapserver.py)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from supportdesk_tui import bodies
from supportdesk_tui.domain.models import Direction, Status
from supportdesk_tui.errors import ConnectorError
from supportdesk_tui.imapsync import sync_accounts
from supportdesk_tui.store import Store
from tests.connectors.imap_helpers import (
    EVERYTHING,
    FAR_FUTURE,
    SHOP,
    account,
    cached,
    connector,
    mail,
    server_flags,
    sync,
)
from tests.imapserver import Dovecot, MailUser

pytestmark = pytest.mark.imap


def crash(dovecot: Dovecot) -> None:
    """Stop the server and kill its IMAP sessions too (Dovecot.stop leaves them running)."""
    master = dovecot._process.pid if dovecot._process else None
    assert master is not None
    sessions = descendants(master)
    dovecot.stop()
    for pid in sessions:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        with contextlib.suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@pytest.fixture
def user(dovecot: Dovecot, imap_user: MailUser) -> MailUser:
    dovecot.create_folder(imap_user.name, "Sent")
    return imap_user


async def test_first_sync_threads_our_sent_reply_and_keeps_the_raw_mail(
    dovecot: Dovecot, user: MailUser, store: Store
) -> None:
    first = mail(1, body="Dobrý den, kde je zásilka? Děkuji, Jan")
    dovecot.append(user.name, "INBOX", first)
    dovecot.append(user.name, "INBOX", mail(2, subject="Reklamace", sender="eva@example.sk"))
    reply = mail(3, subject="Re: Objednávka 1001", sender=SHOP, to="jan.vondracek@example.cz",
                 reply_to="m1@test.example")  # fmt: skip
    dovecot.append(user.name, "Sent", reply, flags=["\\Seen"])

    summary = await sync(store, connector(dovecot, user))

    assert summary.failed == []
    assert summary.new_messages == 3
    messages = await cached(store)
    assert messages["m1@test.example"][0] == messages["m3@test.example"][0]
    assert messages["m2@test.example"][0] != messages["m1@test.example"][0]
    assert await store.raw_message("m1@test.example") == first
    detail = await store.conversation_detail(messages["m1@test.example"][0])
    assert detail is not None
    assert [m.direction for m in detail.messages] == [Direction.INCOMING, Direction.OUTGOING]
    assert detail.messages[0].body_text.startswith("Dobrý den, kde je zásilka?")
    assert detail.conversation.waiting_since is None  # our reply answered it


async def test_later_syncs_fetch_only_new_mail_and_same_cursor_adds_nothing(
    dovecot: Dovecot, user: MailUser, store: Store
) -> None:
    for n in range(3):
        dovecot.append(user.name, "INBOX", mail(n))
    imap = connector(dovecot, user)
    assert (await sync(store, imap)).new_messages == 3
    dovecot.append(user.name, "INBOX", mail(10))
    dovecot.append(user.name, "Sent", mail(11, sender=SHOP, to="x@example.cz"))
    second = await sync(store, imap)
    assert second.new_messages == 2
    again = await sync(store, imap)
    assert again.new_messages == 0 and again.failed == []
    assert len(await cached(store)) == 5


async def test_read_state_goes_both_ways(dovecot: Dovecot, user: MailUser, store: Store) -> None:
    uid_a = dovecot.append(user.name, "INBOX", mail(1, subject="A"))
    uid_b = dovecot.append(user.name, "INBOX", mail(2, subject="B", sender="b@example.pl"))
    imap = connector(dovecot, user)
    await sync(store, imap)
    assert {read for _, read in (await cached(store)).values()} == {False}

    dovecot.set_flags(user.name, "INBOX", [uid_a], ["\\Seen"])  # read in another client
    conversation_b = (await cached(store))["m2@test.example"][0]
    await store.mark_read(conversation_b)  # the agent read B here
    summary = await sync(store, imap)

    assert summary.accounts[0].read_changes == 1
    messages = await cached(store)
    assert messages["m1@test.example"][1] is True
    assert messages["m2@test.example"][1] is True
    assert "\\Seen" in server_flags(dovecot, user)[uid_b]

    await store.mark_read(conversation_b, read=False)  # the agent marks B unread again
    await sync(store, imap)
    assert "\\Seen" not in server_flags(dovecot, user)[uid_b]
    assert (await cached(store))["m1@test.example"][1] is True


@pytest.mark.parametrize("extensions", [True, False], ids=["qresync", "plain-imap"])
async def test_expunged_mail_leaves_the_cache(
    dovecot: Dovecot, user: MailUser, store: Store, extensions: bool
) -> None:
    uids = [dovecot.append(user.name, "INBOX", mail(n, subject=f"S{n}")) for n in range(4)]
    imap = connector(dovecot, user, extensions=extensions)
    await sync(store, imap)
    dovecot.expunge(user.name, "INBOX", uids[1:3])
    summary = await sync(store, imap)
    assert summary.accounts[0].removed_messages == 2
    assert sorted(await cached(store)) == ["m0@test.example", "m3@test.example"]
    assert len(await cached(store)) == dovecot.count(user.name, "INBOX")


async def test_flags_without_condstore_follow_the_server(
    dovecot: Dovecot, user: MailUser, store: Store
) -> None:
    uid = dovecot.append(user.name, "INBOX", mail(1))
    imap = connector(dovecot, user, extensions=False)
    await sync(store, imap)
    dovecot.set_flags(user.name, "INBOX", [uid], ["\\Seen"])
    await sync(store, imap)
    assert (await cached(store))["m1@test.example"][1] is True


async def test_new_uidvalidity_refetches_the_folder_and_keeps_status_and_notes(
    dovecot: Dovecot, user: MailUser, store: Store
) -> None:
    for n in range(3):
        dovecot.append(user.name, "Sent", mail(n, subject=f"T{n}", sender=SHOP, to=f"c{n}@x.cz"))
    imap = connector(dovecot, user)
    await sync(store, imap)
    before = await cached(store)
    kept = before["m0@test.example"][0]
    await store.set_status([kept], Status.RESOLVED)
    await store.add_note(kept, "eva", "Zákazník volal, posláno znovu.", datetime.now(UTC))

    dovecot.recreate_folder(user.name, "Sent")  # a restored server: new UIDVALIDITY
    uids = [
        dovecot.append(user.name, "Sent", mail(n, subject=f"T{n}", sender=SHOP, to=f"c{n}@x.cz"))
        for n in (0, 2)  # m1 is gone for good
    ]
    summary = await sync(store, imap)

    assert summary.failed == []
    assert summary.new_messages == 0
    after = await cached(store)
    assert "m1@test.example" not in after
    assert after["m0@test.example"][0] == kept
    detail = await store.conversation_detail(kept)
    assert detail is not None
    assert detail.conversation.status is Status.RESOLVED
    assert any(m.direction is Direction.NOTE for m in detail.messages)
    # the cached mail knows its new UIDs: an expunge now removes the right one
    dovecot.expunge(user.name, "Sent", [uids[1]])
    await sync(store, imap)
    assert "m2@test.example" not in await cached(store)
    assert "m0@test.example" in await cached(store)


async def test_after_a_new_uidvalidity_read_state_is_the_servers(
    dovecot: Dovecot, user: MailUser, store: Store
) -> None:
    """A restored folder is fetched again: mail read (or marked unread) on the server since the
    last sync shows so here too, not as the cache had it (found by the crash harness)."""
    first = dovecot.append(user.name, "INBOX", mail(1))
    second = dovecot.append(user.name, "INBOX", mail(2), flags=["\\Seen"])
    imap = connector(dovecot, user)
    await sync(store, imap)
    dovecot.set_flags(user.name, "INBOX", [first], ["\\Seen"])
    dovecot.set_flags(user.name, "INBOX", [second], [])
    dovecot.set_uidvalidity(user.name, "INBOX", dovecot.uidvalidity(user.name, "INBOX") + 7)
    await sync(store, imap)
    found = await cached(store)
    assert (found["m1@test.example"][1], found["m2@test.example"][1]) == (True, False)
    [row] = [r for r in await store.list_queue(EVERYTHING, FAR_FUTURE, 0, 10)
             if r.conversation_id == found["m2@test.example"][0]]  # fmt: skip
    assert row.unread


async def test_wrong_password_is_a_clear_account_error(
    dovecot: Dovecot, user: MailUser, store: Store
) -> None:
    summary = await sync(store, connector(dovecot, user, password="not-it"))
    [failed] = summary.failed
    assert failed.account == "shop"
    assert isinstance(failed.error, ConnectorError)
    assert "wrong user name or password" in failed.error.message
    assert "not-it" not in failed.error.message


async def test_a_server_certificate_from_an_unknown_ca_is_refused(
    dovecot: Dovecot, user: MailUser, store: Store
) -> None:
    settings = account(dovecot, user, ca_file=None)  # the system CAs do not know it
    summary = await sync(store, connector(dovecot, user, settings=settings))
    [failed] = summary.failed
    assert failed.error is not None and failed.error.title == "TLS certificate not trusted"
    assert "an authority this computer does not trust" in failed.error.message
    assert "set ca_file" in failed.error.message


async def test_starttls_and_refused_connection(
    dovecot: Dovecot, user: MailUser, store: Store
) -> None:
    dovecot.append(user.name, "INBOX", mail(1))
    settings = account(dovecot, user, tls="starttls", port=dovecot.imap_port)
    assert (await sync(store, connector(dovecot, user, settings=settings))).new_messages == 1
    closed = account(dovecot, user, port=1)  # nothing listens on port 1
    [failed] = (await sync(store, connector(dovecot, user, settings=closed))).failed
    assert failed.error is not None and "refused" in failed.error.message


async def test_a_missing_folder_names_the_folders_there_are(
    dovecot: Dovecot, user: MailUser, store: Store
) -> None:
    dovecot.append(user.name, "INBOX", mail(1))
    settings = account(dovecot, user, folders=["INBOX", "Odeslané"])
    summary = await sync(store, connector(dovecot, user, settings=settings))
    [failed] = summary.failed
    assert failed.error is not None
    assert "'Odeslané'" in failed.error.message and "Sent" in failed.error.message
    assert summary.new_messages == 1  # the folders that exist were synced


async def test_server_gone_mid_fetch_resumes_without_loss_or_doubles(
    dovecot: Dovecot, user: MailUser, store: Store
) -> None:
    total = 600
    dovecot.append_many(user.name, "INBOX", [(mail(n, subject=f"S{n}"), (), None)
                                              for n in range(total)])  # fmt: skip
    imap = connector(dovecot, user, chunk=50)
    stopped = threading.Event()

    def kill_server_after_a_few_batches(account: str, done: int, all_: int) -> None:
        if done >= 100 and not stopped.is_set():
            stopped.set()
            crash(dovecot)

    try:
        first = await sync(store, imap, progress=kill_server_after_a_few_batches)
    finally:
        dovecot.start()
    [failed] = first.failed
    assert failed.error is not None and "connection" in failed.error.message.lower()
    assert 0 < first.new_messages < total
    second = await sync(store, imap)
    assert second.failed == []
    assert first.new_messages + second.new_messages == total
    assert len(await cached(store)) == total == dovecot.count(user.name, "INBOX")


async def test_stop_ends_the_sync_between_batches_and_the_next_one_continues(
    dovecot: Dovecot, user: MailUser, store: Store
) -> None:
    dovecot.append_many(user.name, "INBOX", [(mail(n, subject=f"S{n}"), (), None)
                                              for n in range(120)])  # fmt: skip
    imap = connector(dovecot, user, chunk=20)
    seen: list[int] = []

    def note(account: str, done: int, total: int) -> None:
        if done:
            seen.append(done)

    first = await sync(store, imap, stop=lambda: len(seen) > 0, progress=note)
    assert first.failed == [] and 0 < first.new_messages < 120
    second = await sync(store, imap)
    assert first.new_messages + second.new_messages == 120


async def test_idle_reports_new_mail_within_two_seconds(dovecot: Dovecot, user: MailUser) -> None:
    imap = connector(dovecot, user)
    imap.connect()
    timer = threading.Timer(0.5, lambda: dovecot.append(user.name, "INBOX", mail(1)))
    timer.start()
    started = time.monotonic()
    try:
        assert imap.wait_for_news(lambda: False, timeout=10)
    finally:
        timer.join()
        imap.close()
    assert time.monotonic() - started < 2.5


async def test_idle_gives_up_at_the_timeout_and_on_stop(dovecot: Dovecot, user: MailUser) -> None:
    imap = connector(dovecot, user)
    started = time.monotonic()
    assert imap.wait_for_news(lambda: False, timeout=0.5) is False
    assert time.monotonic() - started < 2
    assert imap.wait_for_news(lambda: True, timeout=30) is False
    imap.close()


@pytest.fixture(params=["thread", "processes"])
def body_parsing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Bodies parsed in a thread here, or (a big pass) in worker processes."""
    if request.param == "processes":
        monkeypatch.setattr(bodies, "PROCESS_THRESHOLD", 100)
    return str(request.param)


async def test_the_queue_fills_from_headers_before_the_bodies_are_parsed(
    dovecot: Dovecot, user: MailUser, store: Store, body_parsing: str
) -> None:
    count = 600
    dovecot.append_many(user.name, "INBOX", [(mail(n, subject=f"S{n}", body=f"parcel{n}z lost"),
                                              (), None) for n in range(count)])  # fmt: skip
    seen_at_first_body: list[tuple[int, int]] = []

    async def queue_and_pending() -> tuple[int, int]:
        return await store.count_queue(EVERYTHING, FAR_FUTURE), await store.count_pending_bodies()

    loop = asyncio.get_running_loop()

    def note(done: int, total: int) -> None:
        if not seen_at_first_body:  # called on the loop, between two transactions
            seen_at_first_body.append((done, total))
            loop.create_task(queue_and_pending()).add_done_callback(
                lambda task: seen_at_first_body.append(task.result())
            )

    summary = await sync_accounts(store, [connector(dovecot, user)], lambda: False,
                                  body_progress=note)  # fmt: skip
    await asyncio.sleep(0.1)
    assert summary.failed == [] and summary.new_messages == summary.bodies_parsed == count
    (done, total), (in_queue, pending) = seen_at_first_body
    assert total == count and in_queue == count  # every conversation was in the queue ...
    assert 0 < pending < count  # ... while bodies were still being parsed
    assert await store.count_pending_bodies() == 0
    found = await store.list_queue(replace(EVERYTHING, text="parcel7z"), FAR_FUTURE, 0, 10)
    assert [row.subject for row in found] == ["S7"]  # bodies are searchable once parsed
    detail = await store.conversation_detail(found[0].conversation_id)
    assert detail is not None and detail.messages[0].body_text == "parcel7z lost"


async def test_a_body_pass_stopped_half_way_is_finished_by_the_next_sync(
    dovecot: Dovecot, user: MailUser, store: Store, body_parsing: str
) -> None:
    dovecot.append_many(user.name, "INBOX", [(mail(n, subject=f"S{n}"), (), None)
                                              for n in range(600)])  # fmt: skip
    stop = threading.Event()
    first = await sync_accounts(store, [connector(dovecot, user)], stop.is_set,
                                body_progress=lambda done, total: stop.set())  # fmt: skip
    assert first.new_messages == 600 and 0 < first.bodies_parsed < 600
    left = await store.count_pending_bodies()
    assert left == 600 - first.bodies_parsed
    second = await sync_accounts(store, [connector(dovecot, user)], lambda: False)
    assert second.new_messages == 0 and second.bodies_parsed == left
    assert all(
        m.body_text
        for d in [
            await store.conversation_detail(c)
            for c in {cid for cid, _ in (await cached(store)).values()}
        ]
        if d
        for m in d.messages
    )


@pytest.mark.parametrize("folders", [["INBOX", "Sent"], ["Sent", "INBOX"]])
async def test_mail_moved_between_synced_folders_stays_cached(
    dovecot: Dovecot, user: MailUser, store: Store, folders: list[str]
) -> None:
    raw = mail(1)
    uid = dovecot.append(user.name, "INBOX", raw)
    dovecot.append(user.name, "INBOX", mail(2, subject="Other"))
    imap = connector(dovecot, user, settings=account(dovecot, user, folders=folders))
    await sync(store, imap)
    conversation = (await cached(store))["m1@test.example"][0]
    await store.add_note(conversation, "eva", "Volal, vše vyřešeno.", datetime.now(UTC))

    dovecot.append(user.name, "Sent", raw)  # moved by another mail client
    dovecot.expunge(user.name, "INBOX", [uid])
    summary = await sync(store, imap)

    assert summary.failed == []
    after = await cached(store)
    assert "m1@test.example" in after
    assert len(after) == 3  # both mails and the note
    detail = await store.conversation_detail(after["m1@test.example"][0])
    assert detail is not None
    assert any("vyřešeno" in m.body_text for m in detail.messages)
    # and a later expunge in its new folder removes it
    dovecot.expunge(user.name, "Sent", [1])
    await sync(store, imap)
    assert "m1@test.example" not in await cached(store)


async def test_mail_without_a_date_is_dated_when_the_server_received_it(
    dovecot: Dovecot, user: MailUser, store: Store
) -> None:
    raw = b"From: Ana <ana@example.hr>\r\nSubject: Bez datuma\r\n"
    raw += b"Message-ID: <nodate@x>\r\n\r\nBok\r\n"
    received = datetime(2026, 2, 3, 4, 5, 6, tzinfo=UTC)
    dovecot.append(user.name, "INBOX", raw, flags=["\\Seen"], date=received)
    await sync(store, connector(dovecot, user))
    conversation, read = (await cached(store))["nodate@x"]
    detail = await store.conversation_detail(conversation)
    assert detail is not None
    assert detail.messages[0].sent_at == received
    assert read is True


async def test_implicit_tls_against_a_plain_port_is_a_tls_error(
    dovecot: Dovecot, user: MailUser, store: Store
) -> None:
    settings = account(dovecot, user, port=dovecot.imap_port)  # that port speaks plain IMAP
    [failed] = (await sync(store, connector(dovecot, user, settings=settings))).failed
    assert failed.error is not None
    assert "TLS" in failed.error.message and "check tls and port" in failed.error.message


async def test_a_big_folder_has_its_headers_read_in_a_worker_process(
    dovecot: Dovecot, user: MailUser, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker gets header blocks only: the cache must still hold each whole mail, and a
    mail without a Message-ID gets the id its whole bytes give (as when read inline)."""
    import supportdesk_tui.connectors.imap as imap_module
    from supportdesk_tui.mime import parse_message

    monkeypatch.setattr(imap_module, "PROCESS_THRESHOLD", 10)
    no_id = mail(99).replace(b"Message-ID: <m99@test.example>\r\n", b"")
    mails = [mail(n, subject=f"S{n}") for n in range(30)] + [no_id]
    dovecot.append_many(user.name, "INBOX", [(raw, (), None) for raw in mails])
    summary = await sync(store, connector(dovecot, user))
    assert summary.failed == [] and summary.new_messages == 31
    assert await store.raw_message("m7@test.example") == mail(7, subject="S7")
    expected_id = parse_message(no_id).id
    assert expected_id.endswith("@missing")
    assert await store.raw_message(expected_id) == no_id
