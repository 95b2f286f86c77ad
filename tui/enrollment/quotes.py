"""Quotes: saved quotes, newest first; Enter reprices one and opens Review Selected Plans."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding

from core.enrollment import quotes
from core.enrollment.quotes import QuoteRow
from core.enrollment.rating import money
from core.kernel.events import Actor
from tui.kit.record_list import RecordListScreen


class QuotesScreen(RecordListScreen[QuoteRow]):
    """Saved quotes the actor may see."""

    CSS_PATH = "enroll.tcss"
    DEFAULT_CLASSES = "enroll-screen"
    BINDINGS = [Binding("escape", "back", "Back", priority=True, id="enroll-quotes-back")]
    AUTO_FOCUS = "#quotes-table"
    COLUMNS = ("Quote", "Client", "State", "ZIP", "Effective", "Monthly", "Saved")
    EMPTY = "No saved quotes yet: press Escape, then 2 New Quote."
    TABLE_ID = "quotes-table"
    TABLE_CLASSES = "enroll-table"
    NOTE_CLASSES = "enroll-text"

    def __init__(self, actor: Actor) -> None:
        super().__init__(actor, title="Quotes", detail="Enter opens the quote")

    async def fetch(self) -> list[QuoteRow]:
        return await self.papp.run_core(quotes.list_quotes, self.papp.ctx, self.actor)

    def cells(self, row: QuoteRow) -> Sequence[str | Text]:
        return (f"Q-{row.id:04d}", row.label, row.state, row.zip, f"{row.effective_date:%m/%d/%Y}", money(row.premium),
                f"{row.updated_at:%m/%d/%Y}")

    async def open(self, row: QuoteRow) -> None:
        from tui.enrollment.review import ReviewScreen

        view = await self.papp.run_core(quotes.load, self.papp.ctx, self.actor, row.id)
        self.app.push_screen(ReviewScreen(self.actor, view))
