"""Agent Assisted Enrollment: Start New Application; Completed, Incomplete and Failed applications."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from core.enrollment import applications as enrollment
from core.enrollment.applications import AppRow
from core.kernel.errors import PacketdeskError
from core.kernel.events import Actor
from tui.kit.base import AppScreen

TABS = {"submitted": "F3 Completed", "incomplete": "F4 Incomplete", "failed": "F5 Failed"}
COLUMNS = ("Record Number", "Client App ID", "State", "Date Submitted", "Effective Date", "Producer Name",
           "Producer Number", "Expiration Date", "Last Modified Date")


def _d(value: object) -> str:
    return f"{value:%m/%d/%Y}" if value else "-"


class ApplicationsScreen(AppScreen):
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

    def __init__(self, actor: Actor, status: str = "submitted") -> None:
        super().__init__()
        self.actor = actor
        self.status = status
        self.heading = Static("", id="apps-heading")
        self.table: DataTable[Text] = DataTable(id="applications", cursor_type="row", zebra_stripes=True,
                                                classes="enroll-table")
        self.rows: list[AppRow] = []

    def compose(self) -> ComposeResult:
        yield self.top_line("Agent Assisted Enrollment", "F2 Start New Application")
        with Vertical(classes="body"):
            yield self.heading
            yield self.table
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        for column in COLUMNS:
            self.table.add_column(column)
        # No load here: Textual resumes a screen when it is first shown too, and on_screen_resume loads
        # (loading in both redrew the table a moment after it was drawn, undoing a key pressed at once).

    async def on_screen_resume(self) -> None:
        if not self.signed_out():
            await self.load()

    async def load(self) -> None:
        self.rows = await self.papp.run_core(enrollment.list_applications, self.papp.ctx, self.actor, self.status)
        heading = Text()
        for key, label in TABS.items():
            heading.append(f" {label} ", style="bold reverse" if key == self.status else "dim")
            heading.append(" ")
        heading.append(f"Applications · {len(self.rows)} shown", style="dim")
        self.heading.update(heading)
        self.table.clear()
        for row in self.rows:
            self.table.add_row(
                Text(row.record_number, style="underline"), Text(str(row.client_app_id)), Text(row.state or "-"),
                Text(_d(row.submitted_at)), Text(_d(row.effective_date)), Text(row.producer_name or "-"),
                Text(row.writing_number or "-"), Text(_d(row.expires_at)),
                Text(f"{row.updated_at:%m/%d/%Y %I:%M %p}"), key=str(row.id))

    async def action_tab(self, status: str) -> None:
        self.status = status
        await self.load()
        self.table.focus()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.table and self.rows:
            self.open(self.rows[self.table.cursor_row])
            return True
        return False

    def open(self, row: AppRow) -> None:
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

    def action_back(self) -> None:
        self.app.pop_screen()
