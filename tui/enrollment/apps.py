"""Agent Assisted Enrollment (declared in data/ifm/forms/screens.toml): Start New Application; Completed,
Incomplete and Failed applications."""

from __future__ import annotations

from textual.binding import Binding

from core.enrollment import applications as enrollment
from core.enrollment.applications import AppView
from core.kernel.errors import PacketdeskError
from tui.enrollment import SCREENS
from tui.kit.record_list import RecordListScreen, tab_bindings


class ApplicationsScreen(RecordListScreen[AppView]):
    """Enter on a row opens the application's details (the seed's Record Number link)."""

    BINDINGS = [
        Binding("f2", "start", "Start New Application", priority=True, id="enroll-start"),
        *tab_bindings(SCREENS.lists["applications"]),
        Binding("escape", "back", "Back", priority=True, id="enroll-apps-back"),
    ]
    AUTO_FOCUS = "#applications"
    LIST = SCREENS.lists["applications"]
    TABLE_ID = "applications"

    @property
    def status(self) -> str:
        """The tab shown: submitted, incomplete or failed (set before a resume to reload on another tab)."""
        return self.tab

    @status.setter
    def status(self, value: str) -> None:
        self.tab = value

    async def open(self, row: AppView) -> None:
        from tui.enrollment.details import ApplicationDetailsScreen

        self.app.push_screen(ApplicationDetailsScreen(self.actor, row.id))

    async def action_start(self) -> None:
        from tui.enrollment.nav import WIZARD

        try:
            view = await self.papp.run_core(enrollment.start, self.papp.ctx, self.actor)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        WIZARD.show_step(self.papp, self.actor, view, 0)
