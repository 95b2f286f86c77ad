"""An information page (Getting Started): text from data/, then Start."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Static

from core.kernel.config import DATA_DIR
from tui.kit.base import PacketStepScreen


class InfoStepScreen(PacketStepScreen):
    """Reads the step's text file and offers Start."""

    AUTO_FOCUS = "#start"

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        text = (DATA_DIR / self.step.text).read_text(encoding="utf-8") if self.step.text else ""
        with VerticalScroll(id="info-body", classes="body"):
            for chunk in text.strip().split("\n\n"):
                line = " ".join(chunk.split("\n"))
                if line.startswith("# "):
                    yield Static(Text(line[2:], style="bold"), classes="section-title")
                elif line.startswith("## "):
                    yield Static(Text(line[3:], style="bold"), classes="section-title")
                else:
                    yield Static(Text(line), classes="card-text")
        with Horizontal(classes="buttons"):
            yield Button("Start", id="start", variant="primary", compact=True)
        yield from self.compose_footer()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is None:
            self.run_worker(self.go_next())
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            await self.go_next()
