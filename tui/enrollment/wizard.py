"""What every enrollment step shares: the General Information header, Save & Exit, Previous, Next, Cancel."""

from __future__ import annotations

import asyncio
import copy
from dataclasses import replace
from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Footer, Static

from core.enrollment import applications as enrollment
from core.enrollment.applications import AppView
from core.enrollment.steps import STEP_IDS, STEP_TITLES, form_part, step
from core.forms.fields import normalise_choices
from core.forms.spec import StepSpec
from core.kernel.errors import Conflict, PacketdeskError, ValidationFailed
from core.kernel.events import Actor
from tui.enrollment.header import GeneralInfo
from tui.kit.base import AppScreen
from tui.kit.error_line import ErrorLine
from tui.kit.step_form import StepForm

AUTOSAVE_DELAY = 2.0


class WizardScreen(AppScreen):
    """One step; subclasses compose the body, collect the step's values and show its problems."""

    CSS_PATH = "enroll.tcss"
    DEFAULT_CLASSES = "enroll-screen"
    STEP = 0
    is_enroll_wizard = True
    BINDINGS = [
        Binding("f7", "previous", "Previous", priority=True, id="enroll-previous", tooltip="Save and go back a step"),
        Binding("f8", "next", "Next", priority=True, id="enroll-next", tooltip="Check and save this step, then go on"),
        Binding("f10", "save_exit", "Save & Exit", priority=True, id="enroll-save-exit",
                tooltip="Save as typed (unchecked) and leave; resume from Incomplete Applications"),
        Binding("escape", "cancel", "Cancel", priority=True, id="enroll-cancel", tooltip="Leave without saving this step"),
    ]

    _autosave: Timer | None = None
    _moving = False
    _conflict_shown = 0
    """The version whose conflict was last shown: autosaves don't reopen it while the person keeps editing."""

    def __init__(self, actor: Actor, view: AppView) -> None:
        super().__init__()
        self.actor = actor
        self.view = view
        self._lock = asyncio.Lock()
        self.answers: dict[str, dict[str, Any]] = copy.deepcopy(view.answers)
        """The model: every change lands here first, so Save & Exit works from it alone."""
        self.today: date = self.papp.ctx.clock.now().date()
        self.header = GeneralInfo(self.answers, self.today)
        self.errors = ErrorLine(id="step-errors", classes="step-errors")
        self.status = Static("", id="step-status", classes="status-line")

    @property
    def step_id(self) -> str:
        return STEP_IDS[self.STEP]

    def compose(self) -> ComposeResult:
        yield self.top_line(f"Enrollment · {self.STEP + 1}/6 {STEP_TITLES[self.STEP]}",
                            f"{self.view.record_number}")
        yield self.header
        with VerticalScroll(id="step-body", classes="body"):
            yield from self.compose_body()
            yield self.errors
        with Horizontal(classes="buttons"):
            yield Button("Previous", id="previous", compact=True, disabled=self.STEP == 0)
            yield Button("Submit Application" if self.STEP == 5 else "Next", id="next", variant="primary", compact=True)
            yield self.status
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.header.show(self.answers)
        self.after_mount()

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
        self.header.show(self.answers)
        self.schedule_autosave()

    def schedule_autosave(self) -> None:
        """Typed values are kept as the person works, not only on Next / Save & Exit."""
        if self._moving:
            return
        if self._autosave is not None:
            self._autosave.stop()
        self._autosave = self.set_timer(AUTOSAVE_DELAY, self.autosave)

    # Textual calls these base handlers as well as each step's own (it walks the class hierarchy).
    def on_input_changed(self, _event: object) -> None:
        self.schedule_autosave()

    def on_checkbox_changed(self, _event: object) -> None:
        self.schedule_autosave()

    def on_radio_set_changed(self, _event: object) -> None:
        self.schedule_autosave()

    async def autosave(self) -> None:
        # A move (Next, Previous, Save & Exit) stops the timer; one that fired before it waits on the lock.
        if self._moving or self.app.screen is not self:
            return
        await self.save(validate=False, autosave=True)

    def save_draft(self) -> None:
        """On hang-up, idle sign-out or a crash: save the step as typed, unvalidated, from the widgets."""
        try:
            self.view = enrollment.save_step(
                self.papp.ctx, self.actor, self.view.id, self.step_id, self.collect(), self.view.version, validate=False
            )
        except PacketdeskError:
            # A newer save by someone else wins: nothing is overwritten (the conflict rule).
            return

    # --- navigation ---------------------------------------------------------------------------
    async def save(self, *, validate: bool, go_to: int | None = None, autosave: bool = False) -> AppView | None:
        """One save at a time, each with the version the one before returned: one person's own saves
        (an autosave that fired as Next was pressed) never conflict with each other."""
        if go_to is not None:
            self._moving = True
            if self._autosave is not None:
                self._autosave.stop()
        view = None
        try:
            async with self._lock:
                if autosave and (self._moving or self.app.screen is not self):
                    return None  # a move came while this autosave waited: the move saved the same values
                view = await self._save(validate=validate, go_to=go_to, autosave=autosave)
                return view
        finally:
            # A move that saved leaves this screen: nothing autosaves from it any more.
            self._moving = go_to is not None and view is not None

    async def _save(self, *, validate: bool, go_to: int | None, autosave: bool = False) -> AppView | None:
        await self.papp.settle()
        values = self.collect()
        # In place: steps hold this dict as their own values (and the header reads it); a new one would
        # leave them writing to a copy nobody shows.
        model = self.answers.setdefault(self.step_id, {})
        model.clear()
        model.update(values)
        try:
            view = await self.papp.run_core(enrollment.save_step, self.papp.ctx, self.actor, self.view.id,
                                            self.step_id, values, self.view.version, validate=validate, go_to=go_to)
        except ValidationFailed as exc:
            self.show_problems(exc.problems)
            count = len(exc.problems)
            self.status.update(Text(f"{count} item{'s' if count > 1 else ''} need{'s' if count == 1 else ''} attention.",
                                    style="red"))
            return None
        except Conflict as exc:
            self.status.update(Text(str(exc), style="red"))
            if not (autosave and self._conflict_shown == exc.current_version):
                self.show_conflict(exc, values)
            return None
        except PacketdeskError as exc:
            self.show_error(exc)
            return None
        self.view = view
        self.errors.update("")
        return view

    def show_conflict(self, conflict: Conflict, mine: dict[str, Any]) -> None:
        """The one conflict screen (tui/kit/conflict.py): field by field what was typed here and what the
        other session saved; keep editing, save mine knowingly, or take theirs."""
        from tui.kit.conflict import ConflictModal

        if self.app.screen is not self:
            return  # a dialog is open or the step was left: the status line says it
        self._conflict_shown = conflict.current_version

        def chosen(choice: str | None) -> None:
            if choice == "mine":
                self.view = replace(self.view, version=conflict.current_version)
                self.run_worker(self.save_mine())
            elif choice == "theirs":
                self.run_worker(self.take_theirs())

        self.app.push_screen(ConflictModal(step(self.step_id), mine, conflict), chosen)

    async def save_mine(self) -> None:
        """Save mine knowingly: what was typed, over the version the conflict showed (unchecked, as Save & Exit)."""
        if await self.save(validate=False) is not None:
            self.status.update(Text("Saved: your entries replaced theirs.", style="yellow"))

    async def take_theirs(self) -> None:
        """Take theirs: the step again, drawn from the application as the other session saved it."""
        from tui.enrollment.nav import show_step

        latest = await self.papp.run_core(enrollment.load, self.papp.ctx, self.actor, self.view.id)
        show_step(self.papp, self.actor, latest, self.STEP)

    async def action_next(self) -> None:
        if self.STEP == 5:
            await self.submit()
            return
        view = await self.save(validate=True, go_to=self.STEP + 2)
        if view is not None:
            from tui.enrollment.nav import show_step

            show_step(self.papp, self.actor, view, self.STEP + 1)

    async def action_previous(self) -> None:
        if self.STEP == 0:
            return
        view = await self.save(validate=False, go_to=self.STEP)
        if view is not None:
            from tui.enrollment.nav import show_step

            show_step(self.papp, self.actor, view, self.STEP - 1)

    async def action_save_exit(self) -> None:
        view = await self.save(validate=False, go_to=self.STEP + 1)
        if view is not None:
            from tui.enrollment.nav import leave_wizard

            leave_wizard(self.papp)
            self.app.notify(f"Saved {view.record_number}. Resume it from Incomplete Applications "
                            f"before {view.expires_at:%m/%d/%Y}." if view.expires_at else "Saved.")

    def action_cancel(self) -> None:
        from tui.kit.text_modal import EnrollTextModal

        def answered(yes: bool | None) -> None:
            if yes:
                from tui.enrollment.nav import leave_wizard

                leave_wizard(self.papp)

        self.app.push_screen(EnrollTextModal("Are you sure you want to cancel?",
                                             "You will lose any information entered on this step since it was last saved.",
                                             agree="Yes, Cancel", close="No, Don't Cancel"), answered)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "next":
            event.stop()
            await self.action_next()
        elif event.button.id == "previous":
            event.stop()
            await self.action_previous()

    async def submit(self) -> None:
        """Only the last step submits (it overrides this)."""


class FormStep(WizardScreen):
    """A step drawn from its declaration (data/programs/ifm_enrollment.toml): the fields, their conditions
    (shown / required when) and checks come from there; a subclass adds only what is unlike a form."""

    FOCUS_PROBLEM = False
    """Next with problems moves the focus to the first one (the long applicant form)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.values = self.answers.setdefault(self.step_id, {})
        self.spec = self.form_spec()
        self.form = StepForm(self.spec, self.values, id=f"{self.step_id}-form", answers=self.answers)

    def form_spec(self) -> StepSpec:
        """The fields this step draws as a form (its repeating groups are drawn as tables)."""
        return form_part(step(self.step_id))

    def compose_body(self) -> ComposeResult:
        yield self.form

    def after_mount(self) -> None:
        first = self.form.first_input()
        if first is not None:
            first.focus()

    def collect(self) -> dict[str, Any]:
        self.values.update(normalise_choices(self.spec, self.form.sync_from_widgets()))
        return dict(self.values)

    def show_problems(self, problems: dict[str, str]) -> None:
        self.form.show_problems(problems)
        super().show_problems({k: v for k, v in problems.items() if k not in self.form.rows})
        if self.FOCUS_PROBLEM:
            self.form.focus_first_problem(problems)
