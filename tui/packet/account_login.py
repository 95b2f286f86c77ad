"""Login for a program with account access ([access] kind = "account"): Login Name, Password and its Domain."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from core.kernel.errors import LoginFailed, PacketdeskError
from core.packets import accounts
from tui.kit.base import AppScreen
from tui.kit.error_line import ErrorLine


class AccountLoginScreen(AppScreen):
    """The User ID and temporary password come in the program's invitation email."""

    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="account-back"),
        Binding("f3", "get_password", "Get My Password", priority=True, id="account-get-password",
                tooltip="Email a new temporary password to the Login Name's address"),
        Binding("f6", "mailbox", "Demo mailbox", priority=True, id="account-mailbox"),
    ]
    AUTO_FOCUS = "#login-name"

    def __init__(self, program_id: str) -> None:
        super().__init__()
        self.program = accounts.account_program(program_id)
        self.login_name = Input(id="login-name", compact=True, max_length=60, select_on_focus=False)
        self.password = Input(id="login-password", password=True, compact=True, max_length=128, select_on_focus=False)
        self.domain = Input(id="login-domain", placeholder=self.program.login_domain, compact=True, max_length=20,
                            select_on_focus=False)
        self.error = ErrorLine(id="account-login-error")
        self.note = Static("", id="account-login-note", classes="card-text", markup=False)

    @property
    def fields(self) -> list[tuple[str, Input]]:
        domain = [("Domain", self.domain)] if self.program.login_domain else []
        return [("Login Name", self.login_name), ("Password", self.password), *domain]

    def compose(self) -> ComposeResult:
        texts = self.program.access
        yield self.top_line(texts["login_title"], texts.get("login_subtitle", ""))
        with Center():
            with Vertical(id="account-login-box", classes="card"):
                yield Static(Text(texts["login_heading"], style="bold"), classes="card-title")
                yield Static(texts.get("login_intro", ""), classes="card-text")
                for label, field in self.fields:
                    with Horizontal(classes="field-line"):
                        yield Static(label, classes="field-label")
                        yield field
                yield self.error
                yield Button("Submit", id="account-submit", variant="primary", compact=True)
                yield self.note
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.papp.demo if action == "mailbox" else True

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        return self.enter_through([field for _, field in self.fields], focused,
                                  lambda: self.run_worker(self.submit(), exclusive=True))

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "account-submit":
            await self.submit()

    async def submit(self) -> None:
        self.error.update("")
        if not (self.login_name.value.strip() and self.password.value.strip()):
            self.error.update("Enter your Login Name and Password.")
            return
        try:
            outcome = await self.papp.run_core(accounts.login, self.papp.ctx, self.program.id, self.login_name.value,
                                               self.password.value, self.domain.value)
        except LoginFailed as exc:
            self.password.value = ""
            self.error.update(str(exc))
            self.set_focus(self.password)
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.password.value = ""
        self.papp.signed_in(outcome.actor)
        if outcome.must_change_password:
            from tui.packet.account_password import AccountPasswordScreen

            self.app.switch_screen(AccountPasswordScreen(self.program.id, outcome.actor))
            return
        from tui.packet.account_home import AccountHomeScreen

        self.app.switch_screen(AccountHomeScreen(self.program.id))

    async def action_get_password(self) -> None:
        if not self.login_name.value.strip():
            self.error.update("Type your Login Name (User ID) first, then F3.")
            self.set_focus(self.login_name)
            return
        await self.papp.run_core(accounts.get_my_password, self.papp.ctx, self.program.id, self.login_name.value)
        self.error.update("")
        minutes = self.program.login_policy.temp_password_minutes
        self.note.update(Text("If that Login Name is known, a temporary password was emailed to its address. "
                              f"It is valid for {minutes} minutes; each request voids the one before."))
        self.set_focus(self.password)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_mailbox(self) -> None:
        self.papp.open_mailbox()
