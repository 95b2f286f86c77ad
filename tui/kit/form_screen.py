"""A stand-alone declared form on a screen of its own (a quote, a payment): drawn by StepForm, checked in core."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer

from core.forms.fields import normalise_choices, step_problems
from core.forms.spec import StepSpec
from tui.kit.base import KIT_CSS, AppScreen
from tui.kit.error_line import ErrorLine
from tui.kit.step_form import StepForm


class FormScreen(AppScreen):
    """Enter moves field to field and on the last one runs `submit`; the buttons run actions by name."""

    CSS_PATH = KIT_CSS
    DEFAULT_CLASSES = "kit-screen"

    BUTTONS: ClassVar[tuple[tuple[str, str, str], ...]] = ()
    """(action, label, variant) of each button under the form; the button's id is the action's name."""

    def __init__(self, spec: StepSpec, values: dict[str, Any], *, title: str, detail: str = "",
                 form_id: str = "form") -> None:
        super().__init__()
        self.spec = spec
        self.title_text, self.detail = title, detail
        defaults = {f.name: f.default for s in spec.sections for f in s.fields if f.default and not f.is_group}
        self.form = StepForm(spec, defaults | values, id=form_id)
        self.errors = ErrorLine(classes="step-errors")

    def compose(self) -> ComposeResult:
        yield self.top_line(self.title_text, self.detail)
        with VerticalScroll(classes="body"):
            yield from self.before_form()
            yield self.form
            yield from self.after_form()
            yield self.errors
        with Horizontal(classes="buttons"):
            for action, label, variant in self.BUTTONS:
                yield Button(label, id=action, variant=variant, compact=True)  # type: ignore[arg-type]
        yield Footer(compact=True)

    def before_form(self) -> ComposeResult:
        yield from ()

    def after_form(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        first = self.form.first_input()
        if first is not None:
            first.focus()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        inputs = self.form.inputs
        if focused is None or focused not in inputs:
            return False
        if self.form.is_last(focused):
            self.run_worker(self.submit(), group="submit")
        else:
            self.set_focus(inputs[inputs.index(focused) + 1])
        return True

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "")

    async def submit(self) -> None:
        """What Enter on the last field does (the screen's main key)."""
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        return normalise_choices(self.spec, self.form.sync_from_widgets())

    def check(self, values: dict[str, Any], today: date) -> dict[str, str]:
        """Every problem at once (the declaration's fields and named checks), shown beside the fields."""
        return self.show_problems(step_problems(self.spec, values, today))

    def show_problems(self, problems: dict[str, str]) -> dict[str, str]:
        self.form.show_problems(problems)
        self.errors.update(Text("\n".join(v for k, v in problems.items() if k not in self.form.rows)))
        return problems
