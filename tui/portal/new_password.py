"""Create New Password, step 4 of 4: what the password must have and can't have, checked as you type.

The two fields are data/portal_forms/new_password.toml drawn by the form renderer; core checks them
(core/portal/forms.new_password_problems) and says each problem at its field.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Footer, Static

from core.identity.password_rules import password_rules
from core.kernel.errors import PacketdeskError, ValidationFailed
from core.portal import forms as portal_forms
from core.portal import passwords as portal_passwords
from core.portal.passwords import FoundAccount
from core.portal.policy import policy
from tui.kit.error_line import ErrorLine
from tui.kit.step_form import StepForm
from tui.portal.base import PortalBody, PortalScreen, back_to_login, rules_text
from tui.portal.login import PortalLoginScreen


class NewPasswordScreen(PortalScreen):
    """The portal's password policy (data/portal.toml) shown as two live lists."""

    AUTO_FOCUS = "#f-new_password"

    def __init__(self, found: FoundAccount, title: str) -> None:
        super().__init__()
        self.found = found
        self.title_text = title
        self.policy = policy().password
        self.form = StepForm(portal_forms.form("new_password"), {}, id="new-password-form")
        self.must = Static(id="rules-must")
        self.cant = Static(id="rules-cant")
        self.error = ErrorLine(id="new-password-error")  # takes no room until there is something to say

    def compose(self) -> ComposeResult:
        yield self.portal_line(self.title_text, f"Step 4 of 4 · {self.found.username}")
        with PortalBody(classes="portal-body"):
            with Vertical(classes="card"):
                yield self.form
                with Horizontal(id="rules-columns"):
                    with Vertical(classes="rules-column"):
                        yield Static(Text("Password Must Have", style="bold"))
                        yield self.must
                    with Vertical(classes="rules-column"):
                        yield Static(Text("Password Can't Have", style="bold"))
                        yield self.cant
                yield self.error
                label = "Create Password" if self.title_text == "Create Password" else "Update Password"
                yield Button(label, id="new-password-save", compact=True, variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_rules()

    @property
    def values(self) -> tuple[str, str]:
        """The new password and its confirmation as typed."""
        values = self.form.values
        return str(values.get("new_password") or ""), str(values.get("confirm_password") or "")

    def refresh_rules(self) -> None:
        value, confirm = self.values
        results = password_rules(self.policy, value, self.found.username)
        must = [(r.text.removeprefix("Password must ").capitalize(), r.ok) for r in results if "can't" not in r.text]
        matches = bool(value) and value == confirm
        must.append(("The confirmation must match", matches))
        cant = [(r.text.removeprefix("Password can't ").capitalize(), r.ok) for r in results if "can't" in r.text]
        if not any("longer" in line for line, _ in cant):
            cant.append((f"Be longer than {self.policy.max_length} characters", True))
        if self.policy.history:
            cant.append((f"Be one of your last {self.policy.history} passwords (checked when you save)", True))
        self.must.update(rules_text(must))
        self.cant.update(rules_text(cant))

    def on_step_form_changed(self, _event: StepForm.Changed) -> None:
        self.refresh_rules()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is not None and focused in self.form.inputs:
            if self.form.is_last(focused):
                self.after_keys(focused, self.save)
            else:
                self.focus_next()
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "new-password-save":
            await self.save()

    async def save(self) -> None:
        self.error.update("")
        self.form.sync_from_widgets()
        new, confirm = self.values
        try:
            await self.papp.run_core(portal_passwords.set_password, self.papp.ctx, self.found, new, confirm)
        except ValidationFailed as exc:
            self.form.show_problems(exc.problems)
            self.form.focus_first_problem(exc.problems)
            return
        except PacketdeskError as exc:
            self.error.update(Text(str(exc)))
            return
        back_to_login(self.papp)
        login = self.app.screen
        if isinstance(login, PortalLoginScreen):
            login.next_username = self.found.username
        self.app.notify("Your password was updated and a confirmation email was sent. Log in with it now.",
                        timeout=8)
