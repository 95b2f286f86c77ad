"""Staff sign in: service-center reps, home-office reviewers and admins."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from core.identity import accounts
from core.kernel.errors import LoginFailed, PacketdeskError
from tui.kit.base import AppScreen
from tui.kit.error_line import ErrorLine


class StaffLoginScreen(AppScreen):
    """Username and password for staff; Enter moves on, then signs in."""

    BINDINGS = [Binding("escape", "back", "Back", priority=True, id="back", tooltip="Back to the welcome screen")]
    AUTO_FOCUS = "#username"

    def __init__(self) -> None:
        super().__init__()
        self.username = Input(id="username", compact=True, max_length=120, select_on_focus=False)
        self.password = Input(password=True, id="password", compact=True, max_length=128, select_on_focus=False)
        self.username_error = ErrorLine(id="username-error")
        self.password_error = ErrorLine(id="password-error")

    def compose(self) -> ComposeResult:
        yield self.top_line("Staff sign in")
        with Center():
            with Vertical(id="staff-login-box", classes="card"):
                yield Static(Text("Service center and home office", style="bold"), classes="card-title")
                yield Static("Sign in with your staff username and password.", classes="card-text")
                with Horizontal(classes="field-line"):
                    yield Static("Username", classes="field-label")
                    yield self.username
                yield self.username_error
                with Horizontal(classes="field-line"):
                    yield Static("Password", classes="field-label")
                    yield self.password
                yield self.password_error
                yield Button("Sign in", id="sign-in", compact=True, variant="primary")
        yield Footer(compact=True)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.username:
            # set_focus is immediate; focus() is deferred and keys typed ahead would stay in Username.
            self.set_focus(self.password)
            return True
        if focused is self.password:
            self.run_worker(self.sign_in(), exclusive=True)
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "sign-in":
            await self.sign_in()

    async def sign_in(self) -> None:
        self.username_error.update("")
        self.password_error.update("")
        if not self.username.value.strip():
            self.username_error.update("Enter your username.")
            self.username.focus()
            return
        if not self.password.value:
            self.password_error.update("Enter your password.")
            self.password.focus()
            return
        try:
            outcome = await self.papp.run_core(
                accounts.staff_login, self.papp.ctx, self.username.value, self.password.value
            )
        except LoginFailed as exc:
            self.password.value = ""
            self.password_error.update(str(exc))
            self.password.focus()
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.password.value = ""
        self.papp.signed_in(outcome.actor)
        from tui.desk.home import StaffHomeScreen

        self.app.switch_screen(StaffHomeScreen(outcome.account.display_name))

    def action_back(self) -> None:
        self.app.pop_screen()
