"""Review Selected Plans: Save Quote, or Enroll in Selected Plans (exchange, new or incomplete application)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Footer, Static

from core.enrollment import applications as enrollment
from core.enrollment import quotes
from core.enrollment.quotes import OnExchange, QuoteView
from core.forms.values import money_text
from core.kernel.errors import PacketdeskError
from core.kernel.events import Actor
from tui.kit.base import AppScreen


class ReviewScreen(AppScreen):
    """F2 Save Quote; F5 Enroll in Selected Plans."""

    CSS_PATH = "../kit/kit.tcss"
    DEFAULT_CLASSES = "kit-screen"
    BINDINGS = [
        Binding("f2", "save", "Save Quote", priority=True, id="enroll-save-quote"),
        Binding("f5", "enroll", "Enroll in Selected Plans", priority=True, id="enroll-selected"),
        Binding("escape", "back", "Back", priority=True, id="enroll-review-back"),
    ]

    def __init__(self, actor: Actor, view: QuoteView) -> None:
        super().__init__()
        self.actor = actor
        self.view = view
        self.body = Static("", id="review-body")
        self.status = Static("", classes="status-line")
        self.title_line = self.top_line("Review Selected Plans", self.quote_label())

    def compose(self) -> ComposeResult:
        yield self.title_line
        with Vertical(classes="body"):
            yield self.body
            yield self.status
        yield Footer(compact=True)

    def quote_label(self) -> str:
        return f"Quote {self.view.key}" if self.view.id else "not saved"

    def on_mount(self) -> None:
        table = Table(show_edge=False, pad_edge=False, expand=False)
        for column in ("Type", "Plan", "Network", "Exchange", "Monthly"):
            table.add_column(column, justify="right" if column == "Monthly" else "left")
        chosen = [q for q in self.view.plans if q.plan.id in (self.view.medical_plan_id, self.view.dental_plan_id)]
        for q in chosen:
            table.add_row(q.plan.kind.title(), Text(q.plan.name), q.plan.network,
                          "on" if q.plan.on_exchange else "off", money_text(q.premium))
        table.add_row("", Text("Total Monthly Premium", style="bold"), "", "", Text(money_text(self.view.total), style="bold"))
        self.body.update(table)

    async def ensure_saved(self) -> bool:
        if self.view.id is not None:
            return True
        try:
            self.view = await self.papp.run_core(quotes.save, self.papp.ctx, self.actor, self.view,
                                                 self.view.medical_plan_id, self.view.dental_plan_id)
        except PacketdeskError as exc:
            self.show_error(exc)
            return False
        self.title_line.update(self.top_text("Review Selected Plans", self.quote_label()))
        return True

    async def action_save(self) -> None:
        if self.view.id is not None:
            self.notify(f"Quote {self.view.key} is already saved.")
            return
        if await self.ensure_saved():
            self.status.update(Text(f"Saved as Quote {self.view.key}.", style="green"))

    async def action_enroll(self) -> None:
        if not await self.ensure_saved():
            return
        assert self.view.id is not None
        started = await self.papp.run_core(quotes.incomplete_for, self.papp.ctx, self.actor, self.view.id)
        if started:
            from tui.kit.text_modal import TextModal

            async def chosen(create: bool | None) -> None:
                if create:
                    await self.start_new()
                elif create is False:
                    await self.resume(started[-1])

            self.app.push_screen(TextModal("An application was already started for this quote",
                                                 "Start a new application, or resume the one in progress.",
                                                 agree="Create New Application", close="Go To Incomplete Application"),
                                 chosen)
            return
        await self.start_new()

    async def start_new(self) -> None:
        from tui.enrollment import WIZARD

        assert self.view.id is not None
        try:
            view = await self.papp.run_core(quotes.enroll, self.papp.ctx, self.actor, self.view.id)
        except OnExchange as exc:
            from tui.kit.text_modal import TextModal

            self.app.push_screen(TextModal("On Exchange Enrollment", str(exc)))
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        WIZARD.show_step(self.papp, self.actor, view, 0)

    async def resume(self, app_id: int) -> None:
        from tui.enrollment import WIZARD

        view = await self.papp.run_core(enrollment.load, self.papp.ctx, self.actor, app_id)
        WIZARD.resume(self.papp, self.actor, view)

    def action_back(self) -> None:
        self.app.pop_screen()


