"""Application Details (declared in data/ifm/forms/screens.toml): status, producer, premium, payment, the PDF."""

from __future__ import annotations

from textual.binding import Binding

from core.enrollment import submit as enrollment_submit
from core.enrollment.applications import AppView
from core.kernel.files import write_private
from tui.enrollment import SCREENS
from tui.kit.record_details import RecordDetailsScreen


class ApplicationDetailsScreen(RecordDetailsScreen[AppView]):
    """One application; F6 the Application PDF, F5 resume an unsubmitted one, F9 pay a submitted one."""

    BINDINGS = [
        Binding("f9", "pay", "Make a Payment", priority=True, id="enroll-details-pay"),
        Binding("f5", "resume", "Resume", priority=True, id="enroll-details-resume"),
        Binding("f6", "pdf", "View Application PDF", priority=True, id="enroll-details-pdf"),
        Binding("escape", "back", "Back", priority=True, id="enroll-details-back"),
    ]
    DETAILS = SCREENS.details["application"]

    def note_text(self, view: AppView) -> str:
        if view.status == "failed":
            return (f"Submission failed: {view.failure_reason} Fix it with F5 Resume and submit again. "
                    "For help with failed applications, call 866-446-4353.")
        if view.status == "incomplete" and view.expires_at:
            return f"Saved, not submitted. It expires on {view.expires_at:%m/%d/%Y}."
        return ""

    def allows(self, action: str, view: AppView) -> bool:
        if action == "resume":
            return view.status != "submitted"
        if action == "pay":
            return view.status == "submitted" and view.payment_status != "Successful"
        return True

    def action_resume(self) -> None:
        from tui.enrollment.nav import WIZARD

        if self.record is not None:
            WIZARD.show_step(self.papp, self.actor, self.record, self.record.current_step - 1)

    def action_pay(self) -> None:
        from tui.enrollment import PaymentScreen

        if self.record is not None:
            self.app.push_screen(PaymentScreen(self.actor, self.record))

    async def action_pdf(self) -> None:
        from tui.kit.text_modal import TextModal

        if self.record is None:
            return
        data = await self.papp.run_core(enrollment_submit.pdf_bytes, self.papp.ctx, self.actor, self.record_id)
        path = write_private(self.papp.ctx.settings.documents_dir / "applications" / f"{self.record.record_number}.pdf",
                             data)
        self.app.push_screen(TextModal(f"Application PDF saved to {path}", enrollment_submit.document(self.record).text))
