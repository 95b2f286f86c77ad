"""Appointments (seed 001): the PDB's active appointments, for reference only."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from core.onboarding import case
from tui.packet.bodies.base import StepBody
from tui.packet.bodies.registry import body_named

FIXED = 6 + 11 + 2 * 4 + 4
"""The State and Effective widths, cell padding and the tab's own padding and scrollbar."""


@body_named("onboarding.appointments")
class AppointmentsBody(StepBody):
    """A read-only table; nothing to fill in, so the tab is always complete."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record = case.record_for(self.view)
        self.table: DataTable[Text] = DataTable(id="appointments-table", cursor_type="row", zebra_stripes=True)

    def compose(self) -> ComposeResult:
        yield Static(Text("Active appointments per NIPR", style="bold"), classes="section-title")
        yield Static(Text("All information displayed is for reference only."), classes="section-note")
        yield self.table

    def on_mount(self) -> None:
        rest = max(20, self.app.size.width - FIXED)
        company, line = rest * 3 // 5, rest - rest * 3 // 5
        self.table.add_column("Company", width=company)
        self.table.add_column("State", width=6)
        self.table.add_column("Line of authority", width=line)
        self.table.add_column("Effective", width=11)
        appointments = self.record.active_appointments if self.record else ()
        for a in appointments:
            self.table.add_row(Text(a.company, no_wrap=True, overflow="ellipsis"), Text(a.state),
                               Text(a.line, no_wrap=True, overflow="ellipsis"), Text(a.effective_date))
        if not appointments:
            self.mount(Static(Text("The PDB shows no active appointments."), classes="section-note"))
