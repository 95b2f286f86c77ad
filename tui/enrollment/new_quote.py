"""New Quote: the primary applicant, spouse and dependents, then View Plans."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer

from core.enrollment import catalog, quotes
from core.enrollment.quotes import quote_input
from core.forms.fields import step_problems
from core.forms.spec import load_form
from core.kernel.errors import ValidationFailed
from core.kernel.events import Actor
from tui.kit.base import AppScreen
from tui.kit.choice import normalise_choices
from tui.kit.error_line import ErrorLine
from tui.kit.step_form import StepForm

QUOTE = load_form("ifm/forms/quote.toml")


class NewQuoteScreen(AppScreen):
    """F5 View Plans shows every plan with the household's monthly premium."""

    CSS_PATH = "enroll.tcss"
    DEFAULT_CLASSES = "enroll-screen"
    BINDINGS = [
        Binding("f5", "view_plans", "View Plans", priority=True, id="enroll-view-plans"),
        Binding("escape", "back", "Back", priority=True, id="enroll-quote-back"),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.form = StepForm(QUOTE, {"tobacco": "No"}, id="quote-form")
        self.errors = ErrorLine(classes="step-errors")

    def compose(self) -> ComposeResult:
        yield self.top_line("New Quote")
        with VerticalScroll(classes="body"):
            yield self.form
            yield self.errors
        with Horizontal(classes="buttons"):
            yield Button("View Plans", id="view", variant="primary", compact=True)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        first = self.form.first_input()
        if first is not None:
            first.focus()

    def on_step_form_changed(self, event: StepForm.Changed) -> None:
        if event.name == "zip":
            place = catalog.place(str(event.value))
            row = self.form.rows["county"]
            if place is not None and row.control is not None and hasattr(row.control, "value"):
                row.control.value = place.county

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is not None and self.form.is_last(focused):
            self.run_worker(self.action_view_plans())
            return True
        if isinstance(focused, Button):
            return False
        self.focus_next()
        return True

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.action_view_plans()

    async def action_view_plans(self) -> None:
        await self.papp.settle()
        values = normalise_choices(QUOTE, self.form.sync_from_widgets())
        ctx = self.papp.ctx
        problems = step_problems(QUOTE, values, ctx.clock.now().date())
        self.form.show_problems(problems)
        if problems:
            self.form.focus_first_problem(problems)
            return
        try:
            view = await self.papp.run_core(quotes.view_plans, ctx, self.actor, quote_input(values))
        except ValidationFailed as exc:
            self.form.show_problems(exc.problems)
            self.errors.update(Text("\n".join(v for k, v in exc.problems.items() if k not in self.form.rows)))
            return
        self.errors.update("")
        from tui.enrollment.plans import PlansScreen

        self.app.push_screen(PlansScreen(self.actor, view))

    def action_back(self) -> None:
        self.app.pop_screen()
