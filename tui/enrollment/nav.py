"""Moving between enrollment screens: a step by number, out of the wizard, to an application's details."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.enrollment.applications import AppView
from core.kernel.events import Actor

if TYPE_CHECKING:
    from tui.kit.host import HostApp
    from tui.kit.step_wizard import StepWizard


def step_screen(actor: Actor, view: AppView, index: int) -> StepWizard:
    from tui.enrollment.step_plans import PlansStep
    from tui.enrollment.step_sign import SignStep
    from tui.enrollment.wizard import FormStep

    index = max(0, min(index, 5))
    own: dict[int, type[StepWizard]] = {3: PlansStep, 5: SignStep}
    return own[index](actor, view) if index in own else FormStep(actor, view, index)


def show_step(app: HostApp, actor: Actor, view: AppView, index: int) -> None:
    """Replace the current step with another, or open the wizard on top of a list."""
    from tui.enrollment.wizard import ENROLLMENT

    ENROLLMENT.show_step(app, actor, view, index)


def leave_wizard(app: HostApp) -> None:
    """Back to whatever opened the wizard (a list, a quote review, the home)."""
    from tui.enrollment.wizard import ENROLLMENT

    ENROLLMENT.leave(app)


def to_applications(app: HostApp, actor: Actor, status: str) -> None:
    """Out of the wizard to an applications list on this tab: the one it was opened from (closing the
    application's details on the way), else a new one in place of the wizard."""
    from tui.enrollment.apps import ApplicationsScreen
    from tui.enrollment.details import ApplicationDetailsScreen

    below = [s for s in app.screen_stack if isinstance(s, ApplicationsScreen)]
    if below:
        below[-1].status = status  # it reloads on resume
        while len(app.screen_stack) > 1 and app.screen is not below[-1]:
            app.pop_screen()
        return
    leave_wizard(app)
    while len(app.screen_stack) > 1 and isinstance(app.screen, ApplicationDetailsScreen):
        app.pop_screen()
    app.push_screen(ApplicationsScreen(actor, status))
