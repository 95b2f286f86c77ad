"""Step 6: authorized representative, parent or guardian (child-only under 18), Texas disclosure, Pay Now / Later."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from core.enrollment import applications
from core.kernel.errors import PacketdeskError, ValidationFailed
from core.packets import progress
from tui.kit.declared_step import DeclaredStep


class SignStep(DeclaredStep):
    """Signatures and Payment; F8 is Submit Application."""

    def compose_body(self) -> ComposeResult:
        yield from super().compose_body()
        yield Static(Text("Pay Now opens the payment screen once the application is submitted; "
                          "Pay Later: the applicant receives a bill in the mail.", style="dim"))

    async def submit(self) -> None:
        """Save this step checked, then Submit Application through the gateway."""
        view = await self.save(validate=True, go_to=6)
        if view is None:
            return
        try:
            outcome = await self.papp.run_core(progress.submit_outcome, self.papp.ctx, self.actor, view.id, view.version)
        except ValidationFailed as exc:
            self.show_problems(exc.problems)
            self.status.update(Text("Earlier steps need attention (listed above); use F7 Previous.", style="red"))
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.view = await self.papp.run_core(applications.load, self.papp.ctx, self.actor, view.id)
        if not outcome.accepted:
            from tui.kit.text_modal import TextModal

            def chosen(to_failed: bool | None) -> None:
                if to_failed:
                    self.to_list("failed")

            self.app.push_screen(TextModal(
                "Submission Failed", "\n\n".join(outcome.reasons) + "\n\nFor help with failed applications, call "
                "866-446-4353.", agree="Proceed to Failed Applications", close="Return to Application"), chosen)
            return
        from tui.enrollment import ApplicationDetailsScreen, PaymentScreen

        self.program.leave(self.papp)
        # Resumed from this application's details: those show it (they reload on resume), not a second copy.
        below = self.app.screen
        if not (isinstance(below, ApplicationDetailsScreen) and below.record_id == self.view.id):
            self.app.push_screen(ApplicationDetailsScreen(self.actor, self.view.id))
        if self.view.payment_choice == "Pay Now":
            self.app.push_screen(PaymentScreen(self.actor, self.view))

    def to_list(self, status: str) -> None:
        from tui.enrollment.nav import to_applications

        to_applications(self.papp, self.actor, status)
