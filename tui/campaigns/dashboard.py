"""The campaign dashboard: counts by status, overall, per state and per agency; Enter lists the members behind one.

The counts come from the campaign's summary table (core.campaigns.dashboard), so the first paint does
not depend on the campaign's size; agencies come a page at a time as the cursor nears the last one
read. [ and ] switch campaign; F9 countersigns every sent packet.
"""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Footer, Static

from core.campaigns import dashboard
from core.campaigns.dashboard import CampaignLine, Filter, Summary
from core.campaigns.models import CAMPAIGN_STATUSES
from core.identity.permissions import may
from core.kernel.errors import PacketdeskError
from tui.campaigns.count_grid import CountGrid, GridRow
from tui.kit.base import AppScreen
from tui.kit.confirm import ConfirmModal

HEADINGS = {"invited": "Invited", "opened": "Opened", "in_progress": "In prog", "signed": "Signed", "sent": "Sent",
            "countersigned": "Counter", "expired": "Expired", "bounced": "Bounced", "total": "Total"}
COLUMNS = (*CAMPAIGN_STATUSES, "total")
"""The grid's number columns: each status, then the row's total."""


def _row(key: str, label: str, counts: dict[str, int], *, bold: bool = False) -> GridRow:
    values = tuple(counts.get(s, 0) for s in CAMPAIGN_STATUSES)
    return GridRow(key, label, (*values, sum(values)), bold)


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
        self.grid = CountGrid(tuple(HEADINGS[s] for s in COLUMNS), id="campaign-counts")
        self.heading = Static("Counting...", id="campaign-heading", classes="status-line")
        self.hint = Static("", id="campaign-hint", classes="status-line")
        self.agencies_shown = 0
        self.loading_agencies = False
        self.first_view: asyncio.Future[tuple[list[CampaignLine], Summary | None]] | None = None

    def compose(self) -> ComposeResult:
        # The counts are read while the widgets mount, not after (the thread's start is most of the wait).
        self.first_view = asyncio.ensure_future(self.papp.run_core(dashboard.first_view, self.papp.ctx, self.papp.actor))
        yield self.top_line("Campaigns", "recontracting, by status, state and agency")
        yield self.heading
        yield self.grid
        yield self.hint
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "import_roster":
            return may(self.papp.actor, "campaign.manage")
        if action == "countersign_all":
            return may(self.papp.actor, "packet.countersign") and bool(self.summary and self.summary.by_status["sent"])
        return True

    async def on_mount(self) -> None:
        assert self.first_view is not None
        self.campaigns, summary = await self.first_view
        self.show(summary)
        self.watch(self.grid, "cursor_row", self.show_hint, init=False)

    async def action_refresh(self) -> None:
        if self.campaigns:
            campaign = self.campaigns[self.index]
            self.show(await self.papp.run_core(dashboard.summary, self.papp.ctx, self.papp.actor, campaign.id))

    def show(self, summary: Summary | None) -> None:
        if summary is None:
            self.heading.update("No campaign yet. An admin imports a roster: F3 here, or packetdesk campaign import.")
            return
        self.summary = summary
        rows = [_row("all|", "All producers", summary.by_status, bold=True)]
        rows += [_row(f"state|{state}", f"State {state}", counts) for state, counts in summary.by_state.items()]
        rows += [_row(f"agency|{agency}", agency or "(no agency)", counts) for agency, counts in summary.by_agency.items()]
        self.agencies_shown = len(summary.by_agency)
        self.grid.set_rows(rows)
        position = f" ({self.index + 1} of {len(self.campaigns)}; [ ] switch)" if len(self.campaigns) > 1 else ""
        self.heading.update(Text(f"{summary.campaign.name}{position} · {summary.campaign.members:,} producers, "
                                 f"{summary.agencies:,} agencies · deadline {summary.campaign.deadline:%Y-%m-%d}",
                                 no_wrap=True, overflow="ellipsis"))
        self.show_hint()
        self.refresh_bindings()
        self.grid.focus()

    def show_hint(self, _row: int = 0) -> None:
        """The whole label of the row under the cursor (the grid shortens long agency names at 80 columns)."""
        current = self.grid.current
        label = f"{current[0].label} · " if current else ""
        self.hint.update(Text(f"{label}Enter lists the producers behind the number.", no_wrap=True, overflow="ellipsis"))

    def on_count_grid_near_end(self, _message: CountGrid.NearEnd) -> None:
        if self.summary is not None and self.agencies_shown < self.summary.agencies and not self.loading_agencies:
            self.loading_agencies = True
            self.more_agencies(self.summary)

    @work(exclusive=True, group="campaign-agencies")
    async def more_agencies(self, summary: Summary) -> None:
        try:
            last = next(reversed(summary.by_agency), "")
            page = await self.papp.run_core(dashboard.agency_page, self.papp.ctx, self.papp.actor, summary.campaign.id,
                                            last)
        finally:
            self.loading_agencies = False
        if summary is not self.summary or not page:
            return
        summary.by_agency.update(page)
        self.agencies_shown = len(summary.by_agency)
        self.grid.add_rows([_row(f"agency|{agency}", agency or "(no agency)", counts) for agency, counts in page.items()])
        self.show_hint()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is not self.grid or self.summary is None or self.grid.current is None:
            return False
        row, column = self.grid.current
        status = "total" if column in (0, len(COLUMNS)) else COLUMNS[column - 1]
        from tui.campaigns.members import CampaignMembersScreen

        self.app.push_screen(CampaignMembersScreen(self.summary.campaign, row_filter(row.key, status)))
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
