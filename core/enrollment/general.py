"""Step 1's named rules (data/programs/ifm_enrollment.toml): the SEP answer fixed outside open enrollment,
Calculate Effective Date, and each life event's kind from its label, set on save."""

from __future__ import annotations

from datetime import date
from typing import Any

from core.enrollment import rules
from core.forms.fields import parse_date
from core.forms.providers import Computed, action_named, normaliser_named
from core.forms.registry import computation_named

Answers = dict[str, dict[str, Any]]


@computation_named("enrollment.sep_fixed")
def sep_fixed(answers: Answers, today: date) -> bool:
    """Special Enrollment defaults to Yes and can be changed only in the state's open enrollment."""
    return not rules.sep_editable(answers.get("general", {}).get("state") or "IL", today)


@normaliser_named("enrollment.life_event_kinds")
def life_event_kinds(values: dict[str, Any]) -> dict[str, Any]:
    """Each life event's kind (which the rules go by) from the label chosen."""
    if "life_events" not in values:
        return values
    rows = [{**row, "kind": kind.id if (kind := rules.life_event(row.get("label", ""))) else
             row.get("kind") or row.get("label", "")} for row in values["life_events"] or []]
    return {**values, "life_events": rows}


@action_named("enrollment.calculate_effective_date")
def calculate_effective_date(answers: Answers, today: date) -> Computed:
    """Calculate Effective Date for the answers as they stand (today is the plan selection date)."""
    general = life_event_kinds(answers.get("general", {}))
    events = [(e.get("kind", ""), day) for e in general.get("life_events") or []
              if (day := parse_date(str(e.get("date", "")))) is not None]
    hra_start = parse_date(str(answers.get("household", {}).get("hra_start") or ""))
    found = rules.effective_date(general.get("state", ""), general.get("sep", "Yes") == "Yes", events, today, hra_start)
    return Computed(found.date.strftime("%m/%d/%Y") if found.date else "", found.problems)
