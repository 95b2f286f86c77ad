"""IFM rules: effective dates per event and around open enrollment, premiums, limits, Texas, PCP, payments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.enrollment import rules
from core.enrollment.rating import Member, age_factor, family_premium, member_premiums, rated_flags
from core.payments.details import PaymentDetails, card_brand, payment_problems

TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(("kind", "event", "expected"), [
    ("birth", date(2026, 3, 1), date(2026, 3, 1)),
    ("birth", date(2026, 2, 15), date(2026, 2, 15)),
    ("adoption", date(2026, 2, 20), date(2026, 2, 20)),
    ("foster", date(2026, 3, 2), date(2026, 3, 2)),
    ("court_order", date(2026, 1, 31), date(2026, 1, 31)),
    ("marriage", date(2026, 2, 14), date(2026, 4, 1)),
    ("move", date(2026, 3, 1), date(2026, 4, 1)),
    ("divorce", date(2026, 2, 1), date(2026, 4, 1)),
])
def test_event_effective_dates(kind, event, expected):
    result = rules.effective_date("IL", True, [(kind, event)], TODAY)
    assert result.problems == ()
    assert result.date == expected


def test_loss_of_coverage_chosen_before_the_loss_starts_the_month_after_the_loss():
    assert rules.effective_date("IL", True, [("loss_of_coverage", date(2026, 4, 20))], TODAY).date == date(2026, 5, 1)


def test_loss_of_coverage_chosen_after_the_loss_starts_the_month_after_selection():
    assert rules.effective_date("IL", True, [("loss_of_coverage", date(2026, 2, 20))], TODAY).date == date(2026, 4, 1)


def test_loss_reported_too_early_or_not_qualifying():
    assert rules.effective_date("IL", True, [("loss_of_coverage", date(2026, 6, 1))], TODAY).date is None
    for kind in ("loss_nonpayment", "loss_voluntary"):
        result = rules.effective_date("IL", True, [(kind, date(2026, 3, 1))], TODAY)
        assert result.date is None and "not a qualifying" in result.problems[0]


def test_sep_window_closes_after_60_days():
    assert rules.effective_date("TX", True, [("marriage", date(2026, 1, 8))], TODAY).date is None
    assert rules.effective_date("TX", True, [("marriage", date(2026, 1, 9))], TODAY).date == date(2026, 4, 1)


def test_hra_starts_with_the_hra():
    assert rules.effective_date("OK", True, [("hra", date(2026, 5, 1))], TODAY, date(2026, 5, 1)).date == date(2026, 5, 1)
    assert rules.effective_date("OK", True, [("hra", date(2026, 4, 10))], TODAY, date(2026, 4, 10)).date == date(2026, 5, 1)


def test_several_events_take_the_earliest_date():
    events = [("marriage", date(2026, 3, 1)), ("birth", date(2026, 3, 5))]
    assert rules.effective_date("IL", True, events, TODAY).date == date(2026, 3, 5)


@pytest.mark.parametrize(("today", "expected"), [
    (date(2025, 11, 1), date(2026, 1, 1)),
    (date(2025, 12, 15), date(2026, 1, 1)),
    (date(2025, 12, 16), date(2026, 2, 1)),
    (date(2026, 1, 15), date(2026, 2, 1)),
    (date(2026, 11, 1), date(2027, 1, 1)),
    (date(2026, 12, 15), date(2027, 1, 1)),
])
def test_open_enrollment_boundaries(today, expected):
    assert rules.effective_date("IL", False, [], today).date == expected


@pytest.mark.parametrize("today", [date(2026, 1, 16), date(2026, 10, 31), date(2026, 12, 16)])
def test_outside_open_enrollment_sep_is_required(today):
    assert not rules.sep_editable("TX", today)
    assert rules.effective_date("TX", False, [], today).date is None


def test_sep_editable_inside_the_window():
    assert rules.sep_editable("NM", date(2026, 1, 15)) and rules.sep_editable("NM", date(2026, 11, 24))


@pytest.mark.parametrize(("age", "factor"), [(0, 0.765), (14, 0.765), (15, 0.833), (21, 1.0), (64, 3.0), (65, 3.0), (90, 3.0)])
def test_age_factors(age, factor):
    assert age_factor(age) == factor


def test_tobacco_factor_applies_and_is_capped():
    assert family_premium(400.0, [Member("primary", 40, True)], 1.5) == Decimal("766.80")
    assert family_premium(400.0, [Member("primary", 40, False)], 1.5) == Decimal("511.20")
    with pytest.raises(ValueError):
        family_premium(400.0, [Member("primary", 40, True)], 1.6)


def test_only_the_three_oldest_children_under_21_are_rated():
    family = [Member("primary", 45), Member("spouse", 43), Member("child", 16), Member("child", 12),
              Member("child", 19), Member("child", 9)]
    assert rated_flags(family) == [True, True, True, True, True, False]
    premiums = member_premiums(300.0, family)
    assert premiums[-1].premium == Decimal("0.00")
    assert family_premium(300.0, family) == sum(p.premium for p in premiums[:5])


def test_children_21_and_over_always_count():
    family = [Member("primary", 50), Member("child", 22), Member("child", 18), Member("child", 16), Member("child", 14),
              Member("child", 10)]
    assert rated_flags(family) == [True, True, True, True, True, False]


def test_household_limit_is_19_besides_the_applicant():
    assert rules.household_problem(19) is None
    assert rules.household_problem(20) is not None


def test_child_only_and_guardian():
    assert rules.is_child_only(date(2010, 5, 1), date(2027, 1, 1))
    assert rules.needs_guardian(date(2010, 5, 1), date(2027, 1, 1))
    assert rules.is_child_only(date(2006, 5, 1), date(2027, 1, 1)) and not rules.needs_guardian(date(2006, 5, 1), date(2027, 1, 1))
    assert not rules.is_child_only(date(2005, 12, 31), date(2027, 1, 1))


def test_texas_disclosure_except_blue_advantage_gold_hmo_207():
    assert rules.needs_tx_disclosure("TX", "Blue Precision Silver HMO")
    assert not rules.needs_tx_disclosure("TX", "Blue Advantage Gold HMO 207")
    assert not rules.needs_tx_disclosure("IL", "Blue Precision Silver HMO")


def test_pcp_only_for_hmo_and_pos():
    assert rules.takes_pcp("HMO") and rules.takes_pcp("POS") and not rules.takes_pcp("PPO")
    assert rules.pcp_problem("12") and rules.pcp_problem("abc") and rules.pcp_problem("101") is None


def _payment(**kw: object) -> PaymentDetails:
    base = {"method": "card", "amount": Decimal("100"), "payment_date": TODAY, "terms_accepted": True,
            "card_number": "4111 1111 1111 1111", "expiry": "12/29"}
    base.update(kw)
    return PaymentDetails(**base)  # type: ignore[arg-type]


def test_card_luhn_expiry_brand_and_autopay():
    assert payment_problems(_payment(), TODAY) == {}
    assert "card_number" in payment_problems(_payment(card_number="4111111111111112"), TODAY)
    assert "expiry" in payment_problems(_payment(expiry="01/26"), TODAY)
    assert "autopay" in payment_problems(_payment(autopay=True), TODAY)
    assert card_brand("378282246310005") == "American Express" and card_brand("4111111111111111") == "Visa"


def test_bank_routing_checksum_and_account():
    good = _payment(method="bank", card_number="", routing="111000025", account="123456789", account_again="123456789",
                    autopay=True)
    assert payment_problems(good, TODAY) == {}
    assert "routing" in payment_problems(_payment(method="bank", routing="123456789", account="1234", account_again="1234"), TODAY)
    assert "account_again" in payment_problems(_payment(method="bank", routing="021000021", account="1234",
                                                         account_again="1235"), TODAY)


def test_the_race_options_hold_guamanian_or_chamorro_not_the_seeds_misprint():
    # Seed 003 lists, among the Pacific Islander options: "Native Hawaiian", "Guatemalan or Chamorro", "Samoan".
    # The category is "Guamanian or Chamorro" (OMB / HHS standards); the data file keeps it corrected and says so.
    import json

    from core.forms.fields import field_problem
    from core.kernel.config import DATA_DIR
    from tests.helpers import ifm_steps as steps

    race = next(f for f in steps.HOUSEHOLD.fields if f.name == "race")
    assert "Guamanian or Chamorro" in race.options
    assert "Guatemalan or Chamorro" not in race.options
    assert race.options.index("Guamanian or Chamorro") == race.options.index("Native Hawaiian") + 1
    assert field_problem(race, "Guamanian or Chamorro") is None
    assert field_problem(race, "Guatemalan or Chamorro") is not None
    data = json.loads((DATA_DIR / "ifm" / "ethnicity.json").read_text(encoding="utf-8"))
    assert "Seed 003" in data["source"]
    assert "Guatemalan or Chamorro" in data["correction"] and "Guamanian or Chamorro" in data["correction"]


@pytest.mark.parametrize(("state", "form_type", "asked"), [
    ("MT", "Dental", False),  # listed in data/ifm/coverage_replacement.json
    ("mt", "Dental", False),
    ("NM", "Dental", False),
    ("IL", "Dental", True),  # not listed
    ("TX", "Dental", True),
    ("MT", "Medical/Dental", True),  # the note is about Dental forms only
])
def test_coverage_replacement_is_not_asked_on_dental_forms_in_the_listed_states(state, form_type, asked):
    # Seed 003: "NOTE: Coverage Replacement will not display for Dental Application Forms in some states."
    from tests.helpers import ifm_steps as steps

    assert rules.coverage_replacement_shown(state, form_type) is asked
    answers = {"applicant": {"state": state, "form_type": form_type},
               "coverage": {"replacing": "Yes", "other_coverage": "No", "replacements": []}}
    names = [f.name for f in steps.coverage_step(answers).fields]
    assert ("replacing" in names) is asked
    found = steps.problems("coverage", answers, TODAY)
    assert ("replacements" in found) is asked  # "Yes" with no row is a problem only where the question is asked


QSEHRA_2025 = {"hra_type": "QSEHRA", "hra_start": "01/01/2025", "hra_employer": "Small Shop LLC"}
SPOUSE = {"relationship": "Spouse", "first_name": "Sam", "last_name": "Tester", "birth_date": "04/02/1990",
          "sex": "Male", "tobacco": "No"}


@pytest.mark.parametrize(("monthly", "members", "over"), [
    # domain-rules.md: "2025 caps $6,350 self-only / $12,800 family", a year; by month at most the cap / 12.
    ("529.16", [], False),  # 529.16 x 12 = 6,349.92: under $6,350
    ("529.17", [], True),  # 529.17 x 12 = 6,350.04: over
    ("6350", [], True),  # the yearly cap typed as a monthly amount
    ("1066.66", [SPOUSE], False),  # 1,066.66 x 12 = 12,799.92: under $12,800 (family: a spouse is listed)
    ("1066.67", [SPOUSE], True),  # 1,066.67 x 12 = 12,800.04: over
    ("1066.66", [], True),  # the same amount without a spouse or dependents is over the self-only cap
])
def test_qsehra_monthly_contribution_is_capped(monthly, members, over):
    from tests.helpers import ifm_steps as steps

    answers = {"household": {**QSEHRA_2025, "hra_contribution": monthly, "members": members}}
    found = steps.problems("household", answers, TODAY)
    assert ("hra_contribution" in found) is over
    if over:
        yearly, most = ("$12,800", "$1,066.66") if members else ("$6,350", "$529.16")
        assert found["hra_contribution"].startswith("Monthly Contribution: a QSEHRA pays at most")
        assert most in found["hra_contribution"] and yearly in found["hra_contribution"]


def test_qsehra_exactly_at_the_yearly_cap_and_ichra_without_one():
    from decimal import Decimal

    # At the cap: a monthly amount of exactly cap / 12 adds up to the yearly cap and is allowed.
    assert rules.qsehra_problem(Decimal("6350") / 12, 2025, family=False) is None  # exactly the cap, by month
    assert rules.qsehra_problem(Decimal("12800") / 12, 2025, family=True) is None
    assert rules.qsehra_cap(2025, family=False) == (2025, Decimal("6350"))
    assert rules.qsehra_cap(2025, family=True) == (2025, Decimal("12800"))
    # An ICHRA has no contribution cap (domain-rules.md: "employer of any size reimburses individual-market premiums").
    from tests.helpers import ifm_steps as steps

    answers = {"household": {**QSEHRA_2025, "hra_type": "ICHRA", "hra_contribution": "2000", "members": []}}
    assert "hra_contribution" not in steps.problems("household", answers, TODAY)


@pytest.mark.parametrize(("year", "family", "cap_year", "cap"), [
    # IRS Rev. Proc. 2025-32 section .63: for 2026, $6,450 self-only and $13,100 family a year.
    (2026, False, 2026, "6450"),
    (2026, True, 2026, "13100"),
    # Rev. Proc. 2023-34: for 2024, $6,150 and $12,450.
    (2024, False, 2024, "6150"),
    # A year not yet published uses the latest one listed before it, and says which.
    (2031, True, 2026, "13100"),
])
def test_qsehra_cap_follows_the_year_of_the_hra(year, family, cap_year, cap):
    from decimal import Decimal

    assert rules.qsehra_cap(year, family) == (cap_year, Decimal(cap))
    # $6,450 / 12 = $537.50 a month is the 2026 self-only most; a cent more is over.
    if (year, family) == (2026, False):
        assert rules.qsehra_problem(Decimal("537.50"), 2026, family=False) is None
        message = rules.qsehra_problem(Decimal("537.51"), 2026, family=False)
        assert message is not None and "$537.50" in message and "the 2026 limit is $6,450" in message


def test_sep_fixed_outside_the_window_and_calculate_says_why_it_has_no_date():
    # data/ifm/open_enrollment.json: New Mexico's 2027 window runs 11/01/2026 to 12/15/2026.
    from core.enrollment.general import calculate_effective_date, sep_fixed

    assert sep_fixed({"general": {"state": "NM"}}, date(2026, 10, 31))
    assert not sep_fixed({"general": {"state": "NM"}}, date(2026, 11, 1))
    no_events = calculate_effective_date({"general": {"state": "NM", "sep": "Yes", "life_events": []}}, date(2026, 10, 31))
    assert no_events.value == "" and "life event" in " ".join(no_events.problems)
    # A marriage (by its label alone) on 10/20/2026 starts coverage the month after the selection: 11/01/2026.
    married = {"general": {"state": "NM", "sep": "Yes", "life_events": [{"label": "Marriage", "date": "10/20/2026"}]}}
    assert calculate_effective_date(married, date(2026, 10, 31)).value == "11/01/2026"
