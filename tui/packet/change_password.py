"""Change Password: each rule of the program's policy shown and checked as the user types."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from core.identity import accounts
from core.identity.password_rules import password_rules
from core.kernel.errors import ValidationFailed
from core.kernel.events import Actor
from core.packets.invitations import OpenedPacket
from core.packets.program import program
from tui.kit.base import AppScreen
from tui.kit.error_line import ErrorLine


class ChangePasswordScreen(AppScreen):
    """Choose a permanent password after logging in with a temporary one."""

    AUTO_FOCUS = "#new"

    def __init__(self, opened: OpenedPacket, actor: Actor) -> None:
        super().__init__()
        self.opened = opened
        self.actor = actor
        self.policy = program(opened.program_id).password_policy

    def compose(self) -> ComposeResult:
        yield self.top_line("Change Password", self.opened.packet_key)
        with VerticalScroll():
            with Vertical(classes="card"):
                yield Static(
                    "Thank you for logging in! In order to proceed, please choose a new password for your "
                    "account and enter it below.",
                    classes="card-text",
                )
                yield Static(id="rules", classes="rules")
                with Horizontal(classes="field-line"):
                    yield Static("New Password *", classes="field-label")
                    yield Input(password=True, id="new", compact=True, max_length=128, select_on_focus=False)
                with Horizontal(classes="field-line"):
                    yield Static("Confirm New Password *", classes="field-label")
                    yield Input(password=True, id="confirm", compact=True, max_length=128, select_on_focus=False)
                yield ErrorLine(id="change-error")
                yield Button("Change Password", id="change", compact=True, variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_rules()

    def refresh_rules(self) -> None:
        new = self.query_one("#new", Input).value
        confirm = self.query_one("#confirm", Input).value
        text = Text()
        for rule in password_rules(self.policy, new):
            text.append("✓ " if rule.ok else "✗ ", style="green" if rule.ok else "red")
            text.append(rule.text + "\n")
        matches = bool(new) and new == confirm
        text.append("✓ " if matches else "✗ ", style="green" if matches else "red")
        text.append("Confirmation must match the new password.")
        self.query_one("#rules", Static).update(text)

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.refresh_rules()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if isinstance(focused, Input) and focused.id == "new":
            self.set_focus(self.query_one("#confirm", Input))  # at once: the next keys are already coming
            return True
        if isinstance(focused, Input):
            self.run_worker(self.change())
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "change":
            await self.change()

    async def change(self) -> None:
        new = self.query_one("#new", Input).value
        confirm = self.query_one("#confirm", Input).value
        error = self.query_one("#change-error", ErrorLine)
        try:
            await self.papp.run_core(accounts.change_password, self.papp.ctx, self.actor, new, confirm, self.policy)
        except ValidationFailed as exc:
            error.update(Text(" ".join(exc.problems.values())))
            return
        from tui.packet.entry import enter_packet

        self.notify("Password changed. Keep it: you can come back later to view your documents.")
        await enter_packet(self.papp, self.actor, self.opened)
