"""Invite a producer: the roster fields, drawn by the form renderer, checked in core."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer, Static

from core.desk import drafts, staff
from core.kernel.errors import PacketdeskError, ValidationFailed
from tui.kit.base import AppScreen
from tui.kit.step_form import StepForm

FORM = "invite"


class InviteScreen(AppScreen):
    """Roster data in, invitation out (the code goes to the producer's email only)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True, id="invite-cancel",
                        tooltip="Back to the packet list; nothing is sent")]
    AUTO_FOCUS = "#f-first_name"

    def __init__(self) -> None:
        super().__init__()
        self.form = StepForm(staff.ROSTER_STEP, {"tin_kind": "SSN", "entity_type": "Individual"}, id="invite-form")
        self.status = Static("", id="invite-status", classes="status-line")
        self.invited: int | None = None
        """The new packet's id once sent."""

    def compose(self) -> ComposeResult:
        yield self.top_line("Invite a producer", "Enter moves on; Enter on the last field sends")
        with VerticalScroll(id="invite-body", classes="body"):
            yield self.form
        with Horizontal(classes="buttons"):
            yield Button("Cancel", id="cancel", compact=True)
            yield Button("Send invitation", id="send", variant="primary", compact=True)
            yield self.status
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        actor = self.papp.actor
        if actor is None:
            return
        kept = await self.papp.run_core(drafts.load_form, self.papp.ctx, actor, FORM)
        if kept:  # typed before a hang-up
            self.form.set_values(kept)
            self.status.update(Text("What you typed before the connection dropped is back; nothing was sent yet.",
                                    style="yellow"))

    def save_draft(self) -> None:
        """Hang-up, SIGTERM, idle sign-out: what was typed is kept for this person (from the model)."""
        actor = self.papp.actor
        if actor is not None and self.invited is None and any(str(v or "").strip() for k, v in self.form.values.items()
                                                             if k not in ("tin_kind", "entity_type")):
            drafts.save_form(self.papp.ctx, actor, FORM, dict(self.form.values))

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is not None and focused in self.form.inputs:
            if self.form.is_last(focused):
                self.run_worker(self.send(), exclusive=True)
            else:
                self.focus_next()
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "send":
            await self.send()
        elif event.button.id == "cancel":
            self.action_cancel()

    async def send(self) -> None:
        actor = self.papp.actor
        if actor is None:
            return
        try:
            invited = await self.papp.run_core(staff.invite_producer, self.papp.ctx, actor, self.form.sync_from_widgets())
        except ValidationFailed as exc:
            self.form.show_problems(exc.problems)
            self.form.focus_first_problem(exc.problems)
            first = next((row for name, row in self.form.rows.items() if name in exc.problems), None)
            if first is not None:
                # The error line sits under the field; bring the whole row, not only the input, into view.
                self.call_after_refresh(first.scroll_visible, animate=False)
            count = len(exc.problems)
            self.status.update(Text(f"{count} field{'s' if count > 1 else ''} need{'s' if count == 1 else ''} attention.",
                                    style="red"))
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.invited = invited.packet_id
        await self.papp.run_core(drafts.discard_form, self.papp.ctx, actor, FORM)
        name = f"{self.form.values.get('first_name', '')} {self.form.values.get('last_name', '')}".strip()
        self.app.notify(f"Invited {name}: packet {invited.packet_key}. The invitation is in the outbox.",
                        markup=False, timeout=8)
        self.dismiss(None)

    def action_cancel(self) -> None:
        """Cancel drops what was typed on purpose (a hang-up keeps it)."""
        actor = self.papp.actor
        if actor is not None:
            drafts.discard_form(self.papp.ctx, actor, FORM)
        self.dismiss(None)
