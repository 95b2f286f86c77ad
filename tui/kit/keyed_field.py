"""A declared record field: one small input per key a named computation gives (a number per member), and the
button, when declared, that copies one value to every key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input, Static

from core.forms.spec import FieldSpec


class KeyedField(Vertical):
    """Inputs keyed by name; posts Changed with the filled values ({key: value}, empty ones left out)."""

    DEFAULT_CSS = "KeyedField { height: auto; }"

    @dataclass
    class Changed(Message):
        field: KeyedField
        value: dict[str, str]

    def __init__(self, spec: FieldSpec, keys: list[str], value: dict[str, Any], *, id: str | None = None) -> None:
        super().__init__(id=id)
        assert spec.record is not None
        self.spec = spec
        self.record = spec.record
        self.inputs = {key: Input(value=str(value.get(key, "")), max_length=spec.max_length, compact=True,
                                  restrict=spec.restrict or None, id=f"{spec.name}-{i}", select_on_focus=False,
                                  placeholder=spec.placeholder)
                       for i, key in enumerate(keys)}
        """Each key's input, in the order the keys came."""

    def compose(self) -> ComposeResult:
        for key, box in self.inputs.items():
            with Horizontal(classes="field-line"):
                yield Static(Text(self.record.label.format(key=key)), classes="field-label")
                yield box
        if self.record.same:
            yield Button(self.record.same, id=f"same-{self.spec.name}", compact=True)

    @property
    def value(self) -> dict[str, str]:
        return {key: box.value for key, box in self.inputs.items() if box.value}

    def set_value(self, value: dict[str, Any]) -> None:
        for key, box in self.inputs.items():
            box.value = str(value.get(key, ""))

    def focused_input(self) -> Input | None:
        """The input with the focus, else the first (None: no keys)."""
        focused = self.screen.focused if self.is_attached else None
        inputs = list(self.inputs.values())
        return focused if isinstance(focused, Input) and focused in inputs else next(iter(inputs), None)

    def focus(self, scroll_visible: bool = True) -> KeyedField:
        first = next(iter(self.inputs.values()), None)
        if first is not None:
            first.focus(scroll_visible)
        return self

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, self.value))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """The same value for every key: the focused input's, else the first filled one."""
        if event.button.id != f"same-{self.spec.name}":
            return
        event.stop()
        source = self.focused_input()
        value = (source.value if source is not None else "") or next((v for v in self.value.values()), "")
        for box in self.inputs.values():
            box.value = value
