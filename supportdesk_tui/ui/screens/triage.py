"""The inbox's triage dialogs: what to offer, and what to write once the agent has chosen.

Kept apart from inbox_screen.py so the screen stays about layout and loading.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ...domain.models import LANGUAGES, Channel, Formality, Gender, Script, Status
from ...domain.queue import OPEN_STATUSES, QueueFilter, parse_snooze, snooze_presets
from ...errors import StoreError
from ...filenames import safe_filename, unique_path
from ...outbox import FileSource
from ...store import Store
from .pick_screen import NEW_PREFIX, PickScreen
from .prompt_screen import PromptScreen

if TYPE_CHECKING:
    from .inbox_screen import InboxScreen


def describe_filter(f: QueueFilter, agent_id: str) -> str:
    if f.statuses == OPEN_STATUSES:
        parts = ["Open queue"]
    else:
        parts = ["Status: " + ", ".join(sorted(s.value for s in f.statuses))]
    if f.assignee:
        parts.append("mine" if f.assignee == agent_id else f"assigned to {f.assignee}")
    if f.unassigned:
        parts.append("unassigned")
    if f.tag:
        parts.append(f"tag {f.tag}")
    if f.channel:
        parts.append(f.channel.value)
    if f.language:
        parts.append(f"language {f.language.upper()}")
    if f.text:
        parts.append(f"search “{f.text}”")
    return " · ".join(parts)


def _count(ids: tuple[str, ...]) -> str:
    return "this conversation" if len(ids) == 1 else f"{len(ids)} conversations"


def choose_filter(screen: InboxScreen) -> None:
    async def pick() -> None:
        store = screen.store
        tags = await store.tags() if store else []
        languages = await store.languages() if store else list(LANGUAGES)
        choices = [("mine", "Mine"), ("unassigned", "Unassigned"), ("open", "All open")]
        choices += [(f"status:{s.value}", f"Status: {s.value}") for s in Status]
        choices += [(f"channel:{c.value}", f"Channel: {c.value}") for c in Channel]
        choices += [(f"language:{code}", f"Language: {code.upper()}") for code in languages]
        choices += [(f"tag:{tag}", f"Tag: {tag}") for tag in tags]
        choices.append(("clear", "Clear all filters"))
        choice = await screen.app.push_screen_wait(PickScreen("Show", choices))
        if choice is not None:
            _apply_filter_choice(screen, choice)

    screen.run_worker(pick(), group="dialog", exit_on_error=False)


def _apply_filter_choice(screen: InboxScreen, choice: str) -> None:
    kind, _, value = choice.partition(":")
    if kind == "mine":
        screen.apply_filter(assignee=screen.services.agent_id, unassigned=False)
    elif kind == "unassigned":
        screen.apply_filter(unassigned=True, assignee=None)
    elif kind == "open":
        screen.apply_filter(statuses=OPEN_STATUSES, assignee=None, unassigned=False)
    elif kind == "status":
        screen.apply_filter(statuses=frozenset({Status(value)}))
    elif kind == "channel":
        screen.apply_filter(channel=Channel(value))
    elif kind == "language":
        screen.apply_filter(language=value)
    elif kind == "tag":
        screen.apply_filter(tag=value)
    elif kind == "clear":
        screen.action_clear_filter()


def choose_status(screen: InboxScreen) -> None:
    ids = screen.targets()
    if not ids:
        return

    async def pick() -> None:
        choices = [(s.value, s.value.capitalize()) for s in Status]
        choice = await screen.app.push_screen_wait(PickScreen(f"Status of {_count(ids)}", choices))
        if choice == Status.SNOOZED.value:
            choose_snooze(screen)
        elif choice is not None:
            screen.write(ids, "set_status", Status(choice), done=f"Marked {choice}")

    screen.run_worker(pick(), group="dialog", exit_on_error=False)


def choose_snooze(screen: InboxScreen) -> None:
    ids = screen.targets()
    if not ids:
        return
    now, zone = screen.services.now(), screen.services.zone

    async def pick() -> None:
        presets = snooze_presets(now, zone)
        choices = [
            (label, f"{label.capitalize()} ({when.astimezone(zone):%a %d %b %H:%M})")
            for label, when in presets.items()
        ]
        choices.append(("custom", "Custom time…"))
        choice = await screen.app.push_screen_wait(
            PickScreen(f"Snooze {_count(ids)} until", choices)
        )
        if choice is None:
            return
        until = presets.get(choice)
        if choice == "custom":
            typed = await screen.app.push_screen_wait(
                PromptScreen(
                    "Snooze until (e.g. +3h, 2d, 14:30, 1.12.2026 9:00)",
                    validate=lambda text: (
                        None if parse_snooze(text, now, zone) else "Not understood, or in the past."
                    ),
                )
            )
            until = parse_snooze(typed, now, zone) if typed else None
        if until is not None:
            label = until.astimezone(zone).strftime("%a %d %b %H:%M")
            screen.write(ids, "snooze", until, done=f"Snoozed until {label}")

    screen.run_worker(pick(), group="dialog", exit_on_error=False)


def choose_assignee(screen: InboxScreen) -> None:
    ids = screen.targets()
    if not ids:
        return
    me = screen.services.agent_id

    async def pick() -> None:
        known = await screen.store.assignees() if screen.store else []
        choices = [(me, f"Me ({me})")] + [(a, a) for a in known if a != me]
        choices.append(("", "Nobody (unassign)"))
        choice = await screen.app.push_screen_wait(
            PickScreen(f"Assign {_count(ids)} to", choices, allow_new="assign to")
        )
        if choice is None:
            return
        who = choice.removeprefix(NEW_PREFIX) or None
        screen.write(ids, "assign", who, done=f"Assigned to {who}" if who else "Unassigned")

    screen.run_worker(pick(), group="dialog", exit_on_error=False)


def choose_tag(screen: InboxScreen) -> None:
    ids = screen.targets()
    if not ids:
        return
    current = set(screen.detail.conversation.tags) if screen.detail and len(ids) == 1 else set()

    async def pick() -> None:
        tags = await screen.store.tags() if screen.store else []
        choices = [(f"-{t}", f"− remove {t}") for t in sorted(current)]
        choices += [(f"+{t}", f"+ {t}") for t in tags if t not in current]
        choice = await screen.app.push_screen_wait(
            PickScreen(f"Tag {_count(ids)}", choices, allow_new="new tag")
        )
        if choice is None:
            return
        if choice.startswith(NEW_PREFIX):
            choice = "+" + choice.removeprefix(NEW_PREFIX).strip().lower()
        tag = choice[1:]
        if not tag:
            return
        if choice.startswith("-"):
            screen.write(ids, "remove_tag", tag, done=f"Removed tag {tag}")
        else:
            screen.write(ids, "add_tag", tag, done=f"Tagged {tag}")

    screen.run_worker(pick(), group="dialog", exit_on_error=False)


def ask_note(screen: InboxScreen) -> None:
    """On the conversation under the cursor, like a reply: a fast `j n` must not note the one
    still shown, and the box names whose conversation it is."""
    row = screen.current_row()
    if row is None:
        screen.notify("Open a conversation first.", markup=False)
        return
    conversation_id = row.conversation_id

    async def ask() -> None:
        title = f"Internal note, never sent: {row.customer_name} · {row.subject}"
        text = await screen.app.push_screen_wait(PromptScreen(title))
        while text and text.strip() and screen.store:
            services = screen.services
            try:
                await screen.store.add_note(
                    conversation_id, services.agent_name, text.strip(), services.now()
                )
            except StoreError as error:  # a full disk: the note goes back into the box
                screen.notify(
                    f"{error.message}\nThe note is back in its box: Enter saves it once there "
                    "is room (Esc drops it).",
                    title="Note not saved", severity="error", timeout=12, markup=False,
                )  # fmt: skip
                text = await screen.app.push_screen_wait(PromptScreen(title, value=text))
                continue
            current = screen.current_row()  # the cursor may have moved on meanwhile
            if current is not None and current.conversation_id == conversation_id:
                screen.load_conversation(conversation_id)
            return

    screen.run_worker(ask(), group="dialog", exit_on_error=False)


CUSTOMER_FIXES: list[tuple[str, str, str, object]] = [
    ("gender:m", "Gender: male", "gender", Gender.MALE),
    ("gender:f", "Gender: female", "gender", Gender.FEMALE),
    ("gender:-", "Gender: unknown", "gender", None),
    ("formality:formal", "Address formally", "formality", Formality.FORMAL),
    ("formality:informal", "Address informally", "formality", Formality.INFORMAL),
    ("script:latn", "Script: Latin (Serbian)", "script", Script.LATIN),
    ("script:cyrl", "Script: Cyrillic (Serbian)", "script", Script.CYRILLIC),
] + [(f"language:{code}", f"Language: {code.upper()}", "language", code) for code in LANGUAGES]


def choose_customer_fix(screen: InboxScreen) -> None:
    detail = screen.detail
    if detail is None:
        return
    customer = detail.customer

    async def pick() -> None:
        choices = [(key, label) for key, label, _, _ in CUSTOMER_FIXES]
        choice = await screen.app.push_screen_wait(
            PickScreen(f"Correct {customer.display_name}", choices)
        )
        fix = next((f for f in CUSTOMER_FIXES if f[0] == choice), None)
        if fix is None or screen.store is None:
            return
        await screen.store.update_customer(customer.id, **{fix[2]: fix[3]})
        screen.notify(f"{fix[1]} (kept; wins over guesses)", markup=False, timeout=3)
        screen.load_conversation(detail.conversation.id)

    screen.run_worker(pick(), group="dialog", exit_on_error=False)


def choose_attachments(screen: InboxScreen) -> None:
    detail = screen.detail
    if detail is None:
        return
    found = [(a.id, a.filename) for m in detail.messages for a in m.attachments if a.id is not None]
    if not found:
        screen.notify("This conversation has no attachments.", markup=False)
        return

    async def pick() -> None:
        choices = [("all", f"All {len(found)} attachments")] + [
            (str(i), f"{n}. {safe_filename(name)}") for n, (i, name) in enumerate(found, 1)
        ]
        choice = await screen.app.push_screen_wait(PickScreen("Save which attachment?", choices))
        if choice is None:
            return
        chosen = found if choice == "all" else [f for f in found if str(f[0]) == choice]
        folder = await screen.app.push_screen_wait(
            PromptScreen(
                "Save into folder",
                value=str(Path.home() / "Downloads"),
                validate=lambda text: None if text.strip() else "Give a folder.",
            )
        )
        if folder:
            screen.save_attachments(
                [(i, n) for i, n in chosen if i is not None], Path(folder).expanduser()
            )

    screen.run_worker(pick(), group="dialog", exit_on_error=False)


async def save_attachments(
    store: Store, attachments: list[tuple[int, str]], folder: Path, routes: Mapping[str, object]
) -> list[Path]:
    """Write each attachment under a safe, non-clashing name inside `folder`. A chat file,
    kept on its server, is downloaded first (and kept in the cache for next time)."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for attachment_id, name in attachments:
        try:
            data = await store.attachment_data(attachment_id)
        except StoreError:
            origin = await store.attachment_origin(attachment_id)
            route = routes.get(origin[0]) if origin else None
            if origin is None or not isinstance(route, FileSource):
                raise
            data = await route.fetch_file(origin[1])
            await store.keep_attachment_data(attachment_id, data)
        saved.append(await asyncio.to_thread(_write_new, folder, safe_filename(name), data))
    return saved


def _write_new(folder: Path, name: str, data: bytes) -> Path:
    """`data` in a new file inside `folder`: opened with "xb", so a file or a link put in
    the chosen name's place after it was found free is never written through (another
    free name is taken instead)."""
    for _ in range(3):
        target = unique_path(folder, name)
        try:
            with target.open("xb") as file:
                file.write(data)
        except FileExistsError:
            continue
        return target
    raise FileExistsError(f"{folder}: no free name for {name}")
