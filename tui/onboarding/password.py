"""Change Password at the first HCSC login, with the program's own rules (seed 001: at least 8 characters)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input

from core.identity import accounts
from core.kernel.errors import ValidationFailed
from core.kernel.events import Actor
from core.onboarding.access import PROGRAM
from core.packets.invitations import OpenedPacket
from tui.kit.error_line import ErrorLine
from tui.packet.change_password import ChangePasswordScreen


class OnboardingPasswordScreen(ChangePasswordScreen):
    """The generic Change Password screen; afterwards the producer lands on the onboarding Home."""

    def __init__(self, actor: Actor) -> None:
        super().__init__(OpenedPacket(0, "Producer Pro", actor.account_id, "", PROGRAM), actor)

    async def change(self) -> None:
        new = self.query_one("#new", Input).value
        confirm = self.query_one("#confirm", Input).value
        try:
            await self.papp.run_core(accounts.change_password, self.papp.ctx, self.actor, new, confirm, self.policy)
        except ValidationFailed as exc:
            self.query_one("#change-error", ErrorLine).update(Text(" ".join(exc.problems.values())))
            return
        from tui.onboarding.home import OnboardingHomeScreen

        self.notify("Password changed. Save it: you can come back to view your documents and status.")
        self.app.switch_screen(OnboardingHomeScreen())
