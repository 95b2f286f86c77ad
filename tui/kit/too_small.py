"""Shown over everything while the terminal is smaller than the app promises to work in (80x24)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 80, 24


def too_small(width: int, height: int) -> bool:
    return width < MIN_WIDTH or height < MIN_HEIGHT


class TooSmallScreen(ModalScreen[None]):
    """Nothing is lost while it shows: the screen underneath comes back as the terminal grows."""

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-text")

    def on_mount(self) -> None:
        self.show(*self.app.size)

    def show(self, width: int, height: int) -> None:
        self.query_one("#too-small-text", Static).update(Text(
            f"Terminal too small: Packetdesk needs at least {MIN_WIDTH}x{MIN_HEIGHT} (this one is {width}x{height}). "
            "Make the window larger; nothing you typed is lost.", style="bold"))
