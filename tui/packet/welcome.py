"""Welcome to the packet: Get My Password, or log in with a password you have."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from core.identity import accounts
from core.kernel.errors import LoginFailed, PacketdeskError
from core.packets import invitations
from core.packets.invitations import OpenedPacket
from core.packets.program import program
from tui.kit.base import AppScreen
from tui.kit.error_line import ErrorLine


def mask_email(address: str) -> str:
    name, _, domain = address.partition("@")
    return f"{'x' * max(len(name) - 3, 1)}{name[-3:]}@{domain}" if domain else "your email"


class ProducerWelcomeScreen(AppScreen):
    """The packet's welcome page (seed 000, "Welcome to Producer Express")."""

    BINDINGS = [
        Binding("f3", "get_password", "Get My Password", priority=True, id="get-password"),
        Binding("escape", "back", "Back", priority=True, id="back"),
        Binding("f6", "mailbox", "Demo mailbox", priority=True, id="demo-mailbox"),
    ]
    AUTO_FOCUS = "#password"

    def __init__(self, *, opened: OpenedPacket | None = None, code: str | None = None) -> None:
        super().__init__()
        self.opened = opened
        self.code = code

    def compose(self) -> ComposeResult:
        yield self.top_line("Welcome", self.opened.packet_key if self.opened else "")
        with VerticalScroll(id="welcome-body"):
            with Vertical(classes="card"):
                yield Static(Text("Need a password?", style="bold"), classes="card-title")
                yield Static(
                    "To begin, you need a temporary password for secure access to your contracting "
                    "packet. It is emailed to you and is valid for 30 minutes.",
                    classes="card-text",
                )
                yield Button("Get My Password (F3)", id="get", compact=True)
            with Vertical(classes="card"):
                yield Static(Text("Already have a password?", style="bold"), classes="card-title")
                yield Static("Type it below (do not paste it) and press Enter.", classes="card-text")
                with Horizontal(classes="field-line"):
                    yield Static("Password", classes="field-label")
                    yield Input(password=True, id="password", compact=True, max_length=128, select_on_focus=False)
                yield ErrorLine(id="password-error")
                yield Button("Continue", id="continue", compact=True, variant="primary")
                yield Static("Lost your password? Press F3 to have a temporary one sent to you.", classes="card-text dim")
            yield Static("", id="welcome-status", classes="status-line")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        if self.opened is None and self.code:
            try:
                self.opened = await self.papp.run_core(invitations.open_code, self.papp.ctx, self.code)
            except PacketdeskError as exc:
                self.app.pop_screen()
                self.app.notify(str(exc), severity="error", timeout=8)
                return
            self.query_one(".top-line", Static).update(self.top_line("Welcome", self.opened.packet_key).render())

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if isinstance(focused, Input):
            self.run_worker(self.log_in())
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "get":
            await self.action_get_password()
        elif event.button.id == "continue":
            await self.log_in()

    async def action_get_password(self) -> None:
        if self.opened is None:
            return
        prog = program(self.opened.program_id)
        account = await self.papp.run_core(accounts.get, self.papp.ctx, self.opened.account_id)
        await self.papp.run_core(
            accounts.issue_temporary_password, self.papp.ctx, self.opened.account_id, prog.login_policy,
            prog.emails["temporary_password"], self.opened.packet_id,
        )
        self.query_one("#welcome-status", Static).update(
            Text(f"A temporary password was emailed to {mask_email(account.email)}. "
                 f"It is valid for {prog.login_policy.temp_password_minutes} minutes; each request voids the last.")
        )
        self.query_one("#password", Input).focus()

    async def log_in(self) -> None:
        if self.opened is None:
            return
        field = self.query_one("#password", Input)
        error = self.query_one("#password-error", ErrorLine)
        if not field.value:
            error.update("Enter your password.")
            return
        prog = program(self.opened.program_id)
        try:
            outcome = await self.papp.run_core(
                accounts.login, self.papp.ctx, self.opened.account_id, field.value, prog.login_policy,
                service_phone=prog.service_center.get("phone", ""), packet_id=self.opened.packet_id,
            )
        except LoginFailed as exc:
            field.value = ""
            if exc.locked:
                from tui.packet.locked import LockedScreen

                error.update("")
                self.app.push_screen(LockedScreen(str(exc), prog.service_center))
            else:
                error.update(Text(str(exc)))
            return
        field.value = ""
        error.update("")
        if outcome.must_change_password:
            from tui.packet.change_password import ChangePasswordScreen

            self.papp.signed_in(outcome.actor, self.opened)
            self.app.push_screen(ChangePasswordScreen(self.opened, outcome.actor))
            return
        from tui.packet.entry import enter_packet

        await enter_packet(self.papp, outcome.actor, self.opened)

    def action_back(self) -> None:
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.papp.demo if action == "mailbox" else True

    def action_mailbox(self) -> None:
        self.papp.open_mailbox()
