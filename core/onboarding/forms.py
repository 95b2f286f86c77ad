"""What HCSC onboarding's declaration computes by name: the appointment fees of the states chosen."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.forms.registry import computation_named
from core.onboarding import rules


@computation_named("onboarding.fee_total")
def fee_total(answers: dict[str, dict[str, Any]], _today: date) -> str:
    licenses = answers.get("licenses", {})
    states = licenses.get("states") or []
    fees = rules.appointment_fees(states, str(licenses.get("bluelincs_hmo") or "No"))
    return rules.format_money(fees.total)
