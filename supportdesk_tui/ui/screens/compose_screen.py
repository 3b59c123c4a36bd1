"""Writing a reply: the editor with the check's findings beside it and the customer's last
message below them. The draft is saved as you type; canned replies come with Ctrl+R or `/`
at the start of a line; Ctrl+S reviews and sends."""

from __future__ import annotations

import mimetypes
import os
import shlex
import subprocess
import tempfile
import time
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.text_area import Selection
from textual.worker import Worker, WorkerState

from ...canned.search import ReplyIndex
from ...compose.context import ReplyContext
from ...compose.outgoing import CannotReply, Identity, answered_message, default_subject, new_reply
from ...compose.review import review_items
from ...domain.models import Channel, ConversationDetail, Status
from ...domain.outbox import Draft
from ...errors import StoreError, SupportDeskError
from ...langcheck import checker
from ...langcheck.base import Finding
from ...mailout import InvalidAddress
from ...safetext import clean, clean_name, one_line
from ...store import Store
from ..messages import AgentTyping, ReplyQueued
from ..widgets.reply_editor import Mark, ReplyEditor
from .prompt_screen import PromptScreen
from .replies_screen import RepliesScreen, SteadyFooter
from .review_screen import Approved, ReviewScreen

CHECK_DELAY = 0.35
"""Seconds of no typing before the check reads the draft."""
SAVE_DELAY = 0.5
RESAVE_SECONDS = 5.0
"""While the draft cannot be saved (a full disk), it is tried again this often."""
TYPING_RENEW = 20.0
"""Seconds between typing notices while the agent types (each asks the server for 30)."""
MAX_ATTACHMENT = 25 * 1024 * 1024
"""Bytes; most mail servers refuse bigger messages."""


class ComposeScreen(Screen[None]):
    # The canned-reply pane's CSS is read with this screen's: new CSS read when the pane first
    # opens restyles the whole app (a fifth of that first open).
    CSS_PATH = ["compose_screen.tcss", "replies_screen.tcss"]
    BINDINGS = [
        Binding("ctrl+s", "review", "Review & send", id="compose.send"),
        Binding("ctrl+r", "replies", "Canned reply", id="compose.replies"),
        Binding("ctrl+n", "next_finding", "Next finding", id="compose.next_finding"),
        Binding("ctrl+f", "apply_suggestion", "Fix", id="compose.apply_suggestion"),
        Binding("ctrl+o", "attach", "Attach", id="compose.attach"),
        Binding("ctrl+g", "external_editor", "$EDITOR", id="compose.external_editor"),
        Binding("escape", "close", "Back (draft kept)", id="compose.close"),
    ]

    def __init__(
        self,
        detail: ConversationDetail,
        context: ReplyContext,
        replies: ReplyIndex,
        identity: Identity | None,
    ) -> None:
        super().__init__()
        self.detail = detail
        self.context = context
        self.replies = replies
        self.identity = identity
        self.draft: Draft | None = None
        self.subject = default_subject(detail)
        self.overrides: frozenset[str] = frozenset()
        self.findings: list[Finding] = []
        self.checked_text = ""
        self._check_timer: Timer | None = None
        self._save_timer: Timer | None = None
        self._loaded = False
        self._typing_since: float | None = None
        self._greeting = ""
        """The greeting a new draft starts with; a canned reply (with its own) replaces it."""
        self._replies_built = False
        self._not_saved: str | None = None
        """Why the editor's text is not in the cache (a full disk); None once it is."""
        self._resave_timer: Timer | None = None

    @property
    def store(self) -> Store:
        store: Store = self.app.store  # type: ignore[attr-defined]
        return store

    @on(Worker.StateChanged)
    def report_worker_error(self, event: Worker.StateChanged) -> None:
        """A worker's state change does not bubble: its failure (a full disk, a damaged
        cache) would go unsaid. Said as the app says its own."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.app.report(event.worker.error)  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Static(self._header(), id="compose-header")
        with Horizontal(id="compose-row"):
            yield ReplyEditor(id="compose-editor", read_only=True)
            with Vertical(id="compose-side"):
                yield Static(Text("Findings", style="bold"), id="findings-title")
                yield OptionList(id="findings")
                yield Static(Text("Customer wrote", style="bold"), id="last-title")
                yield Static(self._last_message(), id="last-message")
        yield Static("", id="compose-files")
        yield SteadyFooter()  # not rebuilt each time the canned-reply pane comes and goes

    def on_mount(self) -> None:
        self.load_draft()

    def _header(self) -> Text:
        customer = self.detail.customer
        out = Text()
        out.append("Reply to ", style="dim")
        out.append(clean_name(customer.display_name) or "(no name)", style="bold")
        answered = answered_message(self.detail)
        if answered is not None and answered.author_address:
            out.append(f" <{clean_name(answered.author_address)}>", style="dim")
        out.append(" · ", style="dim")
        out.append(one_line(self.subject, 80) or "(no subject)")
        label = self.context.language.upper() + (
            {"latn": " Latin", "cyrl": " Cyrillic"}.get(self.context.script or "", "")
        )
        out.append(f" · {label}", style="dim")
        if self.identity is not None:
            out.append(f" · from {clean_name(self.identity.address)}", style="dim")
        return out

    def _last_message(self) -> Text:
        answered = answered_message(self.detail)
        if answered is None:
            return Text("(nothing yet)", style="dim")
        return Text(clean(answered.body_text[:4000]))

    # -- the draft -------------------------------------------------------------------------------

    @work(group="draft", exit_on_error=False)
    async def load_draft(self) -> None:
        draft = await self.store.draft(self.detail.conversation.id)
        editor = self.query_one(ReplyEditor)
        if draft is not None:
            self.draft = draft
            self.subject = draft.subject or self.subject
            self.overrides = draft.overrides
            editor.load_text(draft.body)
        else:
            greeting = checker.salutation(
                self.context.language, self.context.person, self.context.person.formal is not False
            )
            self._greeting = f"{greeting}\n\n" if greeting else ""
            editor.load_text(self._greeting)
        editor.read_only = False
        self._loaded = True
        lines = editor.text.split("\n")
        editor.move_cursor((len(lines) - 1, len(lines[-1])))
        editor.focus()
        self._show_files()
        self.query_one("#compose-header", Static).update(self._header())
        self.run_check(editor.text)

    def _replies_ahead(self) -> None:
        """The canned-reply pane built and drawn while the agent reads: its open then only
        shows it."""
        if self.is_current:
            RepliesScreen.build_ahead(self.app, self.replies, self.context)

    @on(TextArea.Changed, "#compose-editor")
    def text_changed(self) -> None:
        if not self._loaded:
            return
        if self._check_timer is not None:
            self._check_timer.stop()
        if self._save_timer is not None:
            self._save_timer.stop()
        text = self.query_one(ReplyEditor).text
        self._check_timer = self.set_timer(CHECK_DELAY, lambda: self.run_check(text))
        self._save_timer = self.set_timer(SAVE_DELAY, self.save_soon)
        self._tell_typing(True)

    def _tell_typing(self, typing: bool) -> None:
        """Chat: a typing notice now and then while the agent types (the server forgets
        one after TYPING_RENEW + some), and its end when the reply is sent or put away."""
        conversation = self.detail.conversation
        if conversation.channel is not Channel.CHAT:
            return
        now = time.monotonic()
        if typing and self._typing_since is not None and now - self._typing_since < TYPING_RENEW:
            return
        if not typing and self._typing_since is None:
            return
        self._typing_since = now if typing else None
        self.app.post_message(AgentTyping(conversation.id, conversation.account, typing))

    def on_unmount(self) -> None:
        self._tell_typing(False)

    def save_soon(self) -> None:
        self.save_draft()

    @work(group="save", exit_on_error=False)
    async def save_draft(self) -> None:
        await self._save()

    async def _save(self) -> bool:
        """True once the editor's text is in the cache. When it cannot be written (a full
        disk) that is said once, the text stays in the editor, and it is saved again every
        RESAVE_SECONDS until it is: freeing space is all the agent has to do."""
        if not self._loaded:
            return True
        text = self.query_one(ReplyEditor).text
        try:
            draft_id = await self.store.save_draft(
                self.detail.conversation.id,
                text,
                self.app.services.now(),  # type: ignore[attr-defined]
                subject=None if self.subject == default_subject(self.detail) else self.subject,
                overrides=self.overrides,
            )
            if self.draft is None or self.draft.id != draft_id or self.draft.body != text:
                self.draft = await self.store.draft(self.detail.conversation.id)
        except StoreError as error:
            self._save_failed(error)
            return False
        if self._not_saved is not None:
            self._not_saved = None
            self.notify("The draft is saved again.", timeout=4)
        if self._resave_timer is not None:
            self._resave_timer.stop()
            self._resave_timer = None
        return True

    def _save_failed(self, error: StoreError) -> None:
        if self._not_saved != error.message:
            self._not_saved = error.message
            self.notify(
                f"{error.message}\nThe draft stays here in the editor and is saved as soon as "
                "there is room.",
                title="Draft not saved", severity="error", timeout=12, markup=False,
            )  # fmt: skip
        if self._resave_timer is None:
            self._resave_timer = self.set_interval(RESAVE_SECONDS, self.save_draft)

    # -- the check -------------------------------------------------------------------------------

    @work(thread=True, group="check", exclusive=True, exit_on_error=False)
    def run_check(self, text: str) -> None:
        """In a thread: a long draft must never hold up the keys."""
        findings = checker.check(text, self.context.language, self.context.person)
        self.app.call_from_thread(self._show_findings, text, findings)

    def _show_findings(self, text: str, findings: list[Finding]) -> None:
        editor = self.query_one(ReplyEditor)
        if editor.text != text:
            return  # typed on since; the next check is on its way
        self.findings = findings
        self.checked_text = text
        editor.mark([Mark(f.start, f.end) for f in findings])
        listing = self.query_one("#findings", OptionList)
        listing.clear_options()
        if not findings:
            listing.add_option(Option(Text("No findings.", style="green"), disabled=True))
        for number, finding in enumerate(findings):
            row, _ = editor.location_of(finding.start)
            line = Text(f"{row + 1:>3} ", style="dim")
            line.append(one_line(finding.message, 200))
            if finding.suggestion is not None:
                line.append(f" → {one_line(finding.suggestion, 60)}", style="green")
            listing.add_option(Option(line, id=str(number)))
        self.query_one("#findings-title", Static).update(
            Text(f"Findings ({len(findings)})" if findings else "Findings", style="bold")
        )
        if not self._replies_built:  # once the draft and its findings are drawn (~100 ms
            self._replies_built = True  # of work that would hold them up)
            self.call_after_refresh(self._replies_ahead)

    @on(OptionList.OptionSelected, "#findings")
    def jump_to_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self._select(self.findings[int(event.option.id)])
            self.query_one(ReplyEditor).focus()

    def _select(self, finding: Finding) -> None:
        editor = self.query_one(ReplyEditor)
        editor.selection = Selection(
            editor.location_of(finding.start), editor.location_of(finding.end)
        )
        editor.scroll_cursor_visible()

    def _current_findings(self) -> list[Finding]:
        """Findings that still describe the text (none while a check is due)."""
        return self.findings if self.checked_text == self.query_one(ReplyEditor).text else []

    def action_next_finding(self) -> None:
        findings = self._current_findings()
        if not findings:
            self.notify("No findings in the draft.", timeout=2)
            return
        editor = self.query_one(ReplyEditor)
        here = editor.offset_of(editor.selection.end)
        after = [f for f in findings if f.start >= here] or findings  # wraps around
        target = after[0] if after[0].start != here or len(after) == 1 else after[1]
        self._select(target)
        listing = self.query_one("#findings", OptionList)
        listing.highlighted = findings.index(target)

    def action_apply_suggestion(self) -> None:
        findings = self._current_findings()
        editor = self.query_one(ReplyEditor)
        start = editor.offset_of(editor.selection.start)
        end = editor.offset_of(editor.selection.end)
        low, high = min(start, end), max(start, end)
        touching = [f for f in findings if f.start <= high and low <= f.end]
        fixable = [f for f in touching if f.suggestion is not None]
        if not fixable:
            self.notify(
                "No suggestion here: Ctrl+N goes to the next finding." if not touching
                else "The check has no suggestion for this one.",
                timeout=3,
            )  # fmt: skip
            return
        finding = fixable[0]
        assert finding.suggestion is not None
        editor.replace(
            finding.suggestion, editor.location_of(finding.start), editor.location_of(finding.end)
        )

    # -- canned replies ----------------------------------------------------------------------------

    def action_replies(self) -> None:
        self._open_replies("")

    @on(ReplyEditor.SlashTyped)
    def slash(self) -> None:
        self._open_replies("")

    def _open_replies(self, query: str) -> None:
        def chosen(text: str | None) -> None:
            editor = self.query_one(ReplyEditor)
            if text:
                self.context = pane.context  # with the values typed for it: asked once a draft
            if text and editor.text.strip() == self._greeting.strip():
                editor.load_text(text)  # only the greeting so far: the reply brings its own
                self.text_changed()
                lines = text.split("\n")
                editor.move_cursor((len(lines) - 1, len(lines[-1])))
            elif text:
                editor.insert(text)
            editor.focus()
            self.call_after_refresh(self._replies_ahead)  # the next open, set while away

        pane = RepliesScreen.ready(self.app, self.replies, self.context, query)
        self.app.push_screen(pane, chosen)

    # -- attachments -------------------------------------------------------------------------------

    def action_attach(self) -> None:
        def chosen(path: str | None) -> None:
            if path:
                self.attach(Path(path).expanduser())

        self.app.push_screen(PromptScreen("Attach a file (path):", validate=_attachable), chosen)

    @work(group="save", exit_on_error=False)
    async def attach(self, path: Path) -> None:
        if not await self._save():  # the draft must exist before a file joins it
            return
        data = path.read_bytes()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        try:
            await self.store.attach(
                self.detail.conversation.id, path.name, content_type, data,
                self.app.services.now(),  # type: ignore[attr-defined]
            )  # fmt: skip
        except StoreError as error:
            self.notify(f"{error.message}\n{path.name} is not attached; Ctrl+O again later.",
                        title="Not attached", severity="error", markup=False)  # fmt: skip
            return
        self.draft = await self.store.draft(self.detail.conversation.id)
        self._show_files()

    def _show_files(self) -> None:
        files = self.draft.attachments if self.draft else ()
        text = (
            Text("Attached: " + ", ".join(clean_name(a.filename) for a in files))
            if files
            else Text("No attachments (Ctrl+O attaches a file)", style="dim")
        )
        self.query_one("#compose-files", Static).update(text)

    # -- external editor ---------------------------------------------------------------------------

    def action_external_editor(self) -> None:
        """The draft in the user's editor ([compose] editor, else $VISUAL, $EDITOR, vi); what
        it saves comes back, unless it fails (then the draft stays as it was)."""
        command = self._editor_command()
        if command is None:
            return
        editor = self.query_one(ReplyEditor)
        with tempfile.TemporaryDirectory(prefix="supportdesk-") as folder:
            path = Path(folder) / "reply.txt"
            path.write_text(editor.text, encoding="utf-8")
            try:
                problem = self._run_editor(command, path)
            except SuspendNotSupported:
                problem = "This terminal cannot hand over to another program"
            if problem is not None:
                self.notify(f"{problem}; the draft is unchanged.", severity="error", markup=False)
                return
            text = path.read_text(encoding="utf-8", errors="replace")
        if text.endswith("\n") and not editor.text.endswith("\n"):
            text = text[:-1]  # the newline most editors end a file with
        if text != editor.text:
            editor.load_text(text)
            self.text_changed()

    def _editor_command(self) -> list[str] | None:
        configured: list[str] = self.app.config.compose.editor  # type: ignore[attr-defined]
        if configured:
            return configured
        for variable in ("VISUAL", "EDITOR"):
            value = os.environ.get(variable, "")
            try:
                command = shlex.split(value)
            except ValueError as error:
                self.notify(f"${variable} cannot be read as a command: {error}.",
                            severity="error", markup=False)  # fmt: skip
                return None
            if command:
                return command
        return ["vi"]

    def _run_editor(self, command: list[str], path: Path) -> str | None:
        """Runs the editor with the terminal handed over; what went wrong, or None. Nothing
        may escape the `with`: the app would stay suspended, its screen blank."""
        name = Path(command[0]).name
        with self.app.suspend():
            try:
                status = subprocess.run([*command, str(path)], check=False).returncode
            except OSError as error:
                return f"Cannot run the editor {name}: {error.strerror or error}"
        if status < 0:
            return f"The editor {name} was stopped by signal {-status}"
        if status != 0:
            return f"The editor {name} exited with status {status}"
        return None

    # -- review and send ---------------------------------------------------------------------------

    @work(group="save", exit_on_error=False)
    async def action_review(self) -> None:
        chat = self.detail.conversation.channel is Channel.CHAT
        if self.identity is None:
            account = repr(self.detail.conversation.account)
            self.notify(
                f"The account {account} of this chat is not in the config: the draft is kept."
                if chat
                else "No mail account can send this reply: add an [[accounts]] table with an "
                "smtp section (see config.example.toml). The draft is kept.",
                severity="error", timeout=8, markup=False,
            )  # fmt: skip
            return
        editor = self.query_one(ReplyEditor)
        if not editor.text.strip():
            self.notify("The reply is empty.", severity="warning", timeout=3)
            return
        if not await self._save():
            return
        text = editor.text
        findings = await self._findings_for(text)
        files = self.draft.attachments if self.draft else ()
        subject = None if chat else self.subject  # a chat message has none
        items = review_items(text, findings, subject, len(files))
        answered = answered_message(self.detail)
        recipient = answered.author_address if answered else ", ".join(self.detail.customer.emails)
        if chat:
            network = self.detail.conversation.network
            recipient = f"{self.detail.customer.display_name} in the chat room" + (
                f" ({network})" if network else ""
            )
        screen = ReviewScreen(
            sender=f"{self.identity.name} <{self.identity.address}>",
            recipients=[recipient],
            subject=subject,
            attachments=files,
            items=items,
            overrides=self.overrides,
        )
        self.app.push_screen(screen, self._reviewed)

    async def _findings_for(self, text: str) -> list[Finding]:
        if self.checked_text == text:
            return self.findings
        worker = self.run_check(text)
        await worker.wait()
        return self.findings if self.checked_text == text else []

    def _reviewed(self, approved: Approved | None) -> None:
        if approved is None:
            return
        if self.detail.conversation.channel is not Channel.CHAT:
            self.subject = approved.subject
        self.overrides = approved.overrides
        self.query_one("#compose-header", Static).update(self._header())
        self.send(approved)

    @work(group="save", exit_on_error=False)
    async def send(self, approved: Approved) -> None:
        if not await self._save():
            return
        assert self.identity is not None
        if self.draft is None:
            return
        config = self.app.config.compose  # type: ignore[attr-defined]
        status = None if config.status_after_reply == "keep" else Status(config.status_after_reply)
        try:
            reply = new_reply(
                self.detail, self.draft, self.identity, approved.subject,
                self.app.services.now(), config.undo_seconds, status,  # type: ignore[attr-defined]
                html=config.html,
            )  # fmt: skip
        except (CannotReply, InvalidAddress) as error:
            self.notify(str(error), title="Cannot send", severity="error", markup=False)
            return
        try:
            outbox_id = await self.store.queue_reply(reply)
        except SupportDeskError as error:
            self.notify(
                f"{error.message}\nThe reply is not in the outbox; it stays here (Ctrl+S again).",
                title=error.title, severity="error", markup=False, timeout=12,
            )  # fmt: skip
            return
        self._loaded = False  # nothing more to save: the draft now belongs to the outbox
        self.app.post_message(ReplyQueued(outbox_id, self.detail.conversation.id, reply.send_after))
        self.dismiss(None)

    async def action_close(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        if not await self._save():
            self.notify(
                "The editor stays open so the draft is not lost: free some space, then Esc.",
                severity="warning", timeout=8, markup=False,
            )  # fmt: skip
            return
        self.dismiss(None)


def _attachable(text: str) -> str | None:
    path = Path(text.strip()).expanduser()
    if not text.strip():
        return "Give a file's path."
    if not path.is_file():
        return f"No such file: {path}"
    if path.stat().st_size > MAX_ATTACHMENT:
        return "The file is over 25 MB; most mail servers refuse that."
    if not os.access(path, os.R_OK):
        return "The file cannot be read (permissions)."
    return None
