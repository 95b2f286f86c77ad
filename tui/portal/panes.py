"""Panes both portal home pages show: Home (with its help and resources) and My Information."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from core.kernel.errors import PacketdeskError
from core.portal import access as portal_access
from core.portal import devices as portal_devices
from core.portal import typing_pattern
from core.portal.policy import policy

if TYPE_CHECKING:
    from tui.kit.host import HostApp

ON_EXCHANGE = (
    "On-Exchange Enrollment does not open for delegates: delegate users cannot sign on (single sign-on or "
    "directly) to Agent Assisted On-Exchange Enrollment in IFM Shop and Enroll, so on-exchange (ACA) quoting "
    "and enrollment is not available to you there. You can quote on-exchange plans with Quote & Enroll here."
)
MEDICARE = (
    "Medicare Quoting & Enrolling does not open for delegates: delegate users cannot single sign-on into the "
    "Medicare Quoting & Enrollment system. The carrier plans it as a future capability."
)
QUOTE_LATER = "Quote & Enroll arrives with the enrollment feature; it is not built in Packetdesk yet."


def open_quote_enroll(app: HostApp, title: str) -> bool:
    """Open Quote & Enroll for the signed-in user; False while the enrollment feature is not installed."""
    # The enrollment feature is built alongside this one; until it ships, say so instead of failing.
    if app.actor is None or importlib.util.find_spec("tui.enrollment") is None:
        return False
    from tui.enrollment import QuoteEnrollScreen

    app.push_screen(QuoteEnrollScreen(app.actor, title))
    return True


class HomePane(Vertical):
    """Welcome, Need help?, and the resources a producer or a delegate may open."""

    def __init__(self, role: str) -> None:
        super().__init__(id="home-pane")
        self.role = role
        self.notice = Static("", id="home-notice", classes="portal-notice")

    def compose(self) -> ComposeResult:
        pol = policy()
        support = pol.support
        yield Static(Text(f"Welcome to {pol.title}", style="bold"))
        yield Static("Access key workflows and features to support your IFM and Medicare clients.", classes="dim")
        yield Static(Text(f"Need help? Email {support['email']} · Call {support['phone']} ({support['hours']})"),
                     classes="portal-help")
        yield Static(Text("Individual & Family ACA Resources", style="bold"))
        with Horizontal(classes="portal-buttons"):
            yield Button("Off-Exchange Quote & Enroll", id="res-off-exchange", compact=True)
            yield Button("On-Exchange Enrollment", id="res-on-exchange", compact=True)
        yield Static(Text("Medicare Resources", style="bold"))
        with Horizontal(classes="portal-buttons"):
            yield Button("Quoting & Enrolling", id="res-medicare", compact=True)
        yield self.notice

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        app = cast("HostApp", self.app)
        if event.button.id == "res-off-exchange" and open_quote_enroll(app, "Off-Exchange Quote & Enroll"):
            self.notice.update("")
            return
        delegate = self.role == "delegate"
        words = {
            "res-off-exchange": QUOTE_LATER,
            "res-on-exchange": ON_EXCHANGE if delegate else "On-Exchange Enrollment (IFM Shop and Enroll) is a "
            "separate carrier site; Packetdesk does not connect to it yet.",
            "res-medicare": MEDICARE if delegate else "Medicare Quoting & Enrolling is a separate carrier system; "
            "Packetdesk does not connect to it yet.",
        }
        self.notice.update(Text(words.get(event.button.id or "", "")))

    def first(self) -> Button:
        return self.query_one("#res-off-exchange", Button)


class InfoPane(Vertical):
    """My Information: who is signed in, and the remembered devices and typing pattern they have."""

    def __init__(self) -> None:
        super().__init__(id="info-pane")
        self.details = Static("", id="info-details")
        self.forget = Button("Forget remembered devices", id="info-forget", compact=True)

    def compose(self) -> ComposeResult:
        yield self.details
        yield self.forget

    @property
    def papp(self) -> HostApp:
        return cast("HostApp", self.app)

    async def load(self) -> None:
        app = self.papp
        if app.actor is None:
            return
        try:
            info = await app.run_core(portal_access.my_information, app.ctx, app.actor)
            devices = await app.run_core(portal_devices.count_open, app.ctx, app.actor.account_id)
            enrolled = await app.run_core(typing_pattern.is_enrolled, app.ctx, app.actor.account_id)
        except PacketdeskError as exc:
            self.details.update(Text(str(exc)))
            return
        text = Text()
        for label, value in (
            ("Name", info.name), ("Username", info.username), ("Role", info.role.capitalize()),
            ("Email", info.email + ("" if info.email_verified else " (not confirmed)")),
            ("Mobile", info.mobile or "—"), ("Remembered devices", str(devices)),
            ("Typing pattern", "set up" if enrolled else "not set up"),
        ):
            text.append(f"{label:<20}", style="dim")
            text.append(value + "\n")
        self.details.update(text)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "info-forget":
            return
        event.stop()
        app = self.papp
        if app.actor is None:
            return
        count = await app.run_core(portal_devices.revoke_all, app.ctx, app.actor.account_id, "forgotten by the user",
                                   app.actor)
        info = await app.run_core(portal_access.my_information, app.ctx, app.actor)
        portal_devices.forget_token(app.ctx, info.username)
        app.notify(f"{count} remembered device(s) forgotten; the next login asks to verify again.", timeout=6)
        await self.load()
