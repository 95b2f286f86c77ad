"""Email Verification Complete! Then Create a Password."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Footer, Static

from core.portal.passwords import VerifiedEmail
from tui.portal.base import PortalBody, PortalScreen


class EmailVerifiedScreen(PortalScreen):
    """The page a delegate reaches from the Confirm Your Email Address link (seed 004, figure 8)."""

    AUTO_FOCUS = "#verified-create"

    def __init__(self, verified: VerifiedEmail) -> None:
        super().__init__()
        self.verified = verified

    def compose(self) -> ComposeResult:
        yield self.portal_line("Email verification", self.verified.username)
        with PortalBody(classes="portal-body"):
            with Vertical(classes="card"):
                yield Static(Text("Email Verification Complete!", style="bold green"), classes="card-title")
                yield Static(Text(f"Thank you, {self.verified.display_name}. Your email address is confirmed. "
                                  f"Your username is {self.verified.username}."), classes="card-text")
                yield Static("Next, create a password for your account.", classes="card-text")
                yield Button("Create a Password", id="verified-create", compact=True, variant="primary")
        yield Footer(compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "verified-create":
            from tui.portal.find_account import FindAccountScreen

            self.app.switch_screen(FindAccountScreen("create", self.verified.username))
