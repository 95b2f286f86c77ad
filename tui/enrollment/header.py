"""The General Information header of every enrollment step: applicant, effective date, plans, total premium."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.widgets import Static

from core.enrollment import catalog
from core.enrollment.pricing import price
from core.enrollment.rating import money


def header_text(answers: dict[str, dict[str, Any]], today: date) -> Text:
    """Two lines, each cut with an ellipsis rather than wrapped, so it fits 80 columns."""
    applicant = answers.get("applicant", {})
    name = " ".join(p for p in (applicant.get("first_name"), applicant.get("last_name")) if p) or "-"
    plans = answers.get("plans", {})
    medical = catalog.plan(plans.get("medical_plan_id"))
    dental = catalog.plan(plans.get("dental_plan_id"))
    pricing = price(answers, today)
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("Applicant ", style="dim")
    text.append(name[:16], style="bold")
    text.append("  Effective ", style="dim")
    text.append(str(answers.get("general", {}).get("effective_date") or "-"))
    text.append("  Monthly Premium ", style="dim")
    text.append(money(pricing.total) if pricing.total else "-", style="bold")
    text.append("\nMedical ", style="dim")
    text.append(medical.name if medical else "-")
    text.append("  Dental ", style="dim")
    text.append(dental.name if dental else "-")
    return text


class GeneralInfo(Static):
    """Redrawn from the step's model whenever a value that shows here changes."""

    def __init__(self, answers: dict[str, dict[str, Any]], today: date) -> None:
        super().__init__(header_text(answers, today), id="general-info")
        self.today = today

    def show(self, answers: dict[str, dict[str, Any]]) -> None:
        self.update(header_text(answers, self.today))
