"""Enter the one-time passcode: for a login (with Remember this device) or a password step (3 of 4)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from core.kernel.errors import PacketdeskError
from core.portal import login as portal_login
from core.portal import passwords as portal_passwords
from core.portal.codes import SentCode
from core.portal.login import PendingLogin
from core.portal.passwords import FoundAccount
from core.portal.policy import policy
from tui.kit.toggles import Box
from tui.portal.base import PortalBody, PortalScreen, error_line, labelled, land, problems_text

CHANNEL_WORDS = {"email": "an email", "sms": "a text message"}


class CodeEntryScreen(PortalScreen):
    """Type the code that was sent; F5 resends it (the seed's "resend it" link)."""

    BINDINGS = [Binding("f5", "resend", "Resend code", priority=True, id="portal-resend",
                        tooltip="Send a new code the same way; the old one stops working")]
    AUTO_FOCUS = "#code-input"

    def __init__(self, sent: SentCode, *, pending: PendingLogin | None = None, found: FoundAccount | None = None,
                 title: str = "Verify your account") -> None:
        super().__init__()
        self.sent = sent
        self.pending = pending
        self.found = found
        self.title_text = title
        self.code = Input(id="code-input", compact=True, max_length=12, select_on_focus=False, placeholder="8 characters",
                          classes="secret")
        self.remember = Box(f"Remember this device for {policy().remember_days} days", id="code-remember",
                                 compact=True)
        self.remember.tooltip = ("You will not be asked to verify on this computer until then; the password is "
                                 "still needed. Do not use on a shared computer.")
        self.error = error_line("code-error")
        self.sent_line = Static(self.sent_text(), id="code-sent", classes="card-text")

    def sent_text(self) -> Text:
        return Text(f"We sent {CHANNEL_WORDS[self.sent.channel]} with a one-time passcode to "
                    f"{self.sent.destination}. It is valid {self.sent.minutes} minutes and works once.")

    def compose(self) -> ComposeResult:
        step = "" if self.pending else "Step 3 of 4"
        yield self.portal_line(self.title_text, step)
        with PortalBody(classes="portal-body"):
            with Vertical(classes="card"):
                yield Static(Text("Enter Verification Code", style="bold"), classes="card-title")
                yield self.sent_line
                yield labelled("Code", self.code)
                yield self.error
                if self.pending is not None:
                    yield self.remember
                yield Button("Submit" if self.pending else "Continue", id="code-submit", compact=True, variant="primary")
                yield Static("Didn't get it? F5 resends it.", classes="dim")
        yield Footer(compact=True)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused in (self.code, self.remember):
            self.after_keys(focused, self.submit)
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "code-submit":
            await self.submit()

    async def submit(self) -> None:
        self.error.update("")
        ctx = self.papp.ctx
        try:
            if self.pending is not None:
                signed = await self.papp.run_core(portal_login.verify_code, ctx, self.pending, self.code.value,
                                                  remember=self.remember.value)
            else:
                assert self.found is not None
                await self.papp.run_core(portal_passwords.verify_code, ctx, self.found, self.code.value)
        except PacketdeskError as exc:
            self.code.value = ""
            self.error.update(Text(problems_text(exc)))
            self.set_focus(self.code)
            return
        if self.pending is not None:
            land(self.papp, signed)
            return
        from tui.portal.new_password import NewPasswordScreen

        assert self.found is not None
        self.app.push_screen(NewPasswordScreen(self.found, self.title_text))

    async def action_resend(self) -> None:
        ctx = self.papp.ctx
        try:
            if self.pending is not None:
                self.sent = await self.papp.run_core(portal_login.send_code, ctx, self.pending, self.sent.channel)
            else:
                assert self.found is not None
                self.sent = await self.papp.run_core(portal_passwords.send_code, ctx, self.found, self.sent.channel)
        except PacketdeskError as exc:
            self.error.update(Text(str(exc)))
            return
        self.sent_line.update(self.sent_text())
        self.error.update("A new code was sent; the earlier one no longer works.")
        self.set_focus(self.code)
