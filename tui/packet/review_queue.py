"""The home office's review queue: submitted packets of every program with a review, the one waiting longest first."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from core.kernel.errors import PacketdeskError
from core.packets import review
from core.packets.review import QueueRow
from tui.kit.base import AppScreen

FIXED = 15 + 8 + 12 + 9 + 2 * 5 + 2
"""Key, States, Submitted and Waiting widths, cell padding and the screen's padding."""


class ReviewQueueScreen(AppScreen):
    """Enter opens a packet read-only; the queue reloads when you come back."""

    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="queue-back"),
        Binding("f5", "reload", "Reload", priority=True, id="queue-reload"),
    ]
    AUTO_FOCUS = "#queue-table"

    def __init__(self) -> None:
        super().__init__()
        self.table: DataTable[Text] = DataTable(id="queue-table", cursor_type="row", zebra_stripes=True)
        self.status = Static("", id="queue-status", classes="status-line", markup=False)
        self.rows: list[QueueRow] = []

    def compose(self) -> ComposeResult:
        yield self.top_line("Review queue", f"{review.queue_title()}, oldest first")
        with Vertical(classes="body"):
            yield self.table
            yield self.status
        yield Footer(compact=True)

    def on_mount(self) -> None:
        # No load here: Textual resumes a screen when it is first shown too, and on_screen_resume loads.
        # Loading in both cleared the table a moment after it was drawn (a Down pressed at once was undone).
        name_width = max(12, self.app.size.width - FIXED)
        self.table.add_column("Case Key", width=15)
        self.table.add_column("Producer", width=name_width)
        self.table.add_column("States", width=8)
        self.table.add_column("Submitted", width=12)
        self.table.add_column("Waiting", width=9)

    async def action_reload(self) -> None:
        actor = self.papp.actor
        if actor is None:
            return
        try:
            self.rows = await self.papp.run_core(review.queue, self.papp.ctx, actor)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.table.clear()
        for row in self.rows:
            self.table.add_row(
                Text(row.key), Text(row.producer_name, no_wrap=True, overflow="ellipsis"),
                Text(row.states.replace(" ", ""), no_wrap=True, overflow="ellipsis"),
                Text(f"{row.submitted_at:%m/%d %H:%M}"),
                Text(review.waiting_text(row.waiting) + (" ↻" if row.resubmitted else "")),
                key=str(row.packet_id),
            )
        count = len(self.rows)
        self.status.update(Text(f"{count} packet{'s' if count != 1 else ''} waiting. Enter opens one; "
                                "↻ marks a resubmission." if count else "Nothing is waiting for review."))

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.table and self.rows:
            self.run_worker(self.open(self.rows[self.table.cursor_row]), exclusive=True)
            return True
        return False

    async def open(self, row: QueueRow) -> None:
        from tui.packet.review import open_review

        await open_review(self.papp, row.packet_id)

    def on_screen_resume(self) -> None:
        """Shown: first opened, or back from a packet (it may have left the queue)."""
        if not self.signed_out():
            self.run_worker(self.action_reload(), exclusive=True)

    def action_back(self) -> None:
        self.app.pop_screen()
