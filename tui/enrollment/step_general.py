"""Step 1: the declared form (producer number, SEP, life events) with what is unlike a form: the writing
numbers the producer holds (type-ahead, F3 list), the SEP rule of the day, Calculate Effective Date."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Static

from core.enrollment import access as enrollment_access
from core.enrollment import applications as enrollment
from core.enrollment import rules
from core.enrollment.access import NumberOption
from core.forms.spec import StepSpec
from tui.enrollment.wizard import FormStep
from tui.kit.step_form import StepForm


class GeneralStep(FormStep):
    """General Info / SEP / Effective Date."""

    STEP = 0
    BINDINGS = [Binding("f3", "numbers", "Producer numbers", priority=True, id="enroll-numbers",
                        tooltip="Choose the state and writing producer number")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.values.setdefault("life_events", [])
        self.options: list[NumberOption] = []
        self.shown: list[NumberOption] = []
        self.producer = Static("", id="producer-line")
        self.sep_note = Static("", classes="dim")
        self.effective = Static("", id="effective-line")

    def form_spec(self) -> StepSpec:
        """Without the effective date: Calculate's line below shows it."""
        spec = super().form_spec()
        return replace(spec, sections=tuple(replace(s, fields=tuple(f for f in s.fields if f.name != "effective_date"))
                                            for s in spec.sections))

    def compose_body(self) -> ComposeResult:
        yield from super().compose_body()
        with Horizontal(classes="buttons"):
            yield Button("Calculate Effective Date", id="calculate", compact=True)
        yield self.effective

    def after_mount(self) -> None:
        self.form.rows["writing_number"].mount(self.producer)
        sep = self.form.rows["sep"]
        sep.mount(self.sep_note)
        editable = rules.sep_editable(self.values.get("state", "") or "IL", self.today)
        if sep.control is not None:
            sep.control.disabled = not editable
        self.sep_note.update(Text("Open enrollment: Special Enrollment can be changed." if editable
                                  else "Outside open enrollment: this is a special enrollment (Yes)."))
        self.show_effective()
        self.run_worker(self.load_options())
        super().after_mount()

    @property
    def number(self) -> Input:
        control = self.form.rows["writing_number"].control
        assert isinstance(control, Input)
        return control

    async def load_options(self) -> None:
        self.options = await self.papp.run_core(enrollment_access.number_options, self.papp.ctx, self.actor)
        self.number.suggester = SuggestFromList([o.number for o in self.options])
        self.show_producer()

    def show_producer(self) -> None:
        found = next((o for o in self.options if o.number == self.number.value.strip()), None)
        if found is None:
            self.producer.update(Text("Producer Name -   Company Name -   State -", style="dim"))
            return
        self.values.update(writing_number=found.number, state=found.state, producer_name=found.name, company=found.company)
        self.producer.update(Text(f"Producer Name {found.name}   Company {found.company}   State {found.state}"))

    def on_step_form_changed(self, event: StepForm.Changed) -> None:
        if event.name == "writing_number":
            self.show_producer()
        elif event.name == "life_events":
            for row in event.value:  # the event's kind, which the rules go by
                kind = rules.life_event(row.get("label", ""))
                row["kind"] = kind.id if kind else row.get("label", "")

    def action_numbers(self) -> None:
        from tui.kit.pick_modal import EnrollPickModal

        def picked(index: int | None) -> None:
            if index is not None:
                self.number.value = self.shown[index].number
                sep = self.form.rows["sep"].control
                if sep is not None:
                    sep.focus()

        def search(query: str) -> list[str]:
            self.shown = [o for o in self.options if query.lower() in o.label.lower()]
            return [o.label for o in self.shown]

        self.shown = []
        self.app.push_screen(EnrollPickModal("State and Writing Producer Number", search,
                                             hint="A state is listed once per writing number you hold in it."), picked)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "calculate":
            self.calculate()
        else:
            await super().on_button_pressed(event)

    def calculate(self) -> None:
        self.collect()
        result = enrollment.calculate_effective_date(self.papp.ctx, self.answers)
        if result.date is not None:
            self.values["effective_date"] = result.date.strftime("%m/%d/%Y")
        self.show_effective(result.problems)
        self.changed()

    def show_effective(self, problems: tuple[str, ...] = ()) -> None:
        text = Text("Effective Date ", style="bold")
        text.append(self.values.get("effective_date") or "- (Calculate Effective Date)")
        for problem in problems:
            text.append(f"\n{problem}", style="red")
        self.effective.update(text)
