"""Licenses (seed 001): the offered states with an active license as checkboxes, the fee beside each,
the BlueLincs HMO question, and the total."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static

from core.forms.fields import normalise_choice
from core.forms.states import STATES
from core.onboarding import case, rules
from tui.kit.error_line import ErrorLine
from tui.kit.toggles import Box
from tui.packet.bodies.base import StepBody
from tui.packet.bodies.registry import body_named

HMO_STATE = "OK"


@body_named("onboarding.licenses")
class LicensesBody(StepBody):
    """Choose the states to contract; the appointment fees add up below."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        answers = self.view.answers.get(self.step.id, {})
        self.record = case.record_for(self.view)
        self.offered: list[str] = list(answers.get("offered") or [])
        self.available: list[str] = list(answers.get("available") or [])
        self.chosen: list[str] = list(answers.get("states") or [])
        self.boxes: dict[str, Checkbox] = {}
        self.hmo = Input(value=str(answers.get("bluelincs_hmo") or "No"), id="f-bluelincs_hmo", compact=True,
                         max_length=3, select_on_focus=False, suggester=SuggestFromList(["Yes", "No"], case_sensitive=False))
        self.hmo_row = Horizontal(classes="field-line", id="hmo-row")
        self.errors = {"states": ErrorLine(), "bluelincs_hmo": ErrorLine()}
        self.total = Static("", id="fee-total", classes="section-title")

    def _license_line(self, state: str) -> Text:
        lic = self.record.license(state) if self.record else None
        if lic is None:
            return Text("")
        return Text(f"{lic.number} · expires {lic.expiration_date} · {', '.join(lic.lines)}",
                    style="dim", no_wrap=True, overflow="ellipsis")

    def compose(self) -> ComposeResult:
        spec = self.step.sections[0]
        yield Static(Text(spec.title, style="bold"), classes="section-title")
        yield Static(Text(spec.note), classes="section-note")
        for state in self.available:
            fee = rules.format_money(rules.state_fee(state))
            label = Text(f"{STATES.name(state)} ({state}): {rules.no_appointment(state) or f'appointment fee {fee}'}")
            if self.editable:
                box = Box(label, value=state in self.chosen, id=f"state-{state}", compact=True)
                self.boxes[state] = box
                yield box
            elif state in self.chosen:
                yield Static(Text("✓ ") + label, classes="field-value")
            yield Static(self._license_line(state), classes="license-line")
        yield self.errors["states"]
        for message in case.unavailable(self.view, self.host.today).values():
            yield Static(Text(message, style="dim"), classes="section-note")
        with self.hmo_row:
            yield Static(Text("BlueLincs HMO (OK) *"), classes="field-label")
            if self.editable:
                yield self.hmo
            else:
                yield Static(Text(str(self.view.answers.get(self.step.id, {}).get("bluelincs_hmo") or "No")))
        yield self.errors["bluelincs_hmo"]
        hmo_fee = rules.format_money(rules.hmo_fee())
        yield Static(Text(f"Yes adds a {hmo_fee} appointment fee. If you are unsure whether you can sell BlueLincs HMO, "
                          "leave the answer at No."), classes="section-note", id="hmo-note")
        yield self.total

    def on_mount(self) -> None:
        self.refresh_total()

    def values(self) -> dict[str, Any]:
        if not self.editable:
            return {}
        states = [s for s in self.available if self.boxes[s].value]
        hmo = normalise_choice(self.step.field("bluelincs_hmo"), self.hmo.value)
        return {"states": states, "bluelincs_hmo": hmo if HMO_STATE in states else ""}

    def set_values(self, values: dict[str, Any]) -> None:
        for state, box in self.boxes.items():
            box.value = state in (values.get("states") or [])
        self.hmo.value = str(values.get("bluelincs_hmo") or "No")

    def focusables(self) -> list[Widget]:
        found: list[Widget] = list(self.boxes.values())
        if self.hmo_row.display and self.editable:
            found.append(self.hmo)
        return found

    def refresh_total(self) -> None:
        values = self.values() if self.editable else self.view.answers.get(self.step.id, {})
        states = list(values.get("states") or [])
        self.hmo_row.display = HMO_STATE in states
        self.query_one("#hmo-note").display = HMO_STATE in states
        fees = rules.appointment_fees(states, str(values.get("bluelincs_hmo") or "No"))
        self.total.update(Text(f"Total appointment fees: {rules.format_money(fees.total)}, deducted from your "
                               "first month's commissions."))

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, line in self.errors.items():
            line.update(problems.get(name, ""))

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.refresh_total()
        self.mark_changed()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refresh_total()
        self.mark_changed()
