"""The eSignature part of the producer's tabs screen: consent, each document in turn, Finish, Submit, PDFs."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from core.kernel.errors import PacketdeskError, ValidationFailed
from core.onboarding import case as onboarding
from core.packets import documents_out, packets, signing
from core.packets.packets import PacketView
from tui.onboarding.esign import EsignTab
from tui.packet.documents_step import consent_code

if TYPE_CHECKING:
    from tui.app import PacketdeskApp
    from tui.onboarding.tabs_widget import OnboardingTabs, TabsData


class EsignFlow:
    """Mixed into the tabs screen, which provides the attributes declared here."""

    view: PacketView
    data: TabsData
    tabs: OnboardingTabs | None
    status: Static
    papp: PacketdeskApp
    app: Any

    if TYPE_CHECKING:  # provided by the screen and by Textual

        @property
        def editable(self) -> bool: ...
        def set_view(self, view: PacketView) -> None: ...
        async def save_if_dirty(self) -> bool: ...
        def refresh_summary(self) -> None: ...
        notify: Any
        show_error: Any
        run_worker: Any

    @property
    def esign(self) -> EsignTab | None:
        body = self.tabs.bodies.get("esignature") if self.tabs else None
        return body if isinstance(body, EsignTab) else None

    async def refresh_documents(self) -> None:
        """Render the documents again: a changed answer may have voided a signature."""
        self.data.documents = await self.papp.run_core(signing.document_states, self.papp.ctx, self.view)
        if self.esign is not None:
            self.esign.show_states(self.data.documents)
        self.refresh_summary()

    def esign_enter(self, focused: Widget | None) -> bool:
        tab = self.esign
        if tab is None:
            return False
        if focused is tab.table:
            self.run_worker(self.open_document(tab.selected_document()), group="documents")
            return True
        if focused is tab.code:
            self.run_worker(self.agree(), group="documents")
            return True
        return False

    def on_esign_tab_requested(self, event: EsignTab.Requested) -> None:
        work = {"agree": self.agree, "next": self.open_next, "finish": self.finish}[event.action]
        self.run_worker(work(), group="documents")

    async def agree(self) -> None:
        tab, actor = self.esign, self.papp.actor
        if tab is None or actor is None:
            return
        if tab.code.value.strip().upper() != consent_code(tab.consent_text):
            tab.consent_error.update("Type the confirmation code shown above to agree.")
            return
        if not await self.save_if_dirty():
            return
        try:
            view = await self.papp.run_core(onboarding.give_consent, self.papp.ctx, actor, self.view.id)
        except ValidationFailed as exc:
            tabs = sorted({name.partition(".")[0] for name in exc.problems})
            titles = [self.view.program.step(t).title for t in tabs]
            tab.consent_error.update("Complete these tabs first, then agree: " + ", ".join(titles) + ".")
            return
        except PacketdeskError as exc:
            tab.consent_error.update(str(exc))
            return
        tab.consent_error.update("")
        self.set_view(view)
        await self.refresh_documents()
        await self.open_next()

    async def open_next(self) -> None:
        tab = self.esign
        if tab is None:
            return
        if not tab.consented:
            tab.consent_error.update("Consent to electronic records and signatures (I Agree) before opening documents.")
            return
        pending = next((s for s in self.data.documents if not s.done), None)
        if pending is None:
            await self.finish()
            return
        await self.open_document(pending.spec.id)

    async def open_document(self, document_id: str) -> None:
        from tui.packet.document import DocumentScreen

        tab = self.esign
        state = next((s for s in self.data.documents if s.spec.id == document_id), None)
        if tab is None or state is None:
            return
        if self.editable and not tab.consented:
            tab.consent_error.update("Consent to electronic records and signatures (I Agree) before opening documents.")
            return

        async def after(_result: object) -> None:
            self.set_view(await self.papp.run_core(packets.load, self.papp.ctx, self.papp.actor, self.view.id))
            await self.refresh_documents()
            now_done = any(s.spec.id == document_id and s.done for s in self.data.documents)
            if self.editable and now_done:
                await self.open_next()  # Sign moves on to the next document (seed 001)

        self.app.push_screen(DocumentScreen(self.view, state, view_only=not self.editable), after)

    async def finish(self) -> None:
        """Finish: every document signed or reviewed? Then Submit is next."""
        tab = self.esign
        if tab is None:
            return
        todo = [s.spec.title for s in self.data.documents if not s.done]
        if todo:
            tab.missing.update("Still to sign or review: " + ", ".join(todo) + ".")
            return
        tab.missing.update("")
        self.status.update(Text("All documents are signed and reviewed. Press F9 to Submit.", style="green"))

    async def action_submit(self) -> None:
        from tui.onboarding.missing import MissingModal
        from tui.onboarding.tabs import open_tabs

        actor = self.papp.actor
        if actor is None or not self.editable or not await self.save_if_dirty():
            return
        try:
            view = await self.papp.run_core(onboarding.submit, self.papp.ctx, actor, self.view.id)
        except onboarding.Incomplete as exc:
            self.app.push_screen(MissingModal("Not ready to submit: still missing", exc.missing))
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.notify("Submitted. Your status is now HCSC Review; a confirmation email was sent.", timeout=10)
        await open_tabs(self.papp, view, "esignature", replace=True)

    async def action_save_pdfs(self) -> None:
        actor = self.papp.actor
        if actor is None:
            return
        paths: list[Path] = await self.papp.run_core(documents_out.save_pdfs, self.papp.ctx, actor, self.view.id)
        folder = paths[0].parent if paths else ""
        self.status.update(Text(f"Saved {len(paths)} PDF file{'s' if len(paths) != 1 else ''} to {folder}", style="green"))
