"""Field, identifier and password rules: each returns what is wrong, in words a person can act on."""

from datetime import date

import pytest

from core.forms.fields import field_problem, parse_date, shown_placeholder, step_problems
from core.forms.identifiers import card_problem, ein_problem, routing_problem, ssn_problem
from core.forms.spec import FieldSpec
from core.identity.password_rules import password_problems, password_rules
from core.packets.program import program

BCBS = program("bcbs_recontracting")


@pytest.mark.parametrize("ssn", ["512-34-1296", "512341296", "001-01-0001"])
def test_valid_ssns_pass(ssn):
    assert ssn_problem(ssn) is None


@pytest.mark.parametrize(
    "ssn",
    ["000-12-3456", "666-12-3456", "900-12-3456", "999-12-3456", "123-00-4567", "123-45-0000",
     "078-05-1120", "219-09-9999", "12345678", "1234567890", "abc-de-fghi"],
)
def test_never_issued_ssns_are_refused(ssn):
    assert ssn_problem(ssn)


def test_ein_prefixes_never_assigned_are_refused():
    assert ein_problem("07-1234567")
    assert ein_problem("12-3456789") is None


@pytest.mark.parametrize("number", ["111000025", "021000021", "011000015"])
def test_valid_routing_numbers(number):
    assert routing_problem(number) is None


@pytest.mark.parametrize("number", ["123456789", "11100002", "1110000250", "11100002x"])
def test_invalid_routing_numbers(number):
    assert routing_problem(number)


def test_card_numbers_use_luhn():
    assert card_problem("4111111111111111") is None
    assert card_problem("378282246310005") is None
    assert "Luhn" in (card_problem("4111111111111112") or "")


def test_each_bcbs_password_rule_fails_alone():
    policy = BCBS.password_policy
    cases = {
        "Ab1x": "at least 6 characters",
        "Abcdefg": "numeric character",
        "ABCDEF1": "lower case letter",
        "abcdef1": "upper case letter",
    }
    for password, rule in cases.items():
        failing = [r.text for r in password_rules(policy, password) if not r.ok]
        assert len(failing) == 1 and rule in failing[0], (password, failing)
    assert password_problems(policy, "Secret1x", "Secret1x") == []
    assert password_problems(policy, "Secret1x", "Secret1y") == ["The two passwords do not match."]


def test_required_and_typed_fields():
    postal = BCBS.field("interview.postal_code")
    assert field_problem(postal, "") == "Postal Code is required."
    assert "5 digits" in (field_problem(postal, "7875") or "")
    assert field_problem(postal, "78756-1234") is None
    phone = BCBS.field("interview.business_phone")
    assert field_problem(phone, "512-555-0188") is None
    assert field_problem(phone, "555-0188")
    assert field_problem(BCBS.field("interview.email"), "not-an-email")
    assert field_problem(BCBS.field("interview.state"), "ZZ")


def test_a_pasted_10000_character_value_is_refused_not_truncated_silently():
    problem = field_problem(BCBS.field("interview.city"), "x" * 10_000)
    assert problem == "City can be at most 60 characters."


def test_names_with_markup_and_accents_are_plain_text():
    spec = FieldSpec(name="title", label="Title", max_length=60)
    for value in ["O'Neil [/]", "[bold]x", "José", "Nguyễn", "李"]:
        assert field_problem(spec, value) is None


def test_control_characters_are_refused():
    assert "control" in (field_problem(FieldSpec(name="a", label="A"), "abc\x1b[2J") or "")


def test_dates_must_exist():
    assert parse_date("02/29/2024") == date(2024, 2, 29)
    assert parse_date("02/30/2024") is None
    assert parse_date("13/01/2024") is None


def test_eight_digits_read_as_month_day_year():
    # A rep types a birth date as the producer reads it out, without the slashes.
    assert parse_date("03141986") == date(1986, 3, 14)
    assert parse_date("02302024") is None  # still a date that exists
    assert parse_date("19860314") is None  # year first is not MMDDYYYY
    assert parse_date("0314198") is None


def test_every_problem_on_a_step_at_once():
    step = BCBS.step("interview")
    problems = step_problems(step, {"email": "x", "address1": "", "city": "", "state": "TX", "postal_code": "1"})
    assert {"email", "address1", "city", "postal_code", "business_phone"} <= set(problems)
    # Read-only roster fields are never the producer's problem to fix.
    assert "first_name" not in problems and "tin" not in problems


@pytest.mark.parametrize("placeholder, label, wanted", [
    ("MM/DD/YYYY", "Date of Birth", "MM/DD/YYYY"),  # IFM's placeholders
    ("MM-DD-YYYY", "Birth Date (MM-DD-YYYY)", "MM-DD-YYYY"),  # Cigna's label, as seed 002 prints it
])
def test_a_bad_date_is_explained_in_the_format_the_field_shows(placeholder, label, wanted):
    """The birth-date error said MM-DD-YYYY while every IFM placeholder says MM/DD/YYYY (issue 14)."""
    today = date(2026, 11, 24)
    for kind in ("birthdate", "date"):
        spec = FieldSpec("d", label, kind, placeholder=placeholder)
        problem = field_problem(spec, "13/45/2000", today)
        assert problem is not None and problem.endswith(f"as {wanted}."), problem


@pytest.mark.parametrize(("field", "shown"), [
    (FieldSpec("state", "State", type="state", max_length=2, placeholder="TX"), "e.g. TX"),
    (FieldSpec("mobile", "Mobile Number", type="phone", max_length=20, placeholder="555-666-7777"), "e.g. 555-666-7777"),
    (FieldSpec("states", "Contracted states", type="states", max_length=40, placeholder="IL, TX"), "e.g. IL, TX"),
    (FieldSpec("eo", "Limit", type="money", placeholder="1,000,000"), "e.g. 1,000,000"),
    (FieldSpec("born", "Date of Birth", type="birthdate", placeholder="MM/DD/YYYY"), "MM/DD/YYYY"),
    (FieldSpec("ssn", "SSN", type="ssn", placeholder="AAA-GG-SSSS"), "AAA-GG-SSSS"),
    (FieldSpec("ssn", "SSN", type="ssn", placeholder="optional"), "optional"),
    (FieldSpec("sex", "Sex", type="choice", options=("Male", "Female"), placeholder="Male or Female"), "Male or Female"),
    (FieldSpec("lang", "Spoken Language", type="choice", options=("English",), placeholder="e.g. English"),
     "e.g. English"),
    (FieldSpec("name", "Signature", placeholder="Type your name"), "Type your name"),
])
def test_a_placeholder_that_would_pass_as_a_value_is_shown_as_an_example(field, shown):
    """Issue 16: "TX" and "555-666-7777" looked like values typed in; formats and hints stay as they are."""
    assert shown_placeholder(field) == shown


def test_a_short_choice_list_shows_its_options_before_anything_is_typed():
    # Issue 16: "choice fields never show their options (Sex, Payment Method ...)".
    from core.forms.fields import shown_placeholder

    assert shown_placeholder(FieldSpec(name="sex", label="Sex", type="choice", options=("Male", "Female"))) == "Male or Female"
    three = FieldSpec(name="k", label="K", type="choice", options=("Checking", "Savings", "Other"))
    assert shown_placeholder(three) == "Checking, Savings or Other"
    many = FieldSpec(name="k", label="K", type="choice", options=tuple("ABCDEFG"))
    assert shown_placeholder(many) == ""  # a long list is for the picker, not the placeholder
    own = FieldSpec(name="k", label="K", type="choice", options=("Yes", "No"), placeholder="Yes if ...")
    assert shown_placeholder(own) == "Yes if ..."
