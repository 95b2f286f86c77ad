# mypy: disable-error-code="arg-type, attr-defined"
"""Two sessions on one IFM application: the second save shows the one conflict screen, side by side."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from core.demo import demo_actor
from core.enrollment import applications as enrollment
from core.kernel.context import AppContext
from tests.helpers.applications import save_step
from tests.helpers.ifm import family_answers
from tests.pilot_helpers import screen_text, wait_until
from tui.app import make_app
from tui.enrollment import WIZARD
from tui.kit.conflict import ConflictModal


async def _typed_over_their_save(pilot, app, ctx: AppContext, actor, view) -> None:
    """This session opens Authorization and Applicant; the other saves a new last name; this one types its own."""
    await app.push_screen(WIZARD.screen_for(actor, enrollment.load(ctx, actor, view.id), 1))
    await wait_until(pilot, lambda: getattr(app.screen, "step_id", "") == "applicant" and app.screen.focused is not None)
    other = enrollment.load(ctx, actor, view.id)  # the other session (another terminal) saves first
    save_step(ctx, actor, view.id, "applicant", {**other.answers["applicant"], "last_name": "O'Neil"},
                         other.version, validate=False)
    box = app.screen.query_one("#f-last_name", Input)
    box.focus()
    box.value = ""
    await pilot.press(*"Nguyễn")
    await pilot.press("f10")  # Save & Exit: refused, the conflict screen opens
    await wait_until(pilot, lambda: isinstance(app.screen, ConflictModal))


@pytest.fixture
def started(sqlite_ctx: AppContext, monkeypatch):
    import tui.kit.saver as saver

    monkeypatch.setattr(saver, "DRAFT_EVERY", 600.0)  # only the keys below save
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    answers = family_answers(sqlite_ctx.clock.now().date())
    return actor, enrollment.start(sqlite_ctx, actor, answers=answers)


async def test_the_second_save_shows_both_values_and_take_theirs_shows_theirs(sqlite_ctx: AppContext, started) -> None:
    actor, view = started
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _typed_over_their_save(pilot, app, sqlite_ctx, actor, view)
        rows = [line for line in screen_text(app).splitlines() if "Last Name" in line and "O'Neil" in line]
        assert rows, "the conflict screen lists Last Name with their value"
        mine, theirs = rows[0].index("Nguyễn"), rows[0].index("O'Neil")
        assert mine < theirs  # side by side on one row: "You typed", then "Saved by ..."
        await pilot.click("#theirs")
        await wait_until(pilot, lambda: getattr(app.screen, "step_id", "") == "applicant"
                         and app.screen.query_one("#f-last_name", Input).value == "O'Neil")
    assert enrollment.load(sqlite_ctx, actor, view.id).answers["applicant"]["last_name"] == "O'Neil"


async def test_save_mine_knowingly_keeps_what_was_typed(sqlite_ctx: AppContext, started) -> None:
    actor, view = started
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _typed_over_their_save(pilot, app, sqlite_ctx, actor, view)
        await pilot.click("#mine")
        await wait_until(pilot, lambda: "your entries replaced theirs" in screen_text(app))
        assert app.screen.query_one("#f-last_name", Input).value == "Nguyễn"
    assert enrollment.load(sqlite_ctx, actor, view.id).answers["applicant"]["last_name"] == "Nguyễn"


async def test_keep_editing_keeps_the_typing_and_overwrites_nothing(sqlite_ctx: AppContext, started) -> None:
    actor, view = started
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await _typed_over_their_save(pilot, app, sqlite_ctx, actor, view)
        await pilot.press("escape")
        await wait_until(pilot, lambda: getattr(app.screen, "step_id", "") == "applicant")
        assert app.screen.query_one("#f-last_name", Input).value == "Nguyễn"
    assert enrollment.load(sqlite_ctx, actor, view.id).answers["applicant"]["last_name"] == "O'Neil"
