"""Submit through a declared gateway (core/packets/progress.py, [submit] and [access] submit of
data/programs/ifm_enrollment.toml): who may submit, the version the person saw, every step's problems at
once, the gateway's refusal kept on the packet and a fixed application submitted again; migration 0113.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlmodel import col, select

from core.demo import demo_actor
from core.enrollment import applications as enrollment
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.errors import Conflict, NotAllowed, ValidationFailed
from core.kernel.events import Actor, Event
from core.packets import packets, progress
from core.packets.packets import PacketView
from core.packets.program import _submit
from tests.helpers import ifm_steps as steps
from tests.helpers.applications import save_step
from tests.helpers.ifm import family_answers
from tests.helpers.migrations import database_before, old_producer, upgrade_to
from tests.helpers.onboarding import staff
from tests.portal_helpers import DELEGATE, sign_in_by_email

SUBMITTED, FAILED = "ifm application submitted", "ifm submission failed"
REJECTED = "Carrier rejected the applicant record (test surname)."
"""The declared refusal ([[submit.refuse]] of data/programs/ifm_enrollment.toml) of the surnames Reject, Failtest."""


def _producer(ctx: AppContext) -> Actor:
    actor = demo_actor(ctx)
    assert actor is not None
    return actor


def _started(ctx: AppContext, actor: Actor, **kw: str) -> PacketView:
    return enrollment.start(ctx, actor, answers=family_answers(ctx.clock.now().date(), **kw))


def _events(ctx: AppContext, packet_id: int) -> list[tuple[str, str, int | None]]:
    with reading(ctx.engine) as session:
        rows = session.exec(select(Event).where(Event.packet_id == packet_id, col(Event.kind).in_((SUBMITTED, FAILED)))
                            .order_by(col(Event.id))).all()
    return [(e.kind, e.detail, e.account_id) for e in rows]


def test_a_delegate_submits_and_the_history_names_them(sqlite_ctx: AppContext) -> None:
    delegate = sign_in_by_email(sqlite_ctx, DELEGATE).actor
    view = _started(sqlite_ctx, delegate)
    done = progress.submit_outcome(sqlite_ctx, delegate, view.id, view.version)
    assert done.accepted and done.reasons == () and done.view.status == "submitted"
    assert done.view.submitted_at == sqlite_ctx.clock.now() and done.view.status_reason == ""
    assert _events(sqlite_ctx, view.id) == [(SUBMITTED, view.key, delegate.account_id)]
    assert view.expires_at is not None and done.view.expires_at is None  # a submitted record no longer expires


def test_staff_may_not_submit_an_application(demo_ctx: AppContext) -> None:
    view = _started(demo_ctx, _producer(demo_ctx))
    for role in ("rep", "reviewer", "admin"):
        with pytest.raises(NotAllowed):
            progress.submit_outcome(demo_ctx, staff(demo_ctx, role), view.id, view.version)
    assert packets.load(demo_ctx, _producer(demo_ctx), view.id).status == "incomplete"
    assert _events(demo_ctx, view.id) == []


def test_a_submitted_application_is_not_submitted_again(demo_ctx: AppContext) -> None:
    actor = _producer(demo_ctx)
    view = _started(demo_ctx, actor)
    done = progress.submit_outcome(demo_ctx, actor, view.id, view.version)
    with pytest.raises(NotAllowed, match="already submitted"):
        progress.submit_outcome(demo_ctx, actor, view.id, done.view.version)
    assert _events(demo_ctx, view.id) == [(SUBMITTED, view.key, actor.account_id)]


def test_a_stale_version_sends_nothing(demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    actor = _producer(demo_ctx)
    view = _started(demo_ctx, actor)
    sent: list[Any] = []
    gateway = progress.refusals
    monkeypatch.setattr(progress, "refusals", lambda v, today: sent.append(v) or gateway(v, today))
    assert actor.login_id is None  # no session of its own: any later save is someone else's
    saved = save_step(demo_ctx, actor, view.id, "applicant", view.answers["applicant"], view.version)
    with pytest.raises(Conflict) as conflict:
        progress.submit_outcome(demo_ctx, actor, view.id, view.version)
    assert conflict.value.current_version == saved.version and sent == []
    assert packets.load(demo_ctx, actor, view.id).status == "incomplete" and _events(demo_ctx, view.id) == []
    assert progress.submit_outcome(demo_ctx, actor, view.id, saved.version).accepted and len(sent) == 1


def test_every_steps_problems_at_once_keyed_by_step(demo_ctx: AppContext) -> None:
    actor = _producer(demo_ctx)
    answers = family_answers(demo_ctx.clock.now().date())
    answers["applicant"] = {"form_type": "Medical/Dental"}
    answers["household"]["members"][0].pop("birth_date")
    view = enrollment.start(demo_ctx, actor, answers=answers)
    with pytest.raises(ValidationFailed) as refused:
        progress.submit_outcome(demo_ctx, actor, view.id, view.version)
    problems = refused.value.problems
    assert problems == steps.all_problems(view.answers, demo_ctx.clock.now().date())
    assert {"applicant:first_name", "applicant:last_name", "applicant:birth_date"} <= set(problems)
    assert any(key.startswith("household:members") for key in problems)
    assert _events(demo_ctx, view.id) == []


def test_a_refusal_is_kept_then_the_fixed_application_is_submitted_again(demo_ctx: AppContext) -> None:
    actor = _producer(demo_ctx)
    view = _started(demo_ctx, actor, last_name="Reject")
    refused = progress.submit_outcome(demo_ctx, actor, view.id, view.version)
    assert not refused.accepted and refused.reasons == (REJECTED,)
    assert (refused.view.status, refused.view.status_reason) == ("failed", REJECTED)
    assert enrollment.load(demo_ctx, actor, view.id).status_reason == REJECTED
    again = progress.submit_outcome(demo_ctx, actor, view.id, refused.view.version)  # resent as it was: refused again
    assert again.view.status == "failed" and again.reasons == (REJECTED,)
    fixed = save_step(demo_ctx, actor, view.id, "applicant", dict(view.answers["applicant"], last_name="Okoro"),
                                 again.view.version)
    assert fixed.status == "incomplete" and fixed.status_reason == REJECTED  # the reason stays until it is accepted
    done = progress.submit_outcome(demo_ctx, actor, view.id, fixed.version)
    assert done.accepted and (done.view.status, done.view.status_reason) == ("submitted", "")
    assert [kind for kind, _, _ in _events(demo_ctx, view.id)] == [FAILED, FAILED, SUBMITTED]


def test_contracting_programs_keep_the_producer_in_person() -> None:
    from core.packets.program import programs

    for prog in programs().values():
        assert prog.access.get("submit", "packet.send") == "packet.send" and not prog.submit.gateway, prog.id


def test_a_gateway_needs_the_status_its_refusal_sets() -> None:
    with pytest.raises(ValueError, match="failed_status"):
        _submit({"gateway": "enrollment.gateway"})
    assert _submit({"gateway": "enrollment.gateway", "failed_status": "failed"}).failed_status == "failed"


# --- migration 0113: a refusal's reasons move from ifm_application to the packet -------------------

WHEN = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgres"])
def before_0113(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with database_before(request, tmp_path, "0113_submit_reason") as engine:
        yield engine


def test_migration_0113_moves_the_failure_reason_to_the_packet(before_0113: Engine) -> None:
    engine = before_0113
    producer_id, account_id = old_producer(engine, WHEN)
    ids = {"producer": producer_id, "account": account_id, "at": WHEN}
    with engine.begin() as connection:
        for number, (status, reason) in enumerate((("failed", "Plan not offered"), ("submitted", "")), 1):
            packet_id = connection.execute(text(
                "INSERT INTO packet (key, program, producer_id, account_id, status, version, current_step, answers_json, "
                f"created_at, updated_at) VALUES ('A-000{number}', 'ifm_enrollment', :producer, :account, '{status}', 2, "
                "'sign', '{}', :at, :at) RETURNING id"), ids).scalar_one()
            connection.execute(text(
                "INSERT INTO ifm_application (packet_id, record_number, client_app_id, created_by, "
                f"failure_reason) VALUES (:packet, 'A-000{number}', {1200 + number}, :account, :reason)"),
                {**ids, "packet": packet_id, "reason": reason})
        connection.execute(text(
            "INSERT INTO packet (key, program, producer_id, status, version, current_step, answers_json, created_at, "
            "updated_at) VALUES ('RC-1', 'bcbs_recontracting', :producer, 'sent', 1, 'interview', '{}', :at, :at)"), ids)
    upgrade_to(engine, "0113_submit_reason")
    with engine.connect() as connection:
        reasons = dict(connection.execute(text("SELECT key, status_reason FROM packet ORDER BY key")).all())
        columns = connection.execute(text("SELECT * FROM ifm_application")).keys()
    assert reasons == {"A-0001": "Plan not offered", "A-0002": "", "RC-1": ""}
    assert "failure_reason" not in columns


def test_the_carriers_declared_rules_refuse_with_their_own_words(demo_ctx: AppContext) -> None:
    """[[submit.refuse]]: a surname the carrier refuses, an effective date more than 60 days before the day it is
    sent, no plan (so no premium either); each says why, all at once. 60 days before is still accepted."""
    actor = _producer(demo_ctx)
    view = _started(demo_ctx, actor)
    today = demo_ctx.clock.now().date()
    long_ago = today - timedelta(days=61)
    answers = {**view.answers, "applicant": {**view.answers["applicant"], "last_name": "Reject"},
               "general": {**view.answers["general"], "effective_date": f"{long_ago:%m/%d/%Y}"},
               "plans": {**view.answers["plans"], "medical_plan_id": "", "dental_plan_id": ""}}
    reasons = progress.refusals(replace(packets.load(demo_ctx, actor, view.id), answers=answers), today)
    assert reasons == (REJECTED, "The effective date is more than 60 days in the past.",
                       "The medical plan is not offered in the applicant's home state.",
                       "The monthly premium must be more than zero.")
    sixty_days = {**view.answers, "general": {**view.answers["general"],
                                              "effective_date": f"{today - timedelta(days=60):%m/%d/%Y}"}}
    assert progress.refusals(replace(packets.load(demo_ctx, actor, view.id), answers=sixty_days), today) == ()


def test_a_registered_gateway_decides_in_place_of_the_declared_refusals(
    demo_ctx: AppContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """[submit] gateway: a carrier's API behind the registry's interface; its reasons are kept like the declared
    refusals' (which it replaces: a surname they refuse goes through when the gateway says yes)."""
    from core.forms import registry
    from core.packets.program import declared_programs, program

    seen: list[str] = []

    def carrier(view: PacketView, today: Any) -> Any:
        seen.append(view.key)
        refused = view.answers["applicant"]["last_name"] == "Okoro"
        return type("Verdict", (), {"accepted": not refused, "reasons": ("Carrier API: duplicate applicant.",) * refused})

    monkeypatch.setitem(registry._SUBMITTERS, "test.carrier", carrier)
    prog = program(enrollment.PROGRAM)
    monkeypatch.setitem(declared_programs(), prog.id, replace(prog, submit=replace(prog.submit, gateway="test.carrier")))
    actor = _producer(demo_ctx)
    refused = _started(demo_ctx, actor, last_name="Okoro")
    done = progress.submit_outcome(demo_ctx, actor, refused.id, refused.version)
    assert not done.accepted and done.view.status == "failed"
    assert done.view.status_reason == "Carrier API: duplicate applicant."
    passed = _started(demo_ctx, actor, last_name="Reject")  # the declared refusals would have refused it
    assert progress.submit_outcome(demo_ctx, actor, passed.id, passed.version).accepted
    assert seen == [refused.key, passed.key]
