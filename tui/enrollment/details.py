"""Application Details: status, producer, record number, premium, products, payment status, the PDF."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from core.enrollment import applications as enrollment
from core.enrollment import submit as enrollment_submit
from core.enrollment.applications import AppView
from core.enrollment.rating import money
from core.kernel.events import Actor
from core.kernel.files import write_private
from tui.kit.base import AppScreen


class ApplicationDetailsScreen(AppScreen):
    """One application; F6 the Application PDF, F5 resume an unsubmitted one, F4 pay a submitted one."""

    CSS_PATH = "enroll.tcss"
    DEFAULT_CLASSES = "enroll-screen"
    BINDINGS = [
        Binding("f4", "pay", "Make a Payment", priority=True, id="enroll-details-pay"),
        Binding("f5", "resume", "Resume", priority=True, id="enroll-details-resume"),
        Binding("f6", "pdf", "View Application PDF", priority=True, id="enroll-details-pdf"),
        Binding("escape", "back", "Back", priority=True, id="enroll-details-back"),
    ]

    def __init__(self, actor: Actor, app_id: int) -> None:
        super().__init__()
        self.actor = actor
        self.app_id = app_id
        self.view: AppView | None = None
        self.grid = Static("Loading…", id="details-grid")
        self.note = Static("", classes="enroll-text")

    def compose(self) -> ComposeResult:
        yield self.top_line("Application Details")
        with VerticalScroll(classes="body"):
            yield self.grid
            yield self.note
        yield Footer(compact=True)

    async def on_screen_resume(self) -> None:
        if not self.signed_out():
            await self.reload()

    async def reload(self) -> None:
        self.view = await self.papp.run_core(enrollment.load, self.papp.ctx, self.actor, self.app_id)
        self.grid.update(details_table(self.view))
        note = ""
        if self.view.status == "failed":
            note = (f"Submission failed: {self.view.failure_reason} Fix it with F5 Resume and submit again. "
                    "For help with failed applications, call 866-446-4353.")
        elif self.view.status == "incomplete":
            note = f"Saved, not submitted. It expires on {self.view.expires_at:%m/%d/%Y}." if self.view.expires_at else ""
        self.note.update(Text(note))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.view is None:
            return action == "back"
        if action == "resume":
            return self.view.status != "submitted"
        if action == "pay":
            return self.view.status == "submitted" and self.view.payment_status != "Successful"
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
        text = enrollment_submit.document(self.view).text.replace("\n\n", "\n\n")
        self.app.push_screen(EnrollTextModal(f"Application PDF saved to {path}", text))

    def action_back(self) -> None:
        self.app.pop_screen()


def details_table(view: AppView) -> Table:
    """The seed's two-column details, values as plain text (never markup)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    products = ", ".join(p.name for p in (view.medical, view.dental) if p is not None) or "-"
    rows = (
        ("Application", view.record_number), ("Status", view.status_label), ("State", view.state or "-"),
        ("Producer Name", view.producer_name or "-"), ("Producer Number", view.writing_number or "-"),
        ("Date Submitted", f"{view.submitted_at:%m/%d/%Y}" if view.submitted_at else "-"),
        ("Record Number", view.record_number), ("Monthly Premium", money(view.pricing.total)),
        ("Applicant Name", view.applicant_name or "-"), ("Product Name", products),
        ("Client App ID", str(view.client_app_id)), ("Payment Status", view.payment_status or "-"),
    )
    for label, value in rows:
        table.add_row(label, Text(value))
    return table
