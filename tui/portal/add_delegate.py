"""Add Delegate: the seed's fields (data/portal_forms/add_delegate.toml) drawn by the form renderer.

The states are picked from the producer's own; Create or Cancel.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Footer, SelectionList, Static

from core.forms.states import STATES
from core.kernel.errors import PacketdeskError, ValidationFailed
from core.portal import delegates
from core.portal import forms as portal_forms
from core.portal.delegates import AddedDelegate
from core.portal.policy import policy
from tui.kit.error_line import attention
from tui.kit.step_form import StepForm
from tui.kit.toggles import Picks
from tui.portal.base import PortalBody, PortalScreen


class AddDelegateScreen(PortalScreen):
    """Returns the new delegate's account id through dismiss (None when cancelled)."""

    def __init__(self) -> None:
        super().__init__()
        self.form = StepForm(portal_forms.form("add_delegate"), {}, id="add-delegate-form")
        self.states: SelectionList[str] = Picks(id="add-delegate-states", compact=True)
        self.states_error = Static("", id="add-delegate-states-error", classes="field-error", markup=False)
        self.status = Static("", id="add-delegate-status", classes="status-line")
        self.done = Vertical(id="add-delegate-done", classes="card")
        self.added: AddedDelegate | None = None

    def compose(self) -> ComposeResult:
        yield self.portal_line("Add Delegate", "Space picks states · Esc cancels")
        with PortalBody(id="add-delegate-body", classes="portal-body"):
            yield self.form
            with Horizontal(classes="field-line"):
                yield Static(Text("State(s) *"), classes="field-label")
                yield self.states
            yield self.states_error
            with Horizontal(classes="buttons"):
                yield Button("Create Delegate", id="add-delegate-create", variant="primary", compact=True)
                yield Button("Cancel", id="add-delegate-cancel", compact=True)
                yield self.status
            yield self.done
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.done.display = False
        app = self.papp
        assert app.actor is not None
        try:
            own = await app.run_core(delegates.producer_states, app.ctx, app.actor)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.states.add_options([(f"{code} {STATES.name(code)}", code) for code in own])
        if own:
            self.states.highlighted = 0  # options added after mount start unhighlighted: Space would do nothing
        first = self.form.first_input()
        if first is not None:
            self.set_focus(first)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is not None and focused in self.form.inputs:
            self.focus_next()
            return True
        if focused is self.states:
            self.after_keys(focused, self.create)
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add-delegate-create":
            await self.create()
        elif event.button.id == "add-delegate-cancel":
            self.dismiss(None)
        elif event.button.id == "add-delegate-finish":
            self.dismiss(self.added.account_id if self.added else None)  # type: ignore[arg-type]

    async def create(self) -> None:
        if self.added is not None:
            return
        app = self.papp
        assert app.actor is not None
        chosen = list(self.states.selected)
        self.states_error.update("")
        try:
            self.added = await app.run_core(delegates.add_delegate, app.ctx, app.actor, dict(self.form.values), chosen)
        except ValidationFailed as exc:
            self.form.show_problems(exc.problems)
            self.states_error.update(exc.problems.get("states", ""))
            if set(exc.problems) == {"states"}:
                self.set_focus(self.states)
            else:
                self.form.focus_first_problem(exc.problems)
            self.status.update(attention(len(exc.problems)))
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.form.show_problems({})
        self.status.update("")
        email = str(self.form.values.get("email", "")).strip()
        await self.done.mount_all([
            Static(Text("Delegate was added", style="bold green"), classes="card-title"),
            Static(Text(f"{self.added.name} ({self.added.username}) was added. An email with the username and a "
                        f"Confirm Your Email Address link went to {email}; it is valid {policy().link_days} days "
                        "or until used once."),
                   classes="card-text"),
            Button("Finish", id="add-delegate-finish", variant="primary", compact=True),
        ])
        self.done.display = True
        self.query_one("#add-delegate-create", Button).disabled = True
        self.set_focus(self.query_one("#add-delegate-finish", Button))
        self.query_one("#add-delegate-body", PortalBody).scroll_end(animate=False)

    def action_back(self) -> None:
        self.dismiss(self.added.account_id if self.added else None)  # type: ignore[arg-type]
