"""Forgot Username: the account's email address; the screen says the same whether it exists or not."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from core.forms.fields import EMAIL
from core.kernel.errors import PacketdeskError
from core.portal import passwords as portal_passwords
from core.portal.policy import policy
from tui.portal.base import PortalBody, PortalScreen, error_line, labelled


class ForgotUsernameScreen(PortalScreen):
    """Send Email, then a confirmation with Resend Email (seed 004, slides 14-15)."""

    AUTO_FOCUS = "#forgot-email"

    def __init__(self) -> None:
        super().__init__()
        self.email = Input(id="forgot-email", compact=True, max_length=120, select_on_focus=False,
                           placeholder="e.g. name@example.com")
        self.error = error_line("forgot-error")
        self.sent = Static("", id="forgot-sent", classes="card-text")
        self.resend = Button("Resend Email", id="forgot-resend", compact=True)

    def compose(self) -> ComposeResult:
        yield self.portal_line("Forgot Username")
        with PortalBody(classes="portal-body"):
            with Vertical(classes="card"):
                yield Static(Text("Forgot Username", style="bold"), classes="card-title")
                yield Static("Enter the full email address associated with your account.", classes="card-text")
                yield labelled("Email", self.email)
                yield self.error
                yield Button("Send Email", id="forgot-send", compact=True, variant="primary")
                yield self.sent
                yield self.resend
                yield Static(Text(f"Delegates can also ask the producer who added them. Help: {policy().help_line}."),
                             classes="dim")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.resend.display = False

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.email:
            self.after_keys(focused, self.send)
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("forgot-send", "forgot-resend"):
            await self.send()

    async def send(self) -> None:
        self.error.update("")
        address = self.email.value.strip()
        if not EMAIL.match(address):
            self.error.update("Enter an address like name@example.com.")
            return
        try:
            await self.papp.run_core(portal_passwords.forgot_username, self.papp.ctx, address)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.sent.update(Text(
            f"If an account exists for {address}, an email with the username was sent to it. "
            "Didn't get it? Check the address, then Resend Email."))
        self.resend.display = True
