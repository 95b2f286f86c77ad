"""One row of the form renderer: a field's label, its input (or its group, its keyed inputs, a note), its
help and the problem said under it; what is typed is turned into the stored value and back here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.strip import Strip
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Static

from core.forms import registry
from core.forms.fields import (
    normalise_choice,
    shown_placeholder,
)
from core.forms.spec import FieldSpec
from core.forms.states import STATES
from core.kernel.crypto import mask_last4
from tui.kit.error_line import ErrorLine
from tui.kit.field_input import FieldInput
from tui.kit.group_field import GroupField
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
