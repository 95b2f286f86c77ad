"""Step 1: Producer Information, Special Enrollment with its life events, Calculate Effective Date."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from core.enrollment import access as enrollment_access
from core.enrollment import applications as enrollment
from core.enrollment import rules
from core.enrollment.access import NumberOption
from core.enrollment.steps import LIFE_EVENT
from tui.enrollment.wizard import WizardScreen
from tui.kit.error_line import ErrorLine
from tui.kit.row_table import RowTable


class GeneralStep(WizardScreen):
    """General Info / SEP / Effective Date."""

    STEP = 0
    BINDINGS = [Binding("f3", "numbers", "Producer numbers", priority=True, id="enroll-numbers",
                        tooltip="Choose the state and writing producer number")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.values = self.answers.setdefault("general", {"sep": "Yes", "life_events": []})
        self.options: list[NumberOption] = []
        self.shown: list[NumberOption] = []
        self.number = Input(value=self.values.get("writing_number", ""), id="writing-number", compact=True,
                            placeholder="type the writing producer number", select_on_focus=False, max_length=12)
        self.producer = Static("", id="producer-line")
        self.number_error = ErrorLine()
        self.sep = Input(value=self.values.get("sep", "Yes"), id="sep", compact=True, max_length=3,
                         suggester=SuggestFromList(["Yes", "No"], case_sensitive=False), select_on_focus=False)
        self.sep_note = Static("", classes="dim")
        self.events = RowTable(("Life Event", "Date of Event"), id="life-events")
        self.effective = Static("", id="effective-line")

    def compose_body(self) -> ComposeResult:
        yield Static(Text("Producer Information", style="bold"), classes="section-title")
        with Horizontal(classes="field-line"):
            yield Static("Writing Producer No. *", classes="field-label")
            yield self.number
        yield self.number_error
        yield self.producer
        yield Static(Text("Special Enrollment Information", style="bold"), classes="section-title")
        with Horizontal(classes="field-line"):
            yield Static("SEP application? *", classes="field-label")
            yield self.sep
        yield self.sep_note
        yield self.events
        yield Static(Text("Enter edits the highlighted event, Delete removes it (never the last one)."), classes="dim")
        with Horizontal(classes="buttons"):
            yield Button("Add Life Event", id="add-event", compact=True)
            yield Button("Calculate Effective Date", id="calculate", compact=True)
        yield self.effective

    def after_mount(self) -> None:
        editable = rules.sep_editable(self.values.get("state", "") or "IL", self.today)
        self.sep.disabled = not editable
        self.sep_note.update(Text("Open enrollment: Special Enrollment can be changed." if editable
                                  else "Outside open enrollment: this is a special enrollment (Yes)."))
        self.refresh_events()
        self.show_effective()
        self.run_worker(self.load_options())
        self.number.focus()

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

    def on_input_changed(self, event: object) -> None:
        assert isinstance(event, Input.Changed)
        if event.input is self.number:
            self.values["writing_number"] = event.value.strip()
            self.show_producer()
        elif event.input is self.sep:
            self.values["sep"] = "No" if event.value.strip().lower().startswith("n") else "Yes"

    def action_numbers(self) -> None:
        from tui.kit.pick_modal import EnrollPickModal

        def picked(index: int | None) -> None:
            if index is not None:
                self.number.value = self.shown[index].number
                self.sep.focus()

        def search(query: str) -> list[str]:
            self.shown = [o for o in self.options if query.lower() in o.label.lower()]
            return [o.label for o in self.shown]

        self.shown = []
        self.app.push_screen(EnrollPickModal("State and Writing Producer Number", search,
                                             hint="A state is listed once per writing number you hold in it."), picked)

    def refresh_events(self) -> None:
        rows = [(e.get("label") or e.get("kind", ""), e.get("date", "")) for e in self.values.get("life_events", [])]
        self.events.set_rows(rows)

    def edit_event(self, index: int | None) -> None:
        from tui.kit.form_modal import FormModal

        events: list[dict[str, Any]] = self.values.setdefault("life_events", [])
        current = dict(events[index]) if index is not None else {}

        def saved(values: dict[str, Any] | None) -> None:
            if values is None:
                return
            kind = rules.life_event(values["label"])
            row = {"kind": kind.id if kind else values["label"], "label": values["label"], "date": values["date"]}
            if index is None:
                events.append(row)
            else:
                events[index] = row
            self.refresh_events()
            self.events.focus()

        self.app.push_screen(FormModal(LIFE_EVENT, current, self.today), saved)

    def on_row_table_remove(self, event: RowTable.Remove) -> None:
        events = self.values.get("life_events", [])
        problem = rules.life_event_removal_problem(events)
        if problem:
            self.notify(problem, severity="warning")
            return
        events.pop(event.index)
        self.refresh_events()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.events:
            self.edit_event(self.events.index)
            return True
        return super().on_enter_pressed(focused)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add-event":
            self.edit_event(None)
        elif event.button.id == "calculate":
            self.calculate()
        else:
            await super().on_button_pressed(event)

    def calculate(self) -> None:
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

    def collect(self) -> dict[str, Any]:
        self.values["writing_number"] = self.number.value.strip()
        self.values["sep"] = "No" if self.sep.value.strip().lower().startswith("n") else "Yes"
        return dict(self.values)

    def show_problems(self, problems: dict[str, str]) -> None:
        self.number_error.update(Text(problems.get("writing_number", "")))
        super().show_problems(problems)
