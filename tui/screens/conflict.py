"""A save refused because someone saved newer data: the difference, and what you typed kept."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from core.errors import Conflict
from core.programs import StepSpec
from tui.widgets.step_form import display_value


class ConflictModal(ModalScreen[None]):
    """Shows field by field what you typed and what was saved by the other session."""

    BINDINGS = [Binding("escape", "close", "Close", priority=True, id="close")]

    def __init__(self, step: StepSpec, mine: dict[str, Any], conflict: Conflict) -> None:
        super().__init__()
        self.step = step
        self.mine = mine
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        table = Table("Field", "You typed", "Saved by the other session", expand=True)
        for spec in self.step.fields:
            mine, theirs = self.mine.get(spec.name), self.conflict.theirs.get(spec.name)
            if mine != theirs:
                table.add_row(Text(spec.label), Text(display_value(spec, mine)), Text(display_value(spec, theirs)))
        with Vertical(classes="modal card"):
            yield Static(Text("Not saved: this packet changed", style="bold red"), classes="card-title")
            yield Static(Text(str(self.conflict)), classes="card-text")
            with VerticalScroll(classes="conflict-table"):
                yield Static(table)
            yield Static("What you typed is still in the form. Reopen the packet to see the newer data.",
                         classes="card-text")
            yield Button("Close", id="close", compact=True)

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
