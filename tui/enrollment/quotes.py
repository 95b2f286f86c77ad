"""Quotes: saved quotes, newest first; Enter reprices one and opens Review Selected Plans."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from core.enrollment import quotes
from core.enrollment.quotes import QuoteRow
from core.enrollment.rating import money
from core.kernel.events import Actor
from tui.kit.base import AppScreen


class QuotesScreen(AppScreen):
    """Saved quotes the actor may see."""

    CSS_PATH = "enroll.tcss"
    DEFAULT_CLASSES = "enroll-screen"
    BINDINGS = [Binding("escape", "back", "Back", priority=True, id="enroll-quotes-back")]
    AUTO_FOCUS = "#quotes-table"

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.table: DataTable[Text] = DataTable(id="quotes-table", cursor_type="row", zebra_stripes=True,
                                                classes="enroll-table")
        self.rows: list[QuoteRow] = []
        self.empty = Static("", classes="enroll-text")

    def compose(self) -> ComposeResult:
        yield self.top_line("Quotes", "Enter opens the quote")
        with Vertical(classes="body"):
            yield self.table
            yield self.empty
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        for column in ("Quote", "Client", "State", "ZIP", "Effective", "Monthly", "Saved"):
            self.table.add_column(column)
        self.rows = await self.papp.run_core(quotes.list_quotes, self.papp.ctx, self.actor)
        for row in self.rows:
            self.table.add_row(Text(f"Q-{row.id:04d}"), Text(row.label), Text(row.state), Text(row.zip),
                               Text(f"{row.effective_date:%m/%d/%Y}"), Text(money(row.premium)),
                               Text(f"{row.updated_at:%m/%d/%Y}"), key=str(row.id))
        self.empty.update("No saved quotes yet: press Escape, then 2 New Quote." if not self.rows else "")

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.table and self.rows:
            self.run_worker(self.open(self.rows[self.table.cursor_row].id))
            return True
        return False

    async def open(self, quote_id: int) -> None:
        from tui.enrollment.review import ReviewScreen

        view = await self.papp.run_core(quotes.load, self.papp.ctx, self.actor, quote_id)
        self.app.push_screen(ReviewScreen(self.actor, view))

    def action_back(self) -> None:
        self.app.pop_screen()
