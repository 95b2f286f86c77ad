"""Change Password at the first HCSC login, with the program's own rules (seed 001: at least 8 characters)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input

from core.errors import ValidationFailed
from core.services import accounts
from core.services.events import Actor
from core.services.invitations import OpenedPacket
from core.services.onboarding_invite import PROGRAM
from tui.screens.change_password import ChangePasswordScreen
from tui.widgets.error_line import ErrorLine


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
        from tui.screens.onboarding_home import OnboardingHomeScreen

        self.notify("Password changed. Save it: you can come back to view your documents and status.")
        self.app.switch_screen(OnboardingHomeScreen())
