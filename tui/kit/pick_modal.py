"""Pick one of a list (client search, address search, provider finder, writing numbers), with a filter box."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option


class PickModal(ModalScreen[int | None]):
    """Returns the index (into what `search` returned last) of the chosen entry, or None."""

    CSS_PATH = "kit.tcss"
    DEFAULT_CLASSES = "kit-screen"
    BINDINGS = [Binding("escape", "close", "Close", priority=True, id="enroll-pick-close")]

    def __init__(self, title: str, search: Callable[[str], Sequence[str]], *, query: str = "", hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.search = search
        self.query_text = query
        self.hint = hint or "Type to search; ↓ to the list; Enter picks."
        self.box = Input(value=query, placeholder="search", compact=True, id="pick-query", select_on_focus=False)
        self.options = OptionList(id="pick-options")

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal card wide-modal"):
            yield Static(Text(self.title_text, style="bold"), classes="card-title")
            yield Static(Text(self.hint), classes="dim")
            yield self.box
            yield self.options

    def on_mount(self) -> None:
        self.refill(self.query_text)
        self.box.focus()

    def refill(self, query: str) -> None:
        self.options.clear_options()
        found = list(self.search(query))
        self.options.add_options([Option(Text(label), id=str(i)) for i, label in enumerate(found)])
        if found:
            self.options.highlighted = 0

    def on_input_changed(self, event: Input.Changed) -> None:
        self.refill(event.value)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        index = self.options.highlighted
        if self.options.option_count and index is not None:
            self.dismiss(index)
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option_index)

    def action_close(self) -> None:
        self.dismiss(None)
