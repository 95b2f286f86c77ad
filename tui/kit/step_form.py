"""The form renderer: draws any declared step from its field specs and keeps a model of its values.

Everything it decides comes from core: which fields show (conditions), what is wrong (the step's
checks, the same ones a save runs), computed values. It only draws and collects keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from rich.markup import escape
from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.strip import Strip
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Static

from core.forms import providers, registry
from core.forms.fields import (
    computed_values,
    normalise_choice,
    problems_of,
    required,
    shown,
    shown_placeholder,
)
from core.forms.lookups import filled, fills
from core.forms.spec import FieldSpec, Section, StepSpec
from core.forms.states import STATES
from core.kernel.crypto import mask_last4
from tui.kit.error_line import ErrorLine
from tui.kit.field_input import FieldInput
from tui.kit.group_field import GroupField
from tui.kit.host import HostApp
from tui.kit.keyed_field import KeyedField
from tui.kit.toggles import Box


def display_value(spec: FieldSpec, value: Any) -> str:
    """How a read-only value is shown: PII masked to its last 4, states by name, booleans as Yes/No."""
    if isinstance(value, dict):
        return ", ".join(f"{key} {item}" for key, item in value.items())
    if isinstance(value, list):
        if spec.is_group:
            return f"{len(value)} {(spec.row_label or 'row').lower()}{'s' if len(value) != 1 else ''}"
        return ", ".join(STATES.name(v) if spec.type == "states" else str(v) for v in value)
    text = "" if value is None else str(value)
    if spec.type == "checkbox" or isinstance(value, bool):
        # Stored as "true"/"false" by forms, as booleans by some programs' data.
        return "Yes" if text.lower() in ("true", "yes", "1") else "No"
    if spec.type == "password":
        return "••••••••" if text else ""
    return mask_last4(text) if spec.pii else text


def suggestions_for(spec: FieldSpec, answers: dict[str, dict[str, Any]]) -> list[str]:
    if spec.type == "yesno":
        return ["Yes", "No"]
    if spec.type == "state":
        return STATES.codes()
    if spec.lookup and registry.has_lookup(spec.lookup):
        return [m.label if spec.type == "option" else m.value for m in registry.lookup(spec.lookup)("", answers)]
    return list(spec.options)


class FieldRow(Vertical):
    """Label, input (or read-only value) and the field's own error line.

    The row draws its label itself, on the line of its control, in the columns the `field-label`
    component's CSS gives it (width and padding); the control sits right of it. A label is no widget of
    its own, nor is the line holding label and control: a tab of forty fields has eighty widgets fewer
    to lay out, restyle and paint on every tab switch. A label too long for its column (it wraps) keeps
    the old pair of widgets.
    """

    COMPONENT_CLASSES = {"field-label"}  # styled by the app's `.field-label` rule, like every label widget

    def __init__(self, spec: FieldSpec, value: Any, editable: bool, answers: dict[str, dict[str, Any]],
                 titled: bool = True, today: date | None = None) -> None:
        super().__init__(classes="field-row")
        self.today = today
        self.spec = spec
        self.titled = titled
        self.value = value
        self.editable = editable and not spec.readonly and spec.type != "computed"
        self.control: Widget | None = None
        self.shown_value: Static | None = None
        self.error = ErrorLine()
        self.answers = answers
        self.required = spec.required
        """Whether the field is required now (`required`, or `required_when` holding); it shows "*"."""
        self.label: Static | None = None
        """The label as a widget of its own: only when it is too long for the row to draw it."""
        self.question: Static | None = None
        self.detail = Static("", classes="dim" if spec.disabled_when else "")
        """Under a type-ahead: what the option typed is (tui/kit/type_ahead.py); under a field that may be
        disabled: why it can or can't be changed."""
        self.beside: Widget | None = None
        """The widget the row draws its label beside (the control or the read-only value); None: no label drawn."""
        self.drawn_label = Text()
        self.options = registry.lookup(spec.lookup)("", answers) if spec.type == "option" else []
        """An option field's matches: typed and shown by their label, stored by their value."""

    def stored(self, typed: str) -> Any:
        """The value kept for the text typed: an option's value ("" while it is none of them), a choice's option."""
        if self.spec.type == "option":
            return next((m.value for m in self.options if m.label == typed.strip()), "")
        return normalise_choice(self.spec, typed)

    def typed(self, value: Any) -> str:
        """The text shown for a value kept: an option's label, else the value itself."""
        text = "" if value is None else str(value)
        return next((m.label for m in self.options if m.value == value), text) if self.spec.type == "option" else text

    def label_text(self) -> Text:
        """The label, "*" when required now; a long question carries the "*" on its own line instead."""
        star = " *" if self.required and self.editable else ""
        if len(self.spec.label) > 22 and not self.spec.is_group and not (self.spec.type == "checkbox" and self.editable):
            return Text("Yes / No *" if self.spec.type == "yesno" else "")
        return Text(self.spec.label + star)

    def question_text(self) -> Text:
        marker = " *" if self.required and self.editable and self.spec.type != "yesno" else ""
        return Text(self.spec.label + marker)

    def set_required(self, required: bool) -> None:
        """A `required_when` condition began or stopped holding: redraw the "*"."""
        if required == self.required:
            return
        self.required = required
        if isinstance(self.control, Checkbox):
            self.control.label = self.label_text()
        if self.label is not None:
            self.label.update(self.label_text())
        elif self.beside is not None:
            self.drawn_label = self.label_text()
            self.refresh()
        if self.question is not None:
            self.question.update(self.question_text())

    def label_columns(self) -> tuple[int, int]:
        """The label's column (width, padding on its right) from the `field-label` component's CSS."""
        styles = self.get_component_styles("field-label")
        width = styles.width
        cells = int(width.value) if width is not None and width.is_cells else 24
        return cells, styles.padding.right

    def beside_label(self, widget: Widget, label: Text) -> Iterable[Widget]:
        """The widget on the label's line: alone, right of the label the row draws (or the old pair of widgets)."""
        width, padding = self.label_columns()
        if label.cell_len > width - padding:
            # It would wrap in its column: a label widget of its own lays out its second line.
            with Horizontal(classes="field-line"):
                self.label = Static(label, classes="field-label")
                yield self.label
                yield widget
            return
        self.beside = widget
        self.drawn_label = label
        widget.styles.margin = (0, 0, 0, width)
        yield widget

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        beside = self.beside
        if beside is None or not self.drawn_label.plain or y != beside.region.y - self.region.y:
            return strip
        label = Strip([Segment(self.drawn_label.plain, self.get_component_rich_style("field-label"))],
                      self.drawn_label.cell_len)  # a label is plain text (label_text)
        return Strip.join([label, strip.crop(label.cell_length)])

    def compose(self) -> ComposeResult:
        label = self.label_text()
        if self.spec.type == "note":
            self.shown_value = Static("")
            yield self.shown_value
            return
        if self.spec.record is not None and self.editable:
            keys = registry.computation(self.spec.record.keys)(self.answers, self.today or date.today())
            self.control = KeyedField(self.spec, list(keys), self.value if isinstance(self.value, dict) else {},
                                      id=f"f-{self.spec.name}")
            yield self.control
            yield self.error
            return
        if self.spec.is_group:
            self.control = GroupField(self.spec, self.value if isinstance(self.value, list) else [],
                                      editable=self.editable, id=f"f-{self.spec.name}", titled=self.titled)
            yield self.control
            yield self.error
            return
        if self.spec.type == "checkbox" and self.editable:
            # The box carries its own label: Space toggles it, Enter moves on.
            self.control = Box(label, value=self.value == "true", id=f"f-{self.spec.name}", compact=True)
            yield from (self.control,) if self.spec.wide else self.beside_label(self.control, Text())
            yield self.error
            return
        if self.spec.action is not None:
            with Horizontal(classes="buttons"):
                yield Button(self.spec.action.label, id=f"f-{self.spec.name}-action", compact=True)
            self.shown_value = Static(self.action_text(self.value))
            yield self.shown_value
            yield self.error
            return
        if len(self.spec.label) > 22:
            # Questions are too long for the label column: they get a line of their own, "*" included.
            self.question = Static(self.question_text(), classes="field-question")
            yield self.question
        if not self.editable:
            shown = self.typed(self.value) if self.spec.type == "option" else display_value(self.spec, self.value)
            self.shown_value = Static(Text(shown or "—"), classes="field-value")
            yield from self.beside_label(self.shown_value, label)
        else:
            suggestions = suggestions_for(self.spec, self.answers)
            self.control = FieldInput(
                label=self.spec.label,
                value=self.typed(self.value),
                placeholder=shown_placeholder(self.spec),
                max_length=self.spec.max_length,
                select_on_focus=False,
                compact=True,
                suggester=SuggestFromList(suggestions, case_sensitive=False) if suggestions else None,
                password=False,
                restrict=self.spec.restrict or None,
                id=f"f-{self.spec.name}",
                classes="field-control",
            )
            self.control.tooltip = self.spec.help or None
            # PII shows in full only while it is being typed; a password never does.
            self.control.password = self.spec.type == "password" or (self.spec.pii and bool(self.value))
            yield from self.beside_label(self.control, label)
        yield self.error
        if self.spec.type_ahead is not None or self.spec.disabled_when is not None:
            yield self.detail

    def action_text(self, value: Any, problems: tuple[str, ...] = ()) -> Text:
        """A computed action's field: its label and value (or which button gives it), then its problems."""
        assert self.spec.action is not None
        text = Text(f"{self.spec.label} ", style="bold")
        text.append(str(value or "") or f"- ({self.spec.action.label})")
        for problem in problems:
            text.append(f"\n{problem}", style="red")
        return text

    def on_descendant_focus(self, _event: object) -> None:
        if self.spec.pii and isinstance(self.control, Input):
            self.control.password = False

    def on_descendant_blur(self, _event: object) -> None:
        if self.spec.pii and isinstance(self.control, Input):
            self.control.password = bool(self.control.value)

    def show_problem(self, problem: str | None) -> None:
        self.error.update(Text(problem or ""))
        self.set_class(bool(problem), "-invalid")

    def on_field_input_told(self, event: FieldInput.Told) -> None:
        event.stop()
        self.error.update(Text(event.message))

    def show_value(self, value: Any) -> None:
        """A read-only or computed value changed (a computation, someone else's save)."""
        self.value = value
        if self.shown_value is not None:
            self.shown_value.update(self.action_text(value) if self.spec.action else
                                    Text(display_value(self.spec, value) or "—"))


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
        if self.conditional:
            answers = self.everything
            for index, box in self.sections.items():
                box.display = shown(self.step.sections[index], answers, self.step.id)
            for row in self.rows.values():
                if row.spec.shown_when is not None:
                    row.display = shown(row.spec, answers, self.step.id)
                if row.spec.required_when is not None:
                    row.set_required(required(row.spec, answers, self.step.id))
        if self.computed and self.today is not None:
            for name, value in computed_values(self.step, self.everything, self.today).items():
                self.values[name] = value
                self.rows[name].show_value(value)
        for spec in self.notes if self.today is not None else ():
            note = self.rows[spec.name].shown_value
            assert note is not None and self.today is not None
            note.update(Text.from_markup(filled(spec.text, self.everything, self.today, escape)))
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

