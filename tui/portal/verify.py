"""Verify your account: a code by email, a code by text message, or the keyboard typing pattern."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Button, Footer, RadioButton, RadioSet, Static

from core.kernel.errors import PacketdeskError
from core.portal import login as portal_login
from core.portal.login import PendingLogin
from tui.portal.base import PortalBody, PortalScreen, highlighted


class VerifyChoiceScreen(PortalScreen):
    """Three ways to verify (seed 004, slide 9); Enter on a choice sends the code or goes Next."""

    AUTO_FOCUS = "#verify-choice"

    def __init__(self, pending: PendingLogin) -> None:
        super().__init__()
        self.pending = pending
        where = pending.destinations
        self.options: list[str] = ["email"] + (["sms"] if "sms" in where else []) + ["typing"]
        labels = {
            "email": f"Send verification code in an email to {where['email']}",
            "sms": f"Send verification code in a SMS Text to {where.get('sms', '')}",
            "typing": "Prompt me for personalized keyboard typing pattern"
            + ("" if pending.typing_enrolled else " (not set up yet)"),
        }
        self.choice = RadioSet(*(RadioButton(Text(labels[o]), value=i == 0) for i, o in enumerate(self.options)),
                               id="verify-choice", compact=True)
        self.status = Static("", id="verify-status", classes="field-error", markup=False)

    def compose(self) -> ComposeResult:
        yield self.portal_line("Verify your account", self.pending.user.username)
        with PortalBody(classes="portal-body"):
            with Vertical(classes="card"):
                yield Static(Text("Verify Your Account", style="bold"), classes="card-title")
                yield Static("Choose how to verify it is you. Arrows move, Enter sends the code (or Next).",
                             classes="card-text")
                yield self.choice
                yield self.status
                yield Button("Send Code / Next", id="verify-send", compact=True, variant="primary")
                if not self.pending.typing_enrolled:
                    yield Static("Your typing pattern is set up after your first login with a code.", classes="dim")
        yield Footer(compact=True)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.choice:
            self.choose()
            return True
        return False

    def choose(self) -> None:
        index = highlighted(self.choice)
        self.choice.action_toggle_button()
        self.run_worker(self.proceed(index), exclusive=True, group="portal-enter")

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "verify-send":
            await self.proceed(self.choice.pressed_index)

    async def proceed(self, index: int) -> None:
        method = self.options[index if index >= 0 else 0]
        if method == "typing":
            if not self.pending.typing_enrolled:
                self.status.update("No typing pattern yet: verify with a code this time; you set it up right after.")
                return
            from tui.portal.typing import TypingScreen

            self.app.push_screen(TypingScreen(pending=self.pending))
            return
        try:
            sent = await self.papp.run_core(portal_login.send_code, self.papp.ctx, self.pending, method)
        except PacketdeskError as exc:
            self.status.update(Text(str(exc)))
            return
        from tui.portal.code import CodeEntryScreen

        self.app.push_screen(CodeEntryScreen(sent, pending=self.pending))
