# mypy: disable-error-code="attr-defined"
"""Quote & Enroll's lists (drawn by tui/kit/record_list): saved quotes, and an application's tab after a change."""

from __future__ import annotations

from core.demo import demo_actor
from core.enrollment import applications as enrollment
from core.enrollment import quotes
from core.enrollment.quotes import QuoteInput, QuotePerson
from core.kernel.context import AppContext
from tests.helpers.ifm import family_answers
from tests.pilot_helpers import screen_text, wait_until
from tui.app import make_app
from tui.enrollment import QuoteEnrollScreen


async def test_quotes_list_says_when_empty_then_shows_a_saved_quote_and_enter_opens_it(sqlite_ctx: AppContext) -> None:
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(QuoteEnrollScreen(actor))
        await pilot.press("1")
        await wait_until(pilot, lambda: "No saved quotes yet" in screen_text(app))
        view = quotes.view_plans(sqlite_ctx, actor, QuoteInput("60606", (QuotePerson("primary", "03/14/1986", "Female"),),
                                                               first_name="Nora", last_name="Quist"))
        medical = next(q.plan.id for q in view.plans if q.plan.kind == "medical")
        saved = quotes.save(sqlite_ctx, actor, view, medical, "")
        await pilot.press("escape", "1")  # the list reads again when it is shown again
        await wait_until(pilot, lambda: saved.key in screen_text(app))
        text = screen_text(app)
        assert "Nora Quist" in text and "60606" in text and "No saved quotes yet" not in text
        await pilot.press("enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ReviewScreen")
        assert f"Quote {saved.key}" in screen_text(app)


async def test_applications_tabs_list_only_their_status(sqlite_ctx: AppContext) -> None:
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    started = enrollment.start(sqlite_ctx, actor, answers=family_answers(sqlite_ctx.clock.now().date(), last_name="Lister"))
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(QuoteEnrollScreen(actor))
        await pilot.press("3")
        await wait_until(pilot, lambda: "Applications ·" in screen_text(app))
        assert started.key not in screen_text(app)  # Completed: not submitted yet
        await pilot.press("f4")
        await wait_until(pilot, lambda: started.key in screen_text(app))
        await pilot.press("f5")
        await wait_until(pilot, lambda: started.key not in screen_text(app))
        assert app.screen.tab == "failed"


async def test_home_tiles_open_their_screens_with_enter(sqlite_ctx: AppContext) -> None:
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(QuoteEnrollScreen(actor))
        for tile, screen in (("#quotes", "QuotesScreen"), ("#new_quote", "NewQuoteScreen"), ("#enroll", "ApplicationsScreen")):
            await wait_until(pilot, lambda: type(app.screen).__name__ == "QuoteEnrollScreen")
            app.screen.query_one(tile).focus()
            await pilot.press("enter")
            await wait_until(pilot, lambda screen=screen: type(app.screen).__name__ == screen)
            await pilot.press("escape")
