"""For tests: the six IFM wizard steps as data/programs/ifm_enrollment.toml declares them, each step's full check
(the engine's, core/forms/fields.step_problems) and the parts the application PDF lists."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from core.enrollment import checks
from core.forms.fields import form_part, settled, step_problems
from core.forms.spec import FieldSpec, StepSpec
from core.packets.program import program

PROGRAM = program("ifm_enrollment")
DECLARED: dict[str, StepSpec] = {s.id: s for s in PROGRAM.steps}
STEP_IDS = tuple(DECLARED)
HEADER = PROGRAM.header


def step(step_id: str) -> StepSpec:
    """The whole declared step, its repeating groups included."""
    return DECLARED[step_id]


def group(step_id: str, name: str) -> FieldSpec:
    """A repeating group of a step (its rows' fields, its limits and their messages)."""
    return DECLARED[step_id].field(name)


# What the application PDF lists: each step's own fields, each group's rows apart.
APPLICANT, HOUSEHOLD, COVERAGE = (form_part(step(s)) for s in ("applicant", "household", "coverage"))
MEMBER, LIFE_EVENT, REPLACEMENT, OTHER_COVERAGE = (group(s, g).row_step for s, g in (
    ("household", "members"), ("general", "life_events"), ("coverage", "replacements"), ("coverage", "others")))
_SIGN = step("sign")
GUARDIAN, TX_DISCLOSURE = (s for s in _SIGN.sections if s.shown_when is not None)
SIGN = replace(_SIGN, sections=tuple(s for s in _SIGN.sections if s.shown_when is None))

replacement_shown = checks.replacement_shown


def sign_step(answers: dict[str, dict[str, Any]]) -> StepSpec:
    """Signatures and Payment with the guardian and Texas sections when they apply."""
    return settled(_SIGN, answers)


def coverage_step(answers: dict[str, dict[str, Any]]) -> StepSpec:
    """Coverage Replacement, Other Coverage, Proxy: without the replacement question where it is not shown."""
    return settled(COVERAGE, answers)


def problems(step_id: str, answers: dict[str, dict[str, Any]], today: date) -> dict[str, str]:
    """Every problem of one step at once, keyed by field (list rows as "members.2")."""
    return step_problems(DECLARED[step_id], answers.get(step_id, {}), today, answers)


def all_problems(answers: dict[str, dict[str, Any]], today: date) -> dict[str, str]:
    """Problems of every step, keyed "step:field", for Submit."""
    return {f"{s}:{k}": v for s in STEP_IDS for k, v in problems(s, answers, today).items()}
