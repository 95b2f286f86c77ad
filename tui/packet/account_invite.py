"""A recruiter's invitation to a program with account access: the producer's email and the states offered."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from core.forms.states import STATES
from core.kernel.errors import PacketdeskError, ValidationFailed
from core.packets import accounts
from tui.kit.base import AppScreen
from tui.kit.error_line import ErrorLine
from tui.kit.keys import SPACE_TOGGLES, toggle, toggles
from tui.kit.toggles import Box


class AccountInviteScreen(AppScreen):
    """An admin (recruiter) invites a producer; the email carries the User ID and a temporary password."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True, id="account-invite-cancel",
                        tooltip="Back without sending anything"), SPACE_TOGGLES]
    AUTO_FOCUS = "#invite-email"

    def __init__(self, program_id: str) -> None:
        super().__init__()
        self.program = accounts.account_program(program_id)
        self.email = Input(id="invite-email", placeholder="e.g. producer@example.com", compact=True, max_length=120,
                           select_on_focus=False)
        self.boxes = {s: Box(Text(f"{STATES.name(s)} ({s})"), id=f"offer-{s}", compact=True)
                      for s in accounts.offered_states(self.program)}
        self.email_error = ErrorLine(id="invite-email-error")
        self.states_error = ErrorLine(id="invite-states-error")

    def compose(self) -> ComposeResult:
        texts = self.program.access
        yield self.top_line(texts["invite_title"], self.program.title)
        with VerticalScroll(classes="body"):
            with Vertical(classes="card"):
                yield Static(Text(texts["invite_heading"], style="bold"), classes="card-title")
                yield Static(texts.get("invite_intro", ""), classes="card-text")
                with Horizontal(classes="field-line"):
                    yield Static("Producer's email *", classes="field-label")
                    yield self.email
                yield self.email_error
                yield Static(Text("States offered *", style="bold"), classes="section-title")
                yield from self.boxes.values()
                yield self.states_error
                with Horizontal(classes="buttons"):
                    yield Button("Cancel", id="invite-cancel", compact=True)
                    yield Button("Send invitation", id="invite-send", variant="primary", compact=True)
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return toggles(self.focused) if action == "toggle_box" else True

    def action_toggle_box(self) -> None:
        toggle(self.focused)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        return self.enter_through([self.email, *self.boxes.values()], focused,
                                  lambda: self.run_worker(self.send(), exclusive=True))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "invite-send":
            await self.send()
        elif event.button.id == "invite-cancel":
            self.action_cancel()

    async def send(self) -> None:
        actor = self.papp.actor
        if actor is None:
            return
        states = [s for s, box in self.boxes.items() if box.value]
        self.email_error.update("")
        self.states_error.update("")
        try:
            invited = await self.papp.run_core(accounts.invite, self.papp.ctx, actor, self.program.id, self.email.value,
                                               states)
        except ValidationFailed as exc:
            self.email_error.update(exc.problems.get("email", ""))
            self.states_error.update(exc.problems.get("states", ""))
            self.set_focus(self.email if "email" in exc.problems else next(iter(self.boxes.values())))
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        subject = self.program.emails["invitation"]["subject"]
        self.app.notify(f"Invited: User ID {invited.user_id}, case {invited.packet_key}. The {subject} "
                        "is in the outbox.", markup=False, timeout=10)
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
