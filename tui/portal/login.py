"""Producer portal login: username and password, the email-confirmation code, and the help links."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from core.kernel.errors import LoginFailed, PacketdeskError, ValidationFailed
from core.portal import devices as portal_devices
from core.portal import login as portal_login
from core.portal import passwords as portal_passwords
from core.portal.login import PendingLogin
from core.portal.policy import policy
from tui.portal.base import PortalBody, PortalScreen, error_line, labelled, land, problems_text


class PortalLoginScreen(PortalScreen):
    """Log in (seed 004, slide 8); a "Confirm Your Email Address" code can be entered here too."""

    BINDINGS = [
        Binding("f3", "forgot_username", "Forgot user", priority=True, id="portal-forgot-username"),
        Binding("f4", "forgot_password", "Forgot pwd", priority=True, id="portal-forgot-password"),
        Binding("f5", "create_password", "Create pwd", priority=True, id="portal-create-password",
                tooltip="New delegates: create your first password"),
        Binding("f6", "mailbox", "Demo mail", show=False, priority=True, id="portal-demo-mail"),
        Binding("f8", "phone", "Demo texts", show=False, priority=True, id="portal-demo-texts"),
    ]
    AUTO_FOCUS = "#portal-username"

    def __init__(self, verify_code: str | None = None) -> None:
        super().__init__()
        self.verify_code = verify_code
        self.next_username = ""
        """Filled in when a password was just created, so only the password is left to type."""
        self.username = Input(id="portal-username", compact=True, max_length=60, select_on_focus=False)
        self.password = Input(password=True, id="portal-password", compact=True, max_length=128, select_on_focus=False)
        self.code = Input(id="portal-link-code", compact=True, max_length=40, select_on_focus=False,
                          placeholder="e.g. K7QFM2-XD9PLAZR4T", classes="secret")
        self.error = error_line("portal-login-error")
        self.code_error = error_line("portal-code-error")

    def compose(self) -> ComposeResult:
        pol = policy()
        yield self.portal_line("Login")
        with PortalBody(classes="portal-body"):
            with Vertical(classes="card"):
                yield Static(Text(pol.title, style="bold"), classes="card-title")
                yield labelled("Username", self.username)
                yield labelled("Password", self.password)
                yield self.error
                yield Button("Log In", id="portal-log-in", compact=True, variant="primary")
                yield Static("F3 Forgot Username · F4 Forgot Password · F5 Create Password", classes="dim")
            with Vertical(classes="card"):
                yield Static(Text("Confirm Your Email Address", style="bold"), classes="card-title")
                yield Static("New delegates: type the code from your welcome email, then Enter.", classes="dim")
                yield labelled("Email code", self.code)
                yield self.code_error
            yield Static(Text(f"Help: {pol.help_line}"), classes="dim portal-help")
            if self.papp.demo:
                yield Static("Demo: F6 reads the emails sent, F8 the text messages.", classes="dim")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        if self.verify_code:
            self.code.value = self.verify_code
            self.run_worker(self.confirm_email())

    def on_screen_resume(self) -> None:
        # Back from a home page (logout) or a password step: username (given or typed again), then password.
        self.password.value = ""
        if self.next_username:
            self.username.value, self.next_username = self.next_username, ""
        self.set_focus(self.password if self.username.value else self.username)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.papp.demo if action in ("mailbox", "phone") else super().check_action(action, parameters)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.username:
            self.set_focus(self.password)  # immediate, so keys typed ahead land in Password
            return True
        if focused is self.password:
            self.after_keys(focused, self.log_in)
            return True
        if focused is self.code:
            self.after_keys(focused, self.confirm_email)
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "portal-log-in":
            await self.log_in()

    async def log_in(self) -> None:
        self.error.update("")
        ctx = self.papp.ctx
        token = portal_devices.read_token(ctx, self.username.value) if self.username.value.strip() else None
        try:
            result = await self.papp.run_core(portal_login.log_in, ctx, self.username.value, self.password.value, token)
        except ValidationFailed as exc:  # nothing typed in one of them
            self.error.update(Text(problems_text(exc)))
            self.set_focus(self.username if "username" in exc.problems else self.password)
            return
        except LoginFailed as exc:
            self.password.value = ""
            self.error.update(Text(str(exc), style="bold" if exc.locked else ""))
            self.set_focus(self.password)
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.password.value = ""
        if isinstance(result, PendingLogin):
            from tui.portal.verify import VerifyChoiceScreen

            self.app.push_screen(VerifyChoiceScreen(result))
        else:
            land(self.papp, result)

    async def confirm_email(self) -> None:
        self.code_error.update("")
        try:
            verified = await self.papp.run_core(portal_passwords.verify_email, self.papp.ctx, self.code.value)
        except PacketdeskError as exc:
            self.code_error.update(Text(problems_text(exc)))
            self.set_focus(self.code)
            return
        self.code.value = ""
        from tui.portal.email_verified import EmailVerifiedScreen

        self.app.push_screen(EmailVerifiedScreen(verified))

    def action_forgot_username(self) -> None:
        from tui.portal.forgot_username import ForgotUsernameScreen

        self.app.push_screen(ForgotUsernameScreen())

    def action_forgot_password(self) -> None:
        from tui.portal.find_account import FindAccountScreen

        self.app.push_screen(FindAccountScreen("forgot", self.username.value.strip()))

    def action_create_password(self) -> None:
        from tui.portal.find_account import FindAccountScreen

        self.app.push_screen(FindAccountScreen("create", self.username.value.strip()))

    def action_mailbox(self) -> None:
        from tui.portal.demo_mail import PortalOutboxScreen

        self.app.push_screen(PortalOutboxScreen("email"))

    def action_phone(self) -> None:
        from tui.portal.demo_mail import PortalOutboxScreen

        self.app.push_screen(PortalOutboxScreen("sms"))
