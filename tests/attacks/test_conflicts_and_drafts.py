"""Nothing typed is lost, and nobody's save is silently overwritten (issue: trust).

Reproduced first: "Take theirs" restored your own values and the next Continue overwrote the
other person's save; a successful save deleted every draft of the page, other people's included;
one person's own two saves (an autosave landing after Next) conflicted with each other.
"""

from __future__ import annotations

import pytest
from sqlmodel import select

from core.identity import accounts
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.errors import Conflict
from core.kernel.events import Actor, Event
from core.packets import packets, saving
from core.packets.invitations import OpenedPacket
from tests.helpers.journey import NEW_PASSWORD, log_in_first_time
from tests.pilot_helpers import (
    SIZE,
    app_for,
    log_in,
    on_packet_step,
    ready_producer,
    screen_text,
    wait_until,
)
from tests.test_producer_flow import focus_field
from tui.kit.conflict import ConflictModal

NMOK = "DEMONMOK-NMOK2026"


def rep_for(ctx: AppContext, opened: OpenedPacket) -> Actor:
    rep = accounts.staff_login(ctx, "rep", "RepDesk#2026").actor
    return Actor(rep.account_id, rep.role, rep.login_id, on_behalf_of=opened.account_id)


def test_a_stale_save_is_refused_with_theirs_and_who_saved(demo_ctx: AppContext) -> None:
    opened, producer = log_in_first_time(demo_ctx, NMOK)
    view = packets.load(demo_ctx, producer.actor, opened.packet_id)
    rep = rep_for(demo_ctx, opened)
    packets.save_step(demo_ctx, rep, opened.packet_id, "interview", {**view.answers["interview"], "city": "Rep City"},
                      view.version)
    with pytest.raises(Conflict) as refused:
        saving.save(demo_ctx, producer.actor, opened.packet_id, "interview",
                    {**view.answers["interview"], "city": "Mine"}, view.version)
    assert refused.value.theirs["city"] == "Rep City"
    assert refused.value.saved_by == accounts.get(demo_ctx, rep.account_id).display_name
    assert packets.load(demo_ctx, producer.actor, opened.packet_id).answers["interview"]["city"] == "Rep City"


def test_one_sessions_own_saves_never_conflict(demo_ctx: AppContext) -> None:
    """An autosave that lands after Next carries the version from before Next: same session, no conflict."""
    opened, producer = log_in_first_time(demo_ctx, NMOK)
    view = packets.load(demo_ctx, producer.actor, opened.packet_id)
    base = view.version
    first = saving.save(demo_ctx, producer.actor, opened.packet_id, "interview",
                        {**view.answers["interview"], "title": "Agent"}, base).view
    late = saving.save(demo_ctx, producer.actor, opened.packet_id, "interview",
                       {**view.answers["interview"], "title": "Agent"}, base, complete=False).view
    assert late.version == first.version + 1
    # Someone else in between breaks the run: the same stale version is refused again.
    rep = rep_for(demo_ctx, opened)
    packets.save_step(demo_ctx, rep, opened.packet_id, "interview", {**late.answers["interview"], "city": "Taos"},
                      late.version)
    with pytest.raises(Conflict):
        saving.save(demo_ctx, producer.actor, opened.packet_id, "interview", late.answers["interview"], late.version)


def test_drafts_belong_to_one_person_and_a_refused_save_keeps_its_draft(demo_ctx: AppContext) -> None:
    opened, producer = log_in_first_time(demo_ctx, NMOK)
    view = packets.load(demo_ctx, producer.actor, opened.packet_id)
    rep = rep_for(demo_ctx, opened)
    rep_typing = {**view.answers["interview"], "city": "Rep typed this"}
    saving.save_draft(demo_ctx, rep, opened.packet_id, "interview", rep_typing)
    saving.save(demo_ctx, producer.actor, opened.packet_id, "interview", {**view.answers["interview"], "title": "Agent"},
                view.version)
    # The producer's save left the rep's draft alone.
    assert saving.load_draft(demo_ctx, rep, opened.packet_id, "interview") == rep_typing
    # The rep's save over the newer data is refused; what they typed stays as a draft.
    with pytest.raises(Conflict):
        saving.save(demo_ctx, rep, opened.packet_id, "interview", rep_typing, view.version)
    assert saving.load_draft(demo_ctx, rep, opened.packet_id, "interview") == rep_typing


def test_a_later_session_of_the_same_person_gets_the_draft_back(demo_ctx: AppContext) -> None:
    opened, producer = log_in_first_time(demo_ctx, NMOK)
    typed = {"city": "Typed before the connection dropped"}
    saving.save_draft(demo_ctx, producer.actor, opened.packet_id, "interview", typed)
    prog = packets.load(demo_ctx, producer.actor, opened.packet_id).program
    later = accounts.login(demo_ctx, opened.account_id, NEW_PASSWORD, prog.login_policy, service_phone="",
                           packet_id=opened.packet_id).actor
    assert later.login_id != producer.actor.login_id
    assert saving.load_draft(demo_ctx, later, opened.packet_id, "interview") == typed
    # Claimed by the new session: its own save then removes it, and it does not come back.
    view = packets.load(demo_ctx, later, opened.packet_id)
    saving.save(demo_ctx, later, opened.packet_id, "interview", view.answers["interview"], view.version)
    assert saving.load_draft(demo_ctx, later, opened.packet_id, "interview") is None


async def test_take_theirs_shows_theirs_and_the_next_save_keeps_them(sqlite_ctx: AppContext) -> None:
    opened = ready_producer(sqlite_ctx, NMOK, step="interview")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="interview")
        form = app.screen.body.form  # type: ignore[attr-defined]
        city = form.rows["city"].control
        city.value = "Mine"
        # Meanwhile a rep saves the same page.
        view = packets.load(sqlite_ctx, rep_for(sqlite_ctx, opened), opened.packet_id)
        packets.save_step(sqlite_ctx, rep_for(sqlite_ctx, opened), opened.packet_id, "interview",
                          {**view.answers["interview"], "city": "Theirs"}, view.version)
        await focus_field(pilot, "resident_phone")
        await pilot.press("enter")  # save: refused
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictModal))
        shown = screen_text(app)
        assert "Mine" in shown and "Theirs" in shown
        await pilot.click("#theirs")
        await wait_until(pilot, lambda: on_packet_step(app, "interview") and city.value == "Theirs")
        await focus_field(pilot, "resident_phone")
        await pilot.press("enter")  # a normal save of what is on screen
        await wait_until(pilot, lambda: on_packet_step(app, "review_sign"))
    saved = packets.load(sqlite_ctx, rep_for(sqlite_ctx, opened), opened.packet_id)
    assert saved.answers["interview"]["city"] == "Theirs"


async def test_double_enter_on_the_last_field_saves_once(sqlite_ctx: AppContext) -> None:
    opened = ready_producer(sqlite_ctx, NMOK, step="interview")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="interview")
        await focus_field(pilot, "resident_phone")
        await pilot.press("enter", "enter")
        await wait_until(pilot, lambda: on_packet_step(app, "review_sign"))
        await pilot.pause(0.5)
    with reading(sqlite_ctx.engine) as session:
        saves = session.exec(select(Event).where(Event.packet_id == opened.packet_id, Event.kind == "step saved")).all()
    assert len(saves) == 1


async def test_a_steady_typist_gets_drafts_while_still_typing(sqlite_ctx: AppContext) -> None:
    """Reproduced first: 18 keys typed 0.6 s apart, then kill -9, lost all 18 (autosave waited for a pause).

    Drafts are kept at most every 2 s while typing goes on, so with keys 0.6 s apart the draft is at
    most about 2 s (4 keys) behind the last key, and never empty while the person keeps typing.
    """
    opened = ready_producer(sqlite_ctx, NMOK, step="interview")
    producer = Actor(opened.account_id, "producer")
    app = app_for(sqlite_ctx, NMOK)
    async with app.run_test(size=SIZE) as pilot:
        await log_in(pilot, step_id="interview")
        await focus_field(pilot, "city")
        city = app.screen.focused
        typed = "abcdefghij"
        for key in typed:
            await pilot.press(key)
            await pilot.pause(0.6)
        # Still in the field, no pause longer than 0.6 s so far: a debounced autosave would have nothing.
        draft = saving.drafts_of(sqlite_ctx, producer, opened.packet_id).get("interview", {})
        value = str(city.value)  # type: ignore[union-attr]
        assert value.endswith(typed)
        kept = str(draft.get("city", ""))
        behind = len(value) - len(kept)
        assert value.startswith(kept) and kept, "no draft while the person kept typing"
        assert behind <= 2 / 0.6 + 1, f"the draft is {behind} keys behind (more than 2 s of typing)"
