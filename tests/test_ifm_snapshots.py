# mypy: disable-error-code="arg-type, attr-defined"
"""Pictures of Quote & Enroll at 80x24 and 120x40 on demo data with the fixture's fixed clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from sqlmodel import select
from textual.pilot import Pilot
from textual.screen import Screen

from core.demo import demo_actor
from core.enrollment import applications as enrollment
from core.enrollment import quotes
from core.enrollment.quotes import QuoteInput, QuotePerson
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.events import Actor
from core.packets.models import Packet
from tests.pilot_helpers import screen_text, wait_until
from tui.app import make_app
from tui.enrollment import (
    WIZARD,
    ApplicationDetailsScreen,
    ApplicationsScreen,
    PaymentScreen,
    QuoteEnrollScreen,
)
from tui.enrollment.plans import PlansScreen

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
INCOMPLETE = "A-0002"
"""The demo's saved application (a family of four in Illinois)."""


def app_id(ctx: AppContext, record_number: str) -> int:
    """An application's id (its packet's) by its record number."""
    with reading(ctx.engine) as session:
        return int(session.exec(select(Packet.id).where(Packet.key == record_number)).one())


def opened(ctx: AppContext, make: Callable[[Actor], Screen[None]], ready: str = "") -> Callable[[Pilot], Awaitable[None]]:
    """Push the screen `make` builds for the demo producer, wait for `ready` text, clear toasts."""

    async def run_before(pilot: Pilot) -> None:
        actor = demo_actor(ctx)
        assert actor is not None
        await pilot.app.push_screen(make(actor))
        if ready:
            await wait_until(pilot, lambda: ready in screen_text(pilot.app))
        await pilot.pause()
        pilot.app.clear_notifications()

    return run_before


def step(ctx: AppContext, index: int) -> Callable[[Actor], Screen[None]]:
    return lambda actor: WIZARD.screen_for(actor, enrollment.load(ctx, actor, app_id(ctx, INCOMPLETE)), index)


class TestWizardSteps:
    """Each of the six steps of the saved demo application."""

    @SIZES
    @pytest.mark.parametrize("index", range(6), ids=[f"step{i + 1}" for i in range(6)])
    def test_step(self, snap_compare, sqlite_ctx, size, index):
        ready = "Producer Name STONE" if index == 0 else "Monthly Premium"
        assert snap_compare(make_app(sqlite_ctx, blink=False, demo=True), terminal_size=size,
                            run_before=opened(sqlite_ctx, step(sqlite_ctx, index), ready))


class TestQuoteAndLists:
    """The home, View Plans, the application lists, details and payment."""

    @SIZES
    def test_home(self, snap_compare, sqlite_ctx, size):
        assert snap_compare(make_app(sqlite_ctx, blink=False, demo=True), terminal_size=size,
                            run_before=opened(sqlite_ctx, lambda a: QuoteEnrollScreen(a, "demo producer")))

    @SIZES
    def test_view_plans(self, snap_compare, sqlite_ctx, size):
        people = (QuotePerson("primary", "03/14/1986", "Female"), QuotePerson("child", "06/01/2014"))
        view = quotes.view_plans(sqlite_ctx, demo_actor(sqlite_ctx), QuoteInput("60606", people))
        assert snap_compare(make_app(sqlite_ctx, blink=False, demo=True), terminal_size=size,
                            run_before=opened(sqlite_ctx, lambda a: PlansScreen(a, view)))

    @SIZES
    def test_failed_list(self, snap_compare, sqlite_ctx, size):
        assert snap_compare(make_app(sqlite_ctx, blink=False, demo=True), terminal_size=size,
                            run_before=opened(sqlite_ctx, lambda a: ApplicationsScreen(a, "failed"), "A-0003"))

    @SIZES
    def test_details(self, snap_compare, sqlite_ctx, size):
        assert snap_compare(make_app(sqlite_ctx, blink=False, demo=True), terminal_size=size,
                            run_before=opened(sqlite_ctx, lambda a: ApplicationDetailsScreen(a, app_id(sqlite_ctx, "A-0001")), "A-0001"))

    @SIZES
    def test_payment(self, snap_compare, sqlite_ctx, size):
        assert snap_compare(make_app(sqlite_ctx, blink=False, demo=True), terminal_size=size,
                            run_before=opened(sqlite_ctx, lambda a: PaymentScreen(a, enrollment.load(sqlite_ctx, a, app_id(sqlite_ctx, "A-0001"))),
                                              "Current Balance"))


async def test_steps_fit_80x24(sqlite_ctx: AppContext) -> None:
    """At 80x24 the header keeps the premium and both plans, and no step cuts its footer keys."""
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        for index in range(6):
            await app.push_screen(WIZARD.screen_for(actor, enrollment.load(sqlite_ctx, actor, app_id(sqlite_ctx, INCOMPLETE)), index))
            await wait_until(pilot, lambda i=index: f"Enrollment · {i + 1}/6" in screen_text(app)
                             and "$1,773.29" in screen_text(app) and "f8 Next" in screen_text(app))
            lines = screen_text(app).splitlines()
            assert "Monthly Premium $1,773.29" in lines[1]
            assert "Blue Precision Silver HMO" in lines[2] and "BlueCare Dental 1D" in lines[2]
            footer = [line for line in lines if line.strip()][-1]
            assert "f8 Next" in footer and "f10 Save & Exit" in footer
            await app.pop_screen()
