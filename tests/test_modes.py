"""Each program a person opens from the welcome screen runs in a Textual mode of its own (its own stack of
screens); leaving it closes the mode, so nothing of that person's screens stays behind for the next one."""

from __future__ import annotations

from textual.widgets import Input

from tests.pilot_helpers import (
    SIZE,
    app_for,
    log_in,
    ready_producer,
    screen_text,
    type_text,
    wait_until,
)
from tui.desk.login import StaffLoginScreen
from tui.entry import EntryScreen
from tui.kit.host import WELCOME
from tui.packet.welcome import ProducerWelcomeScreen
from tui.portal.login import PortalLoginScreen

NMOK = "DEMONMOK-NMOK2026"


async def test_a_producer_packet_runs_in_its_mode_and_signing_out_closes_it(sqlite_ctx) -> None:
    ready_producer(sqlite_ctx, NMOK, step="interview")
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen))
        app.screen.query_one("#code", Input).focus()
        await type_text(pilot, NMOK)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ProducerWelcomeScreen))
        assert app.current_mode == "packet" and app.screen_stack[0] is not app.screen
        await log_in(pilot, step_id="interview")
        packet_screens = list(app.screen_stack)
        await pilot.press("f10")  # Save & Exit signs out
        await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen))
        assert app.current_mode == WELCOME
        await wait_until(pilot, lambda: not any(s.is_attached for s in packet_screens))  # the packet's mode is gone
        assert "Wei" not in screen_text(app)


async def test_escape_on_a_programs_first_screen_goes_back_to_welcome_and_the_next_visit_starts_afresh(sqlite_ctx) -> None:
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen))
        await pilot.press("f7")
        await wait_until(pilot, lambda: isinstance(app.screen, PortalLoginScreen))
        assert app.current_mode == "portal"
        await type_text(pilot, "hstone2026")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen))
        assert app.current_mode == WELCOME
        await pilot.press("f7")
        await wait_until(pilot, lambda: isinstance(app.screen, PortalLoginScreen))
        assert "hstone2026" not in screen_text(app)  # a new visit: nothing typed by the last person
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen))
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, StaffLoginScreen))
        assert app.current_mode == "desk"
