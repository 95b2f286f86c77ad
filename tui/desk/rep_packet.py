"""A packet opened by a rep: who is in it, its pages to fill for the producer, notes, and the fixes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from core.desk import assist as desk
from core.desk import drafts, staff
from core.identity.permissions import may
from core.kernel.errors import PacketdeskError
from core.packets import processing
from core.packets.packets import PacketView
from core.portal import forms as portal_forms
from core.portal import helpdesk
from tui.kit.base import AppScreen
from tui.kit.confirm import ConfirmModal
from tui.kit.form_modal import FormModal

ROLE_KEYS = {"unlock": "packet.unlock", "resend": "packet.reinvite", "temporary": "packet.temporary_password",
             "ready": "packet.ready_to_sign", "processed": "packet.mark_processed", "typing_reset": "typing.reset"}
"""Screen action -> the permission it needs (core/identity/permissions.py)."""
STATE_KEYS = {"unlock": "unlock", "resend": "resend", "temporary": "temporary_password"}
"""Screen action -> what the packet's state must allow (core/desk/staff.allows)."""


class RepPacketScreen(AppScreen):
    """Enter on a page fills it on the producer's behalf; the producer alone consents and signs."""

    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="back"),
        Binding("f3", "note", "Note", priority=True, id="note", tooltip="Add a call note"),
        Binding("f4", "unlock", "Unlock", priority=True, id="unlock"),
        Binding("f5", "resend", "Invite", priority=True, id="resend", tooltip="New invitation; the old code stops working"),
        # Short labels: an admin's footer on a locked producer's packet (F4 Unlock, F12 Typing) must
        # hold every key in 80 columns, Ctrl+Q Quit included.
        Binding("f6", "outbox", "Mail", priority=True, id="outbox", tooltip="Messages sent to this producer"),
        Binding("f7", "history", "Log", priority=True, id="history", tooltip="Events of this packet"),
        Binding("f8", "temporary", "Temp pwd", priority=True, id="temp-password", tooltip="New temporary password"),
        Binding("f9", "ready", "Ready", priority=True, id="ready", tooltip="Email: ready for your signature"),
        # Shown only to the roles the permission table allows (check_action). Both ask to confirm;
        # F11 is left alone: many terminals take it for full screen.
        Binding("f2", "processed", "Processed", priority=True, id="processed",
                tooltip="Mark the sent packet processed: the producer is emailed the states appointed"),
        Binding("f12", "typing_reset", "Typing", priority=True, id="typing-reset",
                tooltip="Reset a portal user's typing pattern (help-desk ticket); a reason is required"),
    ]

    def __init__(self, packet_id: int) -> None:
        super().__init__()
        self.packet_id = packet_id
        self.view: PacketView | None = None
        self.row: staff.PacketRow | None = None
        """The packet as the desk's list shows it (whether its producer is locked out)."""
        self.note_text = ""
        """The call note as typed (the model the hang-up save reads; the widget may be gone)."""

    def compose(self) -> ComposeResult:
        yield self.top_line("Packet", "service center")
        with VerticalScroll(classes="body"):
            yield Static(id="summary", classes="card-text")
            yield Static(Text("Pages (Enter fills one for the producer)", style="bold"), classes="section-title")
            yield OptionList(id="pages")
            yield Static(Text("Call notes", style="bold"), classes="section-title")
            yield Static(id="notes", classes="card-text")
            with Horizontal(classes="field-line"):
                yield Static("New note", classes="field-label")
                yield Input(id="note", compact=True, max_length=4000, placeholder="what the caller said or asked",
                            select_on_focus=False)
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        # No load here: Textual resumes a screen when it is first shown too, and on_screen_resume loads.
        self.query_one("#pages", OptionList).focus()
        kept = await self.papp.run_core(desk.open_packet, self.papp.ctx, self.papp.actor, self.packet_id)
        if kept:  # typed before a hang-up: back in the box, not saved until Enter
            self.query_one("#note", Input).value = kept
            self.notify("Your unsaved call note is back in the box.", timeout=4)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "note":
            self.note_text = event.value

    def save_draft(self) -> None:
        """Hang-up, SIGTERM, idle sign-out: the call note being typed is kept (from the model)."""
        actor = self.papp.actor
        if actor is not None and self.note_text.strip():
            drafts.save_note(self.papp.ctx, actor, self.packet_id, self.note_text)

    async def on_screen_resume(self) -> None:
        if not self.signed_out():
            await self.reload()

    async def reload(self) -> None:
        # One call for all of it: each trip to a worker thread lets a frame be drawn half filled in.
        shown = await self.papp.run_core(desk.desk_packet, self.papp.ctx, self.papp.actor, self.packet_id)
        self.view = view = shown.view
        self.row = shown.row
        others, notes, missing = shown.others, shown.notes, shown.missing
        summary = Text()
        summary.append(f"{view.key}  ", style="bold")
        summary.append(view.producer_name)
        summary.append(f"\n{view.program.title} · {view.status_label} · last activity {view.updated_at:%m/%d/%Y %H:%M} UTC")
        summary.append(f"\n{len(missing)} required answer(s) missing" if missing else "\nEvery required answer is in.",
                       style="yellow" if missing else "green")
        for other in others:
            summary.append(f"\nAlso in this packet: {other.who} ({other.role}) on {other.host}, seen {other.last_seen:%H:%M}",
                           style="bold yellow")
        self.query_one("#summary", Static).update(summary)
        pages = self.query_one("#pages", OptionList)
        pages.clear_options()
        forms = [s for s in view.program.steps_for(view.answers) if s.kind == "form"]
        pages.add_options([Option(Text(s.title), id=s.id) for s in forms])
        if forms:
            pages.highlighted = 0
        lines = Text()
        for note in notes:
            lines.append(f"{note.at:%m/%d %H:%M} {note.who}: ", style="dim")
            lines.append(note.text + "\n")
        self.query_one("#notes", Static).update(lines or Text("No notes yet.", style="dim"))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys the role (the permission table) or the packet's state does not allow leave the footer,
        as on the desk's list: 80 columns hold only so many."""
        permission = ROLE_KEYS.get(action)
        if permission is None:
            return True
        if not may(self.papp.actor, permission):
            return False
        if action == "processed":
            return self.view is not None and processing.processable(self.view)
        if action == "ready":
            return self.view is None or not self.view.read_only
        if action in STATE_KEYS:
            return self.row is None or staff.allows(self.row, STATE_KEYS[action])
        return True

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if isinstance(focused, OptionList) and focused.highlighted is not None and self.view is not None:
            from tui.packet.wizard import WizardScreen

            if self.view.read_only:
                self.notify("This packet was sent; it can no longer be changed.", severity="warning")
                return True
            step = self.view.program.step(focused.get_option_at_index(focused.highlighted).id or "")
            assert self.papp.actor is not None
            acting = desk.for_producer(self.papp.actor, self.view)
            self.app.push_screen(WizardScreen(self.view, step, acting=acting))
            return True
        if isinstance(focused, Input) and focused.id == "note":
            self.run_worker(self.save_note(focused))
            return True
        return False

    async def save_note(self, field: Input) -> None:
        if await self.attempt(desk.add_note, self.packet_id, field.value, done="Note saved."):
            field.value = ""
            await self.papp.run_core(drafts.discard_note, self.papp.ctx, self.papp.actor, self.packet_id)

    async def attempt(self, fn: Callable[..., Any], *args: Any, done: str) -> bool:
        try:
            await self.papp.run_core(fn, self.papp.ctx, self.papp.actor, *args)
        except PacketdeskError as exc:
            self.show_error(exc)
            return False
        self.notify(done)
        await self.reload()
        return True

    def action_note(self) -> None:
        self.query_one("#note", Input).focus()

    def action_unlock(self) -> None:
        from tui.desk.unlock import UnlockModal

        async def unlock(reason: str | None) -> None:
            if reason:
                await self.attempt(staff.unlock_producer, self.packet_id, reason, done="Account unlocked.")

        self.app.push_screen(UnlockModal(self.view.producer_name if self.view else ""), unlock)

    async def action_resend(self) -> None:
        await self.attempt(staff.resend_invitation, self.packet_id, done="New invitation sent; the old code no longer works.")

    async def action_temporary(self) -> None:
        await self.attempt(staff.send_new_temporary_password, self.packet_id, done="New temporary password sent.")

    async def action_ready(self) -> None:
        await self.attempt(desk.request_signature, self.packet_id, done="Ready-for-signature email sent to the producer.")

    def action_processed(self) -> None:
        self.confirm_processed()

    @work(exclusive=True, group="desk-action")
    async def confirm_processed(self) -> None:
        view = self.view
        if view is None:
            return
        question = Text.assemble("Mark packet ", (view.key, "bold"), " of ", (view.producer_name, "bold"),
                                 " processed? The producer is emailed a letter listing the states appointed.")
        if await self.app.push_screen_wait(ConfirmModal(f"Mark {view.key} processed?", question,
                                                        yes="Mark processed", no="Cancel")):
            await self.attempt(processing.mark_processed, self.packet_id,
                               done="Marked processed; the letter went to the producer (see the outbox).")

    def action_typing_reset(self) -> None:
        self.reset_typing()

    @work(exclusive=True, group="desk-action")
    async def reset_typing(self) -> None:
        ctx, actor = self.papp.ctx, self.papp.actor
        if actor is None:
            return
        start = await self.papp.run_core(helpdesk.portal_username, ctx, self.view.producer_account_id if self.view else None)
        values = await self.app.push_screen_wait(FormModal(
            portal_forms.form("typing_reset"), {"username": start}, None,
            extra_check=lambda typed: helpdesk.reset_problems(ctx, typed)))
        if values is None:
            return
        question = Text.assemble("Reset the typing pattern of ", (str(values["username"]), "bold"),
                                 "? They type the sentence again at their next login.")
        if not await self.app.push_screen_wait(ConfirmModal("Reset typing pattern?", question, yes="Reset",
                                                            no="Cancel")):
            return
        try:
            done = await self.papp.run_core(helpdesk.reset_typing, ctx, actor, values)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.notify(f"The typing pattern of {done.name} ({done.username}) was reset.", markup=False)

    def action_outbox(self) -> None:
        from tui.desk.outbox import OutboxScreen

        if self.view is not None:
            self.app.push_screen(OutboxScreen(f"Outbox: {self.view.producer_name}", self.view.producer_account_id))

    def action_history(self) -> None:
        from tui.desk.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.packet_id))

    async def action_back(self) -> None:
        await self.papp.run_core(desk.enter_packet, self.papp.ctx, self.papp.actor, None)
        self.app.pop_screen()
