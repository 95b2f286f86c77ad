"""The one yes/no dialog: a question, what follows, and two buttons; Escape answers no."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmModal(ModalScreen[bool]):
    """Returns True for yes, False for no; the focus starts on no, so a stray Enter changes nothing."""

    BINDINGS = [
        Binding("escape", "no", "No", priority=True, id="confirm-no"),
        Binding("y", "yes", show=False, id="confirm-yes-key"),
        Binding("n", "no", show=False, id="confirm-no-key"),
    ]

    def __init__(self, title: str, text: str | Text, *, yes: str = "Yes", no: str = "No", box_id: str = "confirm-box") -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.yes_label = yes
        self.no_label = no
        self.box_id = box_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal card", id=self.box_id):
            yield Static(Text(self.title_text, style="bold"), classes="card-title")
            yield Static(self.text if isinstance(self.text, Text) else Text(self.text), classes="card-text")
            with Horizontal(classes="buttons"):
                yield Button(self.no_label, id="confirm-no", compact=True)
                yield Button(self.yes_label, id="confirm-yes", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
