"""What HCSC onboarding's declaration computes by name: the appointment fees of the states chosen and the
Welcome Letter's appointment lines."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.forms.registry import computation_named
from core.forms.states import STATES
from core.onboarding import rules


@computation_named("onboarding.fee_total")
def fee_total(answers: dict[str, dict[str, Any]], _today: date) -> str:
    licenses = answers.get("licenses", {})
    states = licenses.get("states") or []
    fees = rules.appointment_fees(states, str(licenses.get("bluelincs_hmo") or "No"))
    return rules.format_money(fees.total)


@computation_named("onboarding.welcome_appointments")
def welcome_appointments(answers: dict[str, dict[str, Any]], _today: date) -> str:
    """Where appointments are filed, and each chosen state that requires none in the seed's words
    (seed 001: "Illinois: This state does not require appointments.")."""
    states = answers.get("licenses", {}).get("states", [])
    lines = []
    filed = rules.appointed_states(states)
    if filed:
        lines.append(f"Appointments are filed for: {', '.join(STATES.name(s) for s in filed)}.")
    lines += [f"{STATES.name(s)}: {rules.no_appointment(s)}" for s in states if rules.no_appointment(s)]
    return "\n".join(lines)
