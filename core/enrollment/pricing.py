"""Monthly premiums of a household for plans: quotes, the wizard's plan step and its header."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from core.enrollment import catalog
from core.enrollment.catalog import Plan
from core.enrollment.rating import Member, age_on, family_premium
from core.forms.fields import parse_date


@dataclass(frozen=True)
class Person:
    """Someone to rate, as a quote or an application holds them."""

    label: str
    relationship: str
    birth: date
    tobacco: bool


@dataclass(frozen=True)
class Pricing:
    medical: Decimal | None
    dental: Decimal | None
    rating_area: str

    @property
    def total(self) -> Decimal:
        return (self.medical or Decimal("0.00")) + (self.dental or Decimal("0.00"))


def members_on(people: list[Person], when: date) -> list[Member]:
    return [Member("child" if p.relationship not in ("primary", "spouse") else p.relationship,
                   max(0, age_on(p.birth, when)), p.tobacco) for p in people]


def plan_premium(plan: Plan, rating_area: str, people: list[Person], when: date) -> Decimal:
    """One plan's monthly premium for the household on the effective date."""
    tobacco = plan.tobacco_factor if plan.kind == "medical" else 1.0
    return family_premium(plan.rate_21(rating_area), members_on(people, when), tobacco)


def people_of(answers: dict[str, dict[str, Any]]) -> list[Person]:
    """The applicant and the spouse and dependents with a usable birth date."""
    applicant = answers.get("applicant", {})
    found = []
    birth = parse_date(str(applicant.get("birth_date") or ""))
    if birth:
        name = f"{applicant.get('first_name', '')} {applicant.get('last_name', '')}".strip() or "Primary"
        found.append(Person(name, "primary", birth, applicant.get("tobacco") == "Yes"))
    for member in answers.get("household", {}).get("members") or []:
        born = parse_date(str(member.get("birth_date") or ""))
        if born:
            relationship = "spouse" if member.get("relationship") == "Spouse" else "child"
            name = f"{member.get('first_name', '')} {member.get('last_name', '')}".strip() or relationship.title()
            found.append(Person(name, relationship, born, member.get("tobacco") == "Yes"))
    return found


def price(answers: dict[str, dict[str, Any]], today: date) -> Pricing:
    """The application's premiums as they stand (rated on the effective date, else today)."""
    plans = answers.get("plans", {})
    zip_code = str(plans.get("zip") or answers.get("applicant", {}).get("zip") or "")
    place = catalog.place(zip_code) if zip_code else None
    area = place.rating_area if place else "1"
    when = parse_date(str(answers.get("general", {}).get("effective_date") or "")) or today
    people = people_of(answers)
    medical = catalog.plan(plans.get("medical_plan_id"))
    dental = catalog.plan(plans.get("dental_plan_id"))
    return Pricing(
        plan_premium(medical, area, people, when) if medical and people else None,
        plan_premium(dental, area, people, when) if dental and people else None,
        area,
    )
