"""A reviewer's read-only view of an onboarding packet: every tab, the upload, the PDFs, reveals, decisions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Footer, Static, TabbedContent

from core.kernel.errors import PacketdeskError
from core.onboarding import case as onboarding
from core.onboarding import review
from core.packets import documents_out, uploads
from core.packets.packets import PacketView
from tui.kit.base import AppScreen
from tui.kit.step_form import StepForm
from tui.onboarding.decision import Decision, DecisionModal
from tui.onboarding.esign import EsignTab
from tui.onboarding.form_tab import FormTab
from tui.onboarding.tabs_widget import OnboardingTabs, TabsData

if TYPE_CHECKING:
    from tui.app import PacketdeskApp


async def open_review(app: PacketdeskApp, packet_id: int) -> None:
    """Open a packet for review (the opening is recorded) with what its tabs need."""
    assert app.actor is not None
    view = await app.run_core(review.open_packet, app.ctx, app.actor, packet_id)
    from tui.onboarding.tabs import fetch_data

    data = await app.run_core(fetch_data, app, view)
    app.push_screen(OnboardingReviewScreen(view, data))


class OnboardingReviewScreen(AppScreen):
    """Masked values stay masked until F2 reveals those of the tab shown; each reveal goes in the history."""

    BINDINGS = [
        Binding("f2", "reveal", "Reveal", priority=True, id="rev-reveal", tooltip="Show this tab's masked values (recorded)"),
        Binding("f3", "previous_tab", "◀ Tab", priority=True, id="rev-previous-tab"),
        Binding("f4", "next_tab", "Tab ▶", priority=True, id="rev-next-tab"),
        Binding("f5", "save_pdfs", "PDFs", priority=True, id="rev-pdfs", tooltip="Save every document as a PDF"),
        Binding("f7", "view_file", "View file", show=False, priority=True, id="rev-view-file"),
        Binding("f8", "history", "History", priority=True, id="rev-history"),
        Binding("f9", "decide", "Decide", priority=True, id="rev-decide",
                tooltip="Approve, request more information, reject or mark in error"),
        Binding("escape", "back", "Back", priority=True, id="rev-back"),
    ]

    def __init__(self, view: PacketView, data: TabsData) -> None:
        super().__init__()
        self.view = view
        self.data = data
        self.tabs: OnboardingTabs | None = None
        self.status = Static("", id="review-status", classes="status-line", markup=False)

    def compose(self) -> ComposeResult:
        self.tabs = OnboardingTabs(self.view, self.data, editable=False, today=self.papp.ctx.clock.now().date(),
                                   width=self.app.size.width, identity=True)
        yield self.top_line(f"Review · {self.view.key}", f"{self.view.producer_name.strip()} · {self.view.status_label}")
        yield self.tabs
        yield self.status
        yield Footer(compact=True)

    def on_mount(self) -> None:
        assert self.tabs is not None
        complete = onboarding.completion(self.view, self.papp.ctx.clock.now().date(), self.data.documents)
        self.tabs.show_summary(complete, f"Status: {self.view.status_label} · ")
        self.call_after_refresh(self.focus_tab)

    def focus_tab(self) -> None:
        if self.tabs is not None:
            first = self.tabs.active_body.focusables()
            self.set_focus(first[0] if first else self.tabs.active_body)

    def on_tabbed_content_tab_activated(self, _event: TabbedContent.TabActivated) -> None:
        self.call_after_refresh(self.focus_tab)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        body = self.tabs.active_body if self.tabs else None
        if action == "view_file":
            return isinstance(body, FormTab) and body.upload is not None
        if action == "decide":
            return self.view.status in ("hcsc_review", "more_info", "in_error")
        return True

    def action_previous_tab(self) -> None:
        if self.tabs is not None:
            self.tabs.activate(self.tabs.neighbour(-1))

    def action_next_tab(self) -> None:
        if self.tabs is not None:
            self.tabs.activate(self.tabs.neighbour(1))

    def _masked_rows(self) -> list[tuple[str, StepForm]]:
        body = self.tabs.active_body if self.tabs else None
        forms = [f for f in (getattr(body, "extra", None), getattr(body, "form", None)) if isinstance(f, StepForm)]
        return [(f"{form.step.id}.{name}", form) for form in forms for name, row in form.rows.items()
                if row.spec.pii and form.values.get(name)]

    async def action_reveal(self) -> None:
        actor = self.papp.actor
        masked = self._masked_rows()
        if actor is None or not masked:
            self.status.update("Nothing is masked on this tab.")
            return
        for qualified, form in masked:
            value = await self.papp.run_core(review.reveal, self.papp.ctx, actor, self.view.id, qualified)
            row = form.rows[qualified.partition(".")[2]]
            row.query_one(".field-value", Static).update(Text(value))
        self.status.update(Text(f"Revealed {len(masked)} value{'s' if len(masked) != 1 else ''}; "
                                "each reveal is recorded in the history.", style="yellow"))

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        body = self.tabs.active_body if self.tabs else None
        if isinstance(body, EsignTab) and focused is body.table and body.states:
            from tui.packet.document import DocumentScreen

            state = next(s for s in body.states if s.spec.id == body.selected_document())
            self.app.push_screen(DocumentScreen(self.view, state, view_only=True))
            return True
        return False

    async def action_save_pdfs(self) -> None:
        actor = self.papp.actor
        if actor is None:
            return
        paths: list[Path] = await self.papp.run_core(documents_out.save_pdfs, self.papp.ctx, actor, self.view.id)
        folder = paths[0].parent if paths else ""
        self.status.update(Text(f"Saved {len(paths)} PDF file{'s' if len(paths) != 1 else ''} to {folder}", style="green"))

    async def action_view_file(self) -> None:
        body = self.tabs.active_body if self.tabs else None
        actor = self.papp.actor
        if not isinstance(body, FormTab) or body.upload is None or actor is None:
            return
        try:
            path = await self.papp.run_core(uploads.export, self.papp.ctx, actor, self.view.id, body.upload.qualified)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        body.upload.show_saved(f"A copy was saved to {path} (the view is recorded in the history).")

    def action_history(self) -> None:
        from tui.desk.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.view.id, f"History · {self.view.key}"))

    def action_decide(self) -> None:
        self.app.push_screen(DecisionModal(self.view.key, self.view.producer_name.strip()), self.carry_out)

    async def carry_out(self, decision: Decision | None) -> None:
        actor = self.papp.actor
        if decision is None or actor is None:
            return
        try:
            if decision.action == "approve":
                number = await self.papp.run_core(review.approve, self.papp.ctx, actor, self.view.id)
                message = f"Approved {self.view.key}: producer identification number {number}; Welcome Letter sent."
            else:
                await self.papp.run_core(review.decide, self.papp.ctx, actor, self.view.id, decision.action, decision.note)
                label = self.view.program.statuses[review.DECISIONS[decision.action][0]]
                message = f"{self.view.key}: {label}. The producer was emailed your note."
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.app.notify(message, markup=False, timeout=10)
        self.app.pop_screen()

    def action_back(self) -> None:
        self.app.pop_screen()
