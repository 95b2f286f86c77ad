"""Space on a checkbox, at the App's priority, so "Space Enter" typed in one burst saves the box checked.

The checkbox's own Space binding runs only after the key has gone down to the box and bubbled back
up to the App, which is after an Enter that arrived in the same burst has already been handled.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Checkbox

SPACE_TOGGLES = Binding("space", "toggle_box", "Toggle", show=False, priority=True, id="toggle-box")
"""Add to a screen's BINDINGS; let check_action allow it only while a checkbox has the focus."""


def toggles(focused: Widget | None) -> bool:
    return isinstance(focused, Checkbox)


def toggle(focused: Widget | None) -> None:
    if isinstance(focused, Checkbox):
        focused.toggle()
