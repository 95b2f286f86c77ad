"""The first screen: an invitation code opens a producer's packet; staff sign in with F2."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Static

from core.kernel.errors import PacketdeskError
from tui.kit.base import AppScreen
from tui.kit.error_line import ErrorLine


class EntryScreen(AppScreen):
    """Welcome: type the invitation code from your email."""

    BINDINGS = [
        Binding("f2", "staff", "Staff sign in", priority=True, id="staff-sign-in"),
        Binding("f6", "mailbox", "Demo mailbox", priority=True, id="demo-mailbox",
                tooltip="Emails the demo sent (temporary passwords, invitations)"),
        Binding("f7", "portal", "Producer portal", priority=True, id="producer-portal",
                tooltip="Producer Experience Portal: producers and their delegates log in"),
        Binding("f8", "hcsc", "HCSC Producer Pro", priority=True, id="hcsc-producer-pro",
                tooltip="HCSC producer onboarding: Login Name, Password, Domain"),
        Binding("f4", "quote_enroll_demo", "Quote & Enroll (demo)", show=False, priority=True, id="quote-enroll-demo",
                tooltip="Demo only: Quote & Enroll as the demo producer, without a portal login"),
    ]
    AUTO_FOCUS = "#code"

    def compose(self) -> ComposeResult:
        yield self.top_line("Welcome")
        with Center():
            with Vertical(id="entry-box", classes="card"):
                yield Static(Text("Welcome to Packetdesk", style="bold"), classes="card-title")
                yield Static(
                    "Producers: enter the invitation code from your email "
                    "(\"Action requested regarding contracting...\").",
                    classes="card-text",
                )
                yield Input(placeholder="e.g. K7QFM2-XD9PLAZR4T", id="code", compact=True, max_length=40,
                            select_on_focus=False, classes="secret")
                yield ErrorLine(id="code-error")
                yield Button("Open packet", id="open", compact=True)
                yield Static("Staff (service center, home office): press F2 to sign in.", classes="card-text dim")
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "mailbox":
            return self.papp.demo
        return True

    def clear(self) -> None:
        """Nothing of the last person's code stays for the next one at this terminal."""
        self.query_one("#code", Input).value = ""
        self.query_one("#code-error", ErrorLine).update("")
        self.set_focus(self.query_one("#code", Input))

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if isinstance(focused, Input):
            self.run_worker(self.open_code())
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "open":
            await self.open_code()

    async def open_code(self) -> None:
        code = self.query_one("#code", Input).value
        error = self.query_one("#code-error", ErrorLine)
        if not code.strip():
            error.update("Enter the invitation code from your email.")
            return
        error.update("")
        from core.packets import invitations

        try:
            opened = await self.papp.run_core(invitations.open_code, self.papp.ctx, code)
        except PacketdeskError as exc:
            error.update(Text(str(exc)))
            return
        from tui.packet.welcome import ProducerWelcomeScreen

        self.papp.open_program("packet", lambda: ProducerWelcomeScreen(opened=opened))

    def action_portal(self) -> None:
        from tui.portal.login import PortalLoginScreen

        self.papp.open_program("portal", PortalLoginScreen)

    def action_staff(self) -> None:
        from tui.desk.login import StaffLoginScreen

        self.papp.open_program("desk", StaffLoginScreen)

    def action_hcsc(self) -> None:
        from tui.packet.account_login import AccountLoginScreen

        self.papp.open_program("onboarding", lambda: AccountLoginScreen("hcsc_onboarding"))

    def action_mailbox(self) -> None:
        from tui.desk.outbox import OutboxScreen

        self.app.push_screen(OutboxScreen(title="Demo mailbox", demo=True))

    async def action_quote_enroll_demo(self) -> None:
        from core.demo import demo_actor
        from tui.enrollment import QuoteEnrollScreen

        actor = await self.papp.run_core(demo_actor, self.papp.ctx) if self.papp.demo else None
        if actor is not None:
            self.papp.open_program("enrollment", lambda: QuoteEnrollScreen(actor, "demo producer (no portal login)"))
