"""A program's header above every step (declared labels and values), in place of the stage bar; drawn as the kit draws it."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.widgets import Static

from core.packets import progress
from core.packets.packets import PacketView
from tui.kit.summary_header import summary_text


class ProgramHeader(Static):
    """Redrawn from the answers being typed whenever the screen says they changed."""

    def __init__(self, view: PacketView, today: date) -> None:
        super().__init__(summary_text(progress.header(view, today)), id="program-header")
        self.view = view
        self.today = today

    def show(self, answers: dict[str, dict[str, Any]]) -> None:
        shown = PacketView(**{**self.view.__dict__, "answers": answers})
        self.update(summary_text(progress.header(shown, self.today)))
