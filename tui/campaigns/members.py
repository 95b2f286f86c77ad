"""The producers behind one number of the campaign dashboard, a page at a time; F4 exports the whole list to CSV."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from core.campaigns import dashboard
from core.campaigns.dashboard import CampaignLine, Filter, MemberLine
from core.kernel.errors import PacketdeskError
from tui.kit.base import AppScreen

PAGE = 50


class CampaignMembersScreen(AppScreen):
    """PgDn for the next page, Home for the first; Enter opens the packet; F4 exports the list."""

    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="campaign-members-back"),
        Binding("f4", "export", "Export CSV", priority=True, id="campaign-members-export",
                tooltip="Write the whole list (every page) to a CSV file"),
        Binding("pagedown", "next_page", "Next page", priority=True, id="campaign-members-next"),
        Binding("home", "first_page", "First page", priority=True, id="campaign-members-first"),
    ]
    AUTO_FOCUS = "#campaign-members"

    def __init__(self, campaign: CampaignLine, wanted: Filter) -> None:
        super().__init__()
        self.campaign = campaign
        self.wanted = wanted
        self.page: list[MemberLine] = []

    def compose(self) -> ComposeResult:
        yield self.top_line(self.campaign.name, self.wanted.label())
        yield Static("", id="campaign-members-status", classes="status-line")
        table: DataTable[str] = DataTable(id="campaign-members", cursor_type="row", zebra_stripes=True)
        yield table
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        table = self.query_one("#campaign-members", DataTable)
        for label, width in (("Packet", 14), ("Name", 22), ("States", 10), ("Agency", 16), ("Status", 13)):
            table.add_column(label, width=width)
        await self.load(0)

    async def load(self, after: int) -> None:
        page = await self.papp.run_core(dashboard.members, self.papp.ctx, self.papp.actor, self.campaign.id,
                                        self.wanted, after_id=after, limit=PAGE)
        if not page and after:
            self.notify("That was the last page.")
            return
        self.page = page
        table = self.query_one("#campaign-members", DataTable)
        table.clear()
        for m in page:
            table.add_row(m.packet_key, m.name, m.states, m.agency, m.status, key=str(m.packet_id))
        more = " PgDn: more; Home: first page." if len(page) == PAGE else ""
        self.query_one("#campaign-members-status", Static).update(
            Text(f"{len(page)} shown." + more + " F4 exports every page."))
        table.focus()

    async def action_next_page(self) -> None:
        if self.page:
            await self.load(self.page[-1].member_id)

    async def action_first_page(self) -> None:
        await self.load(0)

    async def action_export(self) -> None:
        try:
            path = await self.papp.run_core(dashboard.export_csv, self.papp.ctx, self.papp.actor, self.campaign.id,
                                            self.wanted)
        except PacketdeskError as problem:
            self.show_error(problem)
            return
        self.notify(f"Saved {path}", markup=False, timeout=10)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if isinstance(focused, DataTable) and self.page and focused.cursor_row < len(self.page):
            from tui.desk.rep_packet import RepPacketScreen

            self.app.push_screen(RepPacketScreen(self.page[focused.cursor_row].packet_id))
            return True
        return False

    def action_back(self) -> None:
        self.app.pop_screen()
