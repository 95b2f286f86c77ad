"""The form renderer: draws any declared step from its field specs and keeps a model of its values.

Everything it decides comes from core: which fields show (conditions), what is wrong (the step's
checks, the same ones a save runs), computed values. It only draws and collects keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Static

from core.forms import providers, registry
from core.forms.fields import (
    computed_values,
    problems_of,
    required,
    shown,
)
from core.forms.lookups import filled, fills
from core.forms.spec import FieldSpec, Section, StepSpec
from tui.kit.field_row import FieldRow
from tui.kit.group_field import GroupField
from tui.kit.host import HostApp
from tui.kit.keyed_field import KeyedField


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
        today: date | None = None,
    ) -> None:
        super().__init__(id=id, classes="step-form")
        self.step = step
        self.values: dict[str, Any] = dict(values)
        self.editable = editable
        self.rows: dict[str, FieldRow] = {}
        self.sections: dict[int, Vertical] = {}
        self.answers = answers or {}
        """The whole packet's answers, for sections that copy another step's values and checks across steps."""
        self.today = today
        self.conditional = any(f.shown_when or f.required_when for f in step.fields) or any(
            s.shown_when for s in step.sections)
        self.computed = [f for f in step.fields if f.compute]
        self.notes = [f for f in step.fields if f.type == "note"]
        self.may_disable = [f.name for f in step.fields if f.disabled_when]

    def compose(self) -> ComposeResult:
        for index, section in enumerate(self.step.sections):
            if section.shown_when is not None:
                box = Vertical(classes="form-section")
                self.sections[index] = box
                with box:
                    yield from self._section(section)
            else:
                yield from self._section(section)

    def _section(self, section: Section) -> ComposeResult:
        if section.title:
            yield Static(Text(section.title, style="bold"), classes="section-title")
        if section.note:
            yield Static(Text(section.note), classes="section-note")
        alone = len(section.fields) == 1 and section.fields[0].is_group
        for spec in section.fields:
            row = FieldRow(spec, self.values.get(spec.name), self.editable, self.answers, titled=not alone, today=self.today)
            self.rows[spec.name] = row
            yield row

    def on_mount(self) -> None:
        for section in self.step.sections:
            if section.copy_from and self.values.get(section.copy_flag) == "true":
                self._apply_copy(section, True)
        self.refresh_conditions()

    @property
    def everything(self) -> dict[str, dict[str, Any]]:
        return {**self.answers, self.step.id: self.values}

    def refresh_conditions(self) -> None:
        """Show the fields and sections whose conditions hold, mark the required ones, refresh computed values."""
        answers = self.everything
        if self.conditional:
            for index, box in self.sections.items():
                box.display = shown(self.step.sections[index], answers, self.step.id)
            for row in self.rows.values():
                if row.spec.shown_when is not None:
                    row.display = shown(row.spec, answers, self.step.id)
                if row.spec.required_when is not None:
                    row.set_required(required(row.spec, answers, self.step.id))
        if self.computed and self.today is not None:
            for name, value in computed_values(self.step, answers, self.today).items():
                self.values[name] = value
                self.rows[name].show_value(value)
        for spec in self.notes if self.today is not None else ():
            note = self.rows[spec.name].shown_value
            assert note is not None and self.today is not None
            note.update(Text.from_markup(filled(spec.text, answers, self.today, escape)))
        for name in self.may_disable if self.today is not None else ():
            self._disable(self.rows[name])

    def _disable(self, row: FieldRow) -> None:
        """A field its declaration fixes while a named computation holds, with the note saying why."""
        rule = row.spec.disabled_when
        assert rule is not None and self.today is not None
        fixed = bool(registry.computation(rule.compute)(self.everything, self.today))
        if row.control is not None:
            row.control.disabled = fixed
        row.detail.update(Text(rule.note if fixed else rule.otherwise))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """A computed action's button: its named computation fills the field and shows its problems."""
        name = (event.button.id or "").removeprefix("f-").removesuffix("-action")
        row = self.rows.get(name)
        if row is None or row.spec.action is None or self.today is None:
            return
        event.stop()
        everything = {**self.answers, self.step.id: self.sync_from_widgets()}
        result = providers.action(row.spec.action.compute)(everything, self.today)
        if result.value:
            self.values[name] = result.value
        row.show_value(self.values.get(name))
        assert row.shown_value is not None
        row.shown_value.update(row.action_text(self.values.get(name), result.problems))
        self.post_message(self.Changed(self, name, self.values.get(name)))

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
        """The controls Enter and Tab walk through: enabled, and in a shown row."""
        return [
            row.control for row in self.rows.values()
            if row.control is not None and not row.control.disabled and row.display
            and (row.parent is self or getattr(row.parent, "display", True))
        ]

    def passed_by_enter(self, widget: Widget) -> bool:
        """A field only a condition makes required (an explanation after Yes, a name after OTHER), the
        condition not holding and the field empty: Enter passes it by; Tab still reaches it."""
        row = next((r for r in self.rows.values() if r.control is widget), None)
        if row is None or row.spec.required_when is None or not isinstance(widget, Input) or widget.value.strip():
            return False
        # Read the controls themselves: the answer typed just before Enter (one burst) may not have
        # reached the form yet.
        return not required(row.spec, {**self.answers, self.step.id: self.sync_from_widgets()}, self.step.id)

    def first_input(self) -> Widget | None:
        return self.inputs[0] if self.inputs else None

    def is_last(self, widget: Widget) -> bool:
        return bool(self.inputs) and self.inputs[-1] is widget

    def show_problems(self, problems: dict[str, str]) -> None:
        for name, row in self.rows.items():
            own = problems.get(name) or next((m for k, m in problems.items() if k.startswith(f"{name}.")), None)
            row.show_problem(own)

    def focus_first_problem(self, problems: dict[str, str]) -> None:
        for name, row in self.rows.items():
            if (name in problems or any(k.startswith(f"{name}.") for k in problems)) and row.control is not None:
                if isinstance(self.app, HostApp):
                    self.app.focus_jump(row.control)
                else:
                    row.control.focus()
                return

    def sync_from_widgets(self) -> dict[str, Any]:
        """Read every control directly; change messages may still be on their way after a burst."""
        for name, row in self.rows.items():
            if isinstance(row.control, Input):
                self.values[name] = row.stored(row.control.value)
            elif isinstance(row.control, KeyedField):
                self.values[name] = row.control.value
            elif isinstance(row.control, Checkbox):
                self.values[name] = "true" if row.control.value else "false"
            elif isinstance(row.control, GroupField):
                self.values[name] = row.control.rows
        return dict(self.values)

    def set_values(self, values: dict[str, Any]) -> None:
        """Values restored from a draft or taken from someone else's save, shown in the controls."""
        for name, value in values.items():
            row = self.rows.get(name)
            if row is None:
                continue
            self.values[name] = value
            if isinstance(row.control, Input):
                row.control.value = row.typed(value)
            elif isinstance(row.control, KeyedField):
                row.control.set_value(value if isinstance(value, dict) else {})
            elif isinstance(row.control, Checkbox):
                row.control.value = value == "true"
            elif isinstance(row.control, GroupField):
                row.control.set_rows(value if isinstance(value, list) else [])
            else:
                row.show_value(value)
        self.refresh_conditions()

    def _update(self, name: str, value: Any) -> None:
        row = self.rows[name]
        typed = value
        value = row.stored(value) if isinstance(value, str) else value
        self.values[name] = value
        if row.spec.lookup and row.spec.fills and isinstance(value, str):
            self.fill_from(row.spec, value.strip())
        self.refresh_conditions()
        self.live_check(name)
        if row.spec.type == "option" and str(typed).strip() and not value:
            row.show_problem(row.spec.unknown or f"{row.spec.label}: none of the options.")
        self.post_message(self.Changed(self, name, value))

    def fill_from(self, spec: FieldSpec, typed: str) -> None:
        """A field whose lookup fills others (a ZIP's state and county): from the match for what was typed."""
        match = next((m for m in registry.lookup(spec.lookup)(typed, self.everything) if m.value == typed), None)
        if match is not None:
            self.set_values(fills(spec.fills, spec.keep_typed, match, self.values))

    def live_check(self, changed: str) -> None:
        """The step's own checks (named rules and other steps' answers included) on the filled fields.

        Required-but-empty is said on save, not while someone is still typing.
        """
        showing = {name for name, row in self.rows.items() if row.editable and row.error.has_text}
        names = showing | {changed}
        problems = problems_of(self.step, names, self.values, self.today, self.answers or None)
        for name in names:
            row = self.rows[name]
            if not row.editable:
                continue
            value = self.values.get(name)
            filled = bool(value) if isinstance(value, list) else bool(str(value or "").strip())
            row.show_problem(problems.get(name) if filled else None)

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

    def on_group_field_changed(self, event: GroupField.Changed) -> None:
        event.stop()
        self._update(event.group.spec.name, event.group.rows)

    def on_keyed_field_changed(self, event: KeyedField.Changed) -> None:
        event.stop()
        self._update(event.field.spec.name, event.value)

