"""An Input for declared fields: a paste is cleaned by core's rule and the person is told what happened."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input

from core.forms.paste import paste

if TYPE_CHECKING:
    _Control = Widget
else:
    _Control = object  # a mixin: a Widget base of its own would bring Widget's class settings (can_focus) first


class BesideLabel(_Control):
    """A control whose left margin is the label column its row draws the label in (tui/kit/field_row.FieldRow).

    Scrolling a control into view keeps its margin in view too, and Textual's centring on focus then
    scrolls down a line whenever the form is a little wider than its window (the region's left edge,
    the row's, is no longer visible after the sideways scroll it cannot do). The label is the row's
    to show: the region to scroll to is the control itself, where the label was a widget of its own.
    """

    @property
    def virtual_region_with_margin(self) -> Region:
        region = super().virtual_region_with_margin
        left = self.styles.margin.left
        return Region(region.x + left, region.y, region.width - left, region.height)


class FieldInput(BesideLabel, Input):
    """Posts Told(message) when a paste was shortened, cleaned or refused (never silently dropped)."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
    """The text's width, which Input sets on every key. A form field is one line of fixed size, so a
    longer text only scrolls inside it; as a layout reactive (Widget's) it re-laid the whole screen per key."""

    @dataclass
    class Told(Message):
        input: FieldInput
        message: str

    def __init__(self, *args: object, label: str = "This field", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.label = label

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        if not event.text:
            return
        selection = self.selection
        selected = abs(selection.end - selection.start)
        room = self.max_length - (len(self.value) - selected) if self.max_length else None
        result = paste(event.text, room, self.label)
        if result.text:
            if selection.is_empty:
                self.insert_text_at_cursor(result.text)
            else:
                self.replace(result.text, *selection)
        if result.message:
            self.post_message(self.Told(self, result.message))
