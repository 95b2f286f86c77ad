"""A text to read (Terms and Agreements, Know Your Rights, a disclosure) with Agree / Close, or a yes-no question."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class TextModal(ModalScreen[bool | None]):
    """Returns True for the agree button, False for the other button, None for Escape."""

    CSS_PATH = "kit.tcss"
    DEFAULT_CLASSES = "kit-screen"
    BINDINGS = [Binding("escape", "close", "Close", priority=True, id="enroll-text-close")]

    def __init__(self, title: str, body: str, *, agree: str = "", close: str = "Close") -> None:
        super().__init__()
        self.title_text = title
        self.body = body
        self.agree = agree
        self.close_label = close

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal card wide-modal"):
            yield Static(Text(self.title_text, style="bold"), classes="card-title")
            with VerticalScroll(classes="wide-modal-body"):
                for chunk in self.body.split("\n\n"):
                    line = " ".join(chunk.split())
                    heading = line.startswith("#")
                    yield Static(Text(line.lstrip("# "), style="bold" if heading else ""), classes="card-text")
            with Horizontal(classes="buttons"):
                if self.agree:
                    yield Button(self.agree, id="agree", variant="primary", compact=True)
                yield Button(self.close_label, id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#agree" if self.agree else "#close", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "agree")

    def action_close(self) -> None:
        self.dismiss(None)
