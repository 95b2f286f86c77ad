"""Checkboxes and radio buttons whose state shows in the glyph, not only in its colour.

Textual draws "X" in a checkbox and "●" in a radio button whether on or off, the state told by
colour alone: unreadable on a monochrome terminal and for people who do not see the colours.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox, RadioButton


class Box(Checkbox):
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
