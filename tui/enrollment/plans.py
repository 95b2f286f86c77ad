"""View Plans: every plan with the household's monthly premium; Space or Enter selects (one medical, one dental)."""

from __future__ import annotations

from decimal import Decimal

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from core.enrollment import quotes
from core.enrollment.quotes import QuoteView
from core.forms.values import money_text
from core.kernel.events import Actor
from tui.kit.base import AppScreen


class PlansScreen(AppScreen):
    """F5 Review Selected Plans once at most one medical and one dental plan are chosen."""

    CSS_PATH = "../kit/kit.tcss"
    DEFAULT_CLASSES = "kit-screen"
    BINDINGS = [
        Binding("space", "select_plan", "Select", priority=True, id="enroll-plan-toggle"),
        Binding("f5", "review", "Review Selected Plans", priority=True, id="enroll-review"),
        Binding("escape", "back", "Back", priority=True, id="enroll-plans-back"),
    ]
    AUTO_FOCUS = "#plans"

    def __init__(self, actor: Actor, view: QuoteView) -> None:
        super().__init__()
        self.actor = actor
        self.view = view
        self.medical_id = view.medical_plan_id
        self.dental_id = view.dental_plan_id
        self.table: DataTable[Text] = DataTable(id="plans", cursor_type="row", zebra_stripes=True, classes="record-table")
        self.summary = Static("", id="plans-summary")

    def compose(self) -> ComposeResult:
        v = self.view
        yield self.top_line("View Plans", f"{v.input.zip} {v.county} · area {v.rating_area} · effective "
                                          f"{v.effective_date:%m/%d/%Y} · {len(v.input.people)} people")
        with Vertical(classes="body"):
            yield self.table
            yield self.summary
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # The premium must stay on screen at 80 columns: the plan name takes what is left.
        plan_width = max(20, min(40, self.app.size.width - 50))
        for label, width in (("", 1), ("Type", 7), ("Plan", plan_width), ("Metal", 6), ("Net", 3), ("Exch.", 5), ("Monthly", 10)):
            self.table.add_column(label, width=width, key=label or "mark")
        for q in self.view.plans:
            self.table.add_row(Text(""), Text(q.plan.kind.title()), Text(q.plan.name), Text(q.plan.metal or "-"),
                               Text(q.plan.network), Text("on" if q.plan.on_exchange else "off"),
                               Text(money_text(q.premium), justify="right"), key=q.plan.id)
        self.refresh_marks()

    def refresh_marks(self) -> None:
        for q in self.view.plans:
            mark = "✓" if q.plan.id in (self.medical_id, self.dental_id) else ""
            self.table.update_cell(q.plan.id, "mark", Text(mark, style="bold green"))
        chosen = [q for q in self.view.plans if q.plan.id in (self.medical_id, self.dental_id)]
        text = Text("Selected: ", style="dim")
        text.append(", ".join(q.plan.name for q in chosen) or "none (Space selects)")
        total = sum((q.premium for q in chosen), Decimal("0.00"))
        text.append(f"   Total {money_text(total)}", style="bold")
        self.summary.update(text)

    def action_select_plan(self) -> None:
        if not self.view.plans:
            return
        plan = self.view.plans[self.table.cursor_row].plan
        if plan.kind == "medical":
            self.medical_id = "" if self.medical_id == plan.id else plan.id
        else:
            self.dental_id = "" if self.dental_id == plan.id else plan.id
        self.refresh_marks()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.table:
            self.action_select_plan()
            return True
        return False

    def action_review(self) -> None:
        problem = quotes.choice_problem(self.view, self.medical_id, self.dental_id)
        if problem:
            self.notify(problem, severity="warning")
            return
        from dataclasses import replace

        from tui.enrollment.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.actor, replace(self.view, medical_plan_id=self.medical_id,
                                                                     dental_plan_id=self.dental_id)))

    def action_back(self) -> None:
        self.app.pop_screen()
