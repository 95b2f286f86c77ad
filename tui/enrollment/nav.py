"""Out of the enrollment wizard to a list of applications; the wizard itself is declared
(data/programs/ifm_enrollment.toml, tui/kit/declared_wizard.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.enrollment.applications import PROGRAM
from core.kernel.events import Actor
from tui.kit.declared_wizard import wizard_of

if TYPE_CHECKING:
    from tui.kit.host import HostApp

WIZARD = wizard_of(PROGRAM)


def to_applications(app: HostApp, actor: Actor, status: str) -> None:
    """Out of the wizard to an applications list on this tab: the one it was opened from (closing the
    application's details on the way), else a new one in place of the wizard."""
    from tui.enrollment import ApplicationDetailsScreen, ApplicationsScreen

    below = [s for s in app.screen_stack if isinstance(s, ApplicationsScreen)]
    if below:
        below[-1].tab = status  # it reloads on resume
        while len(app.screen_stack) > 1 and app.screen is not below[-1]:
            app.pop_screen()
        return
    WIZARD.leave(app)
    while len(app.screen_stack) > 1 and isinstance(app.screen, ApplicationDetailsScreen):
        app.pop_screen()
    app.push_screen(ApplicationsScreen(actor, status))
