"""A save refused because someone saved newer data: the difference, and what you typed kept."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from core.forms.spec import StepSpec
from core.kernel.errors import Conflict
from tui.kit.field_row import display_value


class ConflictModal(ModalScreen[str | None]):
    """Shows field by field what you typed and what the other session saved; returns mine, theirs or None."""

    BINDINGS = [Binding("escape", "close", "Close", priority=True, id="close")]

    def __init__(self, step: StepSpec, mine: dict[str, Any], conflict: Conflict) -> None:
        super().__init__()
        self.step = step
        self.mine = mine
        self.conflict = conflict

    def compose(self) -> ComposeResult:
        who = self.conflict.saved_by or "the other session"
        table = Table("Field", "You typed", f"Saved by {who}", expand=True)
        for spec in self.step.fields:
            mine, theirs = self.mine.get(spec.name), self.conflict.theirs.get(spec.name)
            if not _same(mine, theirs):
                table.add_row(Text(spec.label), Text(display_value(spec, mine)), Text(display_value(spec, theirs)))
        when = f" at {self.conflict.saved_at}" if self.conflict.saved_at else ""
        with Vertical(classes="modal card"):
            yield Static(Text("Not saved: this packet changed", style="bold red"), classes="card-title")
            yield Static(Text(f"{self.conflict} Saved by {who}{when}."), classes="card-text")
            with VerticalScroll(classes="conflict-table"):
                yield Static(table)
            yield Static("What you typed is still in the form. Choose whose entries to keep.", classes="card-text")
            with Horizontal(classes="buttons"):
                yield Button("Keep editing", id="close", compact=True)
                yield Button("Save mine over theirs", id="mine", variant="warning", compact=True)
                yield Button("Take theirs", id="theirs", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "close" else event.button.id)

    def action_close(self) -> None:
        self.dismiss(None)


def _same(mine: Any, theirs: Any) -> bool:
    """Unset, empty and unchecked are the same answer."""
    def plain(value: Any) -> Any:
        return "" if value in (None, "", "false", []) else value
    return bool(plain(mine) == plain(theirs))
