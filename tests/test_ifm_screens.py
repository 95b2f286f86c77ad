# mypy: disable-error-code="arg-type, attr-defined"
"""Quote & Enroll screens with Pilot: a family of four quoted, enrolled and paid by card; save and resume; a failure."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from core.demo import demo_actor
from core.enrollment import applications as enrollment
from core.kernel.context import AppContext
from core.packets import records, saving
from core.packets.packets import PacketView
from core.payments.models import PacketPayment
from tests.helpers.applications import list_applications, save_step
from tests.helpers.ifm import family_answers, ifm_step
from tests.pilot_helpers import screen_text, type_text, wait_until
from tui.app import make_app
from tui.enrollment import WIZARD, QuoteEnrollScreen
from tui.kit.step_wizard import StepWizard


def on_general(app: object) -> bool:
    """Step 1 (General Info) is shown: a declared step, drawn by the kit."""
    return getattr(app.screen, "step_id", "") == "general"  # type: ignore[attr-defined]


def on(app: object, name: str) -> bool:
    """The current screen is `name` and has its focus (modals focus their first field on mount)."""
    screen = app.screen  # type: ignore[attr-defined]
    return type(screen).__name__ == name and (screen.focused is not None or not name.startswith("Enroll"))


async def fill(pilot: Pilot, selector: str, text: str) -> None:
    """Focus a field (once its form is mounted), clear it and type into it key by key."""
    await wait_until(pilot, lambda: pilot.app.screen.query(selector))
    box = pilot.app.screen.query_one(selector, Input)
    box.focus()
    box.value = ""
    await pilot.press(*text)


async def next_step(pilot: Pilot, step: int) -> None:
    await pilot.press("f8")
    await wait_until(pilot, lambda: getattr(pilot.app.screen, "STEP", -1) == step, timeout=8)


async def test_family_of_four_quoted_enrolled_and_paid_by_card(sqlite_ctx: AppContext) -> None:
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await wait_until(pilot, lambda: on(app, "QuoteEnrollScreen"))
        await pilot.press("2")
        await wait_until(pilot, lambda: on(app, "NewQuoteScreen"))
        await fill(pilot, "#f-zip", "60606")
        await fill(pilot, "#f-first_name", "Mia")
        await fill(pilot, "#f-last_name", "Tester")
        await fill(pilot, "#f-birth_date", "03/14/1986")
        await fill(pilot, "#f-sex", "f")
        await fill(pilot, "#f-spouse_birth_date", "02/10/1988")
        await fill(pilot, "#f-spouse_sex", "m")
        await fill(pilot, "#f-dependents", "06/01/2014 F, 09/15/2018 M")
        await pilot.press("f9")
        await wait_until(pilot, lambda: on(app, "PlansScreen"))
        rows = [q.plan.id for q in app.screen.view.plans]  # type: ignore[attr-defined]
        for plan_id in ("IL-BPSH", "IL-D1D"):
            app.screen.table.move_cursor(row=rows.index(plan_id))  # type: ignore[attr-defined]
            await pilot.press("space")
        await pilot.press("f5")
        await wait_until(pilot, lambda: on(app, "ReviewScreen"))
        assert "$" in screen_text(app) and "Blue Precision Silver HMO" in screen_text(app)
        await pilot.press("f5")
        await wait_until(pilot, lambda: on_general(app), timeout=8)
        await pilot.press("f3")
        await wait_until(pilot, lambda: on(app, "PickModal"))
        await pilot.press(*"220002580", "enter")
        await wait_until(pilot, lambda: on_general(app))
        app.screen.query_one("#f-life_events-add").press()
        await wait_until(pilot, lambda: on(app, "FormModal"))
        await pilot.press(*"perm", "tab", *"11/17/2026", "enter")
        await wait_until(pilot, lambda: on_general(app))
        app.screen.query_one("#f-effective_date-action").press()
        await pilot.pause()
        assert "12/01/2026" in screen_text(app)
        await next_step(pilot, 1)
        await fill(pilot, "#f-authorization", "paper")
        await pilot.press("f4")
        await wait_until(pilot, lambda: on(app, "PickModal"))
        await pilot.press(*"wacker", "enter")
        await wait_until(pilot, lambda: getattr(app.screen, "step_id", "") == "applicant")
        await fill(pilot, "#f-phone", "312-555-0142")
        await fill(pilot, "#f-phone_type", "mob")
        await next_step(pilot, 2)
        for index, name in enumerate(("Sam", "Ava", "Leo")):
            table = app.screen.query_one("#f-members")
            table.focus()
            table.move_cursor(row=index)  # type: ignore[attr-defined]
            await pilot.press("enter")
            await wait_until(pilot, lambda: on(app, "FormModal"))
            await fill(pilot, "#f-first_name", name)
            await fill(pilot, "#f-last_name", "Tester")
            app.screen.query_one("#save").press()  # type: ignore[attr-defined]
            await wait_until(pilot, lambda t=table: getattr(app.screen, "STEP", -1) == 2 and app.screen.focused is t)
        await next_step(pilot, 3)
        assert "Total Monthly Premium $" in screen_text(app)
        await fill(pilot, "#pcp-0", "101")
        app.screen.query_one("#same-pcp").press()
        await pilot.pause()
        await next_step(pilot, 4)
        await next_step(pilot, 5)
        await fill(pilot, "#f-payment_choice", "pay now")
        await pilot.press("f8")
        await wait_until(pilot, lambda: on(app, "PaymentScreen"), timeout=8)
        await fill(pilot, "#f-method", "new card")
        await fill(pilot, "#f-card_number", "4111111111111111")
        await fill(pilot, "#f-expiry", "12/29")
        app.screen.query_one("#f-terms").toggle()  # type: ignore[attr-defined]
        await pilot.press("f5")
        await pilot.pause(0.2)
        assert "Visa •••••1111" in screen_text(app)
        app.screen.query_one("#agreement").toggle()  # type: ignore[attr-defined]
        await pilot.press("f9")
        await wait_until(pilot, lambda: on(app, "ApplicationDetailsScreen") and "Successful" in screen_text(app))
        text = screen_text(app)
        assert "Submitted" in text and "A-0004" in text and "Mia Tester" in text and "BlueCare Dental 1D" in text
    from sqlmodel import Session, select

    with Session(sqlite_ctx.engine) as session:
        payment = session.exec(select(PacketPayment)).one()
    assert payment.brand == "Visa" and payment.last4 == "1111"


async def test_saved_and_resumed_from_incomplete(sqlite_ctx: AppContext) -> None:
    app = make_app(sqlite_ctx, blink=False, demo=True)
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(QuoteEnrollScreen(actor))
        await pilot.press("3")
        await wait_until(pilot, lambda: on(app, "ApplicationsScreen"))
        await pilot.press("f2")
        await wait_until(pilot, lambda: on_general(app))
        await pilot.press(*"107864325")
        await pilot.press("f10")
        await wait_until(pilot, lambda: on(app, "ApplicationsScreen"))
        await pilot.press("f4")
        await wait_until(pilot, lambda: "A-0004" in screen_text(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: on(app, "ApplicationDetailsScreen") and "Incomplete" in screen_text(app))
        await pilot.press("f5")
        await wait_until(pilot, lambda: on_general(app))
        assert app.screen.query_one("#f-writing_number", Input).value == "107864325"
        await wait_until(pilot, lambda: "GULF COAST" in screen_text(app) or "STONE BENEFITS" in screen_text(app))


async def test_failed_submission_goes_to_failed_applications(sqlite_ctx: AppContext) -> None:
    app = make_app(sqlite_ctx, blink=False, demo=True)
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    view = enrollment.start(sqlite_ctx, actor, answers=family_answers(sqlite_ctx.clock.now().date(), last_name="Reject",
                                                                      pay="Pay Later"))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(QuoteEnrollScreen(actor))
        await pilot.press("3")
        await wait_until(pilot, lambda: on(app, "ApplicationsScreen"))
        await app.push_screen(WIZARD.screen_for(actor, view, 5))
        await pilot.press("f8")
        await wait_until(pilot, lambda: "Submission Failed" in screen_text(app), timeout=8)
        app.screen.query_one("#agree").press()  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: on(app, "ApplicationsScreen") and "A-0004" in screen_text(app))
        assert app.screen.tab == "failed"  # type: ignore[attr-defined]


async def test_on_exchange_plan_explains_the_exchange(sqlite_ctx: AppContext) -> None:
    from core.enrollment import quotes
    from core.enrollment.quotes import QuoteInput, QuotePerson
    from tui.enrollment.review import ReviewScreen

    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    data = QuoteInput("60606", (QuotePerson("primary", "03/14/1986", "Female"),))
    view = quotes.view_plans(sqlite_ctx, actor, data)
    chosen = quotes.save(sqlite_ctx, actor, view, "IL-BPSHS", "")
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ReviewScreen(actor, chosen))
        await pilot.press("f5")
        await wait_until(pilot, lambda: "exchange" in screen_text(app) and on(app, "TextModal"))


async def test_typing_in_the_wizard_is_saved_without_next_or_save_and_exit(sqlite_ctx: AppContext) -> None:
    """Autosave a moment after typing, and save_draft (what SIGHUP, SIGTERM, idle and a crash call)."""
    app = make_app(sqlite_ctx, blink=False, demo=True)
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(QuoteEnrollScreen(actor))
        await pilot.press("3")
        await wait_until(pilot, lambda: on(app, "ApplicationsScreen"))
        await pilot.press("f2")
        await wait_until(pilot, lambda: on_general(app))
        screen = app.screen
        await pilot.press(*"107864325")
        saved = screen.view.version
        await wait_until(pilot, lambda: screen.view.version > saved, timeout=8)  # the autosave
        stored = enrollment.load(sqlite_ctx, actor, screen.view.id)
        assert stored.answers["general"]["writing_number"] == "107864325"
        before = screen.view.version
        screen.save_draft()
        assert screen.view.version == before + 1


async def test_coverage_step_leaves_out_replacement_on_a_dental_form_in_a_listed_state(sqlite_ctx: AppContext) -> None:
    # Seed 003: "Coverage Replacement will not display for Dental Application Forms in some states" (MT is listed).
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    texts = {}
    for state in ("MT", "IL"):
        view = enrollment.start(sqlite_ctx, actor)
        view = save_step(sqlite_ctx, actor, view.id, "applicant", {"form_type": "Dental", "state": state},
                                    view.version, validate=False)
        app = make_app(sqlite_ctx, blink=False, demo=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await app.push_screen(WIZARD.screen_for(actor, view, 4))
            await wait_until(pilot, lambda: "other coverage" in screen_text(pilot.app))
            texts[state] = screen_text(app)
    assert "replace health coverage" not in texts["MT"]
    assert "replace health coverage" in texts["IL"]


async def test_an_autosave_landing_during_a_move_never_conflicts_with_its_own_person(
    sqlite_ctx: AppContext, monkeypatch,
) -> None:
    """Reproduced first (issue 14's blocker): a change, then a move about as the autosave fired; the
    autosave landed after the move and every later save said "Someone saved this application"."""
    import time

    import tui.kit.saver as saver

    real_save = saving.save

    def slow_save(*args, **kwargs):  # a loaded machine: each save takes 0.3 s
        time.sleep(0.3)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(saving, "save", slow_save)
    monkeypatch.setattr(saver, "DRAFT_EVERY", 0.1)  # so the autosave fires while the move is saving
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    view = enrollment.start(sqlite_ctx, actor)
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        for turn in range(3):
            await app.push_screen(WIZARD.screen_for(actor, enrollment.load(sqlite_ctx, actor, view.id), 1))
            await wait_until(pilot, lambda: getattr(app.screen, "step_id", "") == "applicant")
            first = app.screen.query_one("#f-first_name", Input)
            first.focus()
            await pilot.press("x", "f7")  # typed, then Previous at once (saves without checking)
            await wait_until(pilot, lambda: on_general(app))
            await pilot.pause(0.3)  # let any late autosave land
            await pilot.press("f10")  # Save & Exit on the next step
            await wait_until(pilot, lambda: not isinstance(app.screen, StepWizard)
                             or "Someone saved" in screen_text(app))
            assert "Someone saved" not in screen_text(app), f"turn {turn}: a conflict with one's own autosave"
    assert enrollment.load(sqlite_ctx, actor, view.id).answers["applicant"]["first_name"].endswith("xxx")


async def test_conditionally_required_fields_show_their_star_once_required(sqlite_ctx: AppContext) -> None:
    """Issue 14: ticking "I am an authorized representative" makes the rep's names required (seed 003), so they get "*"."""
    async with ifm_step(sqlite_ctx, 5, answers=family_answers(sqlite_ctx.clock.now().date())) as opened:
        app, pilot = opened.app, opened.pilot
        assert "Rep First Name" not in screen_text(app)  # shown only once the box is ticked
        app.screen.query_one("#f-auth_rep").toggle()  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: "Rep First Name *" in screen_text(app))
        assert "Rep Last Name *" in screen_text(app)
        from tui.kit.field_help import help_for

        assert "Rep First Name: up to 40 characters. Required." in help_for(app.screen.query_one("#f-rep_first"))  # F1
        app.screen.query_one("#f-auth_rep").toggle()  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: "Rep First Name *" not in screen_text(app))


def submitted_view(ctx: AppContext, pay: str = "Pay Now") -> PacketView:
    """A family application submitted (accepted) through core, waiting for its payment."""
    from core.packets import progress

    actor = demo_actor(ctx)
    assert actor is not None
    view = enrollment.start(ctx, actor, answers=family_answers(ctx.clock.now().date(), pay=pay))
    assert progress.submit_outcome(ctx, actor, view.id, view.version).accepted
    return enrollment.load(ctx, actor, view.id)


async def test_payment_review_follows_the_form(sqlite_ctx: AppContext) -> None:
    """Issue 14: F5 at once after typing keeps the agreement shown; a new card drops the old review and the old tick."""
    from tui.enrollment import PaymentScreen
    from tui.kit.step_form import StepForm

    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    view = submitted_view(sqlite_ctx)
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(PaymentScreen(actor, view))
        await wait_until(pilot, lambda: on(app, "PaymentScreen"))
        screen = app.screen
        agreement = screen.query_one("#agreement")
        screen.query_one("#f-terms").toggle()
        await fill(pilot, "#f-method", "new card")
        await fill(pilot, "#f-card_number", "4111111111111111")
        await fill(pilot, "#f-expiry", "12/29")
        await pilot.press("f5")
        await wait_until(pilot, lambda: "Visa •••••1111" in screen_text(app))
        # F5 straight after typing reads the inputs before their change messages reach the screen: one
        # arriving late, for a value F5 already read, must leave the review and the agreement showing.
        screen.post_message(StepForm.Changed(screen.form, "expiry", "12/29"))
        await pilot.pause(0.3)
        assert agreement.display and "Visa •••••1111" in screen_text(app)
        agreement.toggle()
        await pilot.pause()
        assert agreement.value
        await fill(pilot, "#f-card_number", "5555555555554444")  # another card
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "Visa •••••1111" not in text
        assert not agreement.value and not agreement.display
        await pilot.press("f5")
        await wait_until(pilot, lambda: "•••••4444" in screen_text(app))
        assert agreement.display and not agreement.value  # the new card needs its own "I agree"


async def test_review_title_names_the_quote_once_saved(sqlite_ctx: AppContext) -> None:
    """Issue 14: after F2 "Saved as Quote Q-0001" the title said "not saved" still."""
    from dataclasses import replace

    from core.enrollment import quotes
    from core.enrollment.quotes import QuoteInput, QuotePerson
    from tui.enrollment.review import ReviewScreen

    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    assert records.listing(sqlite_ctx, actor, program=quotes.QUOTES) == []  # so the first saved quote is Q-0001
    data = QuoteInput("60606", (QuotePerson("primary", "03/14/1986", "Female"),))
    view = replace(quotes.view_plans(sqlite_ctx, actor, data), medical_plan_id="IL-BPSH")
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ReviewScreen(actor, view))
        await wait_until(pilot, lambda: "not saved" in screen_text(app).splitlines()[0])
        await pilot.press("f2")
        await wait_until(pilot, lambda: "Saved as Quote Q-0001" in screen_text(app))
        title = screen_text(app).splitlines()[0]
        assert "Quote Q-0001" in title and "not saved" not in title


async def test_step_one_header_shows_the_calculated_effective_date(sqlite_ctx: AppContext) -> None:
    """Issue 14: after a save (an autosave) Calculate changed the step's line but the header kept the old date."""
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    answers = family_answers(sqlite_ctx.clock.now().date())
    # A permanent move on 11/17/2026 starts coverage on the first of the next month, 12/01/2026 (seed 003).
    answers["general"].update(effective_date="01/01/2030",
                              life_events=[{"kind": "move", "label": "Permanent move", "date": "11/17/2026"}])
    view = enrollment.start(sqlite_ctx, actor, answers=answers)
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(WIZARD.screen_for(actor, view, 0))
        await wait_until(pilot, lambda: on_general(app))
        screen = app.screen
        assert "Effective 01/01/2030" in screen_text(app)
        await screen.save(validate=False)  # what the autosave does a moment after typing
        screen.query_one("#f-effective_date-action").press()
        await wait_until(pilot, lambda: "Effective Date 12/01/2026" in screen_text(app))
        header = str(screen.query_one("#summary-header").render())
        assert "Effective 12/01/2026" in header, header


async def test_a_modal_owns_the_keys_over_a_step(sqlite_ctx: AppContext) -> None:
    """Issue 14: with "Are you sure you want to cancel?" open, F8 ran the step's Next check behind it."""
    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    view = enrollment.start(sqlite_ctx, actor)  # nothing filled: Next would list what needs attention
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(WIZARD.screen_for(actor, view, 0))
        await wait_until(pilot, lambda: on_general(app))
        step = app.screen
        await pilot.press("escape")
        await wait_until(pilot, lambda: on(app, "TextModal"))
        for key in ("f8", "f7", "f10"):
            await pilot.press(key)
            await pilot.pause(0.3)
        assert on(app, "TextModal")
        assert str(step.status.render()) == "" and str(step.errors.render()).strip() == ""
        assert enrollment.load(sqlite_ctx, actor, view.id).version == view.version  # nothing saved behind it


async def resume_from_details_to_the_last_step(pilot, ctx, actor, app_id) -> None:
    """Incomplete Applications, its Application Details, F5 (Resume), then on to step 6 (Signatures)."""
    from tui.enrollment import ApplicationDetailsScreen, ApplicationsScreen

    app = pilot.app
    await app.push_screen(ApplicationsScreen(actor, "incomplete"))
    await app.push_screen(ApplicationDetailsScreen(actor, app_id))
    await wait_until(pilot, lambda: "Incomplete" in screen_text(app))
    await pilot.press("f5")  # Resume
    await wait_until(pilot, lambda: on_general(app))
    app.switch_screen(WIZARD.screen_for(actor, enrollment.load(ctx, actor, app_id), 5))
    await wait_until(pilot, lambda: on(app, "FinishStep"))


async def test_failed_submission_resumed_from_its_details_goes_to_failed_applications(sqlite_ctx: AppContext) -> None:
    """Issue 14: resumed from Application Details, "Proceed to Failed Applications" showed the application again."""
    from tui.enrollment import ApplicationDetailsScreen, ApplicationsScreen

    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    view = enrollment.start(sqlite_ctx, actor, answers=family_answers(sqlite_ctx.clock.now().date(), last_name="Reject",
                                                                      pay="Pay Later"))
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await resume_from_details_to_the_last_step(pilot, sqlite_ctx, actor, view.id)
        await pilot.press("f8")
        await wait_until(pilot, lambda: "Submission Failed" in screen_text(app), timeout=8)
        app.screen.query_one("#agree").press()
        await wait_until(pilot, lambda: not on(app, "TextModal") and not on(app, "FinishStep"))
        await pilot.pause(0.3)
        assert isinstance(app.screen, ApplicationsScreen) and app.screen.tab == "failed"
        assert "A-0004" in screen_text(app)
        assert not any(isinstance(s, ApplicationDetailsScreen) for s in app.screen_stack)


async def test_after_paying_escape_goes_back_where_the_user_came_from(sqlite_ctx: AppContext) -> None:
    """Issue 14: resumed from Application Details, submitted and paid: Esc showed a second Application Details."""
    from tui.enrollment import ApplicationDetailsScreen, ApplicationsScreen

    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    view = enrollment.start(sqlite_ctx, actor, answers=family_answers(sqlite_ctx.clock.now().date()))
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume_from_details_to_the_last_step(pilot, sqlite_ctx, actor, view.id)
        await pilot.press("f8")  # Submit Application (Pay Now)
        await wait_until(pilot, lambda: on(app, "PaymentScreen"), timeout=8)
        await fill(pilot, "#f-method", "new card")
        await fill(pilot, "#f-card_number", "4111111111111111")
        await fill(pilot, "#f-expiry", "12/29")
        app.screen.query_one("#f-terms").toggle()
        await pilot.press("f5")
        await wait_until(pilot, lambda: "Visa •••••1111" in screen_text(app))
        app.screen.query_one("#agreement").toggle()
        await pilot.press("f9")
        await wait_until(pilot, lambda: on(app, "ApplicationDetailsScreen") and "Successful" in screen_text(app))
        assert sum(isinstance(s, ApplicationDetailsScreen) for s in app.screen_stack) == 1
        await pilot.press("escape")
        await wait_until(pilot, lambda: not on(app, "ApplicationDetailsScreen"))
        assert isinstance(app.screen, ApplicationsScreen)


async def test_delegate_is_told_at_the_zip_when_the_state_is_not_assigned(sqlite_ctx: AppContext) -> None:
    """Issue 14: a delegate (IL, TX, NM) quoting a Montana ZIP is refused at F9 View Plans, beside the ZIP."""
    from sqlmodel import Session, select

    from core.identity.models import Account
    from core.kernel.events import Actor
    from tui.enrollment import NewQuoteScreen

    with Session(sqlite_ctx.engine) as session:
        account = session.exec(select(Account).where(Account.role == "delegate")).first()
    assert account is not None and account.id is not None
    helper = Actor(account.id, "delegate")
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(NewQuoteScreen(helper))
        await wait_until(pilot, lambda: on(app, "NewQuoteScreen"))
        await fill(pilot, "#f-zip", "59101")
        await fill(pilot, "#f-birth_date", "03/14/1986")
        await fill(pilot, "#f-sex", "f")
        await pilot.press("f9")
        await wait_until(pilot, lambda: "You are not assigned to Montana" in screen_text(app))
        assert on(app, "NewQuoteScreen")
        assert "You are not assigned to Montana" in str(app.screen.form.rows["zip"].error.render())


async def test_keys_typed_after_next_stay_in_their_field_when_the_step_has_problems(
    sqlite_ctx: AppContext, monkeypatch,
) -> None:
    """Issue 16: Next (F8) with problems moves the focus to the first field to fix; keys typed before the
    problems appeared (queued behind F8 while it saved) landed in that field instead of where they were typed."""
    import time

    real_save = saving.save

    def slow_save(*args, **kwargs):  # a loaded machine: the keys typed meanwhile wait behind F8
        time.sleep(0.2)
        return real_save(*args, **kwargs)

    monkeypatch.setattr(saving, "save", slow_save)
    async with ifm_step(sqlite_ctx, 1) as opened:
        app, pilot = opened.app, opened.pilot
        first = app.screen.query_one("#f-first_name", Input)
        first.focus()
        await pilot.press("M", "i", "a")
        await pilot.press("f8", "x", "y")  # Next, then two more keys at once
        await wait_until(pilot, lambda: "need attention" in screen_text(app) or "needs attention" in screen_text(app))
        await app.settle()
        await pilot.pause(0.2)
        assert first.value == "Miaxy"
        bad = app.focused
        assert isinstance(bad, Input) and bad is not first and "x" not in bad.value


async def test_keys_typed_before_the_focus_moves_to_a_problem_land_where_they_were_typed(sqlite_ctx: AppContext) -> None:
    """Issue 16: keys the person typed while a save ran reach the app only after it, when the focus has
    moved to the first field to fix; they belong in the field they were typed in. Deterministic: the key
    events are made (typed) before the move and delivered after it."""
    from textual import events

    async with ifm_step(sqlite_ctx, 1) as opened:
        app, pilot = opened.app, opened.pilot
        first = app.screen.query_one("#f-first_name", Input)
        first.focus()
        await pilot.press("M", "i", "a")
        typed = [events.Key("x", "x"), events.Key("y", "y")]  # typed now, read after the move
        app.screen.form.focus_first_problem({"last_name": "Last Name is required."})
        await pilot.pause()
        bad = app.focused
        assert isinstance(bad, Input) and bad is not first
        for key in typed:
            app.post_message(key)
        await pilot.press("Z")  # typed after the move: goes where the focus is now
        await app.settle()
        assert first.value == "Miaxy"
        assert bad.value == "Z"


async def test_application_pdf_is_saved_with_the_other_documents(sqlite_ctx: AppContext) -> None:
    """F6 on Application Details saves the PDF beside every other saved document ($PACKETDESK_HOME/documents/,
    which the tester scripts show as documents/...), not in a folder of its own."""
    from tui.enrollment import ApplicationDetailsScreen

    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    row = list_applications(sqlite_ctx, actor, "submitted")[0]
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(ApplicationDetailsScreen(actor, row.id))
        await wait_until(pilot, lambda: row.key in screen_text(app))
        await pilot.press("f6")
        await wait_until(pilot, lambda: on(app, "TextModal"))
        expected = sqlite_ctx.settings.home / "documents" / "applications" / f"{row.key}.pdf"
        assert expected.read_bytes().startswith(b"%PDF")
        assert "Application PDF saved to" in screen_text(app)
    assert not (sqlite_ctx.settings.home / "applications").exists()


async def test_enter_moves_through_the_payment_form_and_reviews_on_the_last_field(sqlite_ctx: AppContext) -> None:
    """Issue 16: Enter did nothing on the payment screen (Tab only), unlike every other form; it moves on
    field by field, past the bank fields once the method is chosen, and on the last field reviews as F5 does."""
    from tui.enrollment import PaymentScreen

    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(PaymentScreen(actor, submitted_view(sqlite_ctx)))
        await wait_until(pilot, lambda: on(app, "PaymentScreen"))
        await pilot.press("enter", *"New Bank Account", "enter", *"111000025", "enter", *"4455667788", "enter",
                          *"4455667788", "enter", "enter", "space")
        screen = app.screen
        assert [screen.query_one(f"#f-{name}").value for name in ("method", "routing", "account", "account_again")] \
            == ["New Bank Account", "111000025", "4455667788", "4455667788"]
        assert screen.query_one("#f-terms").value and not screen.query_one("#f-autopay").value
        await pilot.press("enter")  # on the last field: Review Payment Details
        await wait_until(pilot, lambda: "Bank account •••••7788" in screen_text(app))
        assert app.focused is screen.query_one("#agreement")


async def test_ctrl_g_goes_to_a_field_in_the_enrollment_wizard(sqlite_ctx: AppContext) -> None:
    """Issue 16: fifteen Enters from Authorization to Primary Phone on the applicant step; Ctrl+G goes there."""
    async with ifm_step(sqlite_ctx, 1) as opened:
        app, pilot = opened.app, opened.pilot
        await pilot.press("ctrl+g")
        await type_text(pilot, "primary phone")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.focused is not None and app.focused.id == "f-phone")


async def test_coverage_step_keys_open_the_statements_its_declaration_names(sqlite_ctx: AppContext) -> None:
    # Seed 003: Coverage Replacement links "Know Your Rights When You Replace Coverage"; Proxy links its statement.
    async with ifm_step(sqlite_ctx, 4) as opened:
        app, pilot = opened.app, opened.pilot
        step = app.screen
        for key, words in (("f3", "may NOT automatically cancel your old"), ("f4", "Proxy Statement")):
            await pilot.press(key)
            await wait_until(pilot, lambda w=words: app.screen is not step and w in screen_text(app))
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is step)
        assert str(step.values.get("replacing")) == "No" and str(step.values.get("other_coverage")) == "No"


async def test_client_search_fills_the_applicant_and_a_zip_fills_state_and_county_keeping_the_city(
    sqlite_ctx: AppContext,
) -> None:
    # Seed 003: Client Search fills the applicant from an existing client (data/ifm/clients.json: Jessica
    # Tester of Chicago); a ZIP fills its state and county (data/ifm/zips.json: 59101 is Billings, MT,
    # Yellowstone County), a city already typed is kept.
    async with ifm_step(sqlite_ctx, 1) as opened:
        app, pilot = opened.app, opened.pilot
        step = app.screen
        await pilot.press("f3")
        await wait_until(pilot, lambda: app.screen is not step and "Client Search" in screen_text(app))
        await pilot.press(*"jessica tester", "enter")
        await wait_until(pilot, lambda: app.screen is step and step.query_one("#f-first_name", Input).value == "Jessica")
        assert [step.query_one(f"#f-{n}", Input).value for n in ("last_name", "city", "zip", "county")] == [
            "Tester", "Chicago", "60606", "Cook County"]
        zip_box = step.query_one("#f-zip", Input)
        zip_box.value = ""
        zip_box.focus()
        await pilot.press(*"59101")
        await wait_until(pilot, lambda: step.query_one("#f-county", Input).value == "Yellowstone County")
        assert step.query_one("#f-state", Input).value == "MT"
        assert step.query_one("#f-city", Input).value == "Chicago"


async def test_life_events_show_only_for_a_special_enrollment(sqlite_ctx: AppContext) -> None:
    # Seed 003: the life events belong to a special enrollment (SEP application? Yes); No hides them.
    async with ifm_step(sqlite_ctx, 0) as opened:
        app, pilot = opened.app, opened.pilot
        step = app.screen
        await wait_until(pilot, lambda: "+ Add Life event" in screen_text(app))
        sep = step.query_one("#f-sep", Input)
        sep.value = ""
        sep.focus()
        await pilot.press("N", "o")
        await wait_until(pilot, lambda: "+ Add Life event" not in screen_text(app))
        assert step.values_of("general")["sep"] == "No"


async def test_texas_signatures_ask_for_the_consumer_choice_disclosure_which_f3_opens(sqlite_ctx: AppContext) -> None:
    # Seed 003: Texas applications attest the Consumer Choice Disclosure (MyBlue Plus Bronze 903 is a TX plan
    # not exempted in data/ifm/plans.json); F3 reads it.
    answers = family_answers(sqlite_ctx.clock.now().date())
    answers["applicant"]["state"] = "TX"
    answers["plans"]["medical_plan_id"] = "TX-MBB903"
    async with ifm_step(sqlite_ctx, 5, answers=answers) as opened:
        app, pilot = opened.app, opened.pilot
        step = app.screen
        assert "Texas: attest the Consumer Choice Disclosure (F3 to read it)." in screen_text(app)
        assert step.query_one("#f-tx_disclosure") is not None
        await pilot.press("f3")
        await wait_until(pilot, lambda: app.screen is not step and "Consumer Choice Disclosure (Texas)" in screen_text(app))


async def test_application_details_offer_only_the_keys_its_status_allows(sqlite_ctx: AppContext) -> None:
    """The declared keys (data/ifm/forms/screens.toml): Resume only before submission, Make a Payment only once
    submitted and until paid, View Application PDF always; the note under the rows follows the status."""
    from tui.enrollment import ApplicationDetailsScreen

    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(160, 40)) as pilot:
        for status in ("submitted", "incomplete", "failed"):
            row = list_applications(sqlite_ctx, actor, status)[0]
            await app.push_screen(ApplicationDetailsScreen(actor, row.id))
            await wait_until(pilot, lambda row=row: row.key in screen_text(app))
            footer = str(app.screen.query_one("Footer").render()) + screen_text(app)
            assert ("Make a Payment" in footer) == (status == "submitted"), status
            assert ("Resume" in footer) == (status != "submitted"), status
            assert "View Application PDF" in footer
            assert ("Submission failed:" in screen_text(app)) == (status == "failed")
            assert ("Saved, not submitted. It expires on" in screen_text(app)) == (status == "incomplete")
            details = app.screen
            await pilot.press("f5")  # Resume: the wizard only where the footer offers it
            if status == "submitted":
                await pilot.pause()
                assert app.screen is details
            else:
                await wait_until(pilot, lambda: isinstance(app.screen, StepWizard))
                app.pop_screen()
            await wait_until(pilot, lambda details=details: app.screen is details)
            app.pop_screen()
