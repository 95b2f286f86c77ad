"""Checkboxes and radio buttons whose state shows in the glyph, not only in its colour.

Textual draws "X" in a checkbox and "●" in a radio button whether on or off, the state told by
colour alone: unreadable on a monochrome terminal and for people who do not see the colours.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

from tui.kit.field_input import BesideLabel


class Box(BesideLabel, Checkbox):
    """A checkbox: "X" when checked, blank when not."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button


class RadioOption(RadioButton):
    """A radio button: "●" when chosen, blank when not."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "●" if self.value else " "
        return super()._button


class Picks(SelectionList[str]):
    """A list of choices whose ticked ones show "X" in their box and the others a blank box."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        if len(segments) < 3 or segments[1].text != ToggleButton.BUTTON_INNER:
            return strip  # a line past the last option: no box
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        ticked = option.value in self._selected
        segments[1] = Segment("X" if ticked else " ", segments[1].style)
        return Strip(segments, strip.cell_length)
