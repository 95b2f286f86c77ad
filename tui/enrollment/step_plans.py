"""Step 4: medical and dental coverage with premiums recalculated at once, pediatric dental, PCP numbers."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, Static

from core.enrollment import catalog, rules
from core.enrollment.pricing import people_of, price
from core.forms.values import money_text
from tui.kit.step_wizard import StepWizard
from tui.kit.toggles import Box


class PlansStep(StepWizard):
    """Plan Selection and PCP Information."""

    BINDINGS = [Binding("f3", "finder", "Provider Finder", priority=True, id="enroll-provider-finder",
                        tooltip="Find an in-network PCP or medical group for the focused applicant")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        applicant = self.answers.get("applicant", {})
        self.values = self.answers.setdefault("plans", {})
        self.values.setdefault("zip", applicant.get("zip", ""))
        self.values.setdefault("county", applicant.get("county", ""))
        place = catalog.place(str(self.values.get("zip") or ""))
        self.state = place.state if place else applicant.get("state", "")
        offered = [p for p in catalog.plans_for(self.state) if not p.on_exchange]
        self.by_name = {p.name: p for p in offered}
        medical = catalog.plan(self.values.get("medical_plan_id"))
        dental = catalog.plan(self.values.get("dental_plan_id"))
        self.medical = Input(value=medical.name if medical else "", id="medical-plan", compact=True, select_on_focus=False,
                             suggester=SuggestFromList([p.name for p in offered if p.kind == "medical"], case_sensitive=False),
                             placeholder="type a plan name; → accepts the suggestion")
        self.dental = Input(value=dental.name if dental else "", id="dental-plan", compact=True, select_on_focus=False,
                            suggester=SuggestFromList([p.name for p in offered if p.kind == "dental"], case_sensitive=False),
                            placeholder="optional")
        self.premiums = Static("", id="premiums")
        self.pediatric = Box(catalog.text("pediatric_dental"), value=self.values.get("pediatric_dental") == "true",
                                  id="pediatric", compact=True)
        self.people = [p.label for p in people_of(self.answers)] or ["Primary"]
        pcp = self.values.get("pcp") or {}
        self.pcp_inputs = {who: Input(value=str(pcp.get(who, "")), max_length=3, compact=True, restrict=r"\d*",
                                      id=f"pcp-{i}", select_on_focus=False, placeholder="3 digits")
                           for i, who in enumerate(self.people)}
        self.pcp_box = Vertical(id="pcp-box")

    def compose_body(self) -> ComposeResult:
        yield Static(Text(f"Zip Code {self.values.get('zip', '')}   County {self.values.get('county', '')}"))
        with Horizontal(classes="field-line"):
            yield Static("Medical Coverage", classes="field-label")
            yield self.medical
        with Horizontal(classes="field-line"):
            yield Static("Dental Coverage", classes="field-label")
            yield self.dental
        yield self.premiums
        yield self.pediatric
        with self.pcp_box:
            yield Static(Text("PCP Information (HMO and POS plans)", style="bold"), classes="section-title")
            yield Static(Text("If no PCP is entered, one is assigned; the member can change it later. "
                              "F3 Provider Finder.", style="dim"))
            for who, box in self.pcp_inputs.items():
                with Horizontal(classes="field-line"):
                    yield Static(Text(f"{who[:16]} group no."), classes="field-label")
                    yield box
            yield Button("Use Same PCP Number for All", id="same-pcp", compact=True)

    def after_mount(self) -> None:
        self.recalculate()
        self.medical.focus()

    def chosen(self, box: Input, kind: str) -> catalog.Plan | None:
        found = self.by_name.get(box.value.strip())
        return found if found is not None and found.kind == kind else None

    def recalculate(self) -> None:
        """Premiums and the header follow the plan fields at once (bench/bench_rating.py measures this)."""
        medical, dental = self.chosen(self.medical, "medical"), self.chosen(self.dental, "dental")
        self.values["medical_plan_id"] = medical.id if medical else ""
        self.values["dental_plan_id"] = dental.id if dental else ""
        pricing = price(self.answers, self.today)
        text = Text()
        text.append("Medical Coverage Premium ", style="dim")
        text.append(money_text(pricing.medical) if pricing.medical is not None else "-")
        text.append("   Dental Coverage Premium ", style="dim")
        text.append(money_text(pricing.dental) if pricing.dental is not None else "-")
        text.append("\nTotal Monthly Premium ", style="bold")
        text.append(money_text(pricing.total), style="bold")
        if self.medical.value.strip() and medical is None:
            text.append("\nNo off-exchange medical plan by that name here.", style="red")
        self.premiums.update(text)
        self.pcp_box.display = rules.takes_pcp(medical.network if medical else None)
        self.changed()

    def on_input_changed(self, event: object) -> None:
        assert isinstance(event, Input.Changed)
        if event.input in (self.medical, self.dental):
            self.recalculate()

    def on_checkbox_changed(self, event: object) -> None:
        assert isinstance(event, Checkbox.Changed)
        self.values["pediatric_dental"] = "true" if event.value else "false"

    def focused_pcp(self) -> Input:
        focused = self.focused
        return focused if isinstance(focused, Input) and focused in self.pcp_inputs.values() else next(iter(self.pcp_inputs.values()))

    def action_finder(self) -> None:
        from tui.kit.pick_modal import PickModal

        medical = self.chosen(self.medical, "medical")
        if medical is None or not rules.takes_pcp(medical.network):
            self.notify("The Provider Finder is for HMO and POS plans.", severity="warning")
            return
        target = self.focused_pcp()
        found: list[catalog.Provider] = []

        def search(query: str) -> list[str]:
            found[:] = catalog.find_providers(self.state, medical.network, query)
            return [f"{p.group} · {p.name} · {p.city}" + ("" if p.accepting else " (not accepting)") for p in found]

        def picked(index: int | None) -> None:
            if index is not None:
                target.value = found[index].group

        self.app.push_screen(PickModal(f"Provider Finder · {medical.network} network", search), picked)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "same-pcp":
            value = self.focused_pcp().value or next((b.value for b in self.pcp_inputs.values() if b.value), "")
            for box in self.pcp_inputs.values():
                box.value = value
        else:
            await super().on_button_pressed(event)

    def collect(self) -> dict[str, Any]:
        self.recalculate()
        self.values["pediatric_dental"] = "true" if self.pediatric.value else "false"
        self.values["pcp"] = {who: box.value for who, box in self.pcp_inputs.items() if box.value}
        return dict(self.values)
