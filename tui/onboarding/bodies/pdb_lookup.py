"""The first step of a case (seed 001): SSN and Confirm SSN, the PDB lookup, the authorization checkbox, Submit."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from core.kernel.errors import PacketdeskError, ValidationFailed
from core.onboarding import case as onboarding
from core.onboarding.case import PdbSummary
from tui.kit.error_line import ErrorLine
from tui.kit.toggles import Box
from tui.packet.bodies.base import StepBody
from tui.packet.bodies.registry import body_named


@body_named("onboarding.pdb_lookup")
class PdbLookupBody(StepBody):
    """Enter looks the SSN up; the producer checks the authorization and submits (F9)."""

    BINDINGS = [
        Binding("f9", "submit", "Submit", priority=True, id="pdb-submit"),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ssn = Input(id="pdb-ssn", placeholder="AAA-GG-SSSS", compact=True, max_length=11, select_on_focus=False,
                         password=False)
        self.ssn_error = ErrorLine(id="pdb-ssn-error")
        self.ssn_confirm = Input(id="pdb-ssn-confirm", placeholder="AAA-GG-SSSS", compact=True, max_length=11,
                                 select_on_focus=False, password=False)
        self.ssn_confirm_error = ErrorLine(id="pdb-ssn-confirm-error")
        self.found = Static("", id="pdb-found", classes="card-text", markup=False)
        self.authorize = Box(Text(self.step.field("authorize").label + " *"), id="pdb-authorize", compact=True)
        self.authorize_error = ErrorLine(id="pdb-authorize-error")
        self.summary: PdbSummary | None = None

    def compose(self) -> ComposeResult:
        section = self.step.sections[0]
        with Vertical(classes="card"):
            yield Static(Text(section.title, style="bold"), classes="card-title")
            yield Static(Text(section.note), classes="card-text")
            with Horizontal(classes="field-line"):
                yield Static("SSN *", classes="field-label")
                yield self.ssn
            yield self.ssn_error
            with Horizontal(classes="field-line"):
                yield Static(f"{self.step.field('ssn_confirm').label} *", classes="field-label")
                yield self.ssn_confirm
            yield self.ssn_confirm_error
            yield Button("Look up (Enter)", id="pdb-lookup", compact=True)
            yield self.found
            yield self.authorize
            yield self.authorize_error
            yield Button("Submit (F9)", id="pdb-go", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.found.display = False

    def first_focus(self) -> Widget | None:
        return self.ssn

    def on_enter(self, focused: Widget | None) -> bool:
        if focused is self.ssn:
            self.screen.set_focus(self.ssn_confirm)
            return True
        if focused is self.ssn_confirm:
            self.run_worker(self.lookup(), exclusive=True)
            return True
        if focused is self.authorize:
            self.run_worker(self.action_submit(), exclusive=True)
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "pdb-lookup":
            event.stop()
            await self.lookup()
        elif event.button.id == "pdb-go":
            event.stop()
            await self.action_submit()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(event.widget, Input) and event.widget in (self.ssn, self.ssn_confirm):
            event.widget.password = False

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if isinstance(event.widget, Input) and event.widget in (self.ssn, self.ssn_confirm):
            event.widget.password = bool(event.widget.value)  # PII shows in full only while it is typed

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.summary = None
        self.found.display = False

    async def lookup(self) -> bool:
        actor = self.host.papp.actor
        if actor is None:
            return False
        self.ssn_error.update("")
        self.ssn_confirm_error.update("")
        try:
            self.summary = await self.host.papp.run_core(onboarding.lookup, self.host.papp.ctx, actor, self.view.id,
                                                         self.ssn.value, self.ssn_confirm.value)
        except ValidationFailed as exc:
            self.ssn_error.update(exc.problems.get("ssn", ""))
            self.ssn_confirm_error.update(exc.problems.get("ssn_confirm", ""))
            if not exc.problems:
                self.ssn_error.update(str(exc))
            self.screen.set_focus(self.ssn if "ssn" in exc.problems or not exc.problems else self.ssn_confirm)
            return False
        except PacketdeskError as exc:
            self.host.show_error(exc)
            return False
        found = self.summary
        self.found.update(Text.assemble(("Found in the NIPR Producer Database\n", "bold green"),
                                        f"NPN: {found.npn}\nName: {found.name}\n"
                                        f"Resident License State: {found.resident_state}\nBirthdate: {found.birth_date}"))
        self.found.display = True
        self.screen.set_focus(self.authorize)
        return True

    async def action_submit(self) -> None:
        actor = self.host.papp.actor
        if actor is None:
            return
        if self.summary is None and not await self.lookup():
            return
        self.authorize_error.update("")
        value = "true" if self.authorize.value else "false"
        try:
            view = await self.host.papp.run_core(onboarding.confirm_lookup, self.host.papp.ctx, actor, self.view.id,
                                            self.ssn.value, self.ssn_confirm.value, value)
        except ValidationFailed as exc:
            self.ssn_error.update(exc.problems.get("ssn", ""))
            self.ssn_confirm_error.update(exc.problems.get("ssn_confirm", ""))
            self.authorize_error.update(exc.problems.get("authorize", ""))
            focus = next((w for name, w in (("ssn", self.ssn), ("ssn_confirm", self.ssn_confirm),
                                            ("authorize", self.authorize)) if name in exc.problems), self.ssn)
            self.screen.set_focus(focus)
            return
        except PacketdeskError as exc:
            self.host.show_error(exc)
            return
        self.ssn.value = ""
        self.ssn_confirm.value = ""
        self.host.papp.show_packet_step(view, view.program.tabs[0].id)
