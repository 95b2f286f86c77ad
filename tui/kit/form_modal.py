"""A small declared form in a modal (a row of a group: a life event, a dependent, replaced coverage)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Static

from core.forms.fields import normalise_choices, step_problems
from core.forms.spec import StepSpec
from tui.kit.step_form import StepForm


class FormModal(ModalScreen[dict[str, Any] | None]):
    """Save returns the values once every field passes its checks; Cancel returns None."""

    CSS_PATH = "kit.tcss"
    DEFAULT_CLASSES = "kit-screen"
    BINDINGS = [Binding("escape", "close", "Cancel", priority=True, id="enroll-form-cancel")]
    AUTO_FOCUS = "#modal-form Input"
    """The first field has the focus as the modal opens, so the first key typed lands in it."""

    def __init__(self, spec: StepSpec, values: dict[str, Any], today: date | None,
                 extra_check: Callable[[dict[str, Any]], dict[str, str]] | None = None) -> None:
        super().__init__()
        self.spec = spec
        self.today = today
        self.extra_check = extra_check
        self.form = StepForm(spec, values, id="modal-form", today=today)

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal card wide-modal"):
            yield Static(Text(self.spec.title, style="bold"), classes="card-title")
            with VerticalScroll(classes="wide-modal-body"):
                yield self.form
            with Horizontal(classes="buttons"):
                yield Button("Save", id="save", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        first = self.form.first_input()
        if first is not None:
            first.focus()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is not None and focused in self.form.inputs:
            if self.form.is_last(focused):
                self.save()
            else:
                self.focus_next()
            return True
        return False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.save()
        else:
            self.dismiss(None)

    def save(self) -> None:
        values = normalise_choices(self.spec, self.form.sync_from_widgets())
        problems = step_problems(self.spec, values, self.today)
        if self.extra_check is not None:
            problems.update(self.extra_check(values))
        if problems:
            self.form.show_problems(problems)
            self.form.focus_first_problem(problems)
            return
        self.dismiss(values)

    def action_close(self) -> None:
        self.dismiss(None)
