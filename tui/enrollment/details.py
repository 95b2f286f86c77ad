"""Application Details: status, producer, record number, premium, products, payment status, the PDF."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding

from core.enrollment import applications as enrollment
from core.enrollment import submit as enrollment_submit
from core.enrollment.applications import AppView
from core.enrollment.rating import money
from core.kernel.events import Actor
from core.kernel.files import write_private
from tui.kit.record_details import RecordDetailsScreen


class ApplicationDetailsScreen(RecordDetailsScreen[AppView]):
    """One application; F6 the Application PDF, F5 resume an unsubmitted one, F9 pay a submitted one."""

    CSS_PATH = "enroll.tcss"
    DEFAULT_CLASSES = "enroll-screen"
    BINDINGS = [
        Binding("f9", "pay", "Make a Payment", priority=True, id="enroll-details-pay"),
        Binding("f5", "resume", "Resume", priority=True, id="enroll-details-resume"),
        Binding("f6", "pdf", "View Application PDF", priority=True, id="enroll-details-pdf"),
        Binding("escape", "back", "Back", priority=True, id="enroll-details-back"),
    ]
    NOTE_CLASSES = "enroll-text"

    def __init__(self, actor: Actor, app_id: int) -> None:
        super().__init__(actor, "Application Details")
        self.app_id = app_id

    @property
    def view(self) -> AppView | None:
        return self.record

    async def fetch(self) -> AppView:
        return await self.papp.run_core(enrollment.load, self.papp.ctx, self.actor, self.app_id)

    def rows(self, view: AppView) -> Sequence[tuple[str, str]]:
        """The seed's two-column details."""
        products = ", ".join(p.name for p in (view.medical, view.dental) if p is not None) or "-"
        return (
            ("Application", view.record_number), ("Status", view.status_label), ("State", view.state or "-"),
            ("Producer Name", view.producer_name or "-"), ("Producer Number", view.writing_number or "-"),
            ("Date Submitted", f"{view.submitted_at:%m/%d/%Y}" if view.submitted_at else "-"),
            ("Record Number", view.record_number), ("Monthly Premium", money(view.pricing.total)),
            ("Applicant Name", view.applicant_name or "-"), ("Product Name", products),
            ("Client App ID", str(view.client_app_id)), ("Payment Status", view.payment_status or "-"),
        )

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
        from tui.enrollment.nav import show_step

        if self.view is not None:
            show_step(self.papp, self.actor, self.view, self.view.current_step - 1)

    def action_pay(self) -> None:
        from tui.enrollment.payment import PaymentScreen

        if self.view is not None:
            self.app.push_screen(PaymentScreen(self.actor, self.view))

    async def action_pdf(self) -> None:
        from tui.kit.text_modal import EnrollTextModal

        if self.view is None:
            return
        data = await self.papp.run_core(enrollment_submit.pdf_bytes, self.papp.ctx, self.actor, self.app_id)
        path = write_private(self.papp.ctx.settings.documents_dir / "applications" / f"{self.view.record_number}.pdf",
                             data)
        self.app.push_screen(EnrollTextModal(f"Application PDF saved to {path}", enrollment_submit.document(self.view).text))
