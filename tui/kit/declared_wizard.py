"""A program's kit wizard from its declaration: steps, header, words and step screens are data.

The declaration's `[wizard]` table names the store its records live in (`records`, "module:name" of a
SaveTarget taking (ctx, actor, record id)) and the words (`title`, `finish`, `saved`); a step unlike a form
names its own screen as `body = "module:Class"` (a StepWizard subclass), every other step is a DeclaredStep.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from textual.widget import Widget

from core.forms.fields import header_lines, settled
from core.forms.header import header_fields
from core.forms.layouts import resolve
from core.forms.spec import StepSpec
from core.kernel.events import Actor
from core.packets.program import Program, program
from tui.kit.host import HostApp
from tui.kit.saver import SaveTarget
from tui.kit.step_wizard import StepWizard, WizardProgram
from tui.kit.summary_header import SummaryHeader


class DeclaredWizard(WizardProgram):
    def __init__(self, prog: Program) -> None:
        self.prog = prog
        words = prog.wizard
        self.title = words.get("title", prog.title)
        self.finish = words.get("finish", self.finish)
        self.steps = prog.steps
        self.focus_problem = frozenset(words.get("focus_problem", ()))
        self._in_header = header_fields(prog.header)

    def target(self, app: HostApp, actor: Actor, view: Any) -> SaveTarget:
        return resolve(self.prog.wizard["records"])(app.ctx, actor, view.id)  # type: ignore[no-any-return]

    def form_spec(self, step: StepSpec, answers: dict[str, dict[str, Any]]) -> StepSpec:
        return settled(step, answers)  # conditions on other steps' answers (a section shown when...)

    def header(self, answers: dict[str, dict[str, Any]], today: date) -> Widget | None:
        if not self.prog.header:
            return None
        return SummaryHeader(lambda now: header_lines(self.prog.header, now, today), answers)

    def screen_for(self, actor: Actor, view: Any, index: int) -> StepWizard:
        from tui.kit.declared_step import DeclaredStep

        index = max(0, min(index, len(self.steps) - 1))
        body = self.steps[index].body
        screen: type[StepWizard] = resolve(body) if body else DeclaredStep
        if not body and index == len(self.steps) - 1 and "submit" in self.prog.wizard:
            from tui.kit.wizard_finish import FinishStep

            screen = FinishStep
        return screen(actor, view, index, program=self)

    def resume(self, app: HostApp, actor: Actor, view: Any) -> None:
        """Open the wizard on a record at the step it was left on (the first, for a step it no longer has)."""
        ids = [s.id for s in self.steps]
        self.show_step(app, actor, view, ids.index(view.current_step) if view.current_step in ids else 0)

    def in_header(self, step_id: str, name: str) -> bool:
        return f"{step_id}.{name}" in self._in_header

    def saved_message(self, view: Any) -> str:
        try:
            return str(self.prog.wizard.get("saved", "Saved.")).format(v=view)
        except (AttributeError, TypeError, ValueError):  # a value the record lacks for now (no expiry yet)
            return "Saved."


@cache
def wizard_of(program_id: str) -> DeclaredWizard:
    """The one wizard of a declared program."""
    return DeclaredWizard(program(program_id))
