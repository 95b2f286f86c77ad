"""The packets behind a dashboard entry, longest waiting first, a page at a time."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Footer, Static

from core.desk import dashboard
from core.packets.program import programs
from tui.desk.hit_table import HitTable
from tui.kit.base import AppScreen


class PacketListScreen(AppScreen):
    """PgDn for the next page; Enter opens the packet."""

    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="back"),
        Binding("pagedown", "next_page", "Next page", priority=True, id="next-page"),
        Binding("home", "first_page", "First page", priority=True, id="first-page"),
    ]

    def __init__(self, program_id: str, status: str, *, stuck: bool = False) -> None:
        super().__init__()
        self.program_id = program_id
        self.status = status
        self.stuck = stuck
        self.table = HitTable(id="list")

    def compose(self) -> ComposeResult:
        program = programs().get(self.program_id)
        label = program.statuses.get(self.status, self.status) if program else self.status
        title = f"{program.title if program else self.program_id} · {label}" + (" · stuck" if self.stuck else "")
        yield self.top_line(title)
        yield Static("", id="list-status", classes="status-line")
        yield self.table
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        await self.load()

    async def load(self, after: tuple | None = None) -> None:
        hits = await self.papp.run_core(
            dashboard.packets_in, self.papp.ctx, self.papp.actor, self.program_id, self.status, stuck=self.stuck,
            after=after,
        )
        if not hits and after is not None:
            self.notify("That was the last page.")
            return
        self.table.show(hits)
        self.query_one("#list-status", Static).update(Text(f"{len(hits)} shown, longest waiting first. PgDn: more; Home: first page."))
        self.table.focus()

    async def action_next_page(self) -> None:
        if self.table.hits:
            last = self.table.hits[-1]
            await self.load(after=(last.last_activity.replace(tzinfo=None), last.packet_id))

    async def action_first_page(self) -> None:
        await self.load()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.table and self.table.selected is not None:
            from tui.desk.rep_packet import RepPacketScreen

            self.app.push_screen(RepPacketScreen(self.table.selected.packet_id))
            return True
        return False

    def action_back(self) -> None:
        self.app.pop_screen()
