"""Shown when an account is locked: who to call."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widgets import Footer, Static

from tui.kit.base import AppScreen


class LockedScreen(AppScreen):
    """Account locked after too many failed attempts."""

    BINDINGS = [Binding("escape", "back", "Back", priority=True, id="back")]

    def __init__(self, message: str, service_center: dict[str, str]) -> None:
        super().__init__()
        self.message = message
        self.service_center = service_center

    def compose(self) -> ComposeResult:
        yield self.top_line("Account locked")
        with Center():
            with Vertical(classes="card", id="locked-box"):
                yield Static(Text("Your account is locked", style="bold red"), classes="card-title")
                yield Static(Text(self.message), classes="card-text")
                center = self.service_center
                if center:
                    yield Static(
                        Text(f"{center.get('name', 'Service center')}: {center.get('phone', '')}\n{center.get('hours', '')}"),
                        classes="card-text",
                    )
        yield Footer(compact=True)

    def action_back(self) -> None:
        self.app.pop_screen()
