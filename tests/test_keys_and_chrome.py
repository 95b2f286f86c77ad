"""Every key counts (issue 16): glyphs that say their state, the keymap file, the command palette, F1 help,
the terminal-too-small notice, and one confirmation before what cannot be undone."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.command import CommandPalette

from core.kernel.context import AppContext
from core.packets import packets
from tests.pilot_helpers import (
    SIZE,
    app_for,
    log_in,
    ready_producer,
    screen_text,
    type_text,
    wait_until,
)
from tests.test_desk_screens import sign_in_rep
from tests.test_onboarding_screens import NEW_PASSWORD, READY, open_as, producer
from tui.entry import EntryScreen
from tui.kit.confirm import ConfirmModal
from tui.kit.toggles import Box, RadioOption
from tui.kit.too_small import TooSmallScreen
from tui.packet.tabs import TabsScreen

NMOK = "DEMONMOK-NMOK2026"


class Boxes(App[None]):
    def compose(self) -> ComposeResult:
        yield Box("unchecked", id="off")
        yield Box("checked", value=True, id="on")
        yield RadioOption("not chosen", id="radio-off")
        yield RadioOption("chosen", value=True, id="radio-on")


async def test_a_box_says_checked_or_not_in_its_glyph_not_only_its_colour() -> None:
    async with Boxes().run_test(size=(40, 6)) as pilot:
        app = pilot.app
        glyph = {w.id: w._button.plain for w in app.query("Box, RadioOption").results()}
    assert glyph == {"off": "▐ ▌", "on": "▐X▌", "radio-off": "▐ ▌", "radio-on": "▐●▌"}


async def test_a_terminal_smaller_than_80x24_says_so_and_nothing_is_lost(sqlite_ctx: AppContext) -> None:
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await type_text(pilot, "DEMO")
        await pilot.resize_terminal(70, 20)
        await wait_until(pilot, lambda: isinstance(app.screen, TooSmallScreen))
        assert "needs at least 80x24 (this one is 70x20)" in " ".join(screen_text(app).split())
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen))
        assert app.screen.query_one("#code").value == "DEMO"  # type: ignore[attr-defined]


async def test_a_keymap_file_changes_a_key(sqlite_ctx: AppContext, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[keys]\nsave-exit = "ctrl+s"\n', encoding="utf-8")
    monkeypatch.setenv("PACKETDESK_KEYMAP", str(keymap))
    ready_producer(sqlite_ctx, NMOK, step="interview")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await log_in(pilot, step_id="interview")
        await pilot.press("f10")  # no longer Save & Exit
        await pilot.pause(0.2)
        assert not isinstance(app.screen, EntryScreen)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen))


async def test_an_unreadable_keymap_is_reported_and_the_default_keys_stay(
        sqlite_ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text("[keys\nsave-exit = ", encoding="utf-8")
    monkeypatch.setenv("PACKETDESK_KEYMAP", str(keymap))
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_until(pilot, lambda: any("could not be read" in str(n.message) for n in app._notifications))


async def test_the_command_palette_offers_this_screens_actions_and_never_a_screenshot(sqlite_ctx: AppContext) -> None:
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await wait_until(pilot, lambda: "Producer portal" in screen_text(app))
        text = screen_text(app)
        assert "Staff sign in" in text and "HCSC Producer Pro" in text
        await type_text(pilot, "screensh")
        await pilot.pause(0.3)
        assert "Screenshot" not in screen_text(app)


async def test_staff_find_and_open_a_packet_from_the_palette(sqlite_ctx: AppContext) -> None:
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_rep(pilot, app)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await type_text(pilot, "nguyen")
        await wait_until(pilot, lambda: "Open packet" in screen_text(app) and "Nguyễn" in screen_text(app), timeout=8)


async def test_f1_on_a_tab_says_what_the_focused_field_wants(sqlite_ctx: AppContext) -> None:
    producer(sqlite_ctx, looked_up=True)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_as(pilot, sqlite_ctx, READY.user_id, NEW_PASSWORD)
        await wait_until(pilot, lambda: isinstance(app.screen, TabsScreen) and app.focused is not None)
        label = app.screen.bodies["general"].form.rows[app.focused.id[2:]].spec.label  # type: ignore[union-attr, attr-defined]
        await pilot.press("f1")
        await wait_until(pilot, lambda: any(str(n.message).startswith(label) for n in app._notifications))


async def test_f4_gives_the_next_tabs_first_field_the_focus_at_once(sqlite_ctx: AppContext) -> None:
    producer(sqlite_ctx, looked_up=True)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_as(pilot, sqlite_ctx, READY.user_id, NEW_PASSWORD)
        screen = app.screen
        assert isinstance(screen, TabsScreen)
        await screen.action_next_tab()
        # No refresh in between: the key typed next already goes to the new tab.
        assert screen.active == "licenses" and app.focused is screen.bodies["licenses"].first_focus()


async def test_submitting_a_tabbed_application_asks_once(sqlite_ctx: AppContext) -> None:
    """Asked only when nothing is missing (else the list of what is); No changes nothing, y submits."""
    from core.onboarding.demo import complete_and_sign
    from core.packets import accounts as onboarding_access

    packet_id = producer(sqlite_ctx)
    outcome = onboarding_access.login(sqlite_ctx, "hcsc_onboarding", READY.user_id, NEW_PASSWORD, "HCSC")
    complete_and_sign(sqlite_ctx, outcome.actor, packet_id, READY.ssn, ["NM", "MT"])
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_as(pilot, sqlite_ctx, READY.user_id, NEW_PASSWORD)
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        key = packets.load(sqlite_ctx, app.actor, packet_id).key  # type: ignore[arg-type]
        assert f"Submit {key}?" in screen_text(app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, TabsScreen))
        assert packets.load(sqlite_ctx, app.actor, packet_id).status == "in_progress"  # type: ignore[arg-type]
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: "Status: HCSC Review" in screen_text(app))
    assert packets.load(sqlite_ctx, outcome.actor, packet_id).status != "in_progress"


async def test_the_demo_mailbox_opens_over_any_screen_and_esc_returns_with_nothing_lost(
    sqlite_ctx: AppContext,
) -> None:
    """Going back to the login screen to read a code sent a new one that voided it: Ctrl+O reads mail in place."""
    ready_producer(sqlite_ctx, NMOK, step="interview")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="interview")
        form_screen = app.screen
        await type_text(pilot, "zz")
        typed = str(app.focused.value)  # type: ignore[union-attr]
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: "Demo mailbox" in screen_text(app))
        await wait_until(pilot, lambda: "temporary pas" in screen_text(app))  # rows load in a worker
        await pilot.press("ctrl+o")  # a second press does not stack another mailbox
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is form_screen)
        assert str(app.focused.value) == typed and typed.endswith("zz")  # type: ignore[union-attr]
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: "Demo phone (text messages)" in screen_text(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is form_screen)


async def test_no_demo_mailbox_on_a_real_database(sqlite_ctx: AppContext) -> None:
    from tui.app import make_app

    app = make_app(sqlite_ctx, blink=False, demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = app.screen
        await pilot.press("ctrl+o", "ctrl+t")
        await pilot.pause(0.3)
        assert app.screen is start and "Demo mailbox" not in screen_text(app)


def shown_keys(app) -> list[str]:
    """Every key the screen offers in its footer, as the footer writes it ("f4 Unlock")."""
    return [f"{app.get_key_display(active.binding)} {active.binding.description}"
            for active in app.screen.active_bindings.values() if active.binding.show and active.enabled]


def footer_line(app) -> str:
    """The last line on screen, where the footer is ("" before the first frame)."""
    return (screen_text(app).rstrip("\n").splitlines() or [""])[-1]


async def test_an_admins_packet_footer_holds_every_key_at_80_columns_with_unlock_showing(sqlite_ctx: AppContext) -> None:
    from tests.test_desk_keys import open_packet, sign_in_staff
    from tests.test_staff import lock

    lock(sqlite_ctx, "DEMOIL-ILLINOIS26")
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_staff(pilot, app, "admin")
        await open_packet(pilot, app, "O'Neil")
        await wait_until(pilot, lambda: "f4 Unlock" in footer_line(app))
        keys = shown_keys(app)
        assert "f12 Typing" in keys and "^q Quit" in keys
        assert [key for key in keys if key not in footer_line(app)] == []


async def test_the_decide_dialog_shows_its_keys_in_a_footer(sqlite_ctx: AppContext) -> None:
    from core.packets.program import program
    from core.packets.review import rule_of
    from tui.packet.decision import DecisionModal

    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(DecisionModal("OB-2611-00008", "Priya Raman", rule_of(program("hcsc_onboarding"))))
        keys = ("esc Cancel", "f5 More info", "f6 Reject", "f7 In error", "f8 Approve")
        await wait_until(pilot, lambda: all(key in footer_line(app) for key in keys))
        assert [key for key in shown_keys(app) if key not in footer_line(app)] == []


@pytest.mark.parametrize("arrow", ["down", "right"])
async def test_arrows_then_space_typed_in_one_burst_choose_the_option_the_arrows_reached(
        sqlite_ctx: AppContext, arrow: str) -> None:
    """Keys arrive as one read over SSH or tmux: Space used to act before the arrows typed ahead of it."""
    from textual import events

    from tui.packet.adopt_signature import AdoptSignatureModal

    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(AdoptSignatureModal("Dana Whitfield-Ruiz", "DWR", ("script", "formal", "plain")))
        await wait_until(pilot, lambda: app.focused is not None and app.focused.id == "full-name")
        driver = app._driver
        assert driver is not None
        for key, character in (("tab", None), ("tab", None), (arrow, None), (arrow, None), ("space", " ")):
            event = events.Key(key, character)
            event.set_sender(app)
            driver.send_message(event)  # as the driver delivers a burst: all before any is handled
        await wait_until(pilot, lambda: "Preview: Dana Whitfield-Ruiz" in screen_text(app))
        assert app.screen.style == "plain"  # type: ignore[attr-defined]
