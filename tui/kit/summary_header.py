"""A declared header over every step of a wizard: lines of labels and the values core computes for them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.widgets import Static

Lines = list[list[tuple[str, str, bool]]]


def summary_text(lines: Lines) -> Text:
    """Label (dim) and value (bold where declared) pairs, cut with an ellipsis rather than wrapped (80 columns)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for number, line in enumerate(lines):
        for index, (label, value, bold) in enumerate(line):
            text.append(("\n" if number and not index else "") + ("  " if index else "") + f"{label} ", style="dim")
            text.append(value, style="bold" if bold else None)
    return text


class SummaryHeader(Static):
    """Redrawn from the answers whenever the screen says a value it shows may have changed."""

    def __init__(self, lines: Callable[[dict[str, dict[str, Any]]], Lines], answers: dict[str, dict[str, Any]]) -> None:
        super().__init__(summary_text(lines(answers)), id="summary-header")
        self.lines = lines

    def show(self, answers: dict[str, dict[str, Any]]) -> None:
        self.update(summary_text(self.lines(answers)))
