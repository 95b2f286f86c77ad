"""Pictures of the staff screens at 80x24 and 120x40, on demo data with the fixture's fixed clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest
from textual.pilot import Pilot
from textual.screen import Screen

from core.desk import staff
from core.identity import accounts
from core.kernel.context import AppContext
from tests.pilot_helpers import app_for, wait_until
from tests.test_staff import drive_to_sent, lock
from tui.app import PacketdeskApp
from tui.desk.history import HistoryScreen
from tui.desk.home import StaffHomeScreen
from tui.desk.invite import InviteScreen
from tui.desk.login import StaffLoginScreen
from tui.desk.outbox import OutboxScreen
from tui.desk.unlock import UnlockModal

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
PASSWORDS = {"admin": "Admin#2026", "rep": "RepDesk#2026", "reviewer": "Review#2026"}


def at_desk(
    ctx: AppContext, username: str, then: Callable[[PacketdeskApp], Screen[object] | None] = lambda _: None
) -> Callable[[Pilot], Awaitable[None]]:
    """Sign in through core (no toasts), open the desk, then push what `then` returns."""

    async def run_before(pilot: Pilot) -> None:
        app = pilot.app
        assert isinstance(app, PacketdeskApp)
        outcome = accounts.staff_login(ctx, username, PASSWORDS[username])
        app.signed_in(outcome.actor)
        desk = StaffHomeScreen(outcome.account.display_name)
        await app.push_screen(desk)
        await wait_until(pilot, lambda: desk.page is not None)
        screen = then(app)
        if screen is not None:
            await app.push_screen(screen)
        await pilot.pause()

    return run_before


class TestStaffLogin:
    """Staff sign in, with the username typed."""

    @SIZES
    def test_staff_login(self, snap_compare, sqlite_ctx, size):
        async def run_before(pilot: Pilot) -> None:
            await pilot.press("f2")
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, StaffLoginScreen))
            await pilot.press(*"admin")

        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)


class TestStaffHome:
    """The packet list as an admin (every key) and as a reviewer (a sent packet selected)."""

    @SIZES
    def test_admin(self, snap_compare, sqlite_ctx, size):
        lock(sqlite_ctx, "DEMOTX-TEXAS2026")
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=at_desk(sqlite_ctx, "admin"))

    @SIZES
    def test_reviewer(self, snap_compare, sqlite_ctx, size):
        sqlite_ctx.clock.advance(timedelta(minutes=5))
        drive_to_sent(sqlite_ctx, "DEMOIL-ILLINOIS26")
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=at_desk(sqlite_ctx, "reviewer"))


class TestInvite:
    """The roster form, empty but for the TIN kind."""

    @SIZES
    def test_invite(self, snap_compare, sqlite_ctx, size):
        run_before = at_desk(sqlite_ctx, "admin", lambda _: InviteScreen())
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)


class TestOutbox:
    """The demo mailbox with the newest invitation open."""

    @SIZES
    def test_outbox(self, snap_compare, sqlite_ctx, size):
        async def run_before(pilot: Pilot) -> None:
            await pilot.press("f6")
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, OutboxScreen)
                             and pilot.app.screen.table.row_count > 0)
            await pilot.press("enter")

        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)


class TestHistory:
    """A packet's events after a lock, an unlock and a temporary password from the service center."""

    @SIZES
    def test_history(self, snap_compare, sqlite_ctx, size):
        opened = lock(sqlite_ctx, "DEMOIL-ILLINOIS26")
        rep = accounts.staff_login(sqlite_ctx, "rep", PASSWORDS["rep"]).actor
        staff.unlock_producer(sqlite_ctx, rep, opened.packet_id, "Identity confirmed by phone")
        staff.send_new_temporary_password(sqlite_ctx, rep, opened.packet_id)
        run_before = at_desk(sqlite_ctx, "admin", lambda _: HistoryScreen(opened.packet_id, "History · RC-2611-00001"))
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)


class TestUnlock:
    """The unlock modal over the desk, asking for a reason."""

    @SIZES
    def test_unlock(self, snap_compare, sqlite_ctx, size):
        lock(sqlite_ctx, "DEMOIL-ILLINOIS26")
        run_before = at_desk(sqlite_ctx, "rep", lambda _: UnlockModal("Marisol O'Neil"))
        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)


CAMPAIGN_ROSTER = [
    "first_name,last_name,tin,email,states,agency\n",
    "Marisol,O'Neil,521-35-1001,marisol@example.com,IL,Northern Illinois Insurance Brokers [bold]\n",
    "José,Nguyễn,521-35-1002,jose@example.com,\"TX,OK\",South Texas Benefits Partners\n",
    "Wei,李,521-35-1003,wei@example.com,NM,\n",
]


class TestCampaignDashboard:
    """The campaign dashboard: every status column and the total at 80 columns, long agency names shortened,
    the row under the cursor named in full below."""

    @SIZES
    def test_campaign_dashboard(self, snap_compare, sqlite_ctx, size):
        from datetime import date

        from core.campaigns import importing
        from tui.campaigns.dashboard import CampaignDashboardScreen

        admin = accounts.staff_login(sqlite_ctx, "admin", PASSWORDS["admin"]).actor
        importing.import_roster(sqlite_ctx, admin, "bcbs_recontracting", date(2027, 3, 31), CAMPAIGN_ROSTER,
                                name="Spring recontract")

        async def run_before(pilot: Pilot) -> None:
            await at_desk(sqlite_ctx, "admin", lambda _: CampaignDashboardScreen())(pilot)
            await wait_until(pilot, lambda: getattr(pilot.app.screen, "summary", None) is not None)
            await pilot.press(*["down"] * 6)  # to Northern Illinois..., the longest name
            await pilot.pause()

        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)
