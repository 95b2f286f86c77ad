"""New Quote: the primary applicant, spouse and dependents (data/ifm/forms/quote.toml), then View Plans."""

from __future__ import annotations

from textual.binding import Binding

from core.enrollment import quotes
from core.enrollment.quotes import quote_input
from core.forms.spec import load_form
from core.kernel.errors import ValidationFailed
from core.kernel.events import Actor
from tui.kit.form_screen import FormScreen

QUOTE = load_form("ifm/forms/quote.toml")


class NewQuoteScreen(FormScreen):
    """F9 View Plans shows every plan with the household's monthly premium."""

    CSS_PATH = "enroll.tcss"
    DEFAULT_CLASSES = "enroll-screen"
    BINDINGS = [
        Binding("f9", "submit", "View Plans", priority=True, id="enroll-view-plans"),
        Binding("escape", "back", "Back", priority=True, id="enroll-quote-back"),
    ]
    BUTTONS = (("submit", "View Plans", "primary"),)

    def __init__(self, actor: Actor) -> None:
        super().__init__(QUOTE, {"tobacco": "No"}, title="New Quote", form_id="quote-form")
        self.actor = actor

    async def action_submit(self) -> None:
        await self.submit()

    async def submit(self) -> None:
        values = self.values()
        ctx = self.papp.ctx
        problems = self.check(values, ctx.clock.now().date())
        if problems:
            self.form.focus_first_problem(problems)
            return
        try:
            view = await self.papp.run_core(quotes.view_plans, ctx, self.actor, quote_input(values))
        except ValidationFailed as exc:
            self.show_problems(exc.problems)
            return
        from tui.enrollment.plans import PlansScreen

        self.app.push_screen(PlansScreen(self.actor, view))

    def action_back(self) -> None:
        self.app.pop_screen()
