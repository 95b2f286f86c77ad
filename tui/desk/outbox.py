"""The outbox: every email the system sent, newest first; Enter reads one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from core.desk import staff
from core.kernel.errors import PacketdeskError
from core.notify import outbox
from core.notify.outbox import Message
from tui.kit.base import AppScreen

LIMIT = 200
FIXED_COLUMNS = 11 + 22 + 14 + 2 * 4 + 2
"""When, To and Kind widths, cell padding and the scrollbar."""


def reflow(body: str) -> str:
    """Join the hard-wrapped lines of each paragraph so the panel wraps them at its own width.

    Paragraphs with an indented line (codes, temporary passwords, addresses) are kept as written.
    """
    paragraphs = []
    for paragraph in body.split("\n\n"):
        lines = paragraph.splitlines()
        indented = any(line[:1].isspace() for line in lines)
        paragraphs.append(paragraph if indented else " ".join(line.strip() for line in lines))
    return "\n\n".join(paragraphs)


class OutboxScreen(AppScreen):
    """Messages of one account or of all, secrets masked (staff); or the demo mailbox of a demo database."""

    BINDINGS = [Binding("escape", "back", "Back", priority=True, id="outbox-back")]
    AUTO_FOCUS = "#outbox-table"

    def __init__(self, title: str, account_id: int | None = None, *, demo: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.account_id = account_id
        self.demo = demo
        """The demo mailbox: messages as their recipients got them (core opens it on a demo database only)."""
        self.table: DataTable[Text] = DataTable(id="outbox-table", cursor_type="row", zebra_stripes=True)
        self.reader = Static(Text("Select a message and press Enter to read it.", style="dim"), id="outbox-reader")
        self.body = VerticalScroll(self.reader, id="outbox-body")
        self.messages: dict[int, Message] = {}

    def compose(self) -> ComposeResult:
        yield self.top_line(self.title_text, "Enter reads · Tab to the message · Esc back")
        if self.demo:
            yield Static(Text(outbox.DEMO_NOTICE, style="bold"), id="outbox-demo-notice")
        yield self.table
        yield self.body
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        subject_width = max(16, self.app.size.width - FIXED_COLUMNS)
        self.table.add_column("When", width=11, key="when")
        self.table.add_column("To", width=22, key="to")
        self.table.add_column("Subject", width=subject_width, key="subject")
        self.table.add_column("Kind", width=14, key="kind")
        try:
            if self.demo:
                found = await self.papp.run_core(outbox.demo_mailbox, self.papp.ctx, limit=LIMIT)
            else:
                found = await self.papp.run_core(
                    staff.mailbox, self.papp.ctx, self.papp.actor, account_id=self.account_id, limit=LIMIT
                )
        except PacketdeskError as exc:
            self.show_error(exc)
            self.reader.update(Text(str(exc), style="red"))
            return
        self.messages = {m.id: m for m in found}
        for message in found:
            self.table.add_row(
                Text(f"{message.created_at:%m/%d %H:%M}"),
                Text(message.to_address, no_wrap=True, overflow="ellipsis"),
                Text(message.subject, no_wrap=True, overflow="ellipsis"),
                Text(message.kind, no_wrap=True, overflow="ellipsis"),
                key=str(message.id),
            )
        if not found:
            self.reader.update(Text("No messages yet.", style="dim"))
        elif len(found) == LIMIT:
            self.reader.update(Text(f"The newest {LIMIT} messages. Select one and press Enter.", style="dim"))

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.table:
            self.show_selected()
            return True
        return False

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.show_selected()

    def show_selected(self) -> None:
        if self.table.row_count == 0:
            return
        row_key = self.table.coordinate_to_cell_key(self.table.cursor_coordinate).row_key
        message = self.messages.get(int(row_key.value or 0))
        if message is None:
            return
        text = Text()
        text.append(message.subject + "\n", style="bold")
        text.append(f"To {message.to_address} · {message.created_at:%m/%d/%Y %H:%M} UTC · {message.kind}", style="dim")
        if message.error:
            text.append(f" · not delivered: {message.error}", style="red")
        text.append("\n\n" + reflow(message.body))
        self.reader.update(text)
        self.body.scroll_home(animate=False)

    def action_back(self) -> None:
        self.app.pop_screen()
