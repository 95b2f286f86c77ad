"""Submitting an application to the carrier: a local gateway applying carrier rules from data.

The declaration's `[submit] gateway` names `enrollment.gateway`, which the engine's Submit
(core/packets/progress.py) calls once every step is complete; a real one would call the carrier's API.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.enrollment import catalog
from core.enrollment.pricing import price
from core.forms.fields import parse_date
from core.forms.registry import submitter_named
from core.packets.packets import PacketView


@dataclass(frozen=True)
class Submission:
    """What the carrier needs to accept or refuse an application (no SSNs, no bank numbers)."""

    record_number: str
    state: str
    applicant_last_name: str
    effective_date: date
    medical_plan_id: str
    dental_plan_id: str
    monthly_premium_cents: int
    submitted_on: date


@dataclass(frozen=True)
class GatewayResult:
    accepted: bool
    reasons: tuple[str, ...] = ()


class LocalGateway:
    """Applies data/ifm/carrier_rules.json; a real gateway would call the carrier's enrollment API."""

    def submit(self, submission: Submission) -> GatewayResult:
        reasons = [str(rule["message"]) for rule in catalog.carrier_rules() if _breaks(rule, submission)]
        return GatewayResult(not reasons, tuple(reasons))


@submitter_named("enrollment.gateway")
def send(view: PacketView, today: date) -> GatewayResult:
    """What the carrier says of a complete application (its premium rated today)."""
    general, plans = view.answers.get("general", {}), view.answers.get("plans", {})
    effective = parse_date(str(general.get("effective_date") or ""))
    assert effective is not None  # a complete first step has one
    return LocalGateway().submit(Submission(
        view.key, str(general.get("state") or ""), view.answers.get("applicant", {}).get("last_name", ""), effective,
        plans.get("medical_plan_id") or "", plans.get("dental_plan_id") or "", int(price(view.answers, today).total * 100),
        today))


def _breaks(rule: dict[str, object], sub: Submission) -> bool:
    when = rule["when"]
    if when == "applicant_last_name_in":
        return sub.applicant_last_name.strip().lower() in {str(v).lower() for v in rule.get("values", [])}  # type: ignore[attr-defined]
    if when == "effective_date_before_submit_minus_days":
        return sub.effective_date < sub.submitted_on - timedelta(days=int(str(rule["days"])))
    if when == "plan_state_mismatch":
        plan = catalog.plan(sub.medical_plan_id) or catalog.plan(sub.dental_plan_id)
        return plan is None or plan.state != sub.state
    if when == "premium_not_positive":
        return sub.monthly_premium_cents <= 0
    raise ValueError(f"unknown carrier rule condition {when!r}")
