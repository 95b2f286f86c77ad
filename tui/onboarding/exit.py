"""Exit asks to confirm (seed 001, "Logging Out"): Return to the application, or Logout."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ExitConfirmModal(ModalScreen[bool]):
    """Returns True for Logout, False for Return."""

    BINDINGS = [Binding("escape", "stay", "Return", priority=True, id="exit-return")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal card", id="exit-box"):
            yield Static(Text("Exit Producer Pro?", style="bold"), classes="card-title")
            yield Static("Everything you saved is kept. Log out now, or return to your application?", classes="card-text")
            with Horizontal(classes="buttons"):
                yield Button("Return", id="exit-stay", compact=True)
                yield Button("Logout", id="exit-logout", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#exit-stay", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "exit-logout")

    def action_stay(self) -> None:
        self.dismiss(False)
