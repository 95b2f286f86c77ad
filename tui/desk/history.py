"""A packet's history, oldest first: who did what, for whom, and when."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from core.desk import staff
from core.kernel.errors import PacketdeskError
from core.packets.history import HistoryLine
from tui.kit.base import AppScreen

FIXED_COLUMNS = 11 + 22 + 24 + 2 * 4 + 2
"""When, Who and What widths, cell padding and the scrollbar."""


class HistoryScreen(AppScreen):
    """Events of one packet; the highlighted event's detail is shown in full below."""

    BINDINGS = [Binding("escape", "back", "Back", priority=True, id="history-back")]
    AUTO_FOCUS = "#history-table"

    def __init__(self, packet_id: int, title: str = "History") -> None:
        super().__init__()
        self.packet_id = packet_id
        self.title_text = title
        self.table: DataTable[Text] = DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        self.detail = Static("", id="history-detail", classes="status-line")
        self.lines: list[HistoryLine] = []

    def compose(self) -> ComposeResult:
        yield self.top_line(self.title_text)
        yield self.table
        yield self.detail
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        detail_width = max(12, self.app.size.width - FIXED_COLUMNS)
        self.table.add_column("When", width=11, key="when")
        self.table.add_column("Who", width=22, key="who")
        self.table.add_column("What", width=24, key="what")
        self.table.add_column("Detail", width=detail_width, key="detail")
        actor = self.papp.actor
        if actor is None:
            return
        try:
            self.lines = await self.papp.run_core(staff.packet_history, self.papp.ctx, actor, self.packet_id)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        for index, line in enumerate(self.lines):
            self.table.add_row(
                Text(f"{line.at:%m/%d %H:%M}"),
                Text(line.who, no_wrap=True, overflow="ellipsis"),
                Text(line.kind, no_wrap=True, overflow="ellipsis"),
                Text(line.detail, no_wrap=True, overflow="ellipsis"),
                key=str(index),
            )
        if not self.lines:
            self.detail.update("No events yet.")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.lines):
            line = self.lines[event.cursor_row]
            self.detail.update(Text(f"{line.who}: {line.kind}" + (f" — {line.detail}" if line.detail else "")))

    def action_back(self) -> None:
        self.app.pop_screen()
