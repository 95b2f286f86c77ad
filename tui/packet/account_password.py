"""Change Password at the first login with an account, with the program's own password rules."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Input

from core.identity import accounts
from core.kernel.errors import ValidationFailed
from core.kernel.events import Actor
from core.packets.invitations import OpenedPacket
from core.packets.program import program
from tui.kit.error_line import ErrorLine
from tui.packet.change_password import ChangePasswordScreen


class AccountPasswordScreen(ChangePasswordScreen):
    """The Change Password screen of invitation codes; afterwards the producer lands on their Home."""

    def __init__(self, program_id: str, actor: Actor) -> None:
        prog = program(program_id)
        super().__init__(OpenedPacket(0, str(prog.settings.get("portal_name", prog.title)), actor.account_id, "",
                                      program_id), actor)

    async def change(self) -> None:
        new = self.query_one("#new", Input).value
        confirm = self.query_one("#confirm", Input).value
        try:
            await self.papp.run_core(accounts.change_password, self.papp.ctx, self.actor, new, confirm, self.policy)
        except ValidationFailed as exc:
            self.query_one("#change-error", ErrorLine).update(Text(" ".join(exc.problems.values())))
            return
        from tui.packet.account_home import AccountHomeScreen

        prog = program(self.opened.program_id)
        self.notify(prog.access.get("password_changed", "Password changed."))
        self.app.switch_screen(AccountHomeScreen(prog.id))
