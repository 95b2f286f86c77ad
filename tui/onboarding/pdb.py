"""The first screen of a case (seed 001): SSN, the PDB lookup, the authorization checkbox, Submit."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Input, Static

from core.kernel.errors import PacketdeskError, ValidationFailed
from core.onboarding import case as onboarding
from core.onboarding.case import PdbSummary
from core.packets.packets import PacketView
from tui.kit.base import AppScreen
from tui.kit.error_line import ErrorLine
from tui.kit.keys import SPACE_TOGGLES, toggle, toggles


class OnboardingPdbScreen(AppScreen):
    """Enter looks the SSN up; the producer checks the authorization and submits."""

    BINDINGS = [
        Binding("escape", "back", "Home", priority=True, id="pdb-back"),
        Binding("f9", "submit", "Submit", priority=True, id="pdb-submit"),
        SPACE_TOGGLES,
    ]
    AUTO_FOCUS = "#pdb-ssn"

    def __init__(self, view: PacketView) -> None:
        super().__init__()
        self.view = view
        step = view.program.step("pdb")
        self.step = step
        self.ssn = Input(id="pdb-ssn", placeholder="AAA-GG-SSSS", compact=True, max_length=11, select_on_focus=False,
                         password=False)
        self.ssn_error = ErrorLine(id="pdb-ssn-error")
        self.found = Static("", id="pdb-found", classes="card-text", markup=False)
        self.authorize = Checkbox(Text(view.program.field("pdb.authorize").label + " *"), id="pdb-authorize", compact=True)
        self.authorize_error = ErrorLine(id="pdb-authorize-error")
        self.summary: PdbSummary | None = None

    def compose(self) -> ComposeResult:
        section = self.step.sections[0]
        yield self.top_line(f"{self.view.program.title} · {self.view.key}", "Producer lookup")
        with VerticalScroll(classes="body"):
            with Vertical(classes="card"):
                yield Static(Text(section.title, style="bold"), classes="card-title")
                yield Static(Text(section.note), classes="card-text")
                with Horizontal(classes="field-line"):
                    yield Static("SSN *", classes="field-label")
                    yield self.ssn
                yield self.ssn_error
                yield Button("Look up (Enter)", id="pdb-lookup", compact=True)
                yield self.found
                yield self.authorize
                yield self.authorize_error
                yield Button("Submit (F9)", id="pdb-go", variant="primary", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.found.display = False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return toggles(self.focused) if action == "toggle_box" else True

    def action_toggle_box(self) -> None:
        toggle(self.focused)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.ssn:
            self.run_worker(self.lookup(), exclusive=True)
            return True
        if focused is self.authorize:
            self.run_worker(self.action_submit(), exclusive=True)
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "pdb-lookup":
            await self.lookup()
        elif event.button.id == "pdb-go":
            await self.action_submit()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.ssn:
            self.ssn.password = False

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self.ssn:
            self.ssn.password = bool(self.ssn.value)  # PII shows in full only while it is typed

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.summary = None
        self.found.display = False

    async def lookup(self) -> bool:
        actor = self.papp.actor
        if actor is None:
            return False
        self.ssn_error.update("")
        try:
            self.summary = await self.papp.run_core(onboarding.lookup, self.papp.ctx, actor, self.view.id, self.ssn.value)
        except ValidationFailed as exc:
            self.ssn_error.update(exc.problems.get("ssn", str(exc)))
            self.set_focus(self.ssn)
            return False
        except PacketdeskError as exc:
            self.show_error(exc)
            return False
        found = self.summary
        self.found.update(Text.assemble(("Found in the NIPR Producer Database\n", "bold green"),
                                        f"NPN: {found.npn}\nName: {found.name}\n"
                                        f"Resident License State: {found.resident_state}\nBirthdate: {found.birth_date}"))
        self.found.display = True
        self.set_focus(self.authorize)
        return True

    async def action_submit(self) -> None:
        actor = self.papp.actor
        if actor is None:
            return
        await self.papp.settle()  # F9 is a priority key: the SSN typed just before it must land first
        if self.summary is None and not await self.lookup():
            return
        self.authorize_error.update("")
        value = "true" if self.authorize.value else "false"
        try:
            view = await self.papp.run_core(onboarding.confirm_lookup, self.papp.ctx, actor, self.view.id,
                                            self.ssn.value, value)
        except ValidationFailed as exc:
            self.ssn_error.update(exc.problems.get("ssn", ""))
            self.authorize_error.update(exc.problems.get("authorize", ""))
            self.set_focus(self.authorize if "authorize" in exc.problems else self.ssn)
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.ssn.value = ""
        from tui.onboarding.tabs import open_tabs

        await open_tabs(self.papp, view, replace=True)

    def action_back(self) -> None:
        self.app.pop_screen()
