"""Idle sign-out on every kind of screen: the session ends, what was typed is kept, nothing crashes.

Reproduced first: the rep's app crashed at the idle sign-out on a packet form opened from the desk
(no signed-in user when the form saved its draft).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.pilot import Pilot

from core.kernel.context import AppContext
from core.kernel.events import Actor
from core.packets import invitations, saving
from tests.pilot_helpers import (
    SIZE,
    app_for,
    code_after_sending,
    log_in,
    on_kind,
    ready_producer,
    screen_text,
    type_text,
    wait_until,
)
from tests.test_desk_screens import find_and_open, sign_in_rep
from tests.test_onboarding_screens import NEW_PASSWORD, READY, open_as, producer
from tui.entry import EntryScreen
from tui.packet.tabs import TabsScreen

NMOK = "DEMONMOK-NMOK2026"
TX = "DEMOTX-TEXAS2026"


async def idle_out(pilot: Pilot, ctx: AppContext) -> None:
    app = pilot.app
    ctx.clock.advance(timedelta(minutes=ctx.settings.idle_minutes + 1))  # type: ignore[attr-defined]
    app.check_idle_session()  # type: ignore[attr-defined]
    await wait_until(pilot, lambda: isinstance(app.screen, EntryScreen))
    assert app.actor is None  # type: ignore[attr-defined]


@pytest.mark.parametrize("step", ["interview", "review_sign", "print_packet"])
async def test_producer_wizard_steps(sqlite_ctx: AppContext, step: str) -> None:
    opened = ready_producer(sqlite_ctx, NMOK, step=step, sent=step == "print_packet")
    app = app_for(sqlite_ctx, code_after_sending(sqlite_ctx, opened) if step == "print_packet" else NMOK)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await log_in(pilot, step_id=step)
        if step == "interview":
            await type_text(pilot, "x")  # typed, not saved
        await pilot.pause(0.2)
        await idle_out(pilot, sqlite_ctx)
        await wait_until(pilot, lambda: "Signed out after" in screen_text(app))
    if step == "interview":
        drafts = saving.drafts_of(sqlite_ctx, Actor(opened.account_id, "producer"), opened.packet_id)
        assert drafts["interview"]["email"].endswith("x")


async def test_tabs(sqlite_ctx: AppContext) -> None:
    producer(sqlite_ctx, looked_up=True)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await open_as(pilot, sqlite_ctx, READY.user_id, NEW_PASSWORD)
        await wait_until(pilot, lambda: isinstance(app.screen, TabsScreen))
        await idle_out(pilot, sqlite_ctx)


async def test_staff_desk_and_a_packet_form_entered_for_the_producer(sqlite_ctx: AppContext) -> None:
    opened = invitations.open_code(sqlite_ctx, TX)
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_rep(pilot, app)
        await find_and_open(pilot, app, "nguyen")
        await pilot.press("enter")  # the first page: Interview Questions, on the producer's behalf
        await wait_until(pilot, lambda: on_kind(app, "form"))
        await type_text(pilot, "q")
        await pilot.pause(0.2)
        await idle_out(pilot, sqlite_ctx)
        assert "Welcome to Packetdesk" in screen_text(app)
    rep_drafts = [d for d in _all_drafts(sqlite_ctx, opened.packet_id) if d != opened.account_id]
    assert rep_drafts, "the rep's typing was kept as the rep's own draft"


def _all_drafts(ctx: AppContext, packet_id: int) -> list[int]:
    from sqlmodel import select

    from core.kernel.db import reading
    from core.packets.models import Draft

    with reading(ctx.engine) as session:
        return [d.account_id for d in session.exec(select(Draft).where(Draft.packet_id == packet_id)).all()]


async def test_staff_desk_home(sqlite_ctx: AppContext) -> None:
    app = app_for(sqlite_ctx)
    async with app.run_test(size=SIZE) as pilot:
        await sign_in_rep(pilot, app)
        await idle_out(pilot, sqlite_ctx)
