"""Pictures of every producer screen at 80x24 (the smallest promised) and 120x40.

Each test brings the app to its screen with `run_before`, checks what matters in words first,
then compares the picture. Fixed clock, seeded ids, no cursor blink, notifications cleared.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from core.identity import accounts
from core.kernel.context import AppContext
from core.kernel.errors import LoginFailed
from core.kernel.events import Actor
from core.packets import packets, signing
from core.packets.signing import consent_code
from tests.helpers.journey import NEW_PASSWORD, PROGRAM, temporary_password
from tests.pilot_helpers import (
    app_for,
    code_after_sending,
    log_in,
    on_kind,
    ready_producer,
    screen_text,
    type_text,
    wait_until,
)
from tui.kit.confirm import ConfirmModal
from tui.kit.conflict import ConflictModal
from tui.packet.change_password import ChangePasswordScreen
from tui.packet.document import DocumentScreen
from tui.packet.locked import LockedScreen
from tui.packet.welcome import ProducerWelcomeScreen

IL = "DEMOIL-ILLINOIS26"  # Marisol O'Neil
TX = "DEMOTX-TEXAS2026"  # José Nguyễn
NMOK = "DEMONMOK-NMOK2026"  # Wei 李
ALL = "DEMOALL-FIVESTATES"  # Harriet [bold]Stone

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


async def settle(pilot: Pilot) -> None:
    """No toasts, nothing pending: the same picture every run."""
    pilot.app.clear_notifications()
    await pilot.pause()


async def welcome_opened(pilot: Pilot) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, ProducerWelcomeScreen) and app.screen.opened)


def shown(pilot: Pilot) -> str:
    return screen_text(pilot.app)


class TestEntry:
    """The first screen: the invitation code."""

    @SIZES
    def test_entry(self, snap_compare, sqlite_ctx, size):
        async def run_before(pilot: Pilot) -> None:
            assert "enter the invitation code" in shown(pilot)
            await settle(pilot)

        assert snap_compare(app_for(sqlite_ctx), terminal_size=size, run_before=run_before)


class TestWelcome:
    """The packet's welcome page after Get My Password."""

    @SIZES
    def test_after_get_my_password(self, snap_compare, sqlite_ctx, size):
        async def run_before(pilot: Pilot) -> None:
            await welcome_opened(pilot)
            await pilot.press("f3")
            await wait_until(pilot, lambda: "emailed to" in shown(pilot))
            assert temporary_password(sqlite_ctx, "jose.nguyen@example.com")
            await settle(pilot)

        assert snap_compare(app_for(sqlite_ctx, TX), terminal_size=size, run_before=run_before)


class TestChangePassword:
    """Choosing a password, rules ticked as they are met."""

    @SIZES
    def test_partly_typed(self, snap_compare, sqlite_ctx, size):
        async def run_before(pilot: Pilot) -> None:
            app = pilot.app
            await welcome_opened(pilot)
            await pilot.press("f3")
            await wait_until(pilot, lambda: "emailed to" in shown(pilot))
            await type_text(pilot, temporary_password(sqlite_ctx, "wei.li@example.com"))
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, ChangePasswordScreen))
            await type_text(pilot, "Ab1")
            assert "✓ Password must contain at least one numeric character." in shown(pilot)
            assert "✗ Password must be at least 6 characters long." in shown(pilot)
            await settle(pilot)

        assert snap_compare(app_for(sqlite_ctx, NMOK), terminal_size=size, run_before=run_before)


class TestLocked:
    """The account locked after the fourth wrong password."""

    @SIZES
    def test_locked(self, snap_compare, sqlite_ctx, size):
        opened = ready_producer(sqlite_ctx, IL)
        for _ in range(3):
            with pytest.raises(LoginFailed, match="not correct"):
                accounts.login(sqlite_ctx, opened.account_id, "Wrong1x", PROGRAM.login_policy, service_phone="855-782-4272")

        async def run_before(pilot: Pilot) -> None:
            await welcome_opened(pilot)
            await type_text(pilot, "Wrong1x")
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, LockedScreen))
            assert "855-782-4272" in shown(pilot)
            await settle(pilot)

        assert snap_compare(app_for(sqlite_ctx, IL), terminal_size=size, run_before=run_before)


class TestGettingStarted:
    """The information page before the Interview."""

    @SIZES
    def test_getting_started(self, snap_compare, sqlite_ctx, size):
        ready_producer(sqlite_ctx, TX)

        async def run_before(pilot: Pilot) -> None:
            await log_in(pilot, step_id="getting_started")
            assert "José Nguyễn" in pilot.app.screen.view.producer_name
            await settle(pilot)

        assert snap_compare(app_for(sqlite_ctx, TX), terminal_size=size, run_before=run_before)


class TestInterview:
    """The Interview with a field error; the name with markup characters shown literally."""

    @SIZES
    def test_with_a_field_error(self, snap_compare, sqlite_ctx, size):
        ready_producer(sqlite_ctx, ALL, step="interview")

        async def run_before(pilot: Pilot) -> None:
            app = pilot.app
            await log_in(pilot, step_id="interview")
            assert app.focused is app.screen.query_one("#f-email", Input)
            await pilot.press("ctrl+u")
            await type_text(pilot, "harriet.stone@")
            message = "Email Address: enter an address like name@example.com."
            assert str(app.screen.body.form.rows["email"].error.content) == message
            await wait_until(pilot, lambda: "enter an address like" in shown(pilot))  # the message wraps at 80 columns
            assert "[bold]Stone" in shown(pilot) and "•••••4471" in shown(pilot)
            await settle(pilot)

        assert snap_compare(app_for(sqlite_ctx, ALL), terminal_size=size, run_before=run_before)


class TestReviewAndSign:
    """Review and Sign: the consent with its code, then the list once signed."""

    @SIZES
    def test_before_consent_scrolled_to_the_code(self, snap_compare, sqlite_ctx, size):
        ready_producer(sqlite_ctx, NMOK, step="review_sign")

        async def run_before(pilot: Pilot) -> None:
            app = pilot.app
            await log_in(pilot, step_id="review_sign")
            await wait_until(pilot, lambda: app.screen.body.table.row_count == 3)
            code = consent_code(app.screen.body.consent_text)
            await wait_until(pilot, lambda: f"Confirmation code: {code}" in shown(pilot))
            assert app.focused is app.screen.query_one("#consent-code", Input)
            await settle(pilot)

        assert snap_compare(app_for(sqlite_ctx, NMOK), terminal_size=size, run_before=run_before)

    @SIZES
    def test_after_signing(self, snap_compare, sqlite_ctx, size):
        ready_producer(sqlite_ctx, TX, signed=True)

        async def run_before(pilot: Pilot) -> None:
            app = pilot.app
            await log_in(pilot, step_id="review_sign")
            await wait_until(pilot, lambda: "Signed (1 of 1)" in shown(pilot))
            assert not app.screen.query_one("#consent-box").display
            await settle(pilot)

        assert snap_compare(app_for(sqlite_ctx, TX), terminal_size=size, run_before=run_before)


class TestDocument:
    """The Producer Agreement, unsigned, as the producer reads it."""

    @SIZES
    def test_agreement_unsigned(self, snap_compare, sqlite_ctx, size):
        ready_producer(sqlite_ctx, ALL, step="review_sign")

        async def run_before(pilot: Pilot) -> None:
            app = pilot.app
            await log_in(pilot, step_id="review_sign")
            await wait_until(pilot, lambda: on_kind(app, 'documents') and app.screen.body.table.row_count)
            await type_text(pilot, consent_code(app.screen.body.consent_text))
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, DocumentScreen))
            assert app.screen.state.spec.id == "producer_agreement" and not app.screen.state.done
            assert "Producer: Harriet [bold]Stone" in str(app.screen.query_one("#document-text", Static).content)
            await settle(pilot)

        assert snap_compare(app_for(sqlite_ctx, ALL), terminal_size=size, run_before=run_before)


class TestSendRequest:
    """The last look before Send Now."""

    @SIZES
    def test_send_request(self, snap_compare, sqlite_ctx, size):
        ready_producer(sqlite_ctx, NMOK, signed=True, step="send_request")

        async def run_before(pilot: Pilot) -> None:
            await log_in(pilot, step_id="send_request")
            await wait_until(pilot, lambda: "✓ NM Addendum" in shown(pilot))
            await settle(pilot)

        assert snap_compare(app_for(sqlite_ctx, NMOK), terminal_size=size, run_before=run_before)


class TestPrintPacket:
    """Print Packet once the Home Office countersigned: fully executed."""

    @SIZES
    def test_after_countersign(self, snap_compare, sqlite_ctx, size):
        opened = ready_producer(sqlite_ctx, TX, sent=True)
        reviewer = accounts.staff_login(sqlite_ctx, "reviewer", "Review#2026")
        signing.countersign(sqlite_ctx, reviewer.actor, opened.packet_id)

        async def run_before(pilot: Pilot) -> None:
            app = pilot.app
            await log_in(pilot, step_id="print_packet")
            await wait_until(pilot, lambda: on_kind(app, 'print') and app.screen.body.table.row_count)
            assert str(app.screen.body.table.get_row_at(0)[2]) == "José Nguyễn, Rita Reviewer"
            assert "Status: Fully Executed" in shown(pilot)
            await settle(pilot)

        assert snap_compare(app_for(sqlite_ctx, code_after_sending(sqlite_ctx, opened)), terminal_size=size, run_before=run_before)


class TestTakeOver:
    """Asked when the packet is already open in another session."""

    @SIZES
    def test_take_over_modal(self, snap_compare, sqlite_ctx, size):
        opened = ready_producer(sqlite_ctx, ALL, step="interview")
        accounts.login(sqlite_ctx, opened.account_id, NEW_PASSWORD, PROGRAM.login_policy,
                       service_phone="855-782-4272", packet_id=opened.packet_id)

        async def run_before(pilot: Pilot) -> None:
            await welcome_opened(pilot)
            await type_text(pilot, NEW_PASSWORD)
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmModal))
            assert "Open by Harriet [bold]Stone on testhost" in shown(pilot)
            await settle(pilot)

        assert snap_compare(app_for(sqlite_ctx, ALL), terminal_size=size, run_before=run_before)


class TestConflict:
    """A save refused because a rep saved the step after the screen loaded."""

    @SIZES
    def test_conflict_modal(self, snap_compare, sqlite_ctx, size):
        opened = ready_producer(sqlite_ctx, NMOK, step="interview")
        rep = accounts.staff_login(sqlite_ctx, "rep", "RepDesk#2026").actor

        async def run_before(pilot: Pilot) -> None:
            app = pilot.app
            await log_in(pilot, step_id="interview")
            rep_save(sqlite_ctx, rep, opened.packet_id, city="Santa Fe")
            city = app.screen.query_one("#f-city", Input)
            city.focus()
            await pilot.press("ctrl+u")
            await type_text(pilot, "Los Alamos")
            while app.focused is not app.screen.body.form.inputs[-1]:
                await pilot.press("tab")
            await pilot.press("enter")  # Enter on the last field saves: refused
            await wait_until(pilot, lambda: isinstance(app.screen, ConflictModal))
            assert "Los Alamos" in shown(pilot) and "Santa Fe" in shown(pilot)
            await settle(pilot)

        assert snap_compare(app_for(sqlite_ctx, NMOK), terminal_size=size, run_before=run_before)


def rep_save(ctx: AppContext, rep: Actor, packet_id: int, **changes: str) -> None:
    """A service-center rep saves the Interview (another actor, another version)."""
    view = packets.load(ctx, rep, packet_id)
    packets.save_step(ctx, rep, packet_id, "interview", {**view.answers["interview"], **changes}, view.version)



class TestCutOffAt80x24:
    """What a person needs must not be cut off at 80x24."""

    async def test_top_line_keeps_the_producers_name(self, sqlite_ctx):
        ready_producer(sqlite_ctx, ALL, step="interview")
        app = app_for(sqlite_ctx, ALL)
        async with app.run_test(size=(80, 24)) as pilot:
            await log_in(pilot, step_id="interview")
            top = screen_text(app).splitlines()[0]
            assert "Harriet" in top or "…" in top, top

    async def test_print_packet_shows_both_signers(self, sqlite_ctx):
        opened = ready_producer(sqlite_ctx, TX, sent=True)
        reviewer = accounts.staff_login(sqlite_ctx, "reviewer", "Review#2026")
        signing.countersign(sqlite_ctx, reviewer.actor, opened.packet_id)
        app = app_for(sqlite_ctx, code_after_sending(sqlite_ctx, opened))
        async with app.run_test(size=(80, 24)) as pilot:
            await log_in(pilot, step_id="print_packet")
            await wait_until(pilot, lambda: "Signed" in shown(pilot))
            assert "José Nguyễn, Rita Reviewer" in shown(pilot)
