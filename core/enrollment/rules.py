"""Enrollment rules: open enrollment windows, special enrollment windows and effective dates, household limits."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from core.enrollment.rating import age_on
from core.kernel.config import DATA_DIR

MAX_HOUSEHOLD_EXTRA = 19
"""At most 19 people besides the primary applicant, the spouse included."""
CHILD_ONLY_AGE = 21
GUARDIAN_AGE = 18
PCP_NETWORKS = ("HMO", "POS")
TX_DISCLOSURE_EXEMPT = ("Blue Advantage Gold HMO 207",)


def _load(name: str) -> dict[str, Any]:
    return json.loads((DATA_DIR / "ifm" / name).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Window:
    state: str
    plan_year: int
    start: date
    end: date
    jan1_by: date
    """Plans chosen on or before this day start on January 1; later ones on February 1."""


@dataclass(frozen=True)
class LifeEventKind:
    id: str
    label: str
    rule: str
    """event_date, month_after_selection, loss_of_coverage, hra or not_qualifying."""


@cache
def windows() -> tuple[Window, ...]:
    raw = _load("open_enrollment.json")["windows"]
    return tuple(
        Window(w["state"], w["plan_year"], date.fromisoformat(w["start"]), date.fromisoformat(w["end"]),
               date.fromisoformat(w["jan1_by"]))
        for w in raw
    )


@cache
def _events() -> dict[str, Any]:
    return _load("life_events.json")


def life_events() -> tuple[LifeEventKind, ...]:
    return tuple(LifeEventKind(e["id"], e["label"], e["rule"]) for e in _events()["events"])


def life_event(kind: str) -> LifeEventKind | None:
    return next((e for e in life_events() if e.id == kind or e.label == kind), None)


def open_window(state: str, today: date) -> Window | None:
    """The open enrollment window `today` falls in for a state, if any."""
    return next((w for w in windows() if w.state == state and w.start <= today <= w.end), None)


def first_of_next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def open_enrollment_effective(window: Window, selection: date) -> date:
    """Coverage chosen in open enrollment: January 1, or February 1 after the Jan-1 deadline."""
    start = date(window.plan_year, 1, 1)
    return start if selection <= window.jan1_by else date(window.plan_year, 2, 1)


@dataclass(frozen=True)
class EffectiveDate:
    date: date | None
    problems: tuple[str, ...] = ()


def event_problem(kind: str, event_date: date, selection: date) -> str | None:
    """Why an event does not open a special enrollment period on `selection`, or None."""
    found = life_event(kind)
    if found is None:
        return f"Unknown life event {kind!r}."
    if found.rule == "not_qualifying":
        return f"{found.label} is not a qualifying life event."
    after = int(_events()["sep_days_after"])
    before = int(_events()["sep_days_before_loss"])
    if found.rule in ("loss_of_coverage", "hra") and event_date > selection:
        if (event_date - selection).days > before:
            return f"{found.label} can be reported at most {before} days before it happens."
        return None
    if event_date > selection:
        return f"{found.label}: the date of the event can't be after today."
    if (selection - event_date).days > after:
        return f"{found.label}: the special enrollment period ended {after} days after the event."
    return None


def event_effective_date(kind: str, event_date: date, selection: date, hra_start: date | None = None) -> date:
    """The first day of coverage for one qualifying event (domain-rules.md table)."""
    found = life_event(kind)
    rule = found.rule if found else "month_after_selection"
    if rule == "event_date":
        return event_date
    if rule == "loss_of_coverage":
        # Chosen before the loss: no gap, coverage starts the month after the loss.
        return first_of_next_month(event_date) if selection <= event_date else first_of_next_month(selection)
    if rule == "hra":
        start = hra_start or event_date
        earliest = start if start.day == 1 else first_of_next_month(start)
        return max(earliest, first_of_next_month(selection))
    return first_of_next_month(selection)


def effective_date(
    state: str, sep: bool, events: list[tuple[str, date]], selection: date, hra_start: date | None = None,
) -> EffectiveDate:
    """Calculate Effective Date: from the life events in a special enrollment, else from open enrollment.

    With several qualifying events the earliest resulting date is used (most favourable to the client).
    """
    window = open_window(state, selection)
    if not sep:
        if window is None:
            return EffectiveDate(None, ("Outside open enrollment a special enrollment (life event) is required.",))
        return EffectiveDate(open_enrollment_effective(window, selection))
    if not events:
        return EffectiveDate(None, ("Add at least one life event with its date.",))
    problems = [p for kind, day in events if (p := event_problem(kind, day, selection))]
    dates = [event_effective_date(kind, day, selection, hra_start) for kind, day in events
             if event_problem(kind, day, selection) is None]
    if not dates:
        return EffectiveDate(None, tuple(problems))
    return EffectiveDate(min(dates), tuple(problems))


def sep_editable(state: str, today: date) -> bool:
    """Special Enrollment defaults to Yes and can be changed only during open enrollment."""
    return open_window(state, today) is not None


def household_problem(extra_people: int) -> str | None:
    if extra_people > MAX_HOUSEHOLD_EXTRA:
        return f"An application covers at most {MAX_HOUSEHOLD_EXTRA} people besides the primary applicant."
    return None


def is_child_only(primary_birth: date, effective: date) -> bool:
    """A child-only policy: the primary applicant is under 21 at the start of the plan year."""
    return age_on(primary_birth, date(effective.year, 1, 1)) < CHILD_ONLY_AGE


def needs_guardian(primary_birth: date, effective: date) -> bool:
    """A parent or legal guardian signs for a child-only application under 18."""
    return is_child_only(primary_birth, effective) and age_on(primary_birth, effective) < GUARDIAN_AGE


def needs_tx_disclosure(state: str, medical_plan_name: str | None) -> bool:
    """Texas applicants attest the Consumer Choice Disclosure, except for Blue Advantage Gold HMO 207."""
    return state == "TX" and bool(medical_plan_name) and medical_plan_name not in TX_DISCLOSURE_EXEMPT


def coverage_replacement_shown(state: str, form_type: str) -> bool:
    """Seed 003: "Coverage Replacement will not display for Dental Application Forms in some states";
    the states are data (data/ifm/coverage_replacement.json, which says how they were chosen)."""
    hidden = _load("coverage_replacement.json")["dental_form_hidden_states"]
    return not (form_type == "Dental" and state.strip().upper() in hidden)


def qsehra_cap(year: int, family: bool) -> tuple[int, Decimal]:
    """The yearly QSEHRA cap that applies in a year (data/ifm/qsehra_limits.json) and the year it was set for:
    that year's when listed, else the latest year listed before it (the first listed for an earlier year)."""
    caps = _load("qsehra_limits.json")["annual_caps"]
    listed = sorted(int(y) for y in caps)
    earlier = [y for y in listed if y <= year]
    chosen = earlier[-1] if earlier else listed[0]
    return chosen, Decimal(caps[str(chosen)]["family" if family else "self_only"])


def qsehra_problem(monthly: Decimal, year: int, family: bool) -> str | None:
    """Monthly Contribution of a QSEHRA over the yearly cap prorated by month (at most cap / 12 a month)."""
    cap_year, cap = qsehra_cap(year, family)
    if monthly * 12 <= cap:
        return None
    most = (cap / 12).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    kind = "family" if family else "self-only"
    return (f"Monthly Contribution: a QSEHRA pays at most ${most:,} a month for {kind} coverage "
            f"(the {cap_year} limit is ${cap:,} a year).")


def takes_pcp(network: str | None) -> bool:
    """A medical group / PCP number is asked only for HMO and POS plans."""
    return network in PCP_NETWORKS


def pcp_problem(value: str) -> str | None:
    if value and not (len(value) == 3 and value.isdigit()):
        return "A medical group / PCP number has 3 digits."
    return None
