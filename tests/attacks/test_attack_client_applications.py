"""A client's application is a packet now: only the producer and the delegates they gave its state reach
it. Staff, a delegate without the state, a writing number that is not the actor's and a submitted
application's changes are refused in core, whatever screen asks."""

from __future__ import annotations

import pytest
from sqlmodel import select

from core.demo import demo_actor
from core.desk import search
from core.enrollment import applications as enrollment
from core.identity.models import Account
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.errors import NotAllowed, ValidationFailed
from core.kernel.events import Actor
from core.packets import progress
from core.packets.packets import PacketView
from tests.helpers.applications import general_answer, list_applications, save_step
from tests.helpers.ifm import family_answers

MONTANA = "330104417"
"""The demo producer's Montana writing number: no delegate was given Montana."""


def actor_of(ctx: AppContext, role: str) -> Actor:
    if role == "producer":
        found = demo_actor(ctx)
        assert found is not None
        return found
    with reading(ctx.engine) as session:
        account = session.exec(select(Account).where(Account.role == role)).first()
    assert account is not None and account.id is not None
    return Actor(account.id, role)


def started(ctx: AppContext, number: str = "") -> PacketView:
    answers = family_answers(ctx.clock.now().date())
    if number:
        answers["general"]["writing_number"] = number
    return enrollment.start(ctx, actor_of(ctx, "producer"), answers=answers)


@pytest.mark.parametrize("role", ["rep", "reviewer", "admin"])
def test_staff_can_neither_read_nor_change_a_clients_application(sqlite_ctx, role):
    view = started(sqlite_ctx)
    staff = actor_of(sqlite_ctx, role)
    with pytest.raises(NotAllowed):
        enrollment.load(sqlite_ctx, staff, view.id)
    with pytest.raises(NotAllowed):
        save_step(sqlite_ctx, staff, view.id, "applicant", {"first_name": "Mallory"}, view.version,
                             validate=False)
    assert enrollment.load(sqlite_ctx, actor_of(sqlite_ctx, "producer"), view.id).answers["applicant"]["first_name"] \
        != "Mallory"


def test_the_desk_never_lists_or_finds_an_application(sqlite_ctx):
    view = started(sqlite_ctx)
    rep = actor_of(sqlite_ctx, "rep")
    assert search.find(sqlite_ctx, rep, view.key).hits == []
    assert all(not h.key.startswith("A-") for h in search.find(sqlite_ctx, rep, "stone").hits)


def test_a_delegate_reaches_an_application_only_in_a_state_they_were_given(sqlite_ctx):
    helper = actor_of(sqlite_ctx, "delegate")
    illinois = started(sqlite_ctx)
    assert general_answer(enrollment.load(sqlite_ctx, helper, illinois.id), "state") == "IL"
    montana = started(sqlite_ctx, MONTANA)
    assert general_answer(montana, "state") == "MT"
    with pytest.raises(NotAllowed):
        enrollment.load(sqlite_ctx, helper, montana.id)
    with pytest.raises(NotAllowed):
        save_step(sqlite_ctx, helper, montana.id, "general", {"sep": "No"}, montana.version, validate=False)
    assert montana.id not in [v.id for v in list_applications(sqlite_ctx, helper, "incomplete")]


def test_a_writing_number_that_is_not_the_actors_does_not_move_the_application(sqlite_ctx):
    helper = actor_of(sqlite_ctx, "delegate")
    view = started(sqlite_ctx)
    general = dict(view.answers["general"], writing_number=MONTANA)
    with pytest.raises(ValidationFailed) as refused:
        save_step(sqlite_ctx, helper, view.id, "general", general, view.version)
    assert "writing_number" in refused.value.problems
    kept = save_step(sqlite_ctx, helper, view.id, "general", general, view.version, validate=False)
    assert general_answer(kept, "state") == "IL"  # an unchecked save keeps what was typed but not someone else's producer or state
    assert general_answer(enrollment.load(sqlite_ctx, actor_of(sqlite_ctx, "producer"), view.id), "state") == "IL"
    forged = dict(kept.answers["general"], state="MT", producer_name="Someone Else")  # what the number fills
    again = save_step(sqlite_ctx, helper, view.id, "general", forged, kept.version, validate=False)
    assert (general_answer(again, "state"), general_answer(again, "producer_name")) == ("IL", general_answer(view, "producer_name"))  # only core fills them


def test_a_submitted_application_cannot_be_changed(sqlite_ctx):
    producer = actor_of(sqlite_ctx, "producer")
    view = started(sqlite_ctx)
    done = progress.submit(sqlite_ctx, producer, view.id, view.version)
    assert done.status == "submitted"
    with pytest.raises(NotAllowed, match="submitted application"):
        save_step(sqlite_ctx, producer, done.id, "applicant", {"first_name": "Changed"}, done.version,
                             validate=False)


def test_a_delegate_starting_one_for_their_second_producer_files_it_under_that_producer(sqlite_ctx):
    """The delegate works for Stone first and Wei Li second: Wei's New Mexico number makes it Wei's."""
    helper = actor_of(sqlite_ctx, "delegate")
    answers = family_answers(sqlite_ctx.clock.now().date())
    answers["general"]["writing_number"] = "440201178"  # LI, WEI in New Mexico
    view = enrollment.start(sqlite_ctx, helper, answers=answers)
    assert (general_answer(view, "producer_name"), general_answer(view, "state")) == ("LI, WEI", "NM")
    with reading(sqlite_ctx.engine) as session:
        wei = session.exec(select(Account).where(Account.username == "weili2026")).one()
    assert enrollment.load(sqlite_ctx, Actor(wei.id or 0, "producer"), view.id).key == view.key
    with pytest.raises(NotAllowed):  # and not Stone's
        enrollment.load(sqlite_ctx, actor_of(sqlite_ctx, "producer"), view.id)
