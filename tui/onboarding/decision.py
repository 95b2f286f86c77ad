"""The reviewer's decision on a packet: approve, request more information, reject, or mark in error."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from tui.kit.error_line import ErrorLine

ACTIONS = {"dec-approve": "approve", "dec-more-info": "more_info", "dec-reject": "reject", "dec-in-error": "in_error"}


@dataclass(frozen=True)
class Decision:
    action: str
    """approve, more_info, reject or in_error."""
    note: str


class DecisionModal(ModalScreen[Decision | None]):
    """A note first (what is needed, or the reason: the producer sees it), then the decision's button."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True, id="decision-cancel")]
    AUTO_FOCUS = "#decision-note"

    def __init__(self, packet_key: str, producer: str) -> None:
        super().__init__()
        self.packet_key = packet_key
        self.producer = producer
        self.note = Input(id="decision-note", placeholder="What is needed, or the reason (no SSN or bank numbers)",
                          compact=True, max_length=1000, select_on_focus=False)
        self.error = ErrorLine(id="decision-error")

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal card", id="decision-box"):
            yield Static(Text(f"Decide {self.packet_key}: {self.producer}", style="bold"), classes="card-title")
            yield Static("Approve issues the producer identification number and sends the Welcome Letter. "
                         "The other decisions need a note, which the producer sees and receives by email.",
                         classes="card-text")
            yield self.note
            yield self.error
            with Horizontal(classes="buttons"):
                # Approve comes last, so Enter typed after a note never approves by accident.
                yield Button("More info", id="dec-more-info", compact=True)
                yield Button("Reject", id="dec-reject", variant="error", compact=True)
                yield Button("In error", id="dec-in-error", compact=True)
                yield Button("Approve", id="dec-approve", variant="success", compact=True)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.note:
            self.focus_next()
            return True
        return False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        action = ACTIONS.get(event.button.id or "")
        if action is None:
            return
        note = " ".join(self.note.value.split())
        if action != "approve" and not note:
            self.error.update("Write what is needed, or the reason, first: the producer sees it.")
            self.set_focus(self.note)
            return
        self.dismiss(Decision(action, note))

    def action_cancel(self) -> None:
        self.dismiss(None)
