"""Adopt Your Signature: full name and initials (prefilled, editable), a style, a preview."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioSet, Static

from core.packets.signing import initials_problem
from tui.kit.error_line import ErrorLine
from tui.kit.signature_style import STYLE_NAMES, signature_text
from tui.kit.toggles import RadioOption

AGREEMENT = (
    "By selecting Adopt and Sign, I agree that the signature and initials will be the electronic "
    "representation of my signature and initials for all purposes when I use them on documents, "
    "including legally binding contracts, just the same as a pen-and-paper signature or initial."
)


@dataclass(frozen=True)
class Adoption:
    full_name: str
    initials: str
    style: str


class AdoptSignatureModal(ModalScreen[Adoption | None]):
    """Returns the adopted signature, or None on Cancel."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True, id="cancel")]

    def __init__(self, full_name: str, initials: str, styles: tuple[str, ...]) -> None:
        super().__init__()
        self.full_name = full_name
        self.initials = initials
        self.style_choices = styles

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal card", id="adopt-box"):
            yield Static(Text("Adopt Your Signature", style="bold"), classes="card-title")
            yield Static("Confirm your name, initials, and signature.", classes="card-text")
            with Horizontal(classes="field-line"):
                yield Static("Full Name *", classes="field-label")
                yield Input(self.full_name, id="full-name", compact=True, max_length=80, select_on_focus=False)
            with Horizontal(classes="field-line"):
                yield Static("Initials *", classes="field-label")
                yield Input(self.initials, id="initials", compact=True, max_length=6, select_on_focus=False)
            yield ErrorLine(id="adopt-error")
            with RadioSet(id="styles", compact=True):
                for index, style in enumerate(self.style_choices):
                    label = Text(f"{STYLE_NAMES.get(style, style):<8}")
                    label.append_text(signature_text(self.full_name, style))
                    yield RadioOption(label, value=index == 0, id=f"style-{style}")
            yield Static(id="preview", classes="signature-preview")
            yield Static(AGREEMENT, classes="card-text dim")
            with Horizontal(classes="buttons"):
                yield Button("Adopt and Sign", id="adopt", variant="success", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.refresh_preview()
        self.query_one("#full-name", Input).focus()

    @property
    def style(self) -> str:
        pressed = self.query_one("#styles", RadioSet).pressed_button
        return pressed.id.removeprefix("style-") if pressed and pressed.id else self.style_choices[0]

    def refresh_preview(self) -> None:
        name = self.query_one("#full-name", Input).value
        initials = self.query_one("#initials", Input).value
        preview = Text("Preview: ", style="dim")
        preview.append_text(signature_text(name or " ", self.style))
        preview.append("   ")
        preview.append_text(signature_text(initials.upper() or " ", self.style))
        self.query_one("#preview", Static).update(preview)

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.refresh_preview()

    def on_radio_set_changed(self, _event: RadioSet.Changed) -> None:
        self.refresh_preview()

    def on_enter_pressed(self, focused: object) -> bool:
        if isinstance(focused, Input) and focused.id == "full-name":
            self.set_focus(self.query_one("#initials", Input))
            return True
        if isinstance(focused, (Input, RadioSet)):
            self.adopt()
            return True
        return False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "adopt":
            self.adopt()
        else:
            self.dismiss(None)

    def adopt(self) -> None:
        name = self.query_one("#full-name", Input).value
        initials = self.query_one("#initials", Input).value
        problem = initials_problem(name, initials)
        if problem:
            self.query_one("#adopt-error", ErrorLine).update(Text(problem))
            return
        self.dismiss(Adoption(" ".join(name.split()), initials.strip().upper(), self.style))

    def action_cancel(self) -> None:
        self.dismiss(None)
