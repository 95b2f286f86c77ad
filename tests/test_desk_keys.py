"""The desk's keys the permission table gives only some roles: reset a typing pattern (admin) and
mark a sent Cigna packet processed (reviewer, admin). Issue 11: "the desk's missing keys (reset a
typing profile, mark a Cigna packet processed) use it"."""

from __future__ import annotations

from sqlmodel import select

from core.kernel.db import reading
from core.kernel.events import Event
from core.notify import outbox
from core.portal import typing_pattern
from core.portal.policy import policy
from tests.pilot_helpers import SIZE, app_for, screen_text, type_text, wait_until
from tests.portal_helpers import DELEGATE, Typist, latest_code, sign_in_by_email
from tests.test_cigna import interview, sign_all
from tests.test_desk_screens import search
from tui.desk.home import StaffHomeScreen
from tui.desk.rep_packet import RepPacketScreen
from tui.kit.confirm import ConfirmModal
from tui.kit.form_modal import FormModal
from tui.portal.code import CodeEntryScreen
from tui.portal.login import PortalLoginScreen
from tui.portal.typing import TypingScreen
from tui.portal.verify import VerifyChoiceScreen

STAFF = {"rep": "RepDesk#2026", "reviewer": "Review#2026", "admin": "Admin#2026"}


def footer(app) -> str:
    """The footer row: the last line on screen."""
    return screen_text(app).rstrip("\n").splitlines()[-1]


async def sign_in_staff(pilot, app, who: str) -> None:
    await pilot.press("f2")
    await type_text(pilot, who)
    await pilot.press("enter")
    await type_text(pilot, STAFF[who])
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, StaffHomeScreen) and app.screen.table.row_count > 0)


async def open_packet(pilot, app, query: str | None = None) -> RepPacketScreen:
    """The packet found by `query` (Ctrl+F), or the first one on the desk, opened with Enter."""
    if query:
        await search(pilot, app, query)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, RepPacketScreen) and app.screen.view is not None)
    screen = app.screen
    await pilot.pause()
    return screen


def enrolled_delegate(ctx) -> int:
    """Devi (a delegate) signs in and sets up her typing pattern, as the first login requires."""
    signed = sign_in_by_email(ctx)
    typist = Typist(11)
    typing_pattern.enroll(ctx, signed.actor, [typist.sample() for _ in range(policy().typing.enroll_samples)])
    assert typing_pattern.is_enrolled(ctx, signed.actor.account_id)
    return signed.actor.account_id


def sent_cigna_packet(ctx) -> None:
    """Dana's Cigna packet: interview answered, every document signed, sent to contracting."""
    opened, producer, _view = interview(ctx, "CIGNA5-LEVELFIVE")
    sign_all(ctx, producer, opened.packet_id)


async def test_admin_resets_a_typing_pattern_and_the_delegate_enrolls_again_at_next_login(sqlite_ctx):
    devi = enrolled_delegate(sqlite_ctx)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_staff(pilot, app, "admin")
        await open_packet(pilot, app)
        assert "f12 Typing" in footer(app)
        await pilot.press("f12")
        await wait_until(pilot, lambda: isinstance(app.screen, FormModal))
        await pilot.press("ctrl+u")
        await type_text(pilot, "dpatel2026")
        await pilot.press("enter")  # to Reason, left empty: Enter on the last field saves, and is refused
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Reason is required." in screen_text(app))
        assert isinstance(app.screen, FormModal)
        await type_text(pilot, "ticket 4471, caller verified by phone")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        assert "Reset the typing pattern of dpatel2026?" in screen_text(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: not typing_pattern.is_enrolled(sqlite_ctx, devi))
    with reading(sqlite_ctx.engine) as session:
        kinds = session.exec(select(Event.detail).where(Event.kind == "typing pattern reset")).all()
    assert any("ticket 4471, caller verified by phone" in detail for detail in kinds)

    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:  # Devi's next login asks for the three samples again
        await pilot.press("f7")
        await wait_until(pilot, lambda: isinstance(app.screen, PortalLoginScreen))
        await type_text(pilot, DELEGATE[0])
        await pilot.press("enter")
        await type_text(pilot, DELEGATE[1])
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, VerifyChoiceScreen))
        assert "not set up" in screen_text(app)  # the keyboard pattern is no longer offered as a way in
        await pilot.press("enter")  # email code
        await wait_until(pilot, lambda: isinstance(app.screen, CodeEntryScreen))
        await type_text(pilot, latest_code(sqlite_ctx, "devi.patel@example.com"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TypingScreen) and "(sample 1 of 3)" in screen_text(app))
        assert "Required at first login: type the sentence above 3 times" in screen_text(app)


async def test_a_rep_neither_sees_nor_can_use_the_admin_and_reviewer_keys(sqlite_ctx):
    devi = enrolled_delegate(sqlite_ctx)
    sent_cigna_packet(sqlite_ctx)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_staff(pilot, app, "rep")
        screen = await open_packet(pilot, app, "whitfield")
        assert screen.view.status == "sent"
        assert "f12" not in footer(app) and "Processed" not in footer(app)
        await pilot.press("f12", "f2")
        await pilot.pause(0.3)
        assert app.screen is screen  # no form, no question
    assert typing_pattern.is_enrolled(sqlite_ctx, devi)
    assert outbox.latest(sqlite_ctx, kind="appointments processed") is None


async def test_reviewer_marks_a_sent_cigna_packet_processed_and_the_producer_is_told_the_states(sqlite_ctx):
    sent_cigna_packet(sqlite_ctx)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_staff(pilot, app, "reviewer")
        screen = await open_packet(pilot, app, "whitfield")
        assert "Processed" in footer(app)
        assert "f12" not in footer(app)  # an admin's key only
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is screen and screen.view.status == "processed")
        await wait_until(pilot, lambda: "Processed" not in footer(app))  # done once: the key goes
    letter = outbox.latest(sqlite_ctx, kind="appointments processed")
    assert letter is not None and letter.to_address == "dana.whitfield@example.com"
    # The states her invitation pre-appoints her in (data/demo/roster.json: CIGNA5-LEVELFIVE, AL and TX).
    assert "AL  Alabama" in letter.body and "TX  Texas" in letter.body
