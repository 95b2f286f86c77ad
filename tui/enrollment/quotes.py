"""Quotes: saved quotes, newest first (declared in data/ifm/forms/screens.toml); Enter opens Review Selected Plans."""

from __future__ import annotations

from textual.binding import Binding

from core.enrollment import quotes
from core.enrollment.quotes import QuoteRow
from tui.enrollment.home import SCREENS
from tui.kit.record_list import RecordListScreen


class QuotesScreen(RecordListScreen[QuoteRow]):
    """Saved quotes the actor may see; Enter reprices one."""

    CSS_PATH = "../kit/kit.tcss"
    DEFAULT_CLASSES = "kit-screen"
    BINDINGS = [Binding("escape", "back", "Back", priority=True, id="enroll-quotes-back")]
    AUTO_FOCUS = "#quotes-table"
    LIST = SCREENS.lists["quotes"]
    TABLE_ID = "quotes-table"
    TABLE_CLASSES = "record-table"
    NOTE_CLASSES = "muted-text"

    async def open(self, row: QuoteRow) -> None:
        from tui.enrollment.review import ReviewScreen

        view = await self.papp.run_core(quotes.load, self.papp.ctx, self.actor, row.id)
        self.app.push_screen(ReviewScreen(self.actor, view))
