"""The demo's mail and its phone: emails and text messages the portal sent, newest first."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from core.kernel.errors import PacketdeskError
from core.notify import outbox
from core.notify.outbox import Message
from core.portal import demo as portal_demo
from tui.portal.base import PortalScreen

TITLES = {"email": "Demo mail (emails)", "sms": "Demo phone (text messages)"}


class PortalOutboxScreen(PortalScreen):
    """Messages of one channel as their recipients got them; Enter reads one (demo databases only)."""

    AUTO_FOCUS = "#portal-outbox-table"

    def __init__(self, channel: str) -> None:
        super().__init__()
        self.channel = channel
        self.table: DataTable[Text] = DataTable(id="portal-outbox-table", cursor_type="row", zebra_stripes=True)
        self.reader = Static(Text("Select a message and press Enter to read it.", style="dim"), id="portal-outbox-reader")
        self.messages: dict[int, Message] = {}

    def compose(self) -> ComposeResult:
        yield self.portal_line(TITLES[self.channel], "Enter reads one")
        yield Static(Text(outbox.DEMO_NOTICE, style="bold"), id="portal-outbox-demo-notice")
        yield self.table
        with VerticalScroll(id="portal-outbox-body"):
            yield self.reader
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        width = self.app.size.width
        self.table.add_column("When", width=11, key="when")
        self.table.add_column("To", width=24, key="to")
        self.table.add_column("Subject", width=max(16, width - 11 - 24 - 3 * 2 - 2), key="subject")
        try:
            found = await self.papp.run_core(portal_demo.demo_messages, self.papp.ctx, self.channel)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.messages = {m.id: m for m in found}
        for message in found:
            self.table.add_row(
                Text(f"{message.created_at:%m/%d %H:%M}"),
                Text(message.to_address, no_wrap=True, overflow="ellipsis"),
                Text(message.subject, no_wrap=True, overflow="ellipsis"),
                key=str(message.id),
            )
        if not found:
            self.reader.update(Text("No messages yet.", style="dim"))

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.table and self.table.row_count:
            key = self.table.coordinate_to_cell_key(self.table.cursor_coordinate).row_key.value or "0"
            message = self.messages.get(int(key))
            if message is not None:
                text = Text()
                text.append(message.subject + "\n", style="bold")
                text.append(f"To {message.to_address} · {message.created_at:%m/%d/%Y %H:%M} UTC\n\n", style="dim")
                text.append(message.body)
                self.reader.update(text)
            return True
        return False
