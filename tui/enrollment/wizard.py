"""The IFM enrollment wizard on the kit's wizard (tui/kit/step_wizard.py): its steps, store, header and exits."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.widget import Widget

from core.enrollment import applications as enrollment
from core.enrollment.applications import AppView
from core.enrollment.steps import DECLARED, HEADER, settled
from core.forms.fields import header_lines
from core.forms.header import header_fields
from core.forms.spec import StepSpec
from core.kernel.events import Actor
from tui.kit.declared_step import DeclaredStep
from tui.kit.host import HostApp
from tui.kit.saver import DRAFT_EVERY, SaveTarget
from tui.kit.step_wizard import StepWizard, WizardProgram
from tui.kit.summary_header import SummaryHeader

AUTOSAVE_DELAY = DRAFT_EVERY
"""The one autosave rule (tui/kit/saver.py); tests shorten or lengthen it."""


class Enrollment(WizardProgram):
    title = "Enrollment"
    finish = "Submit Application"
    steps = tuple(DECLARED.values())

    @property
    def draft_every(self) -> float:
        return AUTOSAVE_DELAY

    def target(self, app: HostApp, actor: Actor, view: AppView) -> SaveTarget:
        return enrollment.ApplicationTarget(app.ctx, actor, view.id)

    def form_spec(self, step: StepSpec, answers: dict[str, dict[str, Any]]) -> StepSpec:
        return settled(step, answers)  # the guardian, Texas and replacement conditions

    def header(self, answers: dict[str, dict[str, Any]], today: date) -> Widget:
        return SummaryHeader(lambda now: header_lines(HEADER, now, today), answers)

    def screen_for(self, actor: Actor, view: AppView, index: int) -> StepWizard:
        from tui.enrollment.nav import step_screen

        return step_screen(actor, view, index)

    def in_header(self, step_id: str, name: str) -> bool:
        return f"{step_id}.{name}" in IN_HEADER

    def saved_message(self, view: AppView) -> str:
        return (f"Saved {view.record_number}. Resume it from Incomplete Applications "
                f"before {view.expires_at:%m/%d/%Y}." if view.expires_at else "Saved.")


IN_HEADER = header_fields(HEADER)
ENROLLMENT = Enrollment()


class WizardScreen(StepWizard):
    """An enrollment step unlike a form (general information, plan selection)."""

    PROGRAM = ENROLLMENT
    CSS_PATH = "../kit/kit.tcss"
    DEFAULT_CLASSES = "kit-screen"


class FormStep(DeclaredStep):
    """An enrollment step drawn from data/programs/ifm_enrollment.toml."""

    @property
    def FOCUS_PROBLEM(self) -> bool:  # type: ignore[override]  # noqa: N802
        return self.step_id == "applicant"  # the long form: Next goes to the first field to fix

    PROGRAM = ENROLLMENT
    CSS_PATH = "../kit/kit.tcss"
    DEFAULT_CLASSES = "kit-screen"
