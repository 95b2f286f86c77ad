"""A program's header above every step (declared as labels and named computations), in place of the stage bar."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.widgets import Static

from core.packets import progress
from core.packets.packets import PacketView


def header_text(lines: list[list[tuple[str, str]]]) -> Text:
    """Label and value pairs, a line each as declared, cut with an ellipsis rather than wrapped (80 columns)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for number, line in enumerate(lines):
        if number:
            text.append("\n")
        for index, (label, value) in enumerate(line):
            text.append(("  " if index else "") + f"{label} ", style="dim")
            text.append(value, style="bold")
    return text


class ProgramHeader(Static):
    """Redrawn from the answers being typed whenever the screen says they changed."""

    def __init__(self, view: PacketView, today: date) -> None:
        super().__init__(header_text(progress.header(view, today)), id="program-header")
        self.view = view
        self.today = today

    def show(self, answers: dict[str, dict[str, Any]]) -> None:
        shown = PacketView(**{**self.view.__dict__, "answers": answers})
        self.update(header_text(progress.header(shown, self.today)))
