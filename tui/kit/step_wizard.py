"""A wizard over a SaveTarget, one step per screen: Previous, Next, Save & Exit, Cancel, autosave, conflicts.

A program's WizardProgram says its steps, its store, its header and where a move leaves to; a declared
program's is built from its declaration (tui/kit/declared_wizard.py). Steps that are a declared form are
a DeclaredStep (tui/kit/declared_step.py); a step unlike a form subclasses StepWizard and draws its own body.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Footer, Static

from core.forms.spec import StepSpec
from core.kernel.errors import Conflict
from core.kernel.events import Actor
from tui.kit.base import KIT_CSS, AppScreen
from tui.kit.error_line import ErrorLine, attention
from tui.kit.host import HostApp
from tui.kit.saver import SaveOutcome, Saver, SaveTarget
from tui.kit.step_form import StepForm


class WizardProgram:
    """What a program gives its wizard; a program subclasses it (one instance per program)."""

    title = "Wizard"
    finish = "Submit"
    """The last step's Next button."""
    steps: tuple[StepSpec, ...] = ()

    @property
    def draft_every(self) -> float:
        from tui.kit.saver import DRAFT_EVERY

        return DRAFT_EVERY

    def target(self, app: HostApp, actor: Actor, view: Any) -> SaveTarget:
        raise NotImplementedError

    def form_spec(self, step: StepSpec, answers: dict[str, dict[str, Any]]) -> StepSpec:
        """The step as a form for these answers (a program may settle conditions on other steps here)."""
        return step

    def header(self, answers: dict[str, dict[str, Any]], today: date) -> Widget | None:
        """A widget over every step with `show(answers)`, redrawn as values change; None for none."""
        return None

    def screen_for(self, actor: Actor, view: Any, index: int) -> StepWizard:
        """The screen of step `index` (a DeclaredStep, or the step's own class)."""
        raise NotImplementedError

    def show_step(self, app: HostApp, actor: Actor, view: Any, index: int) -> None:
        """Replace the step shown with another, or open the wizard over what opened it."""
        screen = self.screen_for(actor, view, index)
        if isinstance(app.screen, StepWizard):
            app.switch_screen(screen)
        else:
            app.push_screen(screen)

    def leave(self, app: HostApp) -> None:
        """Back to whatever opened the wizard (a list, a quote, a home)."""
        while len(app.screen_stack) > 1 and isinstance(app.screen, StepWizard):
            app.pop_screen()

    def in_header(self, step_id: str, name: str) -> bool:
        """Whether the header shows (or is computed from) this field: it is redrawn as the field changes."""
        return False

    def saved_message(self, view: Any) -> str:
        return "Saved."


class StepWizard(AppScreen):
    """One step; subclasses compose the body, collect the step's values and show its problems."""

    CSS_PATH = KIT_CSS
    DEFAULT_CLASSES = "kit-screen"
    PROGRAM = WizardProgram()
    STEP = 0
    _opened: dict[str, Any] | None = None
    """The step's values once shown (None before): changes that leave them as they were draft nothing."""
    _opened_version = 0
    _reading = False
    _left = False
    """Moved to another step or out of the wizard: keys that arrive late do nothing here."""
    BINDINGS = [
        Binding("f7", "previous", "Previous", priority=True, id="wizard-previous", tooltip="Save and go back a step"),
        Binding("f8", "next", "Next", priority=True, id="wizard-next", tooltip="Check and save this step, then go on"),
        Binding("f10", "save_exit", "Save & Exit", priority=True, id="wizard-save-exit",
                tooltip="Save as typed (unchecked) and leave; resume it later"),
        Binding("escape", "cancel", "Cancel", priority=True, id="wizard-cancel", tooltip="Leave without saving this step"),
        Binding("ctrl+g", "jump", "Go to field", show=False, priority=True, id="wizard-jump-to-field",
                tooltip="Type part of a label to jump to that field"),
    ]

    def __init__(self, actor: Actor, view: Any, index: int | None = None, *, program: WizardProgram | None = None) -> None:
        super().__init__()
        if index is not None:
            self.STEP = index  # a step drawn by the declared form alone has no class of its own
        self.program = program or self.PROGRAM
        self.actor = actor
        self.saver = Saver(self.papp, self.program.target(self.papp, actor, view), view, self.values_of,
                           draft_every=self.program.draft_every, quiet_at_start=True, may_draft=self.is_on_top)
        """The one save path (tui/kit/saver.py): drafts while typing, one save at a time, the conflict dialog."""
        self.answers: dict[str, dict[str, Any]] = copy.deepcopy(view.answers)
        """The model: every change lands here first, so Save & Exit works from it alone."""
        self.today: date = self.papp.ctx.clock.now().date()
        self.header = self.program.header(self.answers, self.today)
        self.errors = ErrorLine(id="step-errors", classes="step-errors")
        self.status = Static("", id="step-status", classes="status-line")

    @property
    def view(self) -> Any:
        return self.saver.view

    @view.setter
    def view(self, view: Any) -> None:
        self.saver.view = view

    def is_on_top(self) -> bool:
        """Drafts (unchecked saves) are not kept from behind a dialog: what it asks may change them."""
        return self.is_attached and self.app.screen is self

    @property
    def spec_of_step(self) -> StepSpec:
        return self.program.steps[self.STEP]

    @property
    def step_id(self) -> str:
        return self.spec_of_step.id

    @property
    def last(self) -> bool:
        return self.STEP == len(self.program.steps) - 1

    def compose(self) -> ComposeResult:
        count = len(self.program.steps)
        yield self.top_line(f"{self.program.title} · {self.STEP + 1}/{count} {self.spec_of_step.title}",
                            f"{self.view.key}")
        if self.header is not None:
            yield self.header
        with VerticalScroll(id="step-body", classes="body"):
            yield from self.compose_body()
            yield self.errors
        with Horizontal(classes="buttons"):
            yield Button("Previous", id="previous", compact=True, disabled=self.STEP == 0)
            yield Button(self.program.finish if self.last else "Next", id="next", variant="primary", compact=True)
            yield self.status
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.show_header()
        self.after_mount()
        self.call_after_refresh(self._shown)

    def show_header(self) -> None:
        if self.header is not None:
            self.header.show(self.answers)  # type: ignore[attr-defined]

    # --- for subclasses -----------------------------------------------------------------------
    def compose_body(self) -> ComposeResult:
        yield from ()

    def after_mount(self) -> None:
        """Focus the first field, fill tables."""

    def collect(self) -> dict[str, Any]:
        """The step's values from the widgets (into the model) as they are now."""
        return dict(self.answers.get(self.step_id, {}))

    def show_problems(self, problems: dict[str, str]) -> None:
        """Every problem of the step at once; subclasses put field problems beside their fields."""
        self.errors.update(Text("\n".join(problems.values())))

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if isinstance(focused, Button):
            return False
        self.focus_next()
        return True

    def changed(self) -> None:
        self.show_header()
        self.typed()

    def typed(self) -> None:
        """A change to the step: a draft soon (tui/kit/saver.py). What the step fills in as it opens is not
        typing: before it is shown, or while it still holds what it opened with, nothing is drafted."""
        if self._opened is None or self._reading:
            return
        if self.view.version == self._opened_version:
            self._reading = True  # reading the values may recalculate, which reports a change
            try:
                if self.values_of(self.step_id) == self._opened:
                    return
            finally:
                self._reading = False
        self.saver.changed(self.step_id)

    def _shown(self) -> None:
        self._reading = True
        try:
            self._opened, self._opened_version = self.values_of(self.step_id), self.view.version
        finally:
            self._reading = False

    # Textual calls these base handlers as well as each step's own (it walks the class hierarchy).
    def on_input_changed(self, _event: object) -> None:
        self.typed()

    def on_checkbox_changed(self, _event: object) -> None:
        self.typed()

    def on_radio_set_changed(self, _event: object) -> None:
        self.typed()

    def on_step_form_changed(self, _event: StepForm.Changed) -> None:
        """A declared form's field changed (the form turns its inputs' changes into this message)."""
        self.typed()

    def on_descendant_blur(self, _event: object) -> None:
        self.saver.field_left(self.step_id)

    def values_of(self, _step_id: str) -> dict[str, Any]:
        """The step's values as they are now, into the model first."""
        values = self.collect()
        # In place: steps hold this dict as their own values (and the header reads it); a new one would
        # leave them writing to a copy nobody shows.
        model = self.answers.setdefault(self.step_id, {})
        if model is not values:
            model.clear()
            model.update(values)
        return dict(values)

    def save_draft(self) -> None:
        """On hang-up, idle sign-out or a crash: save the step as typed, unvalidated, from the widgets."""
        self.saver.changed_quietly(self.step_id)
        self.saver.save_drafts_now()

    # --- navigation ---------------------------------------------------------------------------
    def step_at(self, index: int) -> str:
        """The id of the step at `index` (one past the last: the last)."""
        return self.program.steps[max(0, min(index, len(self.program.steps) - 1))].id

    async def save(self, *, validate: bool, go_to: str | None = None) -> Any | None:
        """One save at a time, each with the version the one before returned (tui/kit/saver.py): one
        person's own saves (a draft that landed as Next was pressed) never conflict with each other.
        A move (go_to: the id of the step the record resumes on) leaves the step: no draft is kept from it
        after it saved."""
        outcome = await self.saver.save(self.spec_of_step, complete=validate, go_to=go_to, leaving=go_to is not None)
        if outcome.joined:
            return None  # a double key: the save already running does the rest
        return self.after_save(outcome)

    def after_save(self, outcome: SaveOutcome) -> Any | None:
        if outcome.problems is not None:
            self.show_problems(outcome.problems)
            self.status.update(attention(len(outcome.problems), "item"))
            return None
        if outcome.conflict is not None:
            self.status.update(Text(str(outcome.conflict), style="red"))
            if self.app.screen is self:  # a dialog is open or the step was left: the status line says it
                self.run_worker(self.resolve(outcome.conflict), group="conflict", exclusive=True)
            return None
        if outcome.error is not None:
            self.show_error(outcome.error)
            return None
        assert outcome.saved is not None
        self.errors.update("")
        return outcome.saved.view

    async def resolve(self, conflict: Conflict) -> None:
        """The one conflict screen (tui/kit/conflict.py): field by field what was typed here and what the
        other session saved; keep editing, save mine knowingly (unchecked, as Save & Exit), or take theirs
        (the step again, drawn from the record as the other session saved it)."""
        mine = await self.saver.resolve(self.spec_of_step, conflict, self.show_theirs)
        if mine is not None and self.after_save(mine) is not None:
            self.status.update(Text("Saved: your entries replaced theirs.", style="yellow"))

    async def show_theirs(self, latest: Any) -> None:
        self.saver.close()
        self.program.show_step(self.papp, self.actor, latest, self.STEP)

    # The keys start their save in a worker, so a second press while it runs reaches the Saver and
    # joins that save (a double F8 saves once and moves one step), as a double Enter does in a packet.
    def action_jump(self) -> None:
        from tui.kit.jump_to_field import jump_in

        jump_in(self, getattr(self, "form", None))

    def action_next(self) -> None:
        self.run_worker(self.go_next(), group="wizard-save")

    def action_previous(self) -> None:
        self.run_worker(self.go_previous(), group="wizard-save")

    def action_save_exit(self) -> None:
        self.run_worker(self.save_and_exit(), group="wizard-save")

    def go(self, index: int) -> None:
        """To another step (the move's save is done): this one takes no more keys."""
        self._left = True
        self.program.show_step(self.papp, self.actor, self.view, index)

    async def go_next(self) -> None:
        if self._left:
            return  # a key that came after the move: it was meant for the step shown now
        if self.last:
            await self.submit()
            return
        if await self.save(validate=True, go_to=self.step_at(self.STEP + 1)) is not None:
            self.go(self.STEP + 1)

    async def go_previous(self) -> None:
        if self.STEP == 0 or self._left:
            return
        if await self.save(validate=False, go_to=self.step_at(self.STEP - 1)) is not None:
            self.go(self.STEP - 1)

    async def save_and_exit(self) -> None:
        if self._left:
            return
        view = await self.save(validate=False, go_to=self.step_id)
        if view is not None:
            self._left = True
            self.program.leave(self.papp)
            self.app.notify(self.program.saved_message(view))

    def action_cancel(self) -> None:
        from tui.kit.text_modal import TextModal

        def answered(yes: bool | None) -> None:
            if yes:
                self.program.leave(self.papp)

        self.app.push_screen(TextModal("Are you sure you want to cancel?",
                                             "You will lose any information entered on this step since it was last saved.",
                                             agree="Yes, Cancel", close="No, Don't Cancel"), answered)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "next":
            event.stop()
            self.action_next()
        elif event.button.id == "previous":
            event.stop()
            self.action_previous()

    async def submit(self) -> None:
        """Only the last step submits (it overrides this)."""
