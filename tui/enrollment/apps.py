"""Agent Assisted Enrollment: Start New Application; Completed, Incomplete and Failed applications."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.binding import Binding

from core.enrollment import applications as enrollment
from core.enrollment.applications import AppRow
from core.kernel.errors import PacketdeskError
from core.kernel.events import Actor
from tui.kit.record_list import RecordListScreen


def _d(value: object) -> str:
    return f"{value:%m/%d/%Y}" if value else "-"


class ApplicationsScreen(RecordListScreen[AppRow]):
    """Enter on a row opens the application's details (the seed's Record Number link)."""

    CSS_PATH = "enroll.tcss"
    DEFAULT_CLASSES = "enroll-screen"
    BINDINGS = [
        Binding("f2", "start", "Start New Application", priority=True, id="enroll-start"),
        Binding("f3", "tab('submitted')", "Completed", priority=True, id="enroll-tab-completed"),
        Binding("f4", "tab('incomplete')", "Incomplete", priority=True, id="enroll-tab-incomplete"),
        Binding("f5", "tab('failed')", "Failed", priority=True, id="enroll-tab-failed"),
        Binding("escape", "back", "Back", priority=True, id="enroll-apps-back"),
    ]
    AUTO_FOCUS = "#applications"
    TABS = {"submitted": "F3 Completed", "incomplete": "F4 Incomplete", "failed": "F5 Failed"}
    NOUN = "Applications"
    COLUMNS = ("Record Number", "Client App ID", "State", "Date Submitted", "Effective Date", "Producer Name",
               "Producer Number", "Expiration Date", "Last Modified Date")
    TABLE_ID = "applications"
    TABLE_CLASSES = "enroll-table"

    def __init__(self, actor: Actor, status: str = "submitted") -> None:
        super().__init__(actor, status, title="Agent Assisted Enrollment", detail="F2 Start New Application")

    @property
    def status(self) -> str:
        """The tab shown: submitted, incomplete or failed (set before a resume to reload on another tab)."""
        return self.tab

    @status.setter
    def status(self, value: str) -> None:
        self.tab = value

    async def fetch(self) -> list[AppRow]:
        return await self.papp.run_core(enrollment.list_applications, self.papp.ctx, self.actor, self.tab)

    def cells(self, row: AppRow) -> Sequence[str | Text]:
        return (Text(row.record_number, style="underline"), str(row.client_app_id), row.state or "-",
                _d(row.submitted_at), _d(row.effective_date), row.producer_name or "-", row.writing_number or "-",
                _d(row.expires_at), f"{row.updated_at:%m/%d/%Y %I:%M %p}")

    async def open(self, row: AppRow) -> None:
        from tui.enrollment.details import ApplicationDetailsScreen

        self.app.push_screen(ApplicationDetailsScreen(self.actor, row.id))

    async def action_start(self) -> None:
        from tui.enrollment.nav import show_step

        try:
            view = await self.papp.run_core(enrollment.start, self.papp.ctx, self.actor)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        show_step(self.papp, self.actor, view, 0)
