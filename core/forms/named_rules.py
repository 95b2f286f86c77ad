"""Named rules a FieldSpec lists (`rules = ["not_po_box", "same_as:routing_number"]`), and extra field types.

A rule is "name" or "name:argument". It runs only after the field's own type check passed and
only on a value that is not empty (emptiness is `required` / `required_when`). Rules that read
another step (`step.field` arguments) need the packet's answers; without them they do not apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from core.forms.identifiers import digits_only, ein_problem, routing_problem, ssn_problem
from core.forms.spec import FieldSpec, StepSpec
from core.forms.values import (
    format_money,
    is_po_box,
    name_matches,
    parse_date,
    parse_money,
    state_minimum,
)


@dataclass(frozen=True)
class RuleContext:
    """What a rule may look at besides its own value."""

    step: StepSpec
    values: dict[str, Any]
    answers: dict[str, dict[str, Any]] | None
    today: date | None

    def label(self, name: str) -> str:
        return next((f.label for f in self.step.fields if f.name == name), name)

    def other(self, reference: str) -> Any:
        """A value of this step ("field") or, when answers are known, of another ("step.field")."""
        if "." not in reference:
            return self.values.get(reference)
        step, _, name = reference.partition(".")
        if self.answers is None:
            return None
        return self.answers.get(step, {}).get(name)


Rule = Callable[[FieldSpec, str, str, RuleContext], str | None]


def _not_po_box(spec: FieldSpec, text: str, _arg: str, _ctx: RuleContext) -> str | None:
    return f"{spec.label} cannot be a P.O. Box: enter a street address." if is_po_box(text) else None


IDENTIFIER_TYPES = ("ssn", "tin", "ein")
"""Types whose confirmation compares digits only: 123-45-6789 confirms 123456789."""


def _same_as(spec: FieldSpec, text: str, arg: str, ctx: RuleContext) -> str | None:
    other = str(ctx.other(arg) or "")
    if text.strip() == other.strip():
        return None
    if spec.type in IDENTIFIER_TYPES and digits_only(text) == digits_only(other):
        return None
    return f"{spec.label} must match {ctx.label(arg)}."


def _not_future(spec: FieldSpec, text: str, _arg: str, ctx: RuleContext) -> str | None:
    when = parse_date(text)
    if when is None or ctx.today is None or when <= ctx.today:
        return None
    return f"{spec.label} can't be in the future (no future effective dates)."


def _not_within_days(spec: FieldSpec, text: str, arg: str, ctx: RuleContext) -> str | None:
    when = parse_date(text)
    if when is None or ctx.today is None:
        return None
    days = int(arg or "0")
    if when > ctx.today + timedelta(days=days):
        return None
    return f"{spec.label} must be more than {days} days from today (after {ctx.today + timedelta(days=days):%m/%d/%Y})."


def _positive(spec: FieldSpec, text: str, _arg: str, _ctx: RuleContext) -> str | None:
    amount = parse_money(text)
    return None if amount is None or amount > 0 else f"{spec.label} must be greater than 0."


def _state_minimum(spec: FieldSpec, text: str, arg: str, ctx: RuleContext) -> str | None:
    reference, _, data_file = arg.partition(",")
    states = ctx.other(reference)
    amount = parse_money(text)
    if amount is None or not isinstance(states, list):
        return None
    minimum = state_minimum(states, data_file)
    if amount >= minimum:
        return None
    return f"{spec.label} must be at least {format_money(minimum)} for the states you chose."


def _matches_name(spec: FieldSpec, text: str, arg: str, ctx: RuleContext) -> str | None:
    parts = [str(ctx.other(ref) or "") for ref in arg.split(",")]
    if not any(p.strip() for p in parts):
        return None if ctx.answers is None else f"{spec.label}: complete the name on the General tab first."
    if name_matches(text, *parts):
        return None
    return f"{spec.label} must match your name on the General tab: {' '.join(p for p in parts if p.strip())}."


def _tin_kind(spec: FieldSpec, text: str, arg: str, ctx: RuleContext) -> str | None:
    kind = str(ctx.other(arg) or "SSN")
    problem = ein_problem(text) if kind == "EIN" else ssn_problem(text)
    return f"{spec.label}: {problem}" if problem else None


def _only_when(spec: FieldSpec, text: str, arg: str, ctx: RuleContext) -> str | None:
    reference, _, allowed = arg.partition("=")
    if text not in ("true", "Yes") or str(ctx.other(reference) or "") in allowed.split("|"):
        return None
    return f"{spec.label} applies only to: {', '.join(allowed.split('|'))}."


def _subset_of(spec: FieldSpec, text: str, arg: str, ctx: RuleContext) -> str | None:
    allowed = ctx.other(arg) or []
    outside = [v for v in text.split(",") if v and v not in allowed]
    return f"{spec.label}: {', '.join(outside)} cannot be chosen here." if outside else None


RULES: dict[str, Rule] = {
    "not_po_box": _not_po_box,
    "same_as": _same_as,
    "not_future": _not_future,
    "not_within_days": _not_within_days,
    "positive": _positive,
    "state_minimum": _state_minimum,
    "matches_name": _matches_name,
    "tin_kind": _tin_kind,
    "only_when": _only_when,
    "subset_of": _subset_of,
}


def rule_problem(
    spec: FieldSpec, step: StepSpec, values: dict[str, Any], today: date | None,
    answers: dict[str, dict[str, Any]] | None,
) -> str | None:
    """The first named rule of the field that its value breaks, or None."""
    value = values.get(spec.name)
    text = ",".join(value) if isinstance(value, list) else "" if value is None else str(value)
    if not text.strip():
        return None
    context = RuleContext(step, values, answers, today)
    for rule in spec.rules:
        name, _, arg = rule.partition(":")
        problem = RULES[name](spec, text.strip(), arg, context)
        if problem:
            return problem
    return None


# --- extra field types (entries of core.forms.fields._TYPE_CHECKS) ---------------------------

def money_type(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    return None if parse_money(text) is not None else f"{spec.label}: enter an amount, e.g. 1,000,000."


def routing_type(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    problem = routing_problem(text)
    return f"{spec.label}: {problem}" if problem else None


def bank_account_type(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    number = digits_only(text)
    if number != text or not 4 <= len(number) <= 17:
        return f"{spec.label}: enter 4 to 17 digits."
    return None


def upload_type(spec: FieldSpec, text: str, _today: date | None) -> str | None:
    extension = text.rsplit(".", 1)[-1].lower() if "." in text else ""
    if spec.accept and extension not in spec.accept:
        return f"{spec.label}: upload a {', '.join(a.upper() for a in spec.accept)} file."
    return None
