"""An upload field: the stored file, a path to upload a new one (F6), View (F5) saves a copy to open."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Static

from core.forms.spec import FieldSpec
from core.packets.uploads import UploadInfo
from tui.kit.error_line import ErrorLine


class UploadPanel(Vertical):
    """Shows the stored file; F6 (Upload) sends the typed path, F5 (View) saves a copy to open.

    Posts Requested; the screen that hosts it runs the core calls (it knows the packet and the actor).
    """

    @dataclass
    class Requested(Message):
        panel: UploadPanel
        action: str
        """upload or view."""

    def __init__(self, spec: FieldSpec, qualified: str, info: UploadInfo | None, *, editable: bool) -> None:
        super().__init__(classes="upload-panel")
        self.spec = spec
        self.qualified = qualified
        self.info = info
        self.editable = editable
        self.current = Static("", classes="field-value", markup=False)
        self.path = Input(placeholder="path of the file, e.g. ~/eo_declarations.pdf", id="upload-path",
                          compact=True, max_length=400, select_on_focus=False)
        self.error = ErrorLine()
        self.saved_to = Static("", classes="card-text dim", markup=False)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-line"):
            yield Static(Text(self.spec.label + (" *" if self.spec.required and self.editable else "")), classes="field-label")
            yield self.current
        if self.editable:
            with Horizontal(classes="field-line"):
                yield Static(Text("File to upload"), classes="field-label")
                yield self.path
        yield self.error
        with Horizontal(classes="buttons"):
            if self.editable:
                yield Button("Upload (F6)", id="upload-go", compact=True)
            yield Button("View (F5)", id="upload-view", compact=True)
        yield self.saved_to
        if self.editable:
            yield Static(Text(self.spec.help), classes="section-note")

    def on_mount(self) -> None:
        self.show_info(self.info)

    def show_info(self, info: UploadInfo | None) -> None:
        self.info = info
        self.current.update(Text(info.summary if info else "No file uploaded yet."))

    def show_problem(self, problem: str | None) -> None:
        self.error.update(problem or "")
        self.set_class(bool(problem), "-invalid")

    def show_saved(self, message: str) -> None:
        self.saved_to.update(Text(message))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Requested(self, "upload" if event.button.id == "upload-go" else "view"))
