"""The reviewer's decision on a packet: approve, request more information, reject, or mark in error."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from tui.kit.error_line import ErrorLine

ACTIONS = {"dec-approve": "approve", "dec-more-info": "more_info", "dec-reject": "reject", "dec-in-error": "in_error"}


@dataclass(frozen=True)
class Decision:
    action: str
    """approve, more_info, reject or in_error."""
    note: str


class DecisionModal(ModalScreen[Decision | None]):
    """A note first (what is needed, or the reason: the producer sees it), then the decision's button."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", priority=True, id="decision-cancel"),
        # One key per decision, from the note: Tab four times to reach Approve cost a reviewer 4 keys.
        Binding("f5", "decide('dec-more-info')", "More info", priority=True, id="decision-more-info"),
        Binding("f6", "decide('dec-reject')", "Reject", priority=True, id="decision-reject"),
        Binding("f7", "decide('dec-in-error')", "In error", priority=True, id="decision-in-error"),
        Binding("f8", "decide('dec-approve')", "Approve", priority=True, id="decision-approve"),
    ]
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
                yield Button("F5 More info", id="dec-more-info", compact=True)
                yield Button("F6 Reject", id="dec-reject", variant="error", compact=True)
                yield Button("F7 In error", id="dec-in-error", compact=True)
                yield Button("F8 Approve", id="dec-approve", variant="success", compact=True)
        yield Footer(compact=True)  # Esc and the decision keys, as on every screen

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

    def action_decide(self, button_id: str) -> None:
        self.query_one(f"#{button_id}", Button).press()

    def action_cancel(self) -> None:
        self.dismiss(None)
