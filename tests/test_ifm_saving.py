# mypy: disable-error-code="attr-defined"
"""The IFM enrollment wizard on the one save path (tui/kit/saver.py), as the packet programs are:
drafts while typing, one save per key however often it is pressed, and nothing typed lost on a hang-up."""

from __future__ import annotations

import time

from sqlmodel import select
from textual.widgets import Input

from core.enrollment import applications as enrollment
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.events import Event
from core.packets import saving
from tests.helpers.ifm import family_answers, ifm_step
from tests.helpers.ifm_steps import DECLARED
from tests.pilot_helpers import wait_until


def on(app: object, name: str) -> bool:
    return type(app.screen).__name__ == name  # type: ignore[attr-defined]


def steps_saved(ctx: AppContext, app_id: int) -> list[str]:
    """The steps saved, oldest first, from the packet's history ("step saved", detail "Step title: fields")."""
    titles = {s.title: s.id for s in DECLARED.values()}
    with reading(ctx.engine) as session:
        rows = session.exec(select(Event).where(Event.kind == "step saved", Event.packet_id == app_id)
                            .order_by(Event.id)).all()
    return [titles[row.detail.split(":", 1)[0]] for row in rows]


async def test_a_steady_typist_gets_drafts_while_still_typing(sqlite_ctx: AppContext) -> None:
    """Keys 0.6 s apart never pause long enough for a debounced autosave; drafts come at most every
    2 s while typing goes on, so the application is at most about 2 s (4 keys) behind the last key."""
    async with ifm_step(sqlite_ctx, 1, answers=family_answers(sqlite_ctx.clock.now().date())) as opened:
        app, pilot, actor, view = opened.app, opened.pilot, opened.actor, opened.view
        box = app.screen.query_one("#f-city", Input)
        box.focus()
        await pilot.press("end")
        typed = "abcdefghij"
        for key in typed:
            await pilot.press(key)
            await pilot.pause(0.6)
        # Still in the field, no pause longer than 0.6 s so far.
        value = box.value
        assert value.endswith(typed)
        kept = str(enrollment.load(sqlite_ctx, actor, view.id).answers["applicant"].get("city", ""))
        behind = len(value) - len(kept)
        assert value.startswith(kept) and kept != view.answers["applicant"]["city"], "no draft while typing"
        assert behind <= 2 / 0.6 + 1, f"the application is {behind} keys behind (more than 2 s of typing)"


async def test_next_pressed_twice_saves_the_step_once(sqlite_ctx: AppContext, monkeypatch) -> None:
    """A double F8 on a slow machine: the second press joins the save already running, so the step is
    saved once and the wizard moves one step, not two."""
    real_save = saving.save

    def slow_save(*args, **kwargs):  # a loaded machine: each save takes 0.3 s
        time.sleep(0.3)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(saving, "save", slow_save)
    async with ifm_step(sqlite_ctx, 1, answers=family_answers(sqlite_ctx.clock.now().date())) as opened:
        app, pilot, view = opened.app, opened.pilot, opened.view
        await pilot.press("f8", "f8")
        await wait_until(pilot, lambda: getattr(app.screen, "STEP", -1) == 2)  # HRA, Identity, Spouse and Dependents
        await pilot.pause(1.0)  # let a second save, if any, land
        assert getattr(app.screen, "STEP", -1) == 2
    assert steps_saved(sqlite_ctx, view.id) == ["applicant"]


async def test_a_hang_up_keeps_what_was_typed(sqlite_ctx: AppContext, monkeypatch) -> None:
    """SIGHUP, SIGTERM, idle sign-out and a crash call save_draft_now: the typed name is in the
    application, though no draft was due yet and nothing was saved by a key."""
    import tui.kit.saver as saver

    monkeypatch.setattr(saver, "DRAFT_EVERY", 600.0)  # no timed draft: only the hang-up keeps it
    async with ifm_step(sqlite_ctx, 1, answers=family_answers(sqlite_ctx.clock.now().date())) as opened:
        app, pilot, actor, view = opened.app, opened.pilot, opened.actor, opened.view
        box = app.screen.query_one("#f-last_name", Input)
        box.focus()
        await wait_until(pilot, lambda: app.focused is box)  # the field left before has blurred (clean: no draft)
        box.value = ""
        await pilot.press(*"O'Neil [bold]")
        await wait_until(pilot, lambda: box.value == "O'Neil [bold]")
        assert enrollment.load(sqlite_ctx, actor, view.id).version == view.version  # nothing saved yet
        app.save_draft_now()
    stored = enrollment.load(sqlite_ctx, actor, view.id)
    assert stored.answers["applicant"]["last_name"] == "O'Neil [bold]"
    assert stored.answers["applicant"]["first_name"] == view.answers["applicant"]["first_name"]
