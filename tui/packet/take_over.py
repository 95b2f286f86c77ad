"""Asked when the packet is already open in another session."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from core.identity.sessions import OpenSession


class TakeOverModal(ModalScreen[bool]):
    """Returns True to take the packet over, False to leave it."""

    BINDINGS = [Binding("escape", "leave", "Leave it", priority=True, id="leave")]

    def __init__(self, others: list[OpenSession]) -> None:
        super().__init__()
        self.others = others

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal card"):
            yield Static(Text("This packet is already open", style="bold"), classes="card-title")
            for other in self.others:
                yield Static(
                    Text(f"Open by {other.who} on {other.host} since {other.since:%m/%d/%Y %H:%M} UTC "
                         f"(last activity {other.last_seen:%H:%M})."),
                    classes="card-text",
                )
            yield Static("Only one session may work on a packet. Taking over signs the other session out; "
                         "what it saved is kept.", classes="card-text")
            with Horizontal(classes="buttons"):
                yield Button("Take over", id="take", variant="warning", compact=True)
                yield Button("Leave it", id="leave", compact=True)

    def on_mount(self) -> None:
        self.query_one("#leave", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "take")

    def action_leave(self) -> None:
        self.dismiss(False)
