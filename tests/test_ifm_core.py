"""IFM enrollment services on SQLite and PostgreSQL: quotes, the wizard's saves, submission, payment, access."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from core.demo import demo_actor
from core.enrollment import access as enrollment_access
from core.enrollment import applications as enrollment
from core.enrollment import catalog, quotes
from core.enrollment.quotes import OnExchange, QuoteInput, QuotePerson
from core.identity.models import Account
from core.kernel.context import AppContext
from core.kernel.db import reading
from core.kernel.errors import Conflict, NotAllowed, ValidationFailed
from core.kernel.events import Actor
from core.packets import packet_pdf, packets, progress, records
from core.packets.packets import PacketView
from core.packets.program import program
from core.payments import packet as payments
from core.payments.details import PaymentDetails
from core.payments.models import PacketPayment
from tests.helpers.applications import (
    general_answer,
    list_applications,
    payment_status,
    pricing,
    save_step,
    step_number,
    total,
)
from tests.helpers.ifm import family_answers


def producer(ctx: AppContext) -> Actor:
    actor = demo_actor(ctx)
    assert actor is not None
    return actor


def delegate(ctx: AppContext) -> Actor:
    with reading(ctx.engine) as session:
        account = session.exec(select(Account).where(Account.role == "delegate")).first()
    assert account is not None and account.id is not None
    return Actor(account.id, "delegate")


def submitted_family(ctx: AppContext, **kw: str) -> PacketView:
    actor = producer(ctx)
    view = enrollment.start(ctx, actor, answers=family_answers(ctx.clock.now().date(), **kw))
    progress.submit_outcome(ctx, actor, view.id, view.version)
    return enrollment.load(ctx, actor, view.id)


def test_demo_lists(demo_ctx):
    actor = producer(demo_ctx)
    assert [r.key for r in list_applications(demo_ctx, actor, "submitted")] == ["A-0001"]
    incomplete = list_applications(demo_ctx, actor, "incomplete")
    assert incomplete[0].expires_at == incomplete[0].updated_at + timedelta(days=90)
    failed = list_applications(demo_ctx, actor, "failed")
    assert failed[0].key == "A-0003"
    assert "test surname" in enrollment.load(demo_ctx, actor, failed[0].id).status_reason


def test_family_of_four_submitted_and_paid_by_card(demo_ctx):
    view = submitted_family(demo_ctx, last_name="Nakamura")
    assert view.status == "submitted" and view.key == "A-0004" and payment_status(view) == "Pending"
    assert pricing(demo_ctx, view).total == pricing(demo_ctx, view).medical + pricing(demo_ctx, view).dental  # type: ignore[operator]
    actor = producer(demo_ctx)
    details = PaymentDetails("card", total(demo_ctx, view), demo_ctx.clock.now().date(), True,
                             card_number="4111 1111 1111 1111", expiry="12/29", name="Jessica Nakamura")
    with pytest.raises(ValidationFailed):
        payments.take(demo_ctx, actor, view.id, details, agreement=False)
    result = payments.take(demo_ctx, actor, view.id, details, agreement=True)
    assert result.brand == "Visa" and result.last4 == "1111" and result.confirmation.startswith("P")
    with reading(demo_ctx.engine) as session:
        stored = session.exec(select(PacketPayment)).one()
    assert stored.routing_enc is None and stored.account_enc is None and stored.last4 == "1111"
    assert stored.packet_id == view.id and stored.amount_cents == int(total(demo_ctx, view) * 100)
    assert "4111111111111111" not in repr(stored.model_dump())
    assert payment_status(enrollment.load(demo_ctx, actor, view.id)) == "Successful"
    assert packet_pdf.pdf_bytes(demo_ctx, actor, view.id).startswith(b"%PDF")
    text = packet_pdf.document(packets.load(demo_ctx, actor, view.id)).text
    assert "Nakamura" in text and "Blue Precision Silver HMO" in text
    # Only the producer used the application: no signature line for an applicant who never signed in it (issue 14).
    assert "[signature line: applicant]" not in text and "Applicant's signature: on the paper application" in text


def test_saved_then_resumed_with_version_check(demo_ctx):
    actor = producer(demo_ctx)
    answers = family_answers(demo_ctx.clock.now().date())
    view = enrollment.start(demo_ctx, actor, answers={**records.blank_answers(enrollment.PROGRAM), "general": answers["general"]})
    saved = save_step(demo_ctx, actor, view.id, "applicant", {"first_name": "Half"}, view.version,
                                 validate=False, go_to=2)
    assert step_number(saved) == 2 and saved.status == "incomplete"
    with pytest.raises(Conflict):
        save_step(demo_ctx, actor, view.id, "applicant", {"first_name": "Stale"}, view.version, validate=False)
    with pytest.raises(ValidationFailed) as problems:
        save_step(demo_ctx, actor, view.id, "applicant", {"first_name": "Half"}, saved.version)
    assert {"last_name", "birth_date", "address1"} <= set(problems.value.problems)
    resumed = save_step(demo_ctx, actor, view.id, "applicant", answers["applicant"], saved.version, go_to=3)
    assert (resumed.answers["applicant"]["first_name"], resumed.answers["applicant"]["last_name"]) == ("Jessica", "Tester")
    assert step_number(resumed) == 3


def test_failed_submission_listed_then_fixed(demo_ctx):
    view = submitted_family(demo_ctx, last_name="Reject")
    actor = producer(demo_ctx)
    assert view.status == "failed" and view.id in [r.id for r in list_applications(demo_ctx, actor, "failed")]
    fixed = dict(view.answers["applicant"], last_name="Okoro")
    again = save_step(demo_ctx, actor, view.id, "applicant", fixed, view.version)
    assert progress.submit_outcome(demo_ctx, actor, view.id, again.version).accepted


def test_nineteen_besides_the_applicant(demo_ctx):
    actor = producer(demo_ctx)
    answers = family_answers(demo_ctx.clock.now().date())
    view = enrollment.start(demo_ctx, actor, answers=answers)
    kid = answers["household"]["members"][2]
    members = [answers["household"]["members"][0]] + [dict(kid, first_name=f"Kid{i}") for i in range(19)]
    with pytest.raises(ValidationFailed) as problems:
        save_step(demo_ctx, actor, view.id, "household", {"members": members}, view.version)
    assert "members" in problems.value.problems
    save_step(demo_ctx, actor, view.id, "household", {"members": members[:19]}, view.version)


def test_child_only_under_18_needs_a_guardian_and_texas_disclosure(demo_ctx):
    actor = producer(demo_ctx)
    answers = family_answers(demo_ctx.clock.now().date())
    answers["applicant"].update(birth_date="05/05/2012")
    answers["household"]["members"] = []
    view = enrollment.start(demo_ctx, actor, answers=answers)
    with pytest.raises(ValidationFailed) as problems:
        save_step(demo_ctx, actor, view.id, "sign", {"payment_choice": "Pay Later"}, view.version)
    assert {"guardian_first", "guardian_last", "guardian_relationship"} <= set(problems.value.problems)
    tx = dict(answers["applicant"], birth_date="03/14/1986", state="TX", zip="77002", county="Harris County")
    assert "tx_disclosure" in enrollment_steps_problems({**answers, "applicant": tx,
                                                         "plans": {"medical_plan_id": "TX-BPSH"}})
    assert "tx_disclosure" not in enrollment_steps_problems({**answers, "applicant": tx,
                                                             "plans": {"medical_plan_id": "TX-BAG207"}})


def enrollment_steps_problems(answers: dict) -> dict[str, str]:
    from datetime import date

    from tests.helpers import ifm_steps as enrollment_steps

    return enrollment_steps.problems("sign", {**answers, "sign": {"payment_choice": "Pay Later"}}, date(2026, 11, 24))


def test_pcp_kept_only_for_hmo_and_pos(demo_ctx):
    actor = producer(demo_ctx)
    view = enrollment.start(demo_ctx, actor, answers=family_answers(demo_ctx.clock.now().date()))
    plans = dict(view.answers["plans"], medical_plan_id="IL-BCS102", pcp={"Jessica Tester": "101"})
    saved = save_step(demo_ctx, actor, view.id, "plans", plans, view.version)
    assert not saved.answers["plans"].get("pcp") and catalog.plan(saved.answers["plans"]["medical_plan_id"]).network == "PPO"  # type: ignore[union-attr]
    hmo = dict(plans, medical_plan_id="IL-BPS305", pcp={"Jessica Tester": "12"})
    with pytest.raises(ValidationFailed):
        save_step(demo_ctx, actor, view.id, "plans", hmo, saved.version)


def test_delegate_sees_only_assigned_states_and_is_refused_on_exchange(demo_ctx):
    helper = delegate(demo_ctx)
    states = {o.state for o in enrollment_access.number_options(demo_ctx, helper)}
    assert states == {"IL", "TX", "NM"}
    with pytest.raises(NotAllowed):
        enrollment_access.resolve_number(demo_ctx, helper, "330104417")  # the producer's Montana number
    with pytest.raises(NotAllowed):
        enrollment_access.resolve_number(demo_ctx, helper, "220002580", "TX")  # Illinois number, Texas home
    data = QuoteInput("60606", (QuotePerson("primary", "03/14/1986", "Female"),))
    view = quotes.view_plans(demo_ctx, helper, data)
    on_exchange = next(q.plan.id for q in view.plans if q.plan.on_exchange and q.plan.kind == "medical")
    saved = quotes.save(demo_ctx, helper, view, on_exchange, "")
    with pytest.raises(NotAllowed):
        quotes.enroll(demo_ctx, helper, saved.id)  # type: ignore[arg-type]
    with pytest.raises(OnExchange):
        quotes.enroll(demo_ctx, producer(demo_ctx), saved.id)  # type: ignore[arg-type]


def test_quote_to_application_prefills_and_finds_the_incomplete_one(demo_ctx):
    actor = producer(demo_ctx)
    people = (QuotePerson("primary", "03/14/1986", "Female"), QuotePerson("spouse", "02/10/1988", "Male"),
              QuotePerson("child", "06/01/2014"), QuotePerson("child", "09/15/2018"))
    view = quotes.view_plans(demo_ctx, actor, QuoteInput("59101", people, first_name="Ann", last_name="Lee"))
    assert view.state == "MT" and view.county == "Yellowstone County"
    medical = next(q for q in view.plans if q.plan.kind == "medical" and not q.plan.on_exchange)
    saved = quotes.save(demo_ctx, actor, view, medical.plan.id, "")
    assert saved.total == medical.premium > Decimal("0")
    app = quotes.enroll(demo_ctx, actor, saved.id)  # type: ignore[arg-type]
    assert app.answers["applicant"]["first_name"] == "Ann" and len(app.answers["household"]["members"]) == 3
    assert general_answer(app, "writing_number") == "330104417" and pricing(demo_ctx, app).medical == medical.premium
    assert app.origin_id == saved.id
    assert quotes.incomplete_for(demo_ctx, actor, saved.id) == [app.id]  # type: ignore[arg-type]
    assert [q.id for q in records.listing(demo_ctx, actor, program=quotes.QUOTES)] == [saved.id]


def test_an_application_expires_on_the_seeds_example_date(sqlite_ctx):
    # Seed 003, Failed Applications list: A-0616 "Date Submitted 5/21/2025 ... Expiration Date 8/19/2025".
    # 5/21 -> 8/19 is 10 days left in May + 30 (June) + 31 (July) + 19 (August) = 90 days; the 90 is data.
    from datetime import UTC, date, datetime

    from core.kernel.config import DATA_DIR

    assert "expiry_days" in (DATA_DIR / "ifm" / "applications.json").read_text(encoding="utf-8")
    assert program(enrollment.PROGRAM).records.expires_after_days == 10 + 30 + 31 + 19  # type: ignore[union-attr]
    sqlite_ctx.clock.set(datetime(2025, 5, 21, 14, 24, tzinfo=UTC))
    view = enrollment.start(sqlite_ctx, producer(sqlite_ctx))
    assert view.expires_at is not None and view.expires_at.date() == date(2025, 8, 19)
    assert records.expires_at(program(enrollment.PROGRAM), datetime(2025, 5, 21, 9, 24)).date() == date(2025, 8, 19)  # type: ignore[union-attr]
    assert records.expires_at(program(enrollment.PROGRAM), datetime(2025, 5, 22, 9, 24)).date() == date(2025, 8, 20)  # type: ignore[union-attr]


def test_a_qsehra_contribution_over_the_cap_is_refused_at_the_field(sqlite_ctx):
    # domain-rules.md: QSEHRA "2025 caps $6,350 self-only / $12,800 family"; $600 a month is $7,200 a year.
    actor = producer(sqlite_ctx)
    view = enrollment.start(sqlite_ctx, actor)
    household = {"hra_type": "QSEHRA", "hra_start": "03/01/2025", "hra_employer": "Small Shop LLC", "members": []}
    with pytest.raises(ValidationFailed) as refused:
        save_step(sqlite_ctx, actor, view.id, "household", {**household, "hra_contribution": "600.00"},
                             view.version)
    assert set(refused.value.problems) == {"hra_contribution"}
    assert "$529.16 a month" in refused.value.problems["hra_contribution"]
    saved = save_step(sqlite_ctx, actor, view.id, "household", {**household, "hra_contribution": "500.00"},
                                 view.version)
    assert saved.version == view.version + 1


@pytest.mark.parametrize(("state", "kept"), [("MT", False), ("IL", True)])
def test_a_dental_form_keeps_coverage_replacement_only_where_it_is_shown(sqlite_ctx, state, kept):
    # Seed 003: "Coverage Replacement will not display for Dental Application Forms in some states";
    # data/ifm/coverage_replacement.json lists MT (and NM), not IL.
    actor = producer(sqlite_ctx)
    view = enrollment.start(sqlite_ctx, actor)
    view = save_step(sqlite_ctx, actor, view.id, "applicant", {"form_type": "Dental", "state": state},
                                view.version, validate=False)
    replaced = {"person": "Jessica Tester", "company": "Other Mutual", "policy": "P-1", "termination": "01/31/2027"}
    view = save_step(sqlite_ctx, actor, view.id, "coverage",
                                {"replacing": "Yes", "other_coverage": "No", "replacements": [replaced]}, view.version)
    coverage = enrollment.load(sqlite_ctx, actor, view.id).answers["coverage"]
    assert ("replacing" in coverage, "replacements" in coverage) == (kept, kept)


def test_delegate_is_refused_at_the_quote_in_a_state_not_assigned(demo_ctx):
    """Issue 14: a delegate (assigned IL, TX, NM) saw Montana plans and was refused only at Save or Enroll."""
    helper = delegate(demo_ctx)
    montana = QuoteInput("59101", (QuotePerson("primary", "03/14/1986", "Female"),))
    with pytest.raises(ValidationFailed) as refused:
        quotes.view_plans(demo_ctx, helper, montana)
    assert set(refused.value.problems) == {"zip"} and "Montana" in refused.value.problems["zip"]
    illinois = QuoteInput("60606", (QuotePerson("primary", "03/14/1986", "Female"),))
    assert quotes.view_plans(demo_ctx, helper, illinois).state == "IL"
    assert quotes.view_plans(demo_ctx, producer(demo_ctx), montana).state == "MT"  # the producer writes in Montana


def test_a_life_event_saved_by_its_label_gets_its_kind_from_the_data(demo_ctx):
    """The screen keeps only the label chosen; the save sets the kind the rules go by (data/ifm/life_events.json)."""
    import json

    from core.kernel.config import data_file

    kinds = {e["label"]: e["id"] for e in json.loads(data_file("ifm/life_events.json").read_text())["events"]}
    actor = producer(demo_ctx)
    today = demo_ctx.clock.now().date()
    view = enrollment.start(demo_ctx, actor, answers=family_answers(today))
    moved = (today - timedelta(days=7)).strftime("%m/%d/%Y")
    general = dict(view.answers["general"], life_events=[{"label": "Marriage", "date": moved}])
    saved = save_step(demo_ctx, actor, view.id, "general", general, view.version)  # checked: Next
    assert saved.answers["general"]["life_events"] == [{"label": "Marriage", "date": moved, "kind": kinds["Marriage"]}]
