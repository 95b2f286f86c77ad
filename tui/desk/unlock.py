"""Asks why an account is unlocked; the reason is kept in the history."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from tui.kit.error_line import ErrorLine


class UnlockModal(ModalScreen[str | None]):
    """Returns the reason typed, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True, id="unlock-cancel")]
    AUTO_FOCUS = "#reason"

    def __init__(self, producer_name: str) -> None:
        super().__init__()
        self.producer_name = producer_name
        self.reason = Input(id="reason", compact=True, max_length=500, select_on_focus=False,
                            placeholder="e.g. identity confirmed by phone")
        self.error = ErrorLine(id="reason-error")

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-box", classes="modal card"):
            yield Static(Text("Unlock account", style="bold"), classes="card-title")
            yield Static(
                Text.assemble("Unlock the account of ", (self.producer_name, "bold"),
                              "? Say why: the reason is kept in the history."),
                classes="card-text",
            )
            with Horizontal(classes="field-line"):
                yield Static("Reason *", classes="field-label")
                yield self.reason
            yield self.error
            with Horizontal(classes="buttons"):
                yield Button("Unlock", id="unlock", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.reason:
            self.submit()
            return True
        return False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "unlock":
            self.submit()
        else:
            self.dismiss(None)

    def submit(self) -> None:
        # Core refuses a blank reason too; saying so here keeps the modal open to type one.
        if not self.reason.value.strip():
            self.error.update("A reason is required to unlock an account.")
            self.reason.focus()
            return
        self.dismiss(self.reason.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
