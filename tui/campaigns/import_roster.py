"""Import a campaign roster from the admin's desk: the same check, report and import as `packetdesk campaign import`."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Footer, Input, ProgressBar, Static

from core.campaigns import importing
from core.campaigns.importing import ImportReport
from core.kernel.errors import PacketdeskError, ValidationFailed
from tui.kit.base import AppScreen
from tui.kit.toggles import Box


class CampaignImportScreen(AppScreen):
    """File, program, deadline; Enter on the last field checks the file and imports it when clean."""

    BINDINGS = [Binding("escape", "back", "Back", priority=True, id="campaign-import-back")]
    AUTO_FOCUS = "#campaign-import-path"

    def __init__(self) -> None:
        super().__init__()
        self.report: ImportReport | None = None
        self.programs = importing.campaign_programs()

    def compose(self) -> ComposeResult:
        yield self.top_line("Import a campaign roster", "every row is checked before anything is written")
        with VerticalScroll(id="campaign-import-body", classes="body"):
            with Horizontal(classes="field-line"):
                yield Static("Roster file (CSV)", classes="field-label")
                yield Input(id="campaign-import-path", compact=True, placeholder="/path/to/roster.csv")
            with Horizontal(classes="field-line"):
                yield Static("Program", classes="field-label")
                yield Input(self.programs[0].id if self.programs else "", id="campaign-import-program", compact=True)
            with Horizontal(classes="field-line"):
                yield Static("Deadline (YYYY-MM-DD)", classes="field-label")
                yield Input(id="campaign-import-deadline", compact=True)
            yield Box("Import the good rows even when others are bad", id="campaign-import-good-only", compact=True)
            bar = ProgressBar(id="campaign-import-progress", show_eta=False)
            bar.display = False  # until an import runs: an idle bar with no total redraws itself 15 times a second
            yield bar
            yield Static("", id="campaign-import-report")
        yield Static("Enter on the deadline checks the file; it is imported only when every row is good "
                     "(or the box is checked).", id="campaign-import-status", classes="status-line")
        yield Footer(compact=True)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if isinstance(focused, Input):
            if focused.id == "campaign-import-deadline":
                self.start_import()
            else:
                self.focus_next()
            return True
        return False

    @work(exclusive=True, group="campaign-import")
    async def start_import(self) -> None:
        bar = self.query_one("#campaign-import-progress", ProgressBar)
        status = self.query_one("#campaign-import-status", Static)

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(bar.update, progress=done, total=total or None)

        status.update("Checking...")
        bar.display = True
        try:
            report = await self.papp.run_core(
                importing.import_file, self.papp.ctx, self.papp.actor,
                self.query_one("#campaign-import-program", Input).value.strip(),
                self.query_one("#campaign-import-deadline", Input).value,
                self.query_one("#campaign-import-path", Input).value,
                good_rows_only=self.query_one("#campaign-import-good-only", Checkbox).value,
                progress=progress, checking=progress,
            )
        except ValidationFailed as problem:
            status.update(Text("; ".join(f"{k}: {v}" for k, v in problem.problems.items()), style="red"))
            return
        except PacketdeskError as problem:
            status.update(Text(str(problem), style="red"))
            return
        self.report = report
        self.query_one("#campaign-import-report", Static).update(Text("\n".join(report.lines())))
        status.update(Text(report.lines()[-1], style="green" if report.imported else "yellow"))

    def action_back(self) -> None:
        self.dismiss(None)  # the dashboard reloads: a new campaign may be there
