"""Forgot Username: the account's email address; the screen says the same whether it exists or not."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from core.kernel.errors import PacketdeskError, ValidationFailed
from core.portal import forms as portal_forms
from core.portal import passwords as portal_passwords
from core.portal.policy import policy
from tui.kit.step_form import StepForm
from tui.portal.base import PortalBody, PortalScreen


class ForgotUsernameScreen(PortalScreen):
    """Send Email, then a confirmation with Resend Email (seed 004, slides 14-15); the form is data/portal_forms."""

    AUTO_FOCUS = "#f-email"

    def __init__(self) -> None:
        super().__init__()
        self.form = StepForm(portal_forms.form("forgot_username"), {}, id="forgot-form")
        self.sent = Static("", id="forgot-sent", classes="card-text")
        self.resend = Button("Resend Email", id="forgot-resend", compact=True)

    @property
    def email(self) -> Input:
        return self.form.query_one("#f-email", Input)

    def compose(self) -> ComposeResult:
        yield self.portal_line("Forgot Username")
        with PortalBody(classes="portal-body"):
            with Vertical(classes="card"):
                yield self.form
                yield Button("Send Email", id="forgot-send", compact=True, variant="primary")
                yield self.sent
                yield self.resend
                yield Static(Text(f"Delegates can also ask the producer who added them. Help: {policy().help_line}."),
                             classes="dim")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.resend.display = False

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is not None and focused in self.form.inputs:
            self.after_keys(focused, self.send)
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id in ("forgot-send", "forgot-resend"):
            await self.send()

    async def send(self) -> None:
        values = self.form.sync_from_widgets()
        address = str(values.get("email") or "").strip()
        try:
            await self.papp.run_core(portal_passwords.forgot_username, self.papp.ctx, address)
        except ValidationFailed as exc:
            self.form.show_problems(exc.problems)
            self.form.focus_first_problem(exc.problems)
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.form.show_problems({})
        self.sent.update(Text(
            f"If an account exists for {address}, an email with the username was sent to it. "
            "Didn't get it? Check the address, then Resend Email."))
        self.resend.display = True
