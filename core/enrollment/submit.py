"""Submit Application and the Application PDF, as data/programs/ifm_enrollment.toml declares them ([submit],
[pdf]) for the engine (core/packets/progress.py, core/packets/packet_pdf.py); registered here, what only the
enrollment computes: the PDF's plan lines and premiums.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from core.enrollment import catalog
from core.enrollment.pricing import price
from core.forms.registry import Computation, computation_named

Answers = dict[str, dict[str, Any]]


def _plan(kind: str, attribute: str) -> Computation:
    """The chosen plan's name or network, for the plan lines of the PDF."""
    def of_plan(answers: Answers, today: date) -> str:
        plan = catalog.plan(answers.get("plans", {}).get(f"{kind}_plan_id"))
        return str(getattr(plan, attribute)) if plan else ""
    return of_plan


for _kind in ("medical", "dental"):
    computation_named(f"enrollment.{_kind}_plan")(_plan(_kind, "name"))
    computation_named(f"enrollment.{_kind}_network")(_plan(_kind, "network"))
computation_named("enrollment.medical_premium")(lambda answers, today: price(answers, today).medical or Decimal(0))
computation_named("enrollment.dental_premium")(lambda answers, today: price(answers, today).dental or Decimal(0))
computation_named("enrollment.premium_total")(lambda answers, today: price(answers, today).total)
