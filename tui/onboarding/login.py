"""HCSC Producer Pro login (seed 001, "Logging In"): Login Name, Password, Domain."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from core.kernel.errors import LoginFailed, PacketdeskError
from core.onboarding import access as onboarding_invite
from tui.kit.base import AppScreen
from tui.kit.error_line import ErrorLine


class OnboardingLoginScreen(AppScreen):
    """The User ID and temporary password come in the "Onboarding Invitation" email."""

    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="hcsc-back"),
        Binding("f3", "get_password", "Get My Password", priority=True, id="hcsc-get-password",
                tooltip="Email a new temporary password to the Login Name's address"),
        Binding("f6", "mailbox", "Demo mailbox", priority=True, id="hcsc-mailbox"),
    ]
    AUTO_FOCUS = "#hcsc-login-name"

    def __init__(self) -> None:
        super().__init__()
        self.login_name = Input(id="hcsc-login-name", compact=True, max_length=60, select_on_focus=False)
        self.password = Input(id="hcsc-password", password=True, compact=True, max_length=128, select_on_focus=False)
        self.domain = Input(id="hcsc-domain", placeholder="HCSC", compact=True, max_length=20, select_on_focus=False)
        self.error = ErrorLine(id="hcsc-login-error")
        self.note = Static("", id="hcsc-login-note", classes="card-text", markup=False)

    def compose(self) -> ComposeResult:
        yield self.top_line("HCSC Producer Pro", "Producer onboarding")
        with Center():
            with Vertical(id="hcsc-login-box", classes="card"):
                yield Static(Text("Log in to Producer Pro", style="bold"), classes="card-title")
                yield Static("Use the User ID and temporary password from your \"Onboarding Invitation\" email; "
                             "the domain is HCSC.", classes="card-text")
                for label, field in (("Login Name", self.login_name), ("Password", self.password), ("Domain", self.domain)):
                    with Horizontal(classes="field-line"):
                        yield Static(label, classes="field-label")
                        yield field
                yield self.error
                yield Button("Submit", id="hcsc-submit", variant="primary", compact=True)
                yield self.note
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.papp.demo if action == "mailbox" else True

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        order = [self.login_name, self.password, self.domain]
        if focused in order:
            index = order.index(focused)  # type: ignore[arg-type]
            if index < len(order) - 1:
                self.set_focus(order[index + 1])
            else:
                self.run_worker(self.submit(), exclusive=True)
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "hcsc-submit":
            await self.submit()

    async def submit(self) -> None:
        self.error.update("")
        if not self.login_name.value.strip() or not self.password.value or not self.domain.value.strip():
            self.error.update("Enter your Login Name, Password and Domain (HCSC).")
            return
        try:
            outcome = await self.papp.run_core(onboarding_invite.login, self.papp.ctx, self.login_name.value,
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
            from tui.onboarding.password import OnboardingPasswordScreen

            self.app.switch_screen(OnboardingPasswordScreen(outcome.actor))
            return
        from tui.onboarding.home import OnboardingHomeScreen

        self.app.switch_screen(OnboardingHomeScreen())

    async def action_get_password(self) -> None:
        await self.papp.settle()
        if not self.login_name.value.strip():
            self.error.update("Type your Login Name (User ID) first, then F3.")
            self.set_focus(self.login_name)
            return
        await self.papp.run_core(onboarding_invite.get_my_password, self.papp.ctx, self.login_name.value)
        self.error.update("")
        self.note.update(Text("If that Login Name is known, a temporary password was emailed to its address. "
                              "It is valid for 30 minutes; each request voids the one before."))
        self.set_focus(self.password)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_mailbox(self) -> None:
        from tui.desk.outbox import OutboxScreen

        self.app.push_screen(OutboxScreen(title="Demo mailbox", demo=True))
