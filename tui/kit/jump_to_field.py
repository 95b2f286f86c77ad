"""Go to a field by typing part of its label (phone entry: no mouse, no tabbing through twenty fields)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual.screen import Screen

    from tui.kit.step_form import StepForm


def jump_in(screen: Screen[Any], form: StepForm | None) -> None:
    """Ctrl+G on any form: pick a field by part of its label and put the focus there."""
    if form is None:
        return
    fields = [(name, row.spec.label) for name, row in form.rows.items() if row.control in form.inputs]

    def focus(name: str | None) -> None:
        row = form.rows.get(name or "")
        if row is not None and row.control is not None:
            # At once, not after the queue: keys typed right after Enter belong to this field.
            screen.set_focus(row.control)

    screen.app.push_screen(JumpToFieldModal(fields), focus)


class JumpToFieldModal(ModalScreen[str | None]):
    """Returns the chosen field's name, or None."""

    AUTO_FOCUS = "#jump-query"
    """Focused as the modal opens, so a key typed right after Ctrl+G lands in the query."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", priority=True, id="cancel"),
        Binding("down", "move(1)", "Next match", show=False, priority=True),
        Binding("up", "move(-1)", "Previous match", show=False, priority=True),
    ]

    def __init__(self, fields: list[tuple[str, str]]) -> None:
        super().__init__()
        self.fields = fields
        """(name, label) of every editable field, in form order."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal card", id="jump-box"):
            yield Static(Text("Go to field", style="bold"), classes="card-title")
            yield Input(placeholder="type part of a label, e.g. zip", id="jump-query", compact=True)
            yield OptionList(id="jump-matches")

    def on_mount(self) -> None:
        self.refresh_matches("")
        self.query_one("#jump-query", Input).focus()

    def matches(self, query: str) -> list[tuple[str, str]]:
        words = query.lower().split()
        return [(name, label) for name, label in self.fields if all(w in label.lower() for w in words)]

    def refresh_matches(self, query: str) -> None:
        options = self.query_one("#jump-matches", OptionList)
        options.clear_options()
        options.add_options([Option(Text(label), id=name) for name, label in self.matches(query)])
        if options.option_count:
            options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refresh_matches(event.value)

    def action_move(self, step: int) -> None:
        options = self.query_one("#jump-matches", OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count

    def on_enter_pressed(self, _focused: object) -> bool:
        options = self.query_one("#jump-matches", OptionList)
        if options.highlighted is None or not options.option_count:
            return True
        self.dismiss(options.get_option_at_index(options.highlighted).id)
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
