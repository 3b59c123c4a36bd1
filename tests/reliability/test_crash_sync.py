"""Crash consistency (issue 9): `supportdesk sync` killed with SIGKILL at random points.

Each round changes the server (new mail or chat, flags, expunges, edits, redactions), runs
the real CLI sync in a child process and kills it at a random point of the last
uninterrupted sync's run (sometimes the sync after it too, while it recovers), then syncs to
the end and compares the cache with the server: every message there, none twice, read state
as the server's, the same threads, bodies and fields as a cache that was never killed, and
what only the cache holds (a draft, a note, two replies in the outbox) as written.

Kill points come from a seeded RNG; a failure names its seed, and SUPPORTDESK_CRASH_SEED
replays it. A kill counts as a fault injected only if it landed before the sync finished
(its --stats line); kills that came later are reported apart. The default run is short;
--soak (make soak) runs the full count.
"""

from __future__ import annotations

import itertools
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from imapclient import IMAPClient

from bench.mailgen import generate
from bench.mailshapes import GeneratedMail
from supportdesk_tui.compose.outgoing import Identity
from supportdesk_tui.store import Store
from tests.imapserver import Dovecot, MailUser
from tests.matrixserver import MatrixClient, MatrixUser, Synapse
from tests.reliability import ledger
from tests.reliability.crashkit import (
    SyncRun,
    SyncRunner,
    Tally,
    UserWork,
    check_user_work,
    fingerprint,
    kill_point,
    phase,
    read_only,
    seed_for_run,
)

FOLDERS = ("INBOX", "Sent", "Archive")
SUPPORT = "support@shop.example"
SEED_MAILS = 40
"""Mail synced before the rounds, for the conversations the agent's work is written in."""
FIRST_ROUND_MAILS = (1200, 5000)
"""The first round's new mail (default run, full count): a first sync of a realistic mailbox,
big enough for bodies parsed in worker processes (1000 and more), in the full count for
headers too (2000 and more in a folder)."""
NEW_UIDVALIDITY = 0.1
"""Share of rounds in which one folder gets a new UIDVALIDITY."""
RECOVERY_KILLS = 0.35
"""Share of rounds whose sync after the kill is killed too."""

pytestmark = pytest.mark.reliability


# IMAP --------------------------------------------------------------------------------------


class Mailbox:
    """The support mailbox on the test Dovecot (bench/mailgen.py threads: customers' mail in
    INBOX, or Archive for every fourth thread, our answers in Sent) and changes to it."""

    def __init__(self, dovecot: Dovecot, user: MailUser, rng: random.Random, seed: int) -> None:
        self.dovecot, self.user, self.rng = dovecot, user, rng
        self._mails: Iterator[GeneratedMail] = generate(10**7, seed=seed % 10_000)
        self.kept: set[tuple[str, int]] = set()
        """Mail the agent's work hangs on: never expunged."""

    def client(self) -> IMAPClient:
        client = IMAPClient(self.dovecot.host, self.dovecot.imaps_port,
                            ssl_context=self.dovecot.ssl_context(), timeout=30)  # fmt: skip
        client.login(self.user.name, self.user.password)
        return client

    def add(self, count: int) -> None:
        mails = itertools.islice(self._mails, count)
        self.dovecot.load(self.user.name, ((_folder(m), (m.raw, m.flags, m.date)) for m in mails))

    def churn(self) -> None:
        """Read state changed on a few mails (as on a phone), a few mails expunged, a few
        archived (moved from INBOX to Archive: a new UID, the same Message-ID), and now and
        then a folder's UIDVALIDITY changed (a restored server: the folder is fetched again)."""
        client = self.client()
        try:
            client.select_folder("INBOX")
            movable = [uid for uid in client.search("ALL") if ("INBOX", uid) not in self.kept]
            moved = self.rng.sample(movable, min(len(movable), self.rng.randint(0, 3)))
            if moved:
                client.move(moved, "Archive")
            for folder in FOLDERS:
                client.select_folder(folder)
                uids = client.search("ALL")
                for uid in self.rng.sample(uids, min(len(uids), self.rng.randint(0, 6))):
                    flags = client.get_flags([uid]).get(uid, ())
                    if b"\\Seen" in flags:
                        client.remove_flags([uid], [b"\\Seen"], silent=True)
                    else:
                        client.add_flags([uid], [b"\\Seen"], silent=True)
                gone = [uid for uid in uids if (folder, uid) not in self.kept]
                gone = self.rng.sample(gone, min(len(gone), self.rng.randint(0, 2)))
                if gone:
                    client.delete_messages(gone, silent=True)
                    client.uid_expunge(gone)
        finally:
            client.logout()
        if self.rng.random() < NEW_UIDVALIDITY:
            folder = self.rng.choice(FOLDERS)
            old = self.dovecot.uidvalidity(self.user.name, folder)
            self.dovecot.set_uidvalidity(self.user.name, folder, old + self.rng.randint(1, 99))

    def state(self) -> dict[tuple[str, int], tuple[str | None, bool]]:
        """(folder, UID) -> (Message-ID or None, \\Seen) of every mail on the server."""
        found: dict[tuple[str, int], tuple[str | None, bool]] = {}
        client = self.client()
        try:
            for folder in FOLDERS:
                client.select_folder(folder, readonly=True)
                uids = client.search("ALL")
                fetched = client.fetch(uids, ["FLAGS", "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
                for uid, data in fetched.items():
                    header = next(v for k, v in data.items() if k.startswith(b"BODY["))
                    match = re.search(rb"<([^<>\s]+)>", header or b"")
                    message_id = match.group(1).decode() if match else None
                    found[(folder, uid)] = (message_id, b"\\Seen" in data[b"FLAGS"])
        finally:
            client.logout()
        return found


def _folder(mail: GeneratedMail) -> str:
    thread = re.search(rb"Message-ID: <t(\d+)\.", mail.raw)
    if mail.folder == "INBOX" and thread and int(thread.group(1)) % 4 == 3:
        return "Archive"
    return mail.folder


def imap_config(path: Path, cache: Path, dovecot: Dovecot, user: MailUser) -> Path:
    """`supportdesk sync` of three folders, with an SMTP route so the outbox is looked at
    (nothing in it is due; the port is closed should anything be sent by mistake)."""
    password = [sys.executable, "-c", f"print({user.password!r})"]
    path.write_text(
        f"""
[agent]
email = "{SUPPORT}"

[cache]
path = "{cache}"

[[accounts]]
kind = "imap"
name = "shop"
host = "{dovecot.host}"
port = {dovecot.imaps_port}
user = "{user.name}"
folders = {json.dumps(list(FOLDERS))}
our_addresses = ["{SUPPORT}"]
ca_file = "{dovecot.ca_file}"
password_command = {json.dumps(password)}

[accounts.smtp]
host = "127.0.0.1"
port = 9
tls = "implicit"
""",
        encoding="utf-8",
    )
    return path


MAIL_COLUMNS = (
    "m.id, m.conversation_id, m.folder, m.uid, m.read, m.body_pending, m.direction, m.subject, "
    "m.author_address, m.body_text, "
    "(SELECT count(*) FROM attachment a WHERE a.message_id = m.id)"
)


def cached_mail(cache: Path) -> list[tuple[Any, ...]]:
    with read_only(cache) as db:
        found: list[tuple[Any, ...]] = db.execute(
            f"SELECT {MAIL_COLUMNS} FROM message m "
            "WHERE m.channel = 'email' AND m.direction != 'note' ORDER BY m.id"
        ).fetchall()
    return found


def conversations(cache: Path) -> dict[str, tuple[Any, ...]]:
    with read_only(cache) as db:
        found = db.execute(
            "SELECT id, subject, status, customer_id, unread, waiting_since, last_message_at, "
            "preview FROM conversation"
        ).fetchall()
    return {row[0]: row[1:] for row in found}


def mail_problems(
    rows: list[tuple[Any, ...]], server: dict[tuple[str, int], tuple[str | None, bool]]
) -> list[str]:
    """How the cached mail differs from the server's: missing, doubled, misplaced, read state,
    bodies left unparsed."""
    problems = []
    places = Counter((row[2], row[3]) for row in rows)
    doubled = sorted(place for place, n in places.items() if n > 1)
    if doubled:
        problems.append(f"{len(doubled)} server mails cached more than once: {doubled[:5]}")
    cached = {(row[2], row[3]): row for row in rows}
    missing = sorted(set(server) - set(cached))
    if missing:
        problems.append(f"{len(missing)} server mails missing from the cache: {missing[:5]}")
    extra = sorted(set(cached) - set(server), key=str)
    if extra:
        problems.append(f"{len(extra)} cached mails not on the server: {extra[:5]}")
    for place in sorted(set(server) & set(cached)):
        message_id, seen = server[place]
        row = cached[place]
        if message_id is not None and row[0] != message_id:
            problems.append(f"{place}: cached as {row[0]!r}, the server's is {message_id!r}")
        if bool(row[4]) != seen:
            problems.append(f"{place} {row[0]}: read {bool(row[4])} here, \\Seen {seen} there")
    pending = [row[0] for row in rows if row[5]]
    if pending:
        problems.append(f"{len(pending)} bodies never parsed: {pending[:5]}")
    return problems


def same_as_reference(
    rows: list[tuple[Any, ...]], reference: list[tuple[Any, ...]], crashed: Path, never: Path,
    agents: set[str],
) -> list[str]:  # fmt: skip
    """A cache killed again and again against one never killed: the same messages in the same
    conversations with the same fields; conversations the same but for the status of those
    the agent replied in (those replies are only in the killed one's outbox)."""
    problems = []
    ours, theirs = {row[0]: row for row in rows}, {row[0]: row for row in reference}
    for message_id in sorted(set(ours) | set(theirs)):
        if ours.get(message_id) != theirs.get(message_id):
            problems.append(
                f"message {message_id}: {ours.get(message_id)!r}\n"
                f"  never killed: {theirs.get(message_id)!r}"
            )
    mine, other = conversations(crashed), conversations(never)
    for conversation_id in sorted(set(mine) | set(other)):
        a, b = mine.get(conversation_id), other.get(conversation_id)
        if conversation_id in agents and a and b:
            a, b = a[:1] + a[2:], b[:1] + b[2:]
        if a != b:
            problems.append(f"conversation {conversation_id}: {a!r}\n  never killed: {b!r}")
    return problems[:20]


async def seed_imap_cache(runner: SyncRunner, cache: Path) -> UserWork:
    """The first sync, then the agent's draft, note and outbox in four of its threads."""
    await (await Store.open(cache)).close()
    runner.finish()
    store = await Store.open(cache)
    try:
        rows = cached_mail(cache)
        threads = sorted({row[1] for row in rows if row[6] == "in"})
        picked = random.Random(0).sample(threads, 4)
        return await UserWork.write(store, picked, Identity("shop", "Eva", SUPPORT))
    finally:
        await store.close()


@pytest.mark.imap
async def test_imap_sync_killed_at_random_points_loses_nothing_and_doubles_nothing(
    dovecot: Dovecot, tmp_path: Path
) -> None:
    rounds = ledger.rounds(8, 70)
    seed = seed_for_run()
    print(f"crash harness, IMAP: seed {seed} (SUPPORTDESK_CRASH_SEED={seed} replays it)")
    rng = random.Random(seed)
    user = dovecot.new_user("support")
    box = Mailbox(dovecot, user, rng, seed)
    for folder in FOLDERS[1:]:
        dovecot.create_folder(user.name, folder)
    box.add(SEED_MAILS)
    box.kept = set(box.state())
    (tmp_path / "home").mkdir()
    cache, reference = tmp_path / "cache.sqlite3", tmp_path / "reference.sqlite3"
    runner = SyncRunner(imap_config(tmp_path / "c.toml", cache, dovecot, user), cache,
                        tmp_path / "home")  # fmt: skip
    never = SyncRunner(imap_config(tmp_path / "r.toml", reference, dovecot, user), reference,
                       tmp_path / "home")  # fmt: skip
    tally = Tally("crash: imap sync", seed)
    with ledger.timed("crash: imap sync"):
        work = await seed_imap_cache(runner, cache)
        agents = set(work.drafts) | set(work.notes) | {e.conversation_id for e in work.outbox}
        never.finish()
        for number in range(rounds):
            where = f"seed {seed}, round {number + 1}"
            if number == 0:
                box.add(ledger.rounds(*FIRST_ROUND_MAILS))
            else:
                box.add(rng.randint(100, 300))
                box.churn()
            expected = box.state()
            measured = never.finish()  # how long this round's sync takes, killed nowhere
            await kill_and_recover(runner, measured, cache, "email", rng, tally)
            rows = cached_mail(cache)
            problems = mail_problems(rows, box.state())
            assert not problems, f"{where}: the cache is not the server's:\n" + "\n".join(problems)
            assert box.state() == expected, f"{where}: the sync changed read state on the server"
            problems = same_as_reference(rows, cached_mail(reference), cache, reference, agents)
            assert not problems, f"{where}: unlike a cache never killed:\n" + "\n".join(problems)
            await check_user_work(cache, work)
            tally.rounds += 1
            tally.messages_checked += len(expected)
    print(tally.summary())
    assert tally.injected >= 1, f"no kill landed before the sync finished: {tally.summary()}"
    ledger.count(tally.name, faults_injected=tally.injected, faults_survived=tally.injected,
                 messages_checked=tally.messages_checked)  # fmt: skip


async def kill_and_recover(
    runner: SyncRunner, measured: SyncRun, cache: Path, channel: str, rng: random.Random,
    tally: Tally,
) -> None:  # fmt: skip
    """Kill a sync at a random point (and, sometimes, the sync after it), then sync to the
    end; each kill is tallied by where the cache stood when the process died."""
    before = fingerprint(cache, channel)
    killed = runner.run(kill_point(rng, measured))
    _exited_cleanly_unless_killed(killed)
    points = [(killed, before, fingerprint(cache, channel), False)]
    if killed.landed and rng.random() < RECOVERY_KILLS:
        before = points[-1][2]
        again = runner.run(kill_point(rng, measured))
        _exited_cleanly_unless_killed(again)
        points.append((again, before, fingerprint(cache, channel), True))
    runner.finish()
    final = fingerprint(cache, channel)
    for run, start, end, recovering in points:
        tally.kill(run, phase(run, start, end, final), recovering)


def _exited_cleanly_unless_killed(run: SyncRun) -> None:
    if not run.killed:
        assert run.returncode == 0, f"sync failed on its own ({run.returncode}):\n{run.stderr}"


# Matrix ------------------------------------------------------------------------------------


class ChatWorld:
    """Customers writing to the support account in rooms of their own on the test Synapse,
    the agent answering some from their phone, edits and redactions; `live` is what each
    room should show: message event id -> its text (the latest edit's)."""

    def __init__(self, synapse: Synapse, rng: random.Random) -> None:
        self.synapse, self.rng = synapse, rng
        self.support = synapse.new_user("support")
        self.phone = synapse.client(synapse.login(self.support.user_id))
        self.customers: dict[str, MatrixClient] = {}
        self.live: dict[str, dict[str, str]] = {}
        self.joined: set[str] = set()
        """Rooms the app has joined (after a sync): the agent's phone can answer there."""
        self._said = 0

    def close(self) -> None:
        self.phone.close()
        for client in self.customers.values():
            client.close()

    def open_room(self, messages: int) -> str:
        customer = self.synapse.client(self.synapse.new_user("customer"))
        customer.request("PUT", f"/profile/{quote(customer.user_id, safe='')}/displayname",
                         {"displayname": self.rng.choice(NAMES)})  # fmt: skip
        room = customer.create_room(invite=[self.support.user_id])
        self.customers[room] = customer
        self.live[room] = {}
        self.write(room, messages)
        return room

    def write(self, room: str, count: int) -> None:
        for _ in range(count):
            self._said += 1
            text = f"Dobrý den, zpráva {self._said}: kde je moje zásilka {1000 + self._said}?"
            self.live[room][self.customers[room].send_text(room, text)] = text

    def answer(self, room: str) -> None:
        self._said += 1
        text = f"Dobrý den, zásilka {1000 + self._said} je na cestě."
        self.live[room][self.phone.send_text(room, text)] = text

    def edit_one(self, room: str) -> None:
        mine = [e for e, _ in self.live[room].items() if e not in self._answers(room)]
        if mine:
            event = self.rng.choice(mine)
            text = f"Oprava: {self.live[room][event]}"
            self.customers[room].edit(room, event, text)
            self.live[room][event] = text

    def redact_one(self, room: str) -> None:
        if self.live[room]:
            event = self.rng.choice(sorted(self.live[room]))
            client = self.phone if event in self._answers(room) else self.customers[room]
            client.redact(room, event)
            del self.live[room][event]

    def _answers(self, room: str) -> set[str]:
        return {e for e, text in self.live[room].items() if "je na cestě" in text}

    def round(self) -> None:
        """One round's news: a room with more than a /sync timeline holds (so the sync
        back-fills it), a little in most other rooms (more rooms than one batch of the sync
        takes), sometimes a new customer, edits, a redaction, answers from the phone."""
        rooms = sorted(self.live)
        self.write(self.rng.choice(rooms), self.rng.randint(101, 140))
        for room in rooms:
            if self.rng.random() < 0.8:
                self.write(room, self.rng.randint(1, 2))
        if self.rng.random() < 0.3:
            self.open_room(self.rng.randint(3, 40))
        for room in self.rng.sample(rooms, 2):
            self.edit_one(room)
        self.redact_one(self.rng.choice(rooms))
        for room in self.rng.sample(sorted(self.joined), min(2, len(self.joined))):
            self.answer(room)

    def server_live(self, room: str) -> set[str]:
        """The room's message events on the server, edits and redacted ones left out."""
        found: set[str] = set()
        params: dict[str, Any] = {"dir": "b", "limit": 1000}
        while True:
            page = self.phone.request("GET", f"/rooms/{quote(room, safe='')}/messages",
                                      params=params)  # fmt: skip
            for event in page.get("chunk", []):
                content = event.get("content") or {}
                relation = content.get("m.relates_to") or {}
                if (event.get("type") == "m.room.message" and content
                        and relation.get("rel_type") != "m.replace"):  # fmt: skip
                    found.add(event["event_id"])
            if not page.get("chunk") or not page.get("end"):
                return found
            params["from"] = page["end"]


ROOMS = 30
"""Customers' rooms at the start: more than one batch of the sync holds (ROOMS_PER_BATCH)."""
NAMES = ("Jan Novák", "Eva Dvořáková", "Piotr Kowalski", "Олена Шевченко", "Marko Horvat")


def matrix_config(path: Path, cache: Path, synapse: Synapse, support: MatrixUser) -> Path:
    token = [sys.executable, "-c", f"print({support.access_token!r})"]
    path.write_text(
        f"""
[cache]
path = "{cache}"

[[accounts]]
kind = "matrix"
name = "chat"
homeserver = "{synapse.base_url}"
user_id = "{support.user_id}"
allow_plaintext = true
token_command = {json.dumps(token)}
""",
        encoding="utf-8",
    )
    return path


CHAT_COLUMNS = (
    "m.id, m.conversation_id, m.direction, m.author_address, m.body_text, m.read, "
    "(SELECT count(*) FROM attachment a WHERE a.message_id = m.id)"
)


def cached_chat(cache: Path) -> list[tuple[Any, ...]]:
    with read_only(cache) as db:
        found: list[tuple[Any, ...]] = db.execute(
            f"SELECT {CHAT_COLUMNS} FROM message m "
            "WHERE m.channel = 'chat' AND m.direction != 'note' ORDER BY m.id"
        ).fetchall()
    return found


def chat_problems(rows: list[tuple[Any, ...]], world: ChatWorld) -> list[str]:
    """How the cached chat differs from what was said: per room, every message, none twice,
    none redacted, each with its latest text; and what was said is what the server has."""
    problems = []
    cached: defaultdict[str, dict[str, str]] = defaultdict(dict)
    for row in rows:
        cached[row[1]][row[0]] = row[4]
    for room in sorted(set(cached) | set(world.live)):
        said, kept = world.live.get(room, {}), cached.get(room, {})
        on_server = world.server_live(room) if room in world.live else set()
        if on_server != set(said):
            problems.append(f"{room}: the server lists {len(on_server)} messages, "
                            f"the test sent {len(said)}")  # fmt: skip
        missing, extra = sorted(set(said) - set(kept)), sorted(set(kept) - set(said))
        if missing:
            problems.append(f"{room}: {len(missing)} of {len(said)} messages missing: "
                            f"{missing[:3]}")  # fmt: skip
        if extra:
            problems.append(f"{room}: {len(extra)} cached messages not (or no longer) on the "
                            f"server: {extra[:3]}")  # fmt: skip
        for event in sorted(set(said) & set(kept)):
            if kept[event].strip() != said[event]:
                problems.append(f"{room} {event}: {kept[event]!r}, sent as {said[event]!r}")
    return problems[:20]


def same_chat_as_reference(
    rows: list[tuple[Any, ...]], reference: list[tuple[Any, ...]], crashed: Path, never: Path,
    agents: set[str],
) -> list[str]:  # fmt: skip
    problems = []
    ours, theirs = {row[0]: row for row in rows}, {row[0]: row for row in reference}
    for event in sorted(set(ours) | set(theirs)):
        if ours.get(event) != theirs.get(event):
            problems.append(f"{event}: {ours.get(event)!r}\n  never killed: {theirs.get(event)!r}")
    mine, other = conversations(crashed), conversations(never)
    for room in sorted(set(mine) | set(other)):
        a, b = mine.get(room), other.get(room)
        if room in agents and a and b:
            a, b = a[:1] + a[2:], b[:1] + b[2:]
        if a != b:
            problems.append(f"room {room}: {a!r}\n  never killed: {b!r}")
    return problems[:20]


@pytest.mark.matrix
async def test_matrix_sync_killed_at_random_points_loses_nothing_and_doubles_nothing(
    synapse: Synapse, tmp_path: Path
) -> None:
    rounds = ledger.rounds(4, 40)
    seed = seed_for_run()
    print(f"crash harness, Matrix: seed {seed} (SUPPORTDESK_CRASH_SEED={seed} replays it)")
    rng = random.Random(seed)
    world = ChatWorld(synapse, rng)
    (tmp_path / "home").mkdir()
    cache, reference = tmp_path / "cache.sqlite3", tmp_path / "reference.sqlite3"
    runner = SyncRunner(matrix_config(tmp_path / "c.toml", cache, synapse, world.support),
                        cache, tmp_path / "home")  # fmt: skip
    never = SyncRunner(matrix_config(tmp_path / "r.toml", reference, synapse, world.support),
                       reference, tmp_path / "home")  # fmt: skip
    tally = Tally("crash: matrix sync", seed)
    try:
        with ledger.timed(tally.name):
            for _ in range(ROOMS):
                world.open_room(rng.randint(2, 8))
            await (await Store.open(cache)).close()
            runner.finish()
            world.joined = set(world.live)
            measured = never.finish()
            store = await Store.open(cache)
            try:
                identity = Identity("chat", "Eva", world.support.user_id)
                work = await UserWork.write(store, sorted(world.live), identity)
            finally:
                await store.close()
            agents = set(world.live)
            for number in range(rounds):
                where = f"seed {seed}, round {number + 1}"
                world.round()
                # The sync never killed runs after the killed one: it would otherwise join the
                # new rooms first. The kill is drawn over its run of the last round.
                await kill_and_recover(runner, measured, cache, "chat", rng, tally)
                world.joined = set(world.live)
                rows = cached_chat(cache)
                problems = chat_problems(rows, world)
                assert not problems, f"{where}: the cache is not the server's:\n" + "\n".join(
                    problems
                )
                measured = never.finish()
                problems = same_chat_as_reference(rows, cached_chat(reference), cache,
                                                  reference, agents)  # fmt: skip
                assert not problems, f"{where}: unlike a cache never killed:\n" + "\n".join(
                    problems
                )
                await check_user_work(cache, work)
                tally.rounds += 1
                tally.messages_checked += len(rows)
    finally:
        world.close()
    print(tally.summary())
    assert tally.injected >= 1, f"no kill landed before the sync finished: {tally.summary()}"
    ledger.count(tally.name, faults_injected=tally.injected, faults_survived=tally.injected,
                 messages_checked=tally.messages_checked)  # fmt: skip


# the harness's own checks ------------------------------------------------------------------


def test_the_mail_comparison_sees_lost_doubled_stray_misread_and_unparsed_mail() -> None:
    def row(folder: str, uid: int, mid: str, read: int = 1, pending: int = 0) -> tuple[Any, ...]:
        return (mid, "mail-1", folder, uid, read, pending, "in", "S", "a@b.c", "text", 0)

    server = {("INBOX", 1): ("a@x", True), ("INBOX", 2): ("b@x", False), ("Sent", 1): (None, True)}
    good = [row("INBOX", 1, "a@x"), row("INBOX", 2, "b@x", read=0), row("Sent", 1, "h@missing")]
    assert mail_problems(good, server) == []
    lost = mail_problems(good[1:], server)
    doubled = mail_problems([*good, row("INBOX", 2, "b2@x", read=0)], server)
    stray = mail_problems([*good, row("Archive", 7, "c@x")], server)
    misread = mail_problems([good[0], row("INBOX", 2, "b@x", read=1), good[2]], server)
    unparsed = mail_problems([good[0], good[1], row("Sent", 1, "h@missing", pending=1)], server)
    renamed = mail_problems([row("INBOX", 1, "z@x"), *good[1:]], server)
    assert "1 server mails missing from the cache: [('INBOX', 1)]" in lost
    assert doubled[0].startswith("1 server mails cached more than once")
    assert stray == ["1 cached mails not on the server: [('Archive', 7)]"]
    assert misread == ["('INBOX', 2) b@x: read True here, \\Seen False there"]
    assert unparsed == ["1 bodies never parsed: ['h@missing']"]
    assert renamed == ["('INBOX', 1): cached as 'z@x', the server's is 'a@x'"]


async def test_the_agents_work_check_sees_a_lost_draft_and_a_reply_taken_back(
    tmp_path: Path,
) -> None:
    from supportdesk_tui.domain.models import Direction
    from tests.store.store_builders import thread

    store = await Store.open(tmp_path / "cache.sqlite3")
    try:
        ids = [f"conv-{n}" for n in range(4)]
        for n, conversation_id in enumerate(ids):
            await store.apply_batch(thread(conversation_id, Direction.INCOMING, start=n))
        work = await UserWork.write(store, ids, Identity("shop", "Eva", SUPPORT))
        assert await work.check(store) == []
        await store.discard_draft(ids[0])
        await store.take_back(work.outbox[0].id)
        problems = await work.check(store)
        assert [p.split(":")[0] for p in problems] == [f"draft of {ids[0]}", "outbox"]
    finally:
        await store.close()
