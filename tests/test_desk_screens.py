"""The call-center desk on screen: find, open a packet, enter for the producer, notes, dashboard."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from core.desk import assist as desk
from core.identity import accounts
from core.packets import invitations, packets
from tests.pilot_helpers import (
    SIZE,
    app_for,
    on_kind,
    screen_text,
    send_burst,
    type_text,
    wait_until,
)
from tui.desk.dashboard import DashboardScreen
from tui.desk.home import StaffHomeScreen
from tui.desk.packet_list import PacketListScreen
from tui.desk.rep_packet import RepPacketScreen
from tui.desk.search import SearchScreen
from tui.kit.conflict import ConflictModal

TX = "DEMOTX-TEXAS2026"


async def sign_in_rep(pilot, app):
    await pilot.press("f2")
    await type_text(pilot, "rep")
    await pilot.press("enter")
    await type_text(pilot, "RepDesk#2026")
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, StaffHomeScreen) and app.screen.table.row_count > 0)


async def search(pilot, app, query):
    """Ctrl+F, the query, Enter: the search screen once its results are in (the focus on them)."""
    await pilot.press("ctrl+f")
    await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
    screen = app.screen
    await type_text(pilot, query)
    await pilot.press("enter")
    await wait_until(pilot, lambda: screen.table.row_count > 0 and app.focused is screen.table)
    return screen


async def find_and_open(pilot, app, query):
    await search(pilot, app, query)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, RepPacketScreen) and app.screen.view is not None)


async def test_find_from_anywhere_opens_the_packet(sqlite_ctx):
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_rep(pilot, app)
        await find_and_open(pilot, app, "nguyen jo")
        assert "José Nguyễn" in screen_text(app)
        assert app.screen.view.key == invitations.open_code(sqlite_ctx, TX).packet_key


async def test_rep_enters_a_page_for_the_producer_and_it_is_recorded_on_their_behalf(sqlite_ctx):
    opened = invitations.open_code(sqlite_ctx, TX)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_rep(pilot, app)
        await find_and_open(pilot, app, "nguyen")
        await pilot.press("enter")  # the first page: Interview Questions
        await wait_until(pilot, lambda: on_kind(app, 'form'))
        await pilot.press("ctrl+g")
        await type_text(pilot, "ext")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.focused is app.screen.query_one("#f-business_ext", Input))
        await pilot.press("ctrl+u")
        await type_text(pilot, "77")
        for _ in range(2):  # Ext. then Resident Phone, the last field: Enter saves
            await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, RepPacketScreen))
    rep = accounts.staff_login(sqlite_ctx, "rep", "RepDesk#2026").actor
    view = packets.load(sqlite_ctx, rep, opened.packet_id)
    assert view.answers["interview"]["business_ext"] == "77"
    from core.kernel.db import reading
    from core.packets.history import history as packet_history

    with reading(sqlite_ctx.engine) as session:
        lines = packet_history(session, opened.packet_id)
    assert any(line.kind == "step saved" and line.who == "Ray Rep on behalf of José Nguyễn" for line in lines)


async def test_a_rep_save_over_newer_data_is_refused_with_the_difference_and_keeps_the_typing(sqlite_ctx):
    opened = invitations.open_code(sqlite_ctx, TX)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_rep(pilot, app)
        await find_and_open(pilot, app, "nguyen")
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_kind(app, 'form'))
        city = app.screen.query_one("#f-city", Input)
        # Meanwhile another rep saves the same page.
        other = accounts.staff_login(sqlite_ctx, "admin", "Admin#2026").actor
        current = packets.load(sqlite_ctx, other, opened.packet_id)
        packets.save_step(sqlite_ctx, other, opened.packet_id, "interview",
                          {**current.answers["interview"], "city": "Round Rock"}, current.version)
        city.focus()
        await pilot.press("ctrl+u")
        await type_text(pilot, "Pflugerville")
        await pilot.press("end")
        app.screen.query_one("#f-resident_phone", Input).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictModal))
        text = screen_text(app)
        assert "Pflugerville" in text and "Round Rock" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: on_kind(app, 'form'))
        assert app.screen.query_one("#f-city", Input).value == "Pflugerville"
    assert packets.load(sqlite_ctx, other, opened.packet_id).answers["interview"]["city"] == "Round Rock"


async def test_notes_and_the_ready_for_signature_email(sqlite_ctx):
    opened = invitations.open_code(sqlite_ctx, TX)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await sign_in_rep(pilot, app)
        await find_and_open(pilot, app, "8812 nguyen")
        await pilot.press("f3")
        await type_text(pilot, "Asked about the [bold] fee; O'Neil [/]")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Asked about the [bold] fee; O'Neil [/]" in screen_text(app))
        await pilot.press("f9")
        await wait_until(pilot, lambda: "Ready-for-signature email sent" in screen_text(app))
    rep = accounts.staff_login(sqlite_ctx, "rep", "RepDesk#2026").actor
    assert desk.notes(sqlite_ctx, rep, opened.packet_id)[0].text == "Asked about the [bold] fee; O'Neil [/]"


async def test_dashboard_counts_and_opens_the_list_behind_a_bar(sqlite_ctx):
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_rep(pilot, app)
        await pilot.press("ctrl+b")
        await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen) and app.screen.board is not None)
        assert app.screen.board.total == sum(row.count for row in app.screen.board.rows) >= 8
        await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PacketListScreen) and app.screen.table.row_count > 0)


def test_producers_never_reach_the_desk(sqlite_ctx):
    app = app_for(sqlite_ctx)
    assert app.check_action("find", ()) is False and app.check_action("dashboard", ()) is False


class TestDeskSnapshots:
    """Search, a packet opened by a rep and the dashboard, at 80x24 and 120x40."""

    @pytest.mark.parametrize("size", [(80, 24), (120, 40)])
    def test_search(self, sqlite_ctx, snap_compare, size):
        async def run_before(pilot):
            app = pilot.app
            await sign_in_rep(pilot, app)
            await pilot.press("ctrl+f")
            await type_text(pilot, "o")
            await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
            await pilot.press("ctrl+u")
            await type_text(pilot, "nguyen")
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.screen.table.row_count > 0)
            app.clear_notifications()

        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", [(80, 24), (120, 40)])
    def test_packet_opened_by_a_rep(self, sqlite_ctx, snap_compare, size):
        rep = accounts.staff_login(sqlite_ctx, "rep", "RepDesk#2026").actor
        desk.add_note(sqlite_ctx, rep, invitations.open_code(sqlite_ctx, TX).packet_id, "Verified NPN by phone.")

        async def run_before(pilot):
            app = pilot.app
            await sign_in_rep(pilot, app)
            await find_and_open(pilot, app, "nguyen")
            app.clear_notifications()

        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)

    @pytest.mark.parametrize("size", [(80, 24), (120, 40)])
    def test_dashboard(self, sqlite_ctx, snap_compare, size):
        async def run_before(pilot):
            app = pilot.app
            await sign_in_rep(pilot, app)
            await pilot.press("ctrl+b")
            await wait_until(pilot, lambda: isinstance(app.screen, DashboardScreen) and app.screen.board is not None)
            app.clear_notifications()

        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)


class TestSearchKeys:
    """After a search the rep keeps typing: keys reach the box, Ctrl+F selects it, results stay fresh."""

    async def test_typing_on_the_results_starts_a_new_query_and_never_opens_a_packet(self, sqlite_ctx):
        app = app_for(sqlite_ctx)
        async with app.run_test(size=SIZE) as pilot:
            await sign_in_rep(pilot, app)
            screen = await search(pilot, app, "nguyen")
            await type_text(pilot, "oneil")  # a new caller, typed straight away
            await pilot.press("enter")
            await wait_until(pilot, lambda: "Marisol O'Neil" in screen_text(app))
            assert app.screen is screen, "Enter ran the new query; it opened no packet"
            assert screen.box.value == "oneil"
            assert "José Nguyễn" not in screen_text(app)
            await pilot.press("backspace", "backspace")  # on the results again: Backspace edits the query
            assert app.focused is screen.box and screen.box.value == "one"

    async def test_arrows_and_enter_in_one_read_open_the_row_the_arrows_reached(self, sqlite_ctx):
        app = app_for(sqlite_ctx)
        async with app.run_test(size=SIZE) as pilot:
            await sign_in_rep(pilot, app)
            screen = await search(pilot, app, "da")
            assert screen.table.row_count >= 2
            wanted = screen.table.hits[1].key
            send_burst(app, ["down", "enter"])
            await wait_until(pilot, lambda: isinstance(app.screen, RepPacketScreen) and app.screen.view is not None)
            assert app.screen.view.key == wanted

    async def test_end_and_home_on_the_results_go_to_the_last_and_first_row(self, sqlite_ctx):
        app = app_for(sqlite_ctx)
        async with app.run_test(size=SIZE) as pilot:
            await sign_in_rep(pilot, app)
            screen = await search(pilot, app, "da")
            assert screen.table.row_count >= 2
            screen.table.focus()
            await pilot.press("end")
            assert screen.table.cursor_row == screen.table.row_count - 1 and screen.table.scroll_x == 0
            await pilot.press("home")
            assert screen.table.cursor_row == 0

    async def test_ctrl_f_selects_the_box_from_the_results(self, sqlite_ctx):
        app = app_for(sqlite_ctx)
        async with app.run_test(size=SIZE) as pilot:
            await sign_in_rep(pilot, app)
            screen = await search(pilot, app, "nguyen")
            await pilot.press("ctrl+f")
            await pilot.pause()
            assert app.screen is screen and app.focused is screen.box
            assert screen.box.selected_text == "nguyen"
            await type_text(pilot, "stone")  # replaces the selected query
            assert screen.box.value == "stone"

    async def test_ctrl_f_on_a_packet_opened_from_the_results_goes_back_to_the_box(self, sqlite_ctx):
        app = app_for(sqlite_ctx)
        async with app.run_test(size=SIZE) as pilot:
            await sign_in_rep(pilot, app)
            await find_and_open(pilot, app, "nguyen")
            search_screen, depth = app.screen_stack[-2], len(app.screen_stack)
            await pilot.press("ctrl+f")
            await wait_until(pilot, lambda: app.screen is search_screen and app.focused is search_screen.box)
            await pilot.pause()
            assert len(app.screen_stack) == depth - 1, "back to the same search, not a new one on top"
            assert app.focused is search_screen.box and search_screen.box.selected_text == "nguyen"
            await type_text(pilot, "oneil")
            await pilot.press("enter")
            await wait_until(pilot, lambda: "Marisol O'Neil" in screen_text(app))

    async def test_markup_in_a_name_shows_literally_and_a_long_paste_breaks_nothing(self, sqlite_ctx):
        from textual import events

        app = app_for(sqlite_ctx)
        async with app.run_test(size=SIZE) as pilot:
            await sign_in_rep(pilot, app)
            await pilot.press("ctrl+f")
            await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
            screen = app.screen
            await type_text(pilot, "stone")
            await pilot.press("enter")
            await wait_until(pilot, lambda: screen.table.row_count == 1)
            assert "Harriet [bold]St" in screen_text(app)  # the tag as typed, never applied
            await pilot.press("ctrl+f")
            screen.box.post_message(events.Paste("O'Neil [/] " * 1000))
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert len(screen.box.value) <= 120 and app.screen is screen  # the box keeps its limit
            await pilot.press("ctrl+f", *"o neil", "enter")  # and the screen still works
            await wait_until(pilot, lambda: "Marisol O'Neil" in screen_text(app))

    async def test_results_are_read_again_when_back_from_a_packet(self, sqlite_ctx):
        from core.kernel.db import writing
        from core.packets.models import Packet

        rep = accounts.staff_login(sqlite_ctx, "rep", "RepDesk#2026").actor
        opened = invitations.open_code(sqlite_ctx, TX)
        app = app_for(sqlite_ctx)
        async with app.run_test(size=SIZE) as pilot:
            await sign_in_rep(pilot, app)
            await find_and_open(pilot, app, "nguyen")
            search_screen = app.screen_stack[-2]
            before = search_screen.table.hits[0].status
            with writing(sqlite_ctx.engine) as session:  # meanwhile the producer sent the packet
                row = session.get(Packet, opened.packet_id)
                packets.set_status(session, sqlite_ctx, rep, row, "sent", "sent")
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is search_screen and search_screen.table.hits[0].status != before)
            assert search_screen.table.hits[0].key == opened.packet_key
            await wait_until(pilot, lambda: "Sent to" in screen_text(app))  # the status column, cut to its width
