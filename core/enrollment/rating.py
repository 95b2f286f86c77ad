"""Premium rating: federal default age curve, tobacco factor, and the three-oldest-children rule."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from core.kernel.config import DATA_DIR

MAX_TOBACCO_FACTOR = 1.5
CHILD_AGE_LIMIT = 21
RATED_CHILDREN = 3
CENT = Decimal("0.01")


@cache
def age_curve() -> dict[int, float]:
    """Factor relative to age 21 for ages 0-64 (data/ifm/age_curve.csv)."""
    with (DATA_DIR / "ifm" / "age_curve.csv").open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {int(row["age"]): float(row["factor"]) for row in rows}


def age_factor(age: int) -> float:
    """The curve's factor: 0-14 share 0.765, 64 and over are 3.000."""
    if age < 0:
        raise ValueError("age can't be negative")
    curve = age_curve()
    return curve[min(age, max(curve))]


def age_on(birth: date, when: date) -> int:
    """Whole years of age on a date."""
    return when.year - birth.year - ((when.month, when.day) < (birth.month, birth.day))


def tobacco_factor_problem(factor: float) -> str | None:
    if not 1.0 <= factor <= MAX_TOBACCO_FACTOR:
        return f"A tobacco factor must be between 1.0 and {MAX_TOBACCO_FACTOR}."
    return None


@dataclass(frozen=True)
class Member:
    """One person to rate."""

    relationship: str
    """primary, spouse or child."""
    age: int
    tobacco: bool = False


@dataclass(frozen=True)
class MemberPremium:
    member: Member
    factor: float
    premium: Decimal
    rated: bool
    """False for a fourth or later child under 21, who is covered at no charge."""


def rated_flags(members: list[Member]) -> list[bool]:
    """Which members pay: everyone but children under 21 beyond the three oldest."""
    young = sorted(
        (i for i, m in enumerate(members) if m.relationship == "child" and m.age < CHILD_AGE_LIMIT),
        key=lambda i: (-members[i].age, i),
    )
    free = set(young[RATED_CHILDREN:])
    return [i not in free for i in range(len(members))]


def member_premiums(base_rate_21: float, members: list[Member], tobacco_factor: float = 1.0) -> list[MemberPremium]:
    """Each member's monthly premium for a plan whose age-21 rate is `base_rate_21`."""
    problem = tobacco_factor_problem(tobacco_factor)
    if problem:
        raise ValueError(problem)
    out = []
    for member, rated in zip(members, rated_flags(members), strict=True):
        factor = age_factor(member.age) * (tobacco_factor if member.tobacco else 1.0)
        amount = Decimal(repr(base_rate_21 * factor)).quantize(CENT, ROUND_HALF_UP) if rated else Decimal("0.00")
        out.append(MemberPremium(member, factor, amount, rated))
    return out


def family_premium(base_rate_21: float, members: list[Member], tobacco_factor: float = 1.0) -> Decimal:
    """The sum of the members' premiums (rounded per member, as a bill lists them)."""
    return sum((p.premium for p in member_premiums(base_rate_21, members, tobacco_factor)), Decimal("0.00"))
