"""IFM enrollment branches the seed names and no test checked (issue 14): each fails when its rule is removed.

Seed 003 (Producer Experience Portal: IFM enrollment) is quoted beside each test.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from core.demo import demo_actor
from core.enrollment import applications as enrollment
from core.kernel.context import AppContext
from core.kernel.errors import ValidationFailed
from core.packets.packets import PacketView
from tests.helpers import ifm_steps as steps
from tests.helpers.applications import payment_status, save_step, step_number
from tests.helpers.ifm import family_answers

TODAY = date(2026, 11, 24)


def family() -> dict[str, dict[str, Any]]:
    """A complete IL family of four (children born 2014 and 2018) in a Silver HMO with BlueCare Dental 1D."""
    return family_answers(TODAY)


# --- Authorization: Terms and Agreements ---------------------------------------------------------

@pytest.mark.parametrize(("authorization", "accepted", "refused"), [
    ("In person", "", True),
    ("In person", "false", True),
    ("In person", "true", False),
    ("Paper application", "", False),
])
def test_in_person_authorization_needs_the_terms_and_agreements_accepted(authorization, accepted, refused):
    # Seed 003: "If the user selects the second option, the Terms and Agreements window will display, and the
    # agent must confirm the client has accepted the Terms and Agreements to select the Continue button."
    answers = family()
    answers["applicant"].update(authorization=authorization, terms_accepted=accepted)
    found = steps.problems("applicant", answers, TODAY)
    assert ("authorization" in found) is refused
    if refused:
        assert "Terms and Agreements" in found["authorization"]


def test_next_on_step_two_is_refused_until_the_client_accepts_the_terms(sqlite_ctx: AppContext) -> None:
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    answers = family()
    view = enrollment.start(sqlite_ctx, actor, answers=answers)
    in_person = {**answers["applicant"], "authorization": "In person", "terms_accepted": "false"}
    with pytest.raises(ValidationFailed) as refused:
        save_step(sqlite_ctx, actor, view.id, "applicant", in_person, view.version, go_to=3)
    assert set(refused.value.problems) == {"authorization"}
    assert enrollment.load(sqlite_ctx, actor, view.id).version == view.version  # nothing saved, no move
    saved = save_step(sqlite_ctx, actor, view.id, "applicant", {**in_person, "terms_accepted": "true"},
                                 view.version, go_to=3)
    assert step_number(saved) == 3


# --- Plan Selection: pediatric dental --------------------------------------------------------------

@pytest.mark.parametrize(("dental", "attested", "children", "refused"), [
    ("", "", True, True),  # medical only, children under 19, no attestation
    ("", "false", True, True),
    ("", "true", True, False),  # "I/we already have coverage for pediatric dental essential health benefits"
    ("IL-D1D", "", True, False),  # a dental plan covers them
    ("", "", False, False),  # nobody under 19
])
def test_medical_without_dental_for_children_needs_the_pediatric_dental_attestation(dental, attested, children, refused):
    # Seed 003: "The user will select a Medical and Dental plan on this step or attest that the client has
    # existing pediatric dental coverage."
    answers = family()
    answers["plans"].update(dental_plan_id=dental, pediatric_dental=attested)
    if not children:
        answers["household"]["members"] = answers["household"]["members"][:1]  # the spouse, born 1988
    found = steps.problems("plans", answers, TODAY)
    assert ("pediatric_dental" in found) is refused


# --- HRA ---------------------------------------------------------------------------------------

HRA = {"hra_type": "ICHRA", "hra_start": "01/01/2027", "hra_employer": "Small Shop LLC", "hra_contribution": "400.00"}


@pytest.mark.parametrize("missing", ["hra_start", "hra_employer", "hra_contribution"])
def test_an_hra_needs_its_start_date_employer_and_contribution(missing):
    # Seed 003: the HRA section ("Please Complete if Applicable") has Type of HRA, Start Date, Employer Name
    # and Monthly Contribution: once a type is chosen the other three are needed to describe it.
    answers = family()
    answers["household"].update({**HRA, missing: ""})
    found = steps.problems("household", answers, TODAY)
    assert set(found) == {missing}
    assert found[missing].endswith("is required.")  # asked because a Type of HRA is chosen


def test_no_hra_asks_nothing_and_a_complete_one_passes():
    answers = family()
    assert steps.problems("household", answers, TODAY) == {}  # optional: "complete if applicable"
    answers["household"].update(HRA)
    assert steps.problems("household", answers, TODAY) == {}


# --- Coverage Replacement and Other Coverage rows --------------------------------------------------

REPLACED = {"person": "Jessica Tester", "company": "Other Mutual", "policy": "P-1", "termination": "01/31/2027"}
OTHER = {"person": "Ava Tester", "policy_name": "", "member_number": "M-77", "group_id": "G-5"}


@pytest.mark.parametrize("missing", ["person", "company", "policy", "termination"])
def test_each_replaced_coverage_row_needs_all_four_fields(missing):
    # Seed 003: "If the user selects Yes, they will need to enter the following required fields for each applicant
    # who is replacing coverage: Covered Person, Name of Insurance Company, Policy Number, Termination Date".
    answers = family()
    answers["coverage"] = {"replacing": "Yes", "other_coverage": "No", "replacements": [REPLACED, {**REPLACED, missing: ""}]}
    found = steps.problems("coverage", answers, TODAY)
    assert set(found) == {"replacements.1"}  # the second row, named by its number
    assert found["replacements.1"].startswith("Replaced coverage 2:")


@pytest.mark.parametrize("missing", ["person", "member_number", "group_id"])
def test_each_other_coverage_row_needs_name_member_number_and_group(missing):
    # Seed 003: "Applicant Name, Name on Other Policy (if different), Member Number, Group ID": the one marked
    # "if different" is the only optional one.
    answers = family()
    answers["coverage"] = {"replacing": "No", "other_coverage": "Yes", "others": [{**OTHER, missing: ""}]}
    assert set(steps.problems("coverage", answers, TODAY)) == {"others.0"}


def test_yes_needs_a_row_and_no_needs_none():
    answers = family()
    answers["coverage"] = {"replacing": "Yes", "other_coverage": "Yes"}
    assert set(steps.problems("coverage", answers, TODAY)) == {"replacements", "others"}
    answers["coverage"] = {"replacing": "Yes", "other_coverage": "Yes", "replacements": [REPLACED], "others": [OTHER]}
    assert steps.problems("coverage", answers, TODAY) == {}
    answers["coverage"] = {"replacing": "No", "other_coverage": "No"}  # "will default to No"
    assert steps.problems("coverage", answers, TODAY) == {}


# --- Life events: the last one stays -----------------------------------------------------------------

def test_a_life_event_can_be_deleted_only_when_more_than_one_was_added():
    # Seed 003: "User can only delete a life event if more than one life event has been added."
    move = {"kind": "move", "label": "Permanent move", "date": "11/17/2026"}
    birth = {"kind": "birth", "label": "Birth", "date": "11/20/2026"}
    from core.forms.fields import can_remove_row

    events = steps.group("general", "life_events")
    assert can_remove_row(events, [move]) == "A life event can be deleted only when more than one has been added."
    assert can_remove_row(events, [move, birth]) is None


# --- Screens (Pilot) -------------------------------------------------------------------------------

SIZE = (120, 40)


def started(ctx: AppContext, **changes: Any) -> tuple[Any, PacketView]:
    """The demo producer and an application for the family, as far as it is filled."""
    actor = demo_actor(ctx)
    assert actor is not None
    answers = family_answers(ctx.clock.now().date())
    for step, values in changes.items():
        answers[step].update(values)
    return actor, enrollment.start(ctx, actor, answers=answers)


def on_general(app: object) -> bool:
    """Step 1 (General Info) is shown: a declared step, drawn by the kit."""
    return getattr(app.screen, "step_id", "") == "general"  # type: ignore[attr-defined]


def shown(app: Any, name: str) -> bool:
    return type(app.screen).__name__ == name


async def test_delete_keeps_the_only_life_event_and_removes_one_of_two(sqlite_ctx: AppContext) -> None:
    from tests.pilot_helpers import screen_text, wait_until
    from tui.app import make_app
    from tui.enrollment import WIZARD

    move = {"kind": "move", "label": "Permanent move", "date": "11/17/2026"}
    actor, view = started(sqlite_ctx, general={"life_events": [move]})
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.push_screen(WIZARD.screen_for(actor, view, 0))
        await wait_until(pilot, lambda: on_general(app) and "Permanent move" in screen_text(app))
        step = app.screen
        step.query_one("#f-life_events").focus()
        await pilot.press("delete")
        await wait_until(pilot, lambda: "can be deleted only when" in screen_text(app))
        assert step.values["life_events"] == [move] and "Permanent move" in screen_text(app)
        step.form.rows["life_events"].control.set_rows([move, {"kind": "birth", "label": "Birth", "date": "11/20/2026"}])
        await pilot.press("delete")  # the highlighted first one goes
        await wait_until(pilot, lambda: "Permanent move" not in screen_text(app))
        assert [e["label"] for e in step.values["life_events"]] == ["Birth"]


async def test_use_same_pcp_number_for_all_fills_and_saves_every_applicants_number(sqlite_ctx: AppContext) -> None:
    # Seed 003: "select the Use Same PCP Number for All button to apply the PCP ID for all applicants."
    from tests.pilot_helpers import wait_until
    from tui.app import make_app
    from tui.enrollment import WIZARD

    actor, view = started(sqlite_ctx, plans={"pcp": {}})
    people = ["Jessica Tester", "Sam Tester", "Ava Tester", "Leo Tester"]
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(WIZARD.screen_for(actor, view, 3))
        await wait_until(pilot, lambda: getattr(app.screen, "step_id", "") == "plans")  # a declared step
        step = app.screen
        boxes = [step.query_one(f"#pcp-{i}") for i in range(len(people))]
        boxes[0].focus()
        await pilot.press(*"101")
        step.query_one("#same-pcp").focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: all(b.value == "101" for b in boxes))
        await pilot.press("f10")  # Save & Exit
        await wait_until(pilot, lambda: getattr(app.screen, "step_id", "") != "plans")
    assert enrollment.load(sqlite_ctx, actor, view.id).answers["plans"]["pcp"] == dict.fromkeys(people, "101")


async def test_the_plan_typed_reprices_at_once_and_f3_fills_the_focused_members_pcp_number(sqlite_ctx: AppContext) -> None:
    # Seed 003: premiums follow the plans chosen; PCP numbers (and the Provider Finder) only for HMO and POS plans.
    from textual.widgets import Input

    from core.enrollment.pricing import price
    from core.forms.values import money_text
    from tests.pilot_helpers import screen_text, wait_until
    from tui.app import make_app
    from tui.enrollment import WIZARD

    actor, view = started(sqlite_ctx, plans={"pcp": {}})
    today = sqlite_ctx.clock.now().date()
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await app.push_screen(WIZARD.screen_for(actor, view, 3))
        await wait_until(pilot, lambda: getattr(app.screen, "step_id", "") == "plans")
        step = app.screen
        ppo = price({**view.answers, "plans": {**view.answers["plans"], "medical_plan_id": "IL-BCB101"}}, today)
        assert ppo.medical is not None and ppo.medical != price(view.answers, today).medical
        medical = step.query_one("#f-medical_plan_id", Input)
        medical.focus()
        medical.value = ""
        await pilot.press(*"Blue Choice Bronze PPO 101")
        await wait_until(pilot, lambda: f"Medical Coverage Premium {money_text(ppo.medical)}" in screen_text(app)
                         and f"Monthly Premium {money_text(ppo.total)}" in screen_text(app).splitlines()[1])
        assert "PCP Information" not in screen_text(app)  # a PPO takes no PCP number
        await pilot.press("f3")
        await wait_until(pilot, lambda: "The Provider Finder is for HMO and POS plans." in screen_text(app))
        await pilot.press("x")
        await wait_until(pilot, lambda: "No off-exchange medical plan by that name here." in screen_text(app)
                         and "Medical Coverage Premium -" in screen_text(app))
        medical.value = "Blue Premier Silver POS 305"
        await wait_until(pilot, lambda: "PCP Information" in screen_text(app))
        second = step.query_one("#pcp-1", Input)
        second.focus()
        await pilot.press("f3")
        await wait_until(pilot, lambda: "Provider Finder · POS network" in screen_text(app))
        assert "Prairie Health Partners" in screen_text(app) and "Lakeshore Family Medicine" not in screen_text(app)  # HMO only
        await pilot.press(*"north", "enter")
        await wait_until(pilot, lambda: app.screen is step and second.value == "175")
        await pilot.press("f10")  # Save & Exit
        await wait_until(pilot, lambda: getattr(app.screen, "step_id", "") != "plans")
    saved = enrollment.load(sqlite_ctx, actor, view.id).answers["plans"]
    assert saved["medical_plan_id"] == "IL-BPS305" and saved["pcp"] == {"Sam Tester": "175"}


async def test_cancel_on_the_payment_screen_bills_later_and_keeps_the_application(sqlite_ctx: AppContext) -> None:
    # Seed 003: "Cancel: Select this option if the client is not ready to make payment; the client will be billed
    # later. NOTE: This does NOT cancel the client's application." and the pop-up "Are you sure you want to cancel?"
    from sqlmodel import Session, select

    from core.packets import progress
    from core.payments.models import PacketPayment
    from tests.pilot_helpers import screen_text, wait_until
    from tui.app import make_app
    from tui.enrollment import PaymentScreen

    actor, view = started(sqlite_ctx)
    progress.submit(sqlite_ctx, actor, view.id, view.version)
    submitted = enrollment.load(sqlite_ctx, actor, view.id)
    assert (submitted.status, payment_status(submitted)) == ("submitted", "Pending")
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(PaymentScreen(actor, submitted))
        await wait_until(pilot, lambda: shown(app, "PaymentScreen"))
        payment = app.screen
        for answer, still_paying in (("No, Don't Cancel", True), ("Yes, Cancel", False)):
            await pilot.press("escape")
            await wait_until(pilot, lambda: shown(app, "ConfirmModal"))
            assert "Are you sure you want to cancel?" in screen_text(app)
            button = next(b for b in app.screen.query("Button") if str(b.label) == answer)
            button.focus()
            await pilot.press("enter")
            await wait_until(pilot, lambda: not shown(app, "ConfirmModal"))
            await wait_until(pilot, lambda still_paying=still_paying: (app.screen is payment) is still_paying)
            if still_paying:
                assert payment_status(enrollment.load(sqlite_ctx, actor, view.id)) == "Pending"
    after = enrollment.load(sqlite_ctx, actor, view.id)
    assert (after.status, payment_status(after)) == ("submitted", "Bill by mail")
    with Session(sqlite_ctx.engine) as session:
        assert [(p.status, p.amount_cents, p.method) for p in session.exec(select(PacketPayment))] == [("later", 0, "")]  # nothing charged


def saved_quote(ctx: AppContext, medical: str = "IL-BPSH", dental: str = "") -> tuple[Any, Any]:
    from core.enrollment import quotes
    from core.enrollment.quotes import QuoteInput, QuotePerson

    actor = demo_actor(ctx)
    assert actor is not None
    data = QuoteInput("60606", (QuotePerson("primary", "03/14/1986", "Female"),), first_name="Mia", last_name="Lee")
    return actor, quotes.save(ctx, actor, quotes.view_plans(ctx, actor, data), medical, dental)


@pytest.mark.parametrize("choice", ["Create New Application", "Go To Incomplete Application"])
async def test_enrolling_a_quote_again_offers_a_new_or_the_incomplete_application(sqlite_ctx: AppContext, choice) -> None:
    # Seed 003: "If enrollment has already been started for the quote, the user will receive a pop-up with the
    # following options: To start new application, select Create New Application. To resume the in-progress
    # application, select Go To Incomplete Application."
    from core.enrollment import quotes
    from tests.pilot_helpers import screen_text, wait_until
    from tui.app import make_app
    from tui.enrollment.review import ReviewScreen

    actor, quote = saved_quote(sqlite_ctx)
    first = quotes.enroll(sqlite_ctx, actor, quote.id)
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(ReviewScreen(actor, quotes.load(sqlite_ctx, actor, quote.id)))
        await wait_until(pilot, lambda: shown(app, "ReviewScreen"))
        await pilot.press("f5")  # Enroll in Selected Plans
        await wait_until(pilot, lambda: shown(app, "TextModal"))
        assert "already started" in screen_text(app)
        next(b for b in app.screen.query("Button") if str(b.label) == choice).focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: on_general(app), timeout=8)
        opened = app.screen.view.id
    started_ids = quotes.incomplete_for(sqlite_ctx, actor, quote.id)
    if choice == "Create New Application":
        assert opened != first.id and started_ids == [first.id, opened]
    else:
        assert opened == first.id and started_ids == [first.id]


async def test_a_second_medical_or_dental_plan_replaces_the_first(sqlite_ctx: AppContext) -> None:
    # Seed 003: "once the user has selected only one Medical and/or one Dental plan, they will be able to select
    # Enroll in Selected Plans".
    from core.enrollment import quotes
    from core.enrollment.quotes import QuoteInput, QuotePerson
    from tests.pilot_helpers import wait_until
    from tui.app import make_app
    from tui.enrollment.plans import PlansScreen

    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    view = quotes.view_plans(sqlite_ctx, actor, QuoteInput("60606", (QuotePerson("primary", "03/14/1986", "Female"),)))
    offered = [q.plan for q in view.plans if not q.plan.on_exchange]
    medical = [p for p in offered if p.kind == "medical"][:2]
    dental = [p for p in offered if p.kind == "dental"][:2]
    rows = [q.plan.id for q in view.plans]
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(PlansScreen(actor, view))
        await wait_until(pilot, lambda: shown(app, "PlansScreen"))
        screen = app.screen
        for plan in (*medical, *dental):
            screen.table.move_cursor(row=rows.index(plan.id))
            await pilot.press("space")
        await pilot.press("f5")
        await wait_until(pilot, lambda: shown(app, "ReviewScreen"))
        chosen = (app.screen.view.medical_plan_id, app.screen.view.dental_plan_id)
    assert chosen == (medical[1].id, dental[1].id)
    assert quotes.choice_problem(view, dental[0].id, "") == "That medical plan is not offered here."  # a dental as medical
    assert quotes.choice_problem(view, "", medical[0].id) == "That dental plan is not offered here."


async def test_in_person_opens_the_terms_and_next_waits_for_the_clients_acceptance(sqlite_ctx: AppContext) -> None:
    # Seed 003: the second Authorization option opens the Terms and Agreements window; the agent must confirm the
    # client accepted them to continue.
    from tests.pilot_helpers import screen_text, wait_until
    from tui.app import make_app
    from tui.enrollment import WIZARD

    actor, view = started(sqlite_ctx)
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(WIZARD.screen_for(actor, view, 1))
        await wait_until(pilot, lambda: getattr(app.screen, "step_id", "") == "applicant")
        step = app.screen
        for accept in (False, True):
            box = step.query_one("#f-authorization")
            box.focus()
            box.value = ""
            await pilot.press(*"in person", "tab")  # leaving the field opens the window
            await wait_until(pilot, lambda: shown(app, "TextModal") and "Terms and Agreements" in screen_text(app))
            await pilot.press("enter" if accept else "escape")  # "I agree - Continue" has the focus
            await wait_until(pilot, lambda: app.screen is step)
            await pilot.press("f8")
            if not accept:
                await wait_until(pilot, lambda: "must accept the Terms and Agreements" in screen_text(app))
                assert app.screen is step  # an autosave may keep the typing, but nothing moved on
                # a draft of the typing resumes here (step 2); the refused Next never moved it past this step
                assert step_number(enrollment.load(sqlite_ctx, actor, view.id)) <= 2
        await wait_until(pilot, lambda: getattr(app.screen, "STEP", -1) == 2, timeout=8)
    saved = enrollment.load(sqlite_ctx, actor, view.id).answers["applicant"]
    assert (saved["authorization"], saved["terms_accepted"]) == ("In person", "true")
