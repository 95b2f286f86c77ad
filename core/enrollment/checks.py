"""IFM enrollment's named rules across fields, registered for data/programs/ifm_enrollment.toml to name.

What a field declaration says (required, required when, types, a group's limits) lives in the TOML;
what only code can say (open enrollment, the ZIP's state and county, QSEHRA caps, plan offers,
who needs a guardian) is here, as named step checks and predicates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from core.enrollment import catalog, rules
from core.enrollment.pricing import people_of, price
from core.forms import registry
from core.forms.fields import parse_date
from core.forms.registry import Match, check_named, computation_named, lookup_named, predicate_named
from core.forms.values import money_text, parse_money

Answers = dict[str, dict[str, Any]]


def effective(answers: Answers) -> date | None:
    return parse_date(str(answers.get("general", {}).get("effective_date") or ""))


@predicate_named("enrollment.guardian_needed")
def guardian_needed(answers: Answers) -> bool:
    """A child-only policy whose applicant is under 18 on the effective date: a parent or guardian signs."""
    birth = parse_date(str(answers.get("applicant", {}).get("birth_date") or ""))
    when = effective(answers)
    return bool(birth and when and rules.needs_guardian(birth, when))


@predicate_named("enrollment.tx_disclosure_needed")
def tx_disclosure_needed(answers: Answers) -> bool:
    medical = catalog.plan(answers.get("plans", {}).get("medical_plan_id"))
    return rules.needs_tx_disclosure(answers.get("applicant", {}).get("state", ""), medical.name if medical else None)


@predicate_named("enrollment.replacement_shown")
def replacement_shown(answers: Answers) -> bool:
    """Whether this application asks about Coverage Replacement (not on Dental forms in the states data names)."""
    applicant = answers.get("applicant", {})
    return rules.coverage_replacement_shown(str(applicant.get("state") or ""), str(applicant.get("form_type") or ""))


@predicate_named("enrollment.takes_pcp")
def takes_pcp(answers: Answers) -> bool:
    """PCP numbers are kept only for a medical plan whose network takes them."""
    plan = catalog.plan(answers.get("plans", {}).get("medical_plan_id"))
    return rules.takes_pcp(plan.network if plan else None)


@check_named("enrollment.general")
def general(answers: Answers, today: date) -> dict[str, str]:
    values = answers.get("general", {})
    problems: dict[str, str] = {}
    sep = values.get("sep", "Yes")
    if sep == "No" and not rules.sep_editable(values.get("state", ""), today):
        problems["sep"] = "Outside open enrollment this must be a special enrollment (Yes)."
    if sep == "Yes":
        for i, event in enumerate(values.get("life_events") or []):
            day = parse_date(str(event.get("date", "")))
            problem = "enter the date as MM/DD/YYYY" if day is None else rules.event_problem(event.get("kind", ""), day, today)
            if problem:
                problems[f"life_events.{i}"] = f"Life event {i + 1}: {problem}"
    return problems


@check_named("enrollment.applicant")
def applicant(answers: Answers, today: date) -> dict[str, str]:
    values = answers.get("applicant", {})
    problems: dict[str, str] = {}
    zip_code = str(values.get("zip") or "")
    if zip_code:
        found = catalog.place(zip_code)
        if found is None:
            problems["zip"] = "Zip Code: not a ZIP code in IL, MT, NM, OK or TX."
        elif found.state != str(values.get("state", "")).upper():
            problems["state"] = f"State: ZIP {zip_code} is in {found.state}."
        elif values.get("county") and values["county"] != found.county:
            problems["county"] = f"County: ZIP {zip_code} is in {found.county}."
    producer_state = answers.get("general", {}).get("state", "")
    if producer_state and values.get("state") and str(values["state"]).upper() != producer_state:
        problems.setdefault("state", f"State: the writing producer number is for {producer_state}; "
                                     "it must match the home state.")
    return problems


@check_named("enrollment.household")
def household(answers: Answers, today: date) -> dict[str, str]:
    values = answers.get("household", {})
    problems: dict[str, str] = {}
    if values.get("hra_type") == "QSEHRA":
        monthly = parse_money(str(values.get("hra_contribution") or ""))
        when = parse_date(str(values.get("hra_start") or "")) or effective(answers) or today
        family = bool(values.get("members"))
        cap = rules.qsehra_problem(monthly, when.year, family) if monthly is not None else None
        if cap:
            problems["hra_contribution"] = cap
    return problems


@check_named("enrollment.plans")
def plans(answers: Answers, today: date) -> dict[str, str]:
    values = answers.get("plans", {})
    state = answers.get("applicant", {}).get("state", "")
    problems: dict[str, str] = {}
    medical = catalog.plan(values.get("medical_plan_id"))
    dental = catalog.plan(values.get("dental_plan_id"))
    for key, chosen in (("medical_plan_id", medical), ("dental_plan_id", dental)):
        if values.get(key) and (chosen is None or chosen.state != state or chosen.on_exchange):
            name = chosen.name if chosen else values[key]
            problems[key] = f"{name} is not offered off-exchange in {state or 'this state'}."
    if medical is not None and dental is None and values.get("pediatric_dental") != "true" and has_children(answers):
        problems["pediatric_dental"] = "Add a dental plan or attest that the children already have pediatric dental."
    for who, number in (values.get("pcp") or {}).items():
        problem = rules.pcp_problem(str(number))
        if problem:
            problems[f"pcp.{who}"] = problem
    return problems


def has_children(answers: Answers) -> bool:
    when = effective(answers)
    births = [parse_date(str(m.get("birth_date", ""))) for m in answers.get("household", {}).get("members") or []]
    births.append(parse_date(str(answers.get("applicant", {}).get("birth_date", ""))))
    return any(b and when and rules.age_on(b, when) < 19 for b in births)


@computation_named("enrollment.monthly_premium")
def monthly_premium(answers: Answers, today: date) -> str:
    total = price(answers, today).total
    return money_text(total) if total else ""



def plan_state(answers: Answers) -> str:
    """Where the plans are offered: the state of the quote's ZIP (else the applicant's), else the applicant's."""
    applicant = answers.get("applicant", {})
    place = catalog.place(str(answers.get("plans", {}).get("zip") or applicant.get("zip") or ""))
    return place.state if place else str(applicant.get("state") or "")


def _offered(kind: str) -> registry.Lookup:
    def offered(query: str, answers: Answers) -> list[Match]:
        """The off-exchange plans of the kind in the application's state (Plan Selection's options)."""
        return [Match(p.name, p.id) for p in catalog.plans_for(plan_state(answers), kind)
                if not p.on_exchange and query.lower() in p.name.lower()]
    return offered


for _kind in ("medical", "dental"):
    lookup_named(f"enrollment.offered_{_kind}")(_offered(_kind))


@lookup_named("enrollment.providers")
def providers(query: str, answers: Answers) -> list[Match]:
    """F3 Provider Finder: the medical plan's in-network PCPs and groups in the state; a match is its group number."""
    plan = catalog.plan(answers.get("plans", {}).get("medical_plan_id"))
    found = catalog.find_providers(plan_state(answers), plan.network, query) if plan else []
    return [Match(f"{p.group} · {p.name} · {p.city}" + ("" if p.accepting else " (not accepting)"), p.group) for p in found]


@computation_named("enrollment.member_names")
def member_names(answers: Answers, today: date) -> list[str]:
    """Whose PCP numbers the plan step asks for: the people rated, by name."""
    return [p.label for p in people_of(answers)] or ["Primary"]


# The carrier's acceptance rules ([[submit.refuse]]) that data cannot say; `packet.today` is the day it is sent.
def _sent_on(answers: Answers) -> date | None:
    return parse_date(str(answers.get("packet", {}).get("today") or ""))


@predicate_named("enrollment.plan_elsewhere")
def plan_elsewhere(answers: Answers) -> bool:
    """No plan chosen, or the one chosen (medical, else dental) is another state's."""
    plans = answers.get("plans", {})
    plan = catalog.plan(plans.get("medical_plan_id")) or catalog.plan(plans.get("dental_plan_id"))
    return plan is None or plan.state != answers.get("general", {}).get("state")


@predicate_named("enrollment.no_premium")
def no_premium(answers: Answers) -> bool:
    sent = _sent_on(answers)
    return sent is not None and price(answers, sent).total <= 0

