"""The campaign dashboard: counts by status, overall, per state and per agency; Enter lists the members behind one.

The counts come from the campaign's summary table (core.campaigns.dashboard), so the first paint does
not depend on the campaign's size. [ and ] switch campaign; F9 countersigns every sent packet.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from core.campaigns import dashboard
from core.campaigns.dashboard import CampaignLine, Filter, Summary
from core.campaigns.models import CAMPAIGN_STATUSES
from core.identity.permissions import may
from core.kernel.errors import PacketdeskError
from tui.kit.base import AppScreen
from tui.kit.confirm import ConfirmModal

HEADINGS = {"invited": "Invited", "opened": "Opened", "in_progress": "In prog", "signed": "Signed", "sent": "Sent",
            "countersigned": "Counter", "expired": "Expired", "bounced": "Bounced"}


def row_filter(row_key: str, status: str) -> Filter:
    dimension, _, value = row_key.partition("|")
    wanted = None if status == "total" else status
    if dimension == "state":
        return Filter(status=wanted, state=value)
    if dimension == "agency":
        return Filter(status=wanted, agency=value)
    return Filter(status=wanted)


class CampaignDashboardScreen(AppScreen):
    """One campaign's counts; move to a number and press Enter for the producers behind it."""

    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="campaign-back"),
        Binding("f3", "import_roster", "Import", priority=True, id="campaign-import",
                tooltip="Import a roster: every row checked, nothing written while a row is bad (admin)"),
        Binding("f5", "refresh", "Refresh", priority=True, id="campaign-refresh"),
        Binding("f9", "countersign_all", "Countersign all", priority=True, id="campaign-countersign-all",
                tooltip="Countersign every sent packet of this campaign, each recorded on its own"),
        Binding("left_square_bracket", "previous_campaign", "Previous campaign", show=False, id="campaign-previous"),
        Binding("right_square_bracket", "next_campaign", "Next campaign", show=False, id="campaign-next"),
    ]
    AUTO_FOCUS = "#campaign-counts"

    def __init__(self) -> None:
        super().__init__()
        self.campaigns: list[CampaignLine] = []
        self.index = 0
        self.summary: Summary | None = None

    def compose(self) -> ComposeResult:
        yield self.top_line("Campaigns", "recontracting, by status, state and agency")
        yield Static("Counting...", id="campaign-heading", classes="status-line")
        table: DataTable[str] = DataTable(id="campaign-counts", cursor_type="cell", zebra_stripes=True)
        yield table
        yield Static("", id="campaign-hint", classes="status-line")
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "import_roster":
            return may(self.papp.actor, "campaign.manage")
        if action == "countersign_all":
            return may(self.papp.actor, "packet.countersign") and bool(self.summary and self.summary.by_status["sent"])
        return True

    async def on_mount(self) -> None:
        self.campaigns, summary = await self.papp.run_core(dashboard.first_view, self.papp.ctx, self.papp.actor)
        self.show(summary)

    async def action_refresh(self) -> None:
        if self.campaigns:
            campaign = self.campaigns[self.index]
            self.show(await self.papp.run_core(dashboard.summary, self.papp.ctx, self.papp.actor, campaign.id))

    def show(self, summary: Summary | None) -> None:
        heading = self.query_one("#campaign-heading", Static)
        if summary is None:
            heading.update("No campaign yet. An admin imports a roster: F3 here, or packetdesk campaign import.")
            return
        self.summary = summary
        table = self.query_one("#campaign-counts", DataTable)
        table.clear(columns=True)
        table.add_column("", key="label", width=22)
        for status in CAMPAIGN_STATUSES:
            table.add_column(HEADINGS[status], key=status)
        table.add_column("Total", key="total")

        def add(key: str, label: str, counts: dict[str, int], style: str = "") -> None:
            # Plain right-aligned strings: cheaper to draw than a Text per cell.
            cells = [f"{counts.get(s, 0):>7,}" for s in CAMPAIGN_STATUSES]
            table.add_row(Text(label[:22], style=style), *cells, f"{sum(counts.values()):>8,}", key=key)

        add("all|", "All producers", summary.by_status, "bold")
        for state, counts in summary.by_state.items():
            add(f"state|{state}", f"State {state}", counts)
        for agency, counts in summary.by_agency.items():
            add(f"agency|{agency}", agency or "(no agency)", counts)
        position = f" ({self.index + 1} of {len(self.campaigns)}; [ ] switch)" if len(self.campaigns) > 1 else ""
        heading.update(Text(f"{summary.campaign.name}{position} · deadline {summary.campaign.deadline:%Y-%m-%d} · "
                            f"{summary.campaign.members:,} producers"))
        self.query_one("#campaign-hint", Static).update("Enter lists the producers behind a number.")
        self.refresh_bindings()
        table.focus()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if not isinstance(focused, DataTable) or self.summary is None or focused.row_count == 0:
            return False
        cell = focused.coordinate_to_cell_key(focused.cursor_coordinate)
        status = str(cell.column_key.value)
        if status == "label":
            status = "total"
        from tui.campaigns.members import CampaignMembersScreen

        wanted = row_filter(str(cell.row_key.value), status)
        self.app.push_screen(CampaignMembersScreen(self.summary.campaign, wanted))
        return True

    def action_import_roster(self) -> None:
        from tui.campaigns.import_roster import CampaignImportScreen

        async def imported(_result: object) -> None:
            self.campaigns, summary = await self.papp.run_core(dashboard.first_view, self.papp.ctx, self.papp.actor)
            self.index = 0
            self.show(summary)

        self.app.push_screen(CampaignImportScreen(), imported)

    async def action_previous_campaign(self) -> None:
        if self.campaigns:
            self.index = (self.index - 1) % len(self.campaigns)
            await self.action_refresh()

    async def action_next_campaign(self) -> None:
        if self.campaigns:
            self.index = (self.index + 1) % len(self.campaigns)
            await self.action_refresh()

    def action_countersign_all(self) -> None:
        self.countersign_all()

    @work(exclusive=True, group="campaign-action")
    async def countersign_all(self) -> None:
        if self.summary is None:
            return
        campaign, sent = self.summary.campaign, self.summary.by_status["sent"]
        question = Text.assemble("Countersign ", (f"{sent:,}", "bold"), " sent packets of ", (campaign.name, "bold"),
                                 " for the home office? Each agreement becomes fully executed and is recorded on its own.")
        if not await self.app.push_screen_wait(ConfirmModal(f"Countersign {sent:,} packets?", question,
                                                            yes="Countersign all", no="Cancel")):
            return
        try:
            result = await self.papp.run_core(dashboard.countersign_all, self.papp.ctx, self.papp.actor, campaign.id)
        except PacketdeskError as problem:
            self.show_error(problem)
            return
        refused = f"; {len(result.refused)} refused ({result.refused[0][0]}: {result.refused[0][1]})" if result.refused else ""
        self.notify(f"Countersigned {len(result.countersigned):,} packets{refused}.", markup=False)
        await self.action_refresh()

    def action_back(self) -> None:
        self.app.pop_screen()
