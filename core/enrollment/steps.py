"""The six wizard steps, declared in data/programs/ifm_enrollment.toml, and each step's full check, lists included.

The fields, sections, options, conditions and group limits are data; the rules across fields that only
code can say are named checks and predicates in core/enrollment/checks.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from core.enrollment import checks
from core.forms.fields import shown, step_problems
from core.forms.spec import FieldSpec, Section, StepSpec, load_header, load_steps

DECLARATION = "programs/ifm_enrollment.toml"
DECLARED: dict[str, StepSpec] = {s.id: s for s in load_steps(DECLARATION)}
STEP_IDS = tuple(DECLARED)
HEADER = load_header(DECLARATION)
COVERAGE_DEFAULTS = {f.name: f.default for f in DECLARED["coverage"].fields if f.default}
"""Coverage questions start at No (declared): a missing answer is that No."""


def step(step_id: str) -> StepSpec:
    """The whole declared step, its repeating groups included."""
    return DECLARED[step_id]


def group(step_id: str, name: str) -> FieldSpec:
    """A repeating group of a step (its rows' fields, its limits and their messages)."""
    return DECLARED[step_id].field(name)


def form_part(spec: StepSpec) -> StepSpec:
    """The step without its repeating groups (the application PDF lists their rows apart), empty sections left out."""
    sections = tuple(replace(s, fields=tuple(f for f in s.fields if not f.is_group)) for s in spec.sections)
    return replace(spec, sections=tuple(s for s in sections if s.fields))


APPLICANT = form_part(step("applicant"))
HOUSEHOLD = form_part(step("household"))
MEMBER = group("household", "members").row_step
LIFE_EVENT = group("general", "life_events").row_step
REPLACEMENT = group("coverage", "replacements").row_step
OTHER_COVERAGE = group("coverage", "others").row_step
COVERAGE = form_part(step("coverage"))
_SIGN = step("sign")
GUARDIAN, TX_DISCLOSURE = (s for s in _SIGN.sections if s.shown_when is not None)
SIGN = replace(_SIGN, sections=tuple(s for s in _SIGN.sections if s.shown_when is None))

replacement_shown = checks.replacement_shown


def settled(spec: StepSpec, answers: dict[str, dict[str, Any]]) -> StepSpec:
    """The step with its conditions on other steps (named predicates: guardian, Texas, replacement) settled
    for these answers: what they hide is left out, what they show is plain. Conditions on the step's own
    answers stay, for the form to follow as the person types."""
    def keeps(item: FieldSpec | Section) -> bool:
        return item.shown_when is None or not item.shown_when.predicate or shown(item, answers, spec.id)

    def plain(item: Any) -> Any:
        return replace(item, shown_when=None) if item.shown_when is not None and item.shown_when.predicate else item

    sections = tuple(plain(replace(s, fields=tuple(plain(f) for f in s.fields if keeps(f))))
                     for s in spec.sections if keeps(s))
    return replace(spec, sections=sections)


def sign_step(answers: dict[str, dict[str, Any]]) -> StepSpec:
    """Signatures and Payment with the guardian and Texas sections when they apply."""
    return settled(_SIGN, answers)


def coverage_step(answers: dict[str, dict[str, Any]]) -> StepSpec:
    """Coverage Replacement, Other Coverage, Proxy: without the replacement question where it is not shown."""
    return settled(COVERAGE, answers)


def problems(step_id: str, answers: dict[str, dict[str, Any]], today: date) -> dict[str, str]:
    """Every problem of one step at once, keyed by field (list rows as "members.2")."""
    values = answers.get(step_id, {})
    if step_id == "coverage":
        values = {**COVERAGE_DEFAULTS, **values}
    return step_problems(DECLARED[step_id], values, today, answers)


def all_problems(answers: dict[str, dict[str, Any]], today: date) -> dict[str, str]:
    """Problems of every step, keyed "step:field", for Submit."""
    return {f"{s}:{k}": v for s in STEP_IDS for k, v in problems(s, answers, today).items()}
