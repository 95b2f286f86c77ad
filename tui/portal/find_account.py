"""Create or forgot password, steps 1 and 2 of 4: Find Account, then choose where the code goes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Button, Footer, RadioButton, RadioSet, Static

from core.kernel.errors import PacketdeskError, ValidationFailed
from core.portal import forms as portal_forms
from core.portal import passwords as portal_passwords
from core.portal.passwords import FoundAccount
from tui.kit.error_line import ErrorLine
from tui.kit.step_form import StepForm
from tui.portal.base import PORTAL, PortalBody, PortalScreen, highlighted

TITLES = {"create": "Create Password", "forgot": "Forgot Password"}


class FindAccountScreen(PortalScreen):
    """Username, Find Account; then email or text message, Send Code (seed 004, slides 6 and 16-17).

    The username form is data/portal_forms/find_account.toml; core checks it and finds the account.
    """

    AUTO_FOCUS = "#f-username"

    def __init__(self, purpose: str, username: str = "") -> None:
        super().__init__()
        self.title_text = TITLES[purpose]
        self.form = StepForm(portal_forms.form("find_account"), {"username": username}, id="find-form")
        self.error = ErrorLine(id="find-error")  # takes no room until there is something to say
        self.found: FoundAccount | None = None
        self.channels: list[str] = []
        self.choice_box = Vertical(id="find-choice-box", classes="card")
        self.top = self.portal_line(self.title_text, "Step 1 of 4")
        """The top line names the step, as on the code and new-password steps."""

    def compose(self) -> ComposeResult:
        yield self.top
        with PortalBody(classes="portal-body"):
            with Vertical(classes="card"):
                yield self.form
                yield self.error
                yield Button("Find Account", id="find-account", compact=True, variant="primary")
            yield self.choice_box
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.choice_box.display = False

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is not None and focused in self.form.inputs:
            self.after_keys(focused, self.find)
            return True
        if isinstance(focused, RadioSet):
            self.choose(focused)
            return True
        return False

    def choose(self, choice: RadioSet) -> None:
        index = highlighted(choice)
        choice.action_toggle_button()
        self.run_worker(self.send(index), exclusive=True, group="portal-enter")

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "find-account":
            await self.find()
        elif event.button.id == "find-send":
            await self.send(self.query_one("#find-channel", RadioSet).pressed_index)

    async def find(self) -> None:
        self.error.update("")
        username = str(self.form.sync_from_widgets().get("username") or "")
        try:
            self.found = await self.papp.run_core(portal_passwords.find_account, self.papp.ctx, username)
        except ValidationFailed as exc:
            self.form.show_problems(exc.problems)
            return
        except PacketdeskError as exc:
            self.form.show_problems({"username": str(exc)})
            return
        self.form.show_problems({})
        where = self.found.destinations
        self.channels = [c for c in ("email", "sms") if c in where]
        words = {"email": f"Send an email to {where['email']}", "sms": f"Send me a text message at {where.get('sms')}"}
        await self.choice_box.remove_children()
        choice = RadioSet(*(RadioButton(Text(words[c]), value=i == 0) for i, c in enumerate(self.channels)),
                          id="find-channel", compact=True)
        await self.choice_box.mount_all([
            Static(Text("Get Verification Code", style="bold"), classes="card-title"),
            Static("Account found. Where should we send your one-time passcode?", classes="card-text"),
            choice,
            Button("Send Code", id="find-send", compact=True, variant="primary"),
        ])
        self.choice_box.display = True
        self.top.update(self.top_text(f"{PORTAL} · {self.title_text}", "Step 2 of 4"))
        self.set_focus(choice)

    async def send(self, index: int) -> None:
        if self.found is None:
            return
        channel = self.channels[index if index >= 0 else 0]
        try:
            sent = await self.papp.run_core(portal_passwords.send_code, self.papp.ctx, self.found, channel)
        except PacketdeskError as exc:
            self.error.update(Text(str(exc)))
            return
        from tui.portal.code import CodeEntryScreen

        self.app.push_screen(CodeEntryScreen(sent, found=self.found, title=self.title_text))
