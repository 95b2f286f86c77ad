"""IFM's six steps come from data/programs/ifm_enrollment.toml: limits, conditions and options as data."""

from __future__ import annotations

from datetime import date

from core.packets.program import programs
from tests.helpers import ifm_steps as steps

TODAY = date(2026, 3, 10)  # outside open enrollment
MEMBER = {"relationship": "Child", "first_name": "Kid", "last_name": "Tester", "birth_date": "04/02/2015",
          "sex": "Female", "tobacco": "No"}


def test_the_household_holds_nineteen_people_besides_the_applicant():
    # domain-rules.md: at most 19 people besides the primary applicant, the spouse included.
    nineteen = {"household": {"members": [dict(MEMBER, first_name=f"Kid{i}") for i in range(19)]}}
    assert "members" not in steps.problems("household", nineteen, TODAY)
    twenty = {"household": {"members": [dict(MEMBER, first_name=f"Kid{i}") for i in range(20)]}}
    found = steps.problems("household", twenty, TODAY)
    assert found["members"] == "An application covers at most 19 people besides the primary applicant."


def test_a_member_row_is_checked_with_its_declared_fields():
    answers = {"household": {"members": [dict(MEMBER, first_name="")]}}
    assert steps.problems("household", answers, TODAY)["members.0"] == "Spouse or dependent 1: First Name is required."


def test_a_special_enrollment_needs_at_least_one_life_event():
    general = {"writing_number": "IL1234", "state": "IL", "effective_date": "04/01/2026"}
    found = steps.problems("general", {"general": {**general, "sep": "Yes", "life_events": []}}, TODAY)
    assert found["life_events"] == "Add at least one life event with its date."
    moved = {"label": "Permanent move", "kind": "move", "date": "03/01/2026"}
    found = steps.problems("general", {"general": {**general, "sep": "Yes", "life_events": [moved]}}, TODAY)
    assert "life_events" not in found and "life_events.0" not in found


def test_an_hra_asks_for_its_start_employer_and_contribution():
    found = steps.problems("household", {"household": {"hra_type": "ICHRA", "members": []}}, TODAY)
    assert {"hra_start", "hra_employer", "hra_contribution"} <= set(found)
    assert not {"hra_start", "hra_employer", "hra_contribution"} & set(
        steps.problems("household", {"household": {"members": []}}, TODAY))


def test_other_coverage_yes_needs_a_row_and_each_row_its_member_number():
    answers = {"applicant": {"state": "IL", "form_type": "Medical/Dental"}, "coverage": {"other_coverage": "Yes"}}
    assert steps.problems("coverage", answers, TODAY)["others"] == "Add the other coverage for each applicant who has it."
    answers["coverage"]["others"] = [{"person": "Ann Tester", "group_id": "G1"}]
    assert steps.problems("coverage", answers, TODAY)["others.0"] == "Other coverage 1: Member Number is required."
    answers["coverage"]["other_coverage"] = "No"
    assert "others.0" not in steps.problems("coverage", answers, TODAY)


def test_life_event_and_language_options_come_from_the_data_files():
    # Seed 003's Life Event list and the language list are kept in data/ifm, not in code.
    assert "Permanent move" in steps.LIFE_EVENT.field("label").options
    assert "Spanish" in steps.HOUSEHOLD.field("language_written").options
    assert "Guamanian or Chamorro" in steps.HOUSEHOLD.field("race").options


def test_the_enrollment_declaration_is_not_a_packet_program():
    # Applications live in their own table: the desk and the dashboard never list them as packets.
    assert "ifm_enrollment" not in programs()
    assert steps.STEP_IDS == ("general", "applicant", "household", "plans", "coverage", "sign")


async def test_the_mailing_address_and_last_tobacco_use_show_after_yes(sqlite_ctx) -> None:
    # Seed 003: the mailing address is asked only when it differs; the date of last use only after tobacco Yes.
    from textual.widgets import Input

    from core.demo import demo_actor
    from core.enrollment import applications as enrollment
    from tests.helpers.ifm import family_answers
    from tests.pilot_helpers import screen_text, wait_until
    from tui.app import make_app
    from tui.enrollment import WIZARD

    actor = demo_actor(sqlite_ctx)
    assert actor is not None
    view = enrollment.start(sqlite_ctx, actor, answers=family_answers(sqlite_ctx.clock.now().date()))
    app = make_app(sqlite_ctx, blink=False, demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.push_screen(WIZARD.screen_for(actor, view, 1))
        await wait_until(pilot, lambda: getattr(app.screen, "step_id", "") == "applicant" and app.screen.focused is not None)
        assert "Mailing City" not in screen_text(app) and "Date of last use" not in screen_text(app)
        for name in ("mailing_different", "tobacco"):
            box = app.screen.query_one(f"#f-{name}", Input)
            box.focus()
            box.value = ""
            await pilot.press("y")  # typed in short: core reads it as Yes
        await wait_until(pilot, lambda: "Mailing City *" in screen_text(app) and "Date of last use *" in screen_text(app))
        box = app.screen.query_one("#f-mailing_different", Input)
        box.focus()
        box.value = ""
        await pilot.press("n")
        await wait_until(pilot, lambda: "Mailing City" not in screen_text(app))


def test_the_quote_reads_dependents_in_core():
    # The New Quote form's dependents line (data/ifm/forms/quote.toml help): "birth date and M or F, separated by commas".
    from core.enrollment.quotes import quote_input

    data = quote_input({"zip": " 60606 ", "birth_date": "03/14/1986", "sex": "Female", "tobacco": "No",
                        "spouse_birth_date": "02/10/1988", "spouse_sex": "Male", "spouse_tobacco": "Yes",
                        "dependents": "06/01/2014 F, 09/15/2018 m,01/02/2020"})
    assert data.zip == "60606"
    assert [(p.relationship, p.birth_date, p.sex) for p in data.people] == [
        ("primary", "03/14/1986", "Female"), ("spouse", "02/10/1988", "Male"),
        ("child", "06/01/2014", "Female"), ("child", "09/15/2018", "Male"), ("child", "01/02/2020", "")]
    assert [p.tobacco for p in data.people[:2]] == [False, True]
