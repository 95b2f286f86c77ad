"""A list to read in a modal (what keeps a packet from being submitted, one line per step or document)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ListModal(ModalScreen[None]):
    """Shows what keeps the application from being submitted; Enter or Escape closes it."""

    BINDINGS = [Binding("escape", "close", "Close", priority=True, id="missing-close")]

    def __init__(self, title: str, items: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.items = items

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal card", id="missing-box"):
            yield Static(Text(self.title_text, style="bold red"), classes="card-title")
            with VerticalScroll(id="missing-list"):
                for item in self.items:
                    yield Static(Text("• " + item), classes="missing-item")
            yield Button("Close", id="missing-ok", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#missing-ok", Button).focus()

    def on_button_pressed(self, _event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
