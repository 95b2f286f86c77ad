"""The form renderer: draws any declared step from its field specs and keeps a model of its values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Static

from core.forms.fields import field_problem
from core.forms.spec import FieldSpec, Section, StepSpec
from core.forms.states import STATES
from core.kernel.crypto import mask_last4
from tui.kit.error_line import ErrorLine


def display_value(spec: FieldSpec, value: Any) -> str:
    """How a read-only value is shown: PII masked to its last 4, states by name."""
    if isinstance(value, list):
        return ", ".join(STATES.name(v) if spec.type == "states" else str(v) for v in value)
    text = "" if value is None else str(value)
    if spec.type == "checkbox":
        # Stored as "true"/"false" by forms, as booleans by some programs' data.
        return "Yes" if text.lower() in ("true", "yes", "1") else "No"
    return mask_last4(text) if spec.pii else text


class FieldRow(Vertical):
    """Label, input (or read-only value) and the field's own error line."""

    def __init__(self, spec: FieldSpec, value: Any, editable: bool) -> None:
        super().__init__(classes="field-row")
        self.spec = spec
        self.value = value
        self.editable = editable and not spec.readonly
        self.control: Widget | None = None
        self.error = ErrorLine()

    def compose(self) -> ComposeResult:
        label = Text(self.spec.label + (" *" if self.spec.required and self.editable else ""))
        if self.spec.type == "checkbox" and self.editable:
            # The box carries its own label: Space toggles it, Enter moves on.
            with Horizontal(classes="field-line"):
                yield Static("", classes="field-label")
                self.control = Checkbox(label, value=self.value == "true", id=f"f-{self.spec.name}", compact=True)
                yield self.control
            yield self.error
            return
        if len(self.spec.label) > 22:
            # Questions are too long for the label column: they get a line of their own.
            yield Static(Text(self.spec.label), classes="field-question")
            label = Text("Yes / No *" if self.spec.type == "yesno" else "")
        with Horizontal(classes="field-line"):
            yield Static(label, classes="field-label")
            if not self.editable:
                yield Static(Text(display_value(self.spec, self.value) or "—"), classes="field-value")
            else:
                suggestions = STATES.codes() if self.spec.type == "state" else list(self.spec.options)
                if self.spec.type == "yesno":
                    suggestions = ["Yes", "No"]
                self.control = Input(
                    value="" if self.value is None else str(self.value),
                    placeholder=self.spec.placeholder,
                    max_length=self.spec.max_length,
                    select_on_focus=False,
                    compact=True,
                    suggester=SuggestFromList(suggestions, case_sensitive=False) if suggestions else None,
                    password=False,
                    id=f"f-{self.spec.name}",
                )
                self.control.tooltip = self.spec.help or None
                # PII shows in full only while it is being typed.
                self.control.password = self.spec.pii and bool(self.value)
                yield self.control
        yield self.error

    def on_descendant_focus(self, _event: object) -> None:
        if self.spec.pii and isinstance(self.control, Input):
            self.control.password = False

    def on_descendant_blur(self, _event: object) -> None:
        if self.spec.pii and isinstance(self.control, Input):
            self.control.password = bool(self.control.value)

    def show_problem(self, problem: str | None) -> None:
        self.error.update(Text(problem or ""))
        self.set_class(bool(problem), "-invalid")


class StepForm(Vertical):
    """Sections of fields for one step; posts Changed on every edit."""

    @dataclass
    class Changed(Message):
        form: StepForm
        name: str
        value: Any

    def __init__(
        self,
        step: StepSpec,
        values: dict[str, Any],
        *,
        editable: bool = True,
        id: str | None = None,
        answers: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(id=id, classes="step-form")
        self.step = step
        self.values: dict[str, Any] = dict(values)
        self.editable = editable
        self.rows: dict[str, FieldRow] = {}
        self.answers = answers or {}
        """The whole packet's answers, for sections that copy another step's values."""

    def compose(self) -> ComposeResult:
        for section in self.step.sections:
            yield Static(Text(section.title, style="bold"), classes="section-title")
            if section.note:
                yield Static(Text(section.note), classes="section-note")
            for spec in section.fields:
                row = FieldRow(spec, self.values.get(spec.name), self.editable)
                self.rows[spec.name] = row
                yield row

    def on_mount(self) -> None:
        for section in self.step.sections:
            if section.copy_from and self.values.get(section.copy_flag) == "true":
                self._apply_copy(section, True)

    def _apply_copy(self, section: Section, on: bool) -> None:
        """While the copy box is checked the section shows, and follows, its source's values."""
        source_step, _, source_prefix = section.copy_from.partition(".")
        source = self.answers.get(source_step, {})
        for spec in section.fields:
            row = self.rows[spec.name]
            if spec.name == section.copy_flag or not isinstance(row.control, Input):
                continue
            if on:
                value = source.get(source_prefix + spec.name.removeprefix(section.prefix), "")
                row.control.value = str(value or "")
                self.values[spec.name] = value
            row.control.disabled = on

    @property
    def inputs(self) -> list[Widget]:
        return [row.control for row in self.rows.values() if row.control is not None and not row.control.disabled]

    def first_input(self) -> Widget | None:
        return self.inputs[0] if self.inputs else None

    def is_last(self, widget: Widget) -> bool:
        return bool(self.inputs) and self.inputs[-1] is widget

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, row in self.rows.items():
            row.show_problem(problems.get(name))

    def focus_first_problem(self, problems: dict[str, str]) -> None:
        for name, row in self.rows.items():
            if name in problems and row.control is not None:
                row.control.focus()
                return

    def sync_from_widgets(self) -> dict[str, Any]:
        """Read every control directly; change messages may still be on their way after a burst."""
        for name, row in self.rows.items():
            if isinstance(row.control, Input):
                self.values[name] = self._normalise(row.spec, row.control.value)
            elif isinstance(row.control, Checkbox):
                self.values[name] = "true" if row.control.value else "false"
        return dict(self.values)

    @staticmethod
    def _normalise(spec: FieldSpec, value: Any) -> Any:
        if spec.type == "yesno" and str(value).strip().lower() in ("y", "yes", "n", "no"):
            return "Yes" if str(value).strip().lower().startswith("y") else "No"
        return value

    def _update(self, name: str, value: Any) -> None:
        row = self.rows[name]
        value = self._normalise(row.spec, value)
        self.values[name] = value
        # Required-but-empty is said on save, not while someone is still typing.
        problem = field_problem(row.spec, value) if str(value or "").strip() else None
        row.show_problem(problem)
        self.post_message(self.Changed(self, name, value))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id and event.input.id.startswith("f-"):
            self._update(event.input.id[2:], event.value)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        if event.checkbox.id and event.checkbox.id.startswith("f-"):
            name = event.checkbox.id[2:]
            self._update(name, "true" if event.value else "false")
            for section in self.step.sections:
                if section.copy_from and section.copy_flag == name:
                    self._apply_copy(section, event.value)
