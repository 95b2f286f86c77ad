"""An information page (Getting Started): the step's text, then Start."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Button, Static

from core.kernel.config import data_file
from tui.packet.bodies.base import StepBody


class InfoBody(StepBody):
    """Reads the step's text file; Start (or Enter) goes on."""

    kind_id = "info-body"

    def compose(self) -> ComposeResult:
        text = data_file(self.step.text).read_text(encoding="utf-8") if self.step.text else ""
        for chunk in text.strip().split("\n\n"):
            line = " ".join(chunk.split("\n"))
            if line.startswith("# "):
                yield Static(Text(line[2:], style="bold"), classes="section-title")
            elif line.startswith("## "):
                yield Static(Text(line[3:], style="bold"), classes="section-title")
            else:
                yield Static(Text(line), classes="card-text")

    def buttons(self) -> list[Widget]:
        return [Button("Start", id="start", variant="primary", compact=True)]

    def first_focus(self) -> Widget | None:
        return None

    def on_enter(self, focused: Widget | None) -> bool:
        if focused is None:
            self.run_worker(self.host.go_next())  # type: ignore[attr-defined]
            return True
        return False

    async def on_button(self, button_id: str) -> None:
        if button_id == "start":
            await self.host.go_next()  # type: ignore[attr-defined]
