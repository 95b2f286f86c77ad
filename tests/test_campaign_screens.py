"""Issue 15, part 4 on screen: the campaign dashboard from the staff desk, the list behind a number, export, bulk countersign."""

from __future__ import annotations

import re
from datetime import date

from core.campaigns import importing
from core.identity import accounts
from core.notify import outbox
from core.packets import progress
from tests.helpers.journey import log_in_first_time, sign_everything
from tests.pilot_helpers import SIZE, app_for, screen_text, type_text, wait_until
from tui.campaigns.dashboard import CampaignDashboardScreen
from tui.campaigns.members import CampaignMembersScreen
from tui.desk.home import StaffHomeScreen

HEADER = "first_name,last_name,tin,email,states,agency,address1,city,state,postal_code,business_phone\n"
ADDRESS = "1 Sample Plaza,Chicago,IL,60601,312-555-0100"
ROWS = [HEADER,
        f"Alpha,Tester,521-33-6001,alpha@example.com,IL,North,{ADDRESS}\n",
        f"Bravo,Tester,521-33-6002,bravo@example.com,TX,South,{ADDRESS}\n",
        f"Charlie,Tester,521-33-6003,charlie@example.com,TX,South,{ADDRESS}\n"]


def campaign_with_one_sent(ctx):
    admin = accounts.staff_login(ctx, "admin", "Admin#2026").actor
    importing.import_roster(ctx, admin, "bcbs_recontracting", date(2027, 3, 31), ROWS, name="Spring recontract")
    body = outbox.latest_for_recipient(ctx, to="alpha@example.com", kind="invitation").body
    opened, outcome = log_in_first_time(ctx, re.search(r"^ {4}(\S+-\S+)$", body, re.MULTILINE).group(1))
    sign_everything(ctx, outcome, opened.packet_id)
    progress.submit(ctx, outcome.actor, opened.packet_id)
    return opened


async def sign_in(pilot, app, username, password):
    await pilot.press("f2")
    await type_text(pilot, username)
    await pilot.press("enter")
    await type_text(pilot, password)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, StaffHomeScreen) and app.screen.table.row_count > 0)


async def test_the_reviewer_reads_the_counts_lists_a_number_exports_it_and_countersigns_all(sqlite_ctx):
    opened = campaign_with_one_sent(sqlite_ctx)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, app, "reviewer", "Review#2026")
        assert "c campaigns" in screen_text(app)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CampaignDashboardScreen) and app.screen.summary is not None)
        text = screen_text(app)
        assert "Spring recontract" in text and "3 producers" in text and "State TX" in text and "South" in text
        grid = app.screen.grid
        # Move to "Invited" on the State TX row, and list it.
        grid.move_to(grid.row_index("state|TX"), 1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CampaignMembersScreen) and app.screen.page)
        assert [m.name for m in app.screen.page] == ["Bravo Tester", "Charlie Tester"]
        await pilot.press("f4")
        await wait_until(pilot, lambda: any((sqlite_ctx.settings.home / "exports").glob("campaign-*.csv"))
                         if (sqlite_ctx.settings.home / "exports").exists() else False)
        exported = next((sqlite_ctx.settings.home / "exports").glob("campaign-*.csv")).read_text(encoding="utf-8")
        assert "Bravo Tester" in exported and "Alpha Tester" not in exported
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CampaignDashboardScreen))
        await pilot.press("f9")
        await wait_until(pilot, lambda: "Countersign 1 packets?" in screen_text(app))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, CampaignDashboardScreen)
                         and app.screen.summary.by_status["countersigned"] == 1)
    from core.packets import packets

    reviewer = accounts.staff_login(sqlite_ctx, "reviewer", "Review#2026").actor
    assert packets.load(sqlite_ctx, reviewer, opened.packet_id).status == "countersigned"


async def test_a_rep_is_not_offered_campaigns(sqlite_ctx):
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, app, "rep", "RepDesk#2026")
        assert "c campaigns" not in screen_text(app)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, StaffHomeScreen)


async def test_the_admin_imports_a_roster_from_the_desk_and_sees_the_report_then_the_counts(sqlite_ctx):
    from pathlib import Path

    from tui.campaigns.import_roster import CampaignImportScreen

    roster = Path(__file__).parent / "data" / "campaigns" / "roster_with_bad_rows.csv"
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in(pilot, app, "admin", "Admin#2026")
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CampaignDashboardScreen)
                         and "No campaign yet" in screen_text(app))
        await pilot.press("f3")
        await wait_until(pilot, lambda: isinstance(app.screen, CampaignImportScreen))
        await type_text(pilot, str(roster))
        await pilot.press("enter", "enter")  # the program is filled in
        await type_text(pilot, "2027-03-31")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.report is not None)
        assert not app.screen.report.imported and "line 5: bad SSN" in screen_text(app)
        await pilot.press("tab", "space")  # check "Import the good rows even when others are bad"
        await pilot.press("shift+tab", "enter")  # Enter on the deadline again
        await wait_until(pilot, lambda: app.screen.report is not None and app.screen.report.imported)
        assert "4 invited" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, CampaignDashboardScreen)
                         and app.screen.summary is not None)
        assert app.screen.summary.by_status["invited"] == 4


async def test_at_80_columns_every_count_column_shows_and_agencies_load_as_the_cursor_nears_the_last(sqlite_ctx):
    """A campaign of 130 agencies: Bounced and Total fit at 80x24; the first 100 agencies are read, the
    rest when the cursor gets near the end; the hint names the row under the cursor in full."""
    admin = accounts.staff_login(sqlite_ctx, "admin", "Admin#2026").actor
    roster = [HEADER] + [f"P{n},Tester,521-34-{1000 + n:04d},p{n}@example.com,TX,Agency José O'Neil [bold] {n:03d},"
                         f"{ADDRESS}\n" for n in range(130)]
    importing.import_roster(sqlite_ctx, admin, "bcbs_recontracting", date(2027, 3, 31), roster, name="Wide")
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        app.signed_in(admin)
        screen = CampaignDashboardScreen()
        await app.push_screen(screen)
        await wait_until(pilot, lambda: screen.summary is not None)
        await pilot.pause()
        lines = screen_text(app).splitlines()
        heading = next(line for line in lines if "Invited" in line)
        assert heading.split() == ["Invited", "Opened", "In", "prog", "Signed", "Sent", "Counter", "Expired",
                                   "Bounced", "Total"]
        everyone = next(line for line in lines if line.startswith("All producers"))
        assert everyone.split()[2:] == ["130"] + ["0"] * 7 + ["130"]  # invited, the other seven statuses, total
        assert len(screen.grid.rows) == 1 + 1 + 100  # everyone, Texas, the first page of agencies
        await pilot.press("end")
        await wait_until(pilot, lambda: len(screen.grid.rows) == 1 + 1 + 130)
        await pilot.press("end")
        await pilot.pause()
        assert "Agency José O'Neil [bold] 129 · Enter lists" in screen_text(app)
        last = screen.grid.current
        assert last is not None and last[0].key == "agency|Agency José O'Neil [bold] 129"
