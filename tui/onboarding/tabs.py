"""The producer's onboarding tabs (seed 001): Save per tab, F3/F4 between tabs, eSignature, Submit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Footer, Static, TabbedContent, Tabs

from core.kernel.errors import Conflict, PacketdeskError
from core.onboarding import case as onboarding
from core.packets import packets, signing, uploads
from core.packets.packets import PacketView
from tui.kit.base import AppScreen
from tui.kit.keys import SPACE_TOGGLES, toggle, toggles
from tui.onboarding.esign_flow import EsignFlow
from tui.onboarding.form_tab import FormTab
from tui.onboarding.tab_body import TabBody
from tui.onboarding.tabs_widget import OnboardingTabs, TabsData
from tui.onboarding.upload_flow import UploadFlow

if TYPE_CHECKING:
    from tui.app import PacketdeskApp

DRAFT_DELAY = 1.0


def fetch_data(app: PacketdeskApp, view: PacketView) -> TabsData:
    """The PDB report, the stored upload and the documents (run in a thread)."""
    assert app.actor is not None
    upload_field = next((f"{s.id}.{f.name}" for s in view.program.tabs for f in s.fields if f.type == "upload"), "")
    upload = uploads.current(app.ctx, app.actor, view.id, upload_field) if upload_field else None
    return TabsData(onboarding.record_for(view), upload, signing.document_states(app.ctx, view))


async def open_tabs(app: PacketdeskApp, view: PacketView, step_id: str = "", *, replace: bool = False) -> None:
    """Load what the tabs need off the event loop, then show them."""
    data = await app.run_core(fetch_data, app, view)
    screen = OnboardingTabsScreen(view, data, step_id or view.current_step)
    if replace:
        app.switch_screen(screen)
    else:
        app.push_screen(screen)


class OnboardingTabsScreen(EsignFlow, UploadFlow, AppScreen):
    """Every tab at once; leaving a tab saves it; read-only once submitted."""

    BINDINGS = [
        Binding("f2", "save", "Save", priority=True, id="onb-save", tooltip="Save this tab (partial work is kept)"),
        Binding("f3", "previous_tab", "◀ Tab", priority=True, id="onb-previous-tab", tooltip="Previous tab (saves this one)"),
        Binding("f4", "next_tab", "Tab ▶", priority=True, id="onb-next-tab", tooltip="Next tab (saves this one)"),
        Binding("ctrl+pageup", "previous_tab", show=False, priority=True, id="onb-previous-tab-alt"),
        Binding("ctrl+pagedown", "next_tab", show=False, priority=True, id="onb-next-tab-alt"),
        # The upload panel names F6 and F7 on its buttons, so the footer keeps its room for the rest.
        Binding("f6", "upload", "Upload", show=False, priority=True, id="onb-upload",
                tooltip="Upload the file whose path is typed"),
        Binding("f7", "view_file", "View file", show=False, priority=True, id="onb-view-file",
                tooltip="Save a copy of the stored file to open"),
        Binding("f8", "save_pdfs", "PDFs", priority=True, id="onb-pdfs", tooltip="Save every document as a PDF"),
        Binding("f9", "submit", "Submit", priority=True, id="onb-submit"),
        Binding("escape", "home", "Home", priority=True, id="onb-home"),
        Binding("f10", "exit", "Exit", priority=True, id="onb-exit", tooltip="Log out (asks to confirm)"),
        SPACE_TOGGLES,
    ]

    def __init__(self, view: PacketView, data: TabsData, step_id: str = "") -> None:
        super().__init__()
        self.view = view
        self.data = data
        self.initial = step_id
        self.tabs: OnboardingTabs | None = None
        self.status = Static("", id="onb-status", classes="status-line", markup=False)
        self.draft_timer: Timer | None = None
        self.leaving: str = ""

    @property
    def editable(self) -> bool:
        return self.view.status in onboarding.EDITABLE_STATUSES

    def compose(self) -> ComposeResult:
        self.tabs = OnboardingTabs(self.view, self.data, editable=self.editable, today=self.today(),
                                   width=self.app.size.width, active=self.initial)
        yield self.top_line(f"Producer Pro · {self.view.key}",
                            f"{self.view.producer_name.strip()} · {self.view.status_label}")
        yield self.tabs
        yield self.status
        yield Footer(compact=True)

    def today(self):  # type: ignore[no-untyped-def]
        return self.papp.ctx.clock.now().date()

    async def on_mount(self) -> None:
        self.refresh_summary()
        self.call_after_refresh(self.focus_tab)
        if self.editable:
            await self.restore_drafts()
        if self.view.status == "more_info":
            from core.onboarding.review import latest_note

            note = await self.papp.run_core(latest_note, self.papp.ctx, self.view.id)
            self.status.update(Text(f"More information requested: {note}"))

    async def restore_drafts(self) -> None:
        assert self.tabs is not None and self.papp.actor is not None
        for step_id, body in self.tabs.bodies.items():
            draft = await self.papp.run_core(packets.load_draft, self.papp.ctx, self.papp.actor, self.view.id, step_id)
            if draft:
                body.set_values(draft)
                body.dirty = True
                self.notify(f"{body.step.title}: restored what you had typed before.")

    # --- tabs -------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        on_upload = self.tabs is not None and isinstance(self.tabs.active_body, FormTab) and self.tabs.active_body.upload is not None
        if action == "toggle_box":
            return toggles(self.focused)
        if action in ("save", "submit"):
            return self.editable
        if action == "upload":
            return self.editable and on_upload
        if action == "view_file":
            return on_upload
        if action == "save_pdfs":
            return not self.editable
        return True

    def refresh_summary(self) -> None:
        assert self.tabs is not None
        complete = onboarding.completion(self.view, self.today(), self.data.documents)
        prefix = "" if self.editable else f"Status: {self.view.status_label} · "
        self.tabs.show_summary(complete, prefix)

    def focus_tab(self) -> None:
        if self.tabs is not None:
            first = self.tabs.active_body.first_focus()
            if first is not None:
                self.set_focus(first)

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        assert self.tabs is not None
        # No refresh_bindings here: the footer is the same on every tab (F6/F7 are named on the
        # upload panel), and each footer rebuild keeps its old keys alive in Textual 8.2.8.
        left = self.leaving
        self.leaving = self.tabs.active
        if left and left != self.tabs.active:
            self.status.update("")
            if self.editable and self.tabs.bodies[left].has_changes():
                self.run_worker(self.save(left, leaving=True), group="save")
        if self.tabs.active == "esignature":
            self.run_worker(self.refresh_documents(), group="documents")
        self.call_after_refresh(self.focus_tab)

    async def action_previous_tab(self) -> None:
        if self.tabs is not None:
            await self.papp.settle()  # keys typed just before F3 belong to the tab being left
            self.tabs.activate(self.tabs.neighbour(-1))

    async def action_next_tab(self) -> None:
        if self.tabs is not None:
            await self.papp.settle()
            self.tabs.activate(self.tabs.neighbour(1))

    def action_toggle_box(self) -> None:
        toggle(self.focused)

    # --- saving -----------------------------------------------------------------------------------
    def on_tab_body_changed(self, _event: TabBody.Changed) -> None:
        if self.draft_timer is not None:
            self.draft_timer.stop()
        self.draft_timer = self.set_timer(DRAFT_DELAY, self.save_draft_soon)

    async def save_draft_soon(self) -> None:
        actor = self.papp.actor
        if actor is None or self.tabs is None or not self.editable:
            return
        body = self.tabs.active_body
        if body.has_changes():
            await self.papp.run_core(packets.save_draft, self.papp.ctx, actor, self.view.id, body.step.id, body.values())

    def save_draft(self) -> None:
        """Idle timeout, SIGHUP or Ctrl+Q: keep the tab being typed in (from the widgets' model)."""
        actor = self.papp.actor
        if actor is None or self.tabs is None or not self.editable:
            return
        for body in self.tabs.bodies.values():
            if body.has_changes():
                packets.save_draft(self.papp.ctx, actor, self.view.id, body.step.id, body.values())

    async def action_save(self) -> None:
        if self.tabs is not None:
            await self.papp.settle()  # F2 is a priority key: typed-ahead characters must land first
            await self.save(self.tabs.active)

    async def save(self, step_id: str, *, leaving: bool = False) -> bool:
        """Save a tab; say whether it is complete, what is missing and which documents need signing again."""
        actor = self.papp.actor
        if actor is None or self.tabs is None or not self.editable:
            return True
        body = self.tabs.bodies[step_id]
        try:
            saved = await self.papp.run_core(onboarding.save_tab, self.papp.ctx, actor, self.view.id, step_id,
                                             body.values(), self.view.version)
        except Conflict as exc:
            from tui.kit.conflict import ConflictModal

            self.app.push_screen(ConflictModal(body.step, body.values(), exc), self.resolve_conflict)
            return False
        except PacketdeskError as exc:
            self.show_error(exc)
            return False
        body.dirty = False
        self.set_view(saved.view)
        body.show_problems(saved.problems)
        title = body.step.title
        if saved.problems:
            self.status.update(Text(f"{title} saved, incomplete: "
                                    + onboarding.problem_summary(body.step, saved.problems), style="red"))
            if not leaving:
                body.focus_problem(saved.problems)
        else:
            self.status.update(Text(f"{title} saved and complete.", style="green"))
        if saved.resign:
            self.notify("Sign again: " + ", ".join(saved.resign) + " (your answers changed after signing).",
                        severity="warning", timeout=10)
        if saved.resign or step_id == "esignature":
            await self.refresh_documents()
        if leaving and saved.problems:
            self.notify(f"{title} is incomplete: " + onboarding.problem_summary(body.step, saved.problems),
                        severity="warning", timeout=8)
        return True

    async def resolve_conflict(self, choice: str | None) -> None:
        actor = self.papp.actor
        if choice is None or actor is None or self.tabs is None:
            return
        latest = await self.papp.run_core(packets.load, self.papp.ctx, actor, self.view.id)
        if choice == "mine":
            self.set_view(latest)
            await self.save(self.tabs.active)
        else:
            await open_tabs(self.papp, latest, self.tabs.active, replace=True)

    def set_view(self, view: PacketView) -> None:
        self.view = view
        assert self.tabs is not None
        for body in self.tabs.bodies.values():
            body.update_view(view)
        self.refresh_summary()

    async def save_if_dirty(self) -> bool:
        if self.tabs is None or not self.editable:
            return True
        await self.papp.settle()
        for step_id, body in self.tabs.bodies.items():
            if body.has_changes() and not await self.save(step_id):
                return False
        return True

    # --- keys -------------------------------------------------------------------------------------
    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if self.tabs is None:
            return False
        body = self.tabs.active_body
        if isinstance(focused, Tabs) or focused is body:
            order = body.focusables()
            if order:
                self.set_focus(order[0])
            return True
        if self.esign_enter(focused):
            return True
        if isinstance(body, FormTab) and body.upload is not None and focused is body.upload.path:
            self.run_worker(self.action_upload(), group="upload")
            return True
        order = body.focusables()
        if focused in order:
            index = order.index(focused)  # type: ignore[arg-type]
            if index == len(order) - 1:
                self.run_worker(self.save(body.step.id), group="save")
            else:
                self.set_focus(order[index + 1])
            return True
        return False

    # --- leaving ----------------------------------------------------------------------------------
    async def action_home(self) -> None:
        if await self.save_if_dirty():
            from tui.onboarding.home import OnboardingHomeScreen

            if isinstance(self.app.screen_stack[-2], OnboardingHomeScreen):
                self.app.pop_screen()
            else:
                self.app.switch_screen(OnboardingHomeScreen())

    async def action_exit(self) -> None:
        from tui.onboarding.exit import ExitConfirmModal

        if not await self.save_if_dirty():
            return

        def done(logout: bool | None) -> None:
            if logout:
                self.papp.sign_out("Logged out of Producer Pro. Everything you saved is kept.", "exit")

        self.app.push_screen(ExitConfirmModal(), done)
