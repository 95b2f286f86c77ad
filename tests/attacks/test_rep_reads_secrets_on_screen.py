"""Attack, on screen: a rep sends a temporary password, opens the outbox and reads it.

The packet's F7 outbox and the desk's F6 outbox show that the email went out, to whom and its
subject, with the secret masked; the secret the service issued is nowhere on screen.
"""

from __future__ import annotations

from core.packets import invitations
from tests.attacks.secrets_seen import demo_secrets, leaked, record_secrets
from tests.helpers.journey import PROGRAM
from tests.pilot_helpers import SIZE, app_for, screen_text, wait_until
from tests.test_desk_screens import find_and_open, sign_in_rep
from tests.test_staff import desk, select_packet
from tui.desk.home import StaffHomeScreen
from tui.desk.outbox import OutboxScreen
from tui.desk.rep_packet import RepPacketScreen

SUBJECT = PROGRAM.emails["temporary_password"]["subject"]


async def read_newest(pilot) -> str:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, OutboxScreen) and app.screen.table.row_count > 0)
    await pilot.press("enter")
    await wait_until(pilot, lambda: SUBJECT in screen_text(app))
    return screen_text(app)


async def test_the_packet_outbox_does_not_show_the_temporary_password(sqlite_ctx):
    recording = record_secrets(sqlite_ctx)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_rep(pilot, app)
        await find_and_open(pilot, app, "nguyen")
        await pilot.press("f8")  # a new temporary password
        await wait_until(pilot, lambda: len(recording.issued) == 1)
        await pilot.press("f6")  # the outbox
        shown = await read_newest(pilot)
        assert leaked(recording.issued + demo_secrets(), shown) == []
        assert "jose.nguyen@example.com" in shown and "••••••••" in shown
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, RepPacketScreen))


async def test_the_desk_outbox_does_not_show_the_temporary_password(sqlite_ctx):
    opened = invitations.open_code(sqlite_ctx, "DEMOIL-ILLINOIS26")
    recording = record_secrets(sqlite_ctx)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_rep(pilot, app)
        await select_packet(pilot, opened.packet_id)
        await pilot.press("f8")  # the desk's key for a new temporary password
        await wait_until(pilot, lambda: len(recording.issued) == 1)
        assert isinstance(desk(app), StaffHomeScreen)
        await pilot.press("f6")
        shown = await read_newest(pilot)
        assert leaked(recording.issued + demo_secrets(), shown) == []
        assert "marisol.oneil@example.com" in shown and "••••••••" in shown
