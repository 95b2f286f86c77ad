"""A program with navigation = "tabs": every tab at once; leaving a tab saves it; F9 submits.

Save (F2) and leaving a tab keep partial work and say what is still missing; the line above the
tabs says which are complete. Read-only once submitted (F8 then saves the documents as PDFs).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Footer, Static, TabbedContent, TabPane, Tabs

from core.kernel.errors import PacketdeskError
from core.packets import packets, progress, signing
from tui.kit.upload import UploadPanel
from tui.packet.bodies.base import StepBody
from tui.packet.bodies.documents import DocumentsBody
from tui.packet.bodies.form import FormBody
from tui.packet.bodies.registry import body_for
from tui.packet.program_screen import ProgramScreen

if TYPE_CHECKING:
    from core.kernel.events import Actor
    from core.packets.packets import PacketView
    from tui.kit.host import HostApp

WIDE = 114
"""Columns from which the tab strip fits the full titles instead of the short ones."""


class StableTabbedContent(TabbedContent):
    """TabbedContent whose active tab changes only through its tabs (F3/F4, clicks), never by focus.

    Textual also activates the pane of a newly focused widget; that message can arrive after a
    second F4 typed ahead and would switch back. Only the visible pane's widgets can take focus
    here, so nothing is lost by ignoring it.
    """

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        event.prevent_default()
        event.stop()


def pane_id(step_id: str) -> str:
    return f"tab-{step_id}"


class TabsScreen(ProgramScreen):
    """Every tab's body in one TabbedContent, with a line saying which tabs are complete."""

    BINDINGS = [
        Binding("f2", "save", "Save", priority=True, id="tabs-save", tooltip="Save this tab (partial work is kept)"),
        Binding("f3", "previous_tab", "◀ Tab", priority=True, id="tabs-previous", tooltip="Previous tab (saves this one)"),
        Binding("f4", "next_tab", "Tab ▶", priority=True, id="tabs-next", tooltip="Next tab (saves this one)"),
        Binding("ctrl+pageup", "previous_tab", show=False, priority=True, id="tabs-previous-alt"),
        Binding("ctrl+pagedown", "next_tab", show=False, priority=True, id="tabs-next-alt"),
        # The upload panel names F6 and F5 on its buttons, so the footer keeps its room for the rest.
        Binding("f6", "upload", "Upload", show=False, priority=True, id="tabs-upload",
                tooltip="Upload the file whose path is typed"),
        Binding("f5", "view_file", "View file", show=False, priority=True, id="tabs-view-file",
                tooltip="Save a copy of the stored file to open"),
        Binding("f8", "save_pdfs", "PDFs", priority=True, id="tabs-pdfs", tooltip="Save every document as a PDF"),
        Binding("f9", "submit", "Submit", priority=True, id="tabs-submit"),
        Binding("escape", "home", "Home", priority=True, id="tabs-home"),
        Binding("f10", "exit", "Exit", priority=True, id="tabs-exit", tooltip="Log out (asks to confirm)"),
        Binding("ctrl+g", "jump", "Go to field", show=False, priority=True, id="tabs-jump-to-field",
                tooltip="Type part of a label to jump to that field on this tab"),
    ]

    def __init__(self, view: PacketView, step_id: str = "", *, acting: Actor | None = None,
                 home_below: bool = False) -> None:
        super().__init__(view, acting=acting, home_below=home_below)
        self.steps = view.program.tabs
        first = step_id if step_id in {s.id for s in self.steps} else self.steps[0].id
        self.tabbed = StableTabbedContent(id="program-tabs", initial=pane_id(first))
        self.summary = Static("", id="tabs-summary", markup=False)
        self.leaving = ""
        self.documents: list[signing.DocumentState] = []

    def make_bodies(self) -> None:
        for step in self.steps:
            if step.body or step.kind != "form":
                self.bodies[step.id] = body_for(self, step, tabbed=True)
            else:
                self.bodies[step.id] = FormBody(self, step, tabbed=True)

    def compose(self) -> ComposeResult:
        self.make_bodies()
        wide = self.app.size.width >= WIDE
        yield self.top_line(*self.top_title())
        yield self.summary
        with self.tabbed:
            for step in self.steps:
                with TabPane(step.title if wide else step.short_title or step.title, id=pane_id(step.id)):
                    yield self.bodies[step.id]
        yield self.status
        yield Footer(compact=True)

    def top_title(self) -> tuple[str, str]:
        prog = self.view.program
        return (f"{prog.settings.get('portal_name', prog.title)} · {self.view.key}",
                f"{self.view.producer_name.strip()} · {self.view.status_label}")

    async def on_mount(self) -> None:
        self.start_saving()
        self.leaving = self.active
        await self.show_uploads()
        self.call_after_refresh(self.focus_tab)
        await self.restore_drafts()
        await self.offer_profile()
        await self.active_body.on_shown()
        self.after_view_change()
        note = await self.papp.run_core(latest_request, self.papp, self.view)
        if note:
            self.status.update(Text(note))

    async def show_uploads(self) -> None:
        """The stored file of each upload field (loaded off the event loop)."""
        from core.packets import uploads

        actor = self.actor
        panels = [p for b in self.bodies.values() if isinstance(b, FormBody) for p in b.panels]
        if actor is None or not panels:
            return
        for panel in panels:
            panel.show_info(await self.papp.run_core(uploads.current, self.papp.ctx, actor, self.view.id, panel.qualified))

    # --- tabs --------------------------------------------------------------------------------
    @property
    def active(self) -> str:
        return (self.tabbed.active or pane_id(self.steps[0].id)).removeprefix("tab-")

    def action_jump(self) -> None:
        from tui.kit.jump_to_field import jump_in

        jump_in(self, getattr(self.active_body, "form", None))

    @property
    def active_body(self) -> StepBody:
        return self.bodies[self.active]

    def activate(self, step_id: str) -> None:
        self.tabbed.active = pane_id(step_id)

    async def go_to_page(self, step_id: str) -> None:
        if step_id in self.bodies:
            self.activate(step_id)

    def neighbour(self, offset: int) -> str:
        ids = [s.id for s in self.steps]
        return ids[(ids.index(self.active) + offset) % len(ids)]

    def after_view_change(self) -> None:
        """Mark complete tabs (✓ in the line, and their tab label styled) and name the ones still to do."""
        documents = next((b.states for b in self.bodies.values() if isinstance(b, DocumentsBody)), [])
        complete = progress.completion(self.view, self.today, documents)
        done = [s for s in self.steps if complete.get(s.id, True)]
        todo = [s.short_title or s.title for s in self.steps if not complete.get(s.id, True)]
        for step in self.steps:
            self.tabbed.get_tab(pane_id(step.id)).set_class(bool(complete.get(step.id, True)), "-complete")
        text = Text(f"Status: {self.view.status_label} · ", style="bold") if not self.editable else Text()
        text.append(f"Complete {len(done)} of {len(self.steps)}", style="green" if not todo else "")
        text.append(" · still to do: " + ", ".join(todo) if todo else " ✓")
        self.summary.update(text)

    def focus_tab(self) -> None:
        body = self.active_body
        if self.focused is not None and body in self.focused.ancestors_with_self:
            return  # already typing in this tab (F4 focused it at once)
        first = body.first_focus()
        if first is not None:
            self.set_focus(first)

    def on_tabbed_content_tab_activated(self, _event: TabbedContent.TabActivated) -> None:
        # No refresh_bindings here: the footer is the same on every tab, and each footer rebuild
        # keeps its old keys alive in Textual 8.2.8.
        left, self.leaving = self.leaving, self.active
        if left and left != self.active:
            self.status.update("")
            body = self.bodies[left]
            if self.editable and body.values() and body.has_changes():
                self.run_worker(self.save_tab(left, leaving=True), group="save")
        body = self.active_body
        # Once the frame showing the tab is drawn: what a body loads when shown (the documents'
        # states, rendered on a thread) would otherwise compete with drawing it.
        self.call_after_refresh(lambda: self.run_worker(body.on_shown(), group="shown"))
        if self.focused is None or body not in self.focused.ancestors_with_self:
            self.call_after_refresh(self.focus_tab)  # a click on the tab strip: nobody typed into the tab yet

    async def action_previous_tab(self) -> None:
        self.switch_to(self.neighbour(-1))

    async def action_next_tab(self) -> None:
        self.switch_to(self.neighbour(1))

    def switch_to(self, step_id: str) -> None:
        """Show a tab and give its first field the focus at once: keys typed right after F4 land there."""
        self.activate(step_id)
        first = self.bodies[step_id].first_focus()
        if first is not None:
            self.set_focus(first, scroll_visible=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The footer asks before the bodies exist (first idle after the screen is pushed).
        body = self.bodies.get(self.active)
        panels = body.panels if isinstance(body, FormBody) else []
        if action in ("save", "submit"):
            return self.editable
        if action == "upload":
            return self.editable and bool(panels)
        if action == "view_file":
            return bool(panels)
        if action == "save_pdfs":
            return not self.editable
        return True

    # --- saving ------------------------------------------------------------------------------
    async def action_save(self) -> None:
        await self.save_tab(self.active)

    async def save_tab(self, step_id: str, *, leaving: bool = False) -> bool:
        """Save a tab; say whether it is complete, what is missing and which documents need signing again."""
        body = self.bodies[step_id]
        outcome = await self.save_step(body.step, complete=False)
        if outcome is None or not outcome.ok or outcome.saved is None:
            return False
        problems = outcome.saved.problems
        title = body.step.title
        if problems:
            self.say(f"{title} saved, incomplete: " + progress.problem_summary(body.step, problems), "red")
            if not leaving:
                body.focus_problem(problems)
            else:
                self.notify(f"{title} is incomplete: " + progress.problem_summary(body.step, problems),
                            severity="warning", timeout=8)
        else:
            self.say(f"{title} saved and complete.", "green")
        if outcome.saved.resign or body.step.kind == "documents":
            for documents in self.bodies.values():
                if isinstance(documents, DocumentsBody):
                    await documents.refresh_documents()
        return True

    # --- keys --------------------------------------------------------------------------------
    def on_enter_pressed(self, focused: Widget | None) -> bool:
        body = self.active_body
        if isinstance(focused, Tabs) or focused is body:
            order = body.focusables()
            if order:
                self.set_focus(order[0])
            return True
        if body.on_enter(focused):
            return True
        if isinstance(body, FormBody) and body.panels and focused is body.panels[0].path:
            self.run_worker(self.upload(body.panels[0]), group="upload")
            return True
        order = [w for w in body.focusables() if w is focused or not body.passed_by_enter(w)]
        return self.enter_through(order, focused, lambda: self.run_worker(self.save_tab(body.step.id), group="save"))

    def panel(self) -> UploadPanel | None:
        body = self.active_body
        return body.upload_panel(self.focused) if isinstance(body, FormBody) else None

    async def action_upload(self) -> None:
        panel = self.panel()
        if panel is not None:
            await self.upload(panel)

    async def action_view_file(self) -> None:
        panel = self.panel()
        if panel is not None:
            await self.view_file(panel)

    async def action_submit(self) -> None:
        """Submitting cannot be undone: asked once ("Submit OB-...? y/n"), once nothing is missing."""
        from tui.kit.confirm import ConfirmModal
        from tui.kit.list_modal import ListModal

        if self.actor is None or not self.editable or not await self.save_if_dirty():
            return
        view = await self.papp.run_core(packets.load, self.papp.ctx, self.actor, self.view.id)
        still = await self.papp.run_core(progress.missing, self.papp.ctx, view)
        if still:
            self.app.push_screen(ListModal("Not ready to submit: still missing", still))
            return
        target = self.view.program.statuses.get(self.view.program.submit.status, self.view.program.submit.status)

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self.submit_now(), group="submit")

        self.app.push_screen(ConfirmModal(f"Submit {self.view.key}?",
                                          f"The application goes to {target}; you can no longer change it then.",
                                          yes="Submit", no="Not yet"), answered)

    async def submit_now(self) -> None:
        from tui.kit.list_modal import ListModal

        actor = self.actor
        if actor is None:
            return
        try:
            view = await self.papp.run_core(progress.submit, self.papp.ctx, actor, self.view.id)
        except progress.Incomplete as exc:
            self.app.push_screen(ListModal("Not ready to submit: still missing", exc.missing))
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.notify(f"Submitted. Your status is now {view.status_label}; a confirmation email was sent.", timeout=10)
        self.app.switch_screen(TabsScreen(view, self.active, acting=self.acting, home_below=self.home_below))

    async def action_save_pdfs(self) -> None:
        from core.packets import documents_out

        actor = self.actor
        if actor is None:
            return
        paths: list[Path] = await self.papp.run_core(documents_out.save_pdfs, self.papp.ctx, actor, self.view.id)
        folder = paths[0].parent if paths else ""
        self.say(f"Saved {len(paths)} PDF file{'s' if len(paths) != 1 else ''} to {folder}", "green")

    # --- leaving -----------------------------------------------------------------------------
    async def action_home(self) -> None:
        if await self.save_if_dirty() and self.home_below:
            self.app.pop_screen()

    async def action_exit(self) -> None:
        from tui.kit.confirm import ConfirmModal

        if not await self.save_if_dirty():
            return
        prog = self.view.program

        def done(logout: bool | None) -> None:
            if logout:
                self.papp.sign_out(f"Logged out of {prog.settings.get('portal_name', prog.title)}. "
                                   "Everything you saved is kept.", "exit")

        name = prog.settings.get("portal_name", prog.title)
        self.app.push_screen(ConfirmModal(f"Exit {name}?", "Everything you saved is kept. Log out now, or return to "
                                          "your application?", yes="Logout", no="Return", box_id="exit-box"), done)


def latest_request(app: HostApp, view: PacketView) -> str:
    """The home office's note behind the status (e.g. what more information is needed)."""
    from core.packets.review import status_note

    return status_note(app.ctx, view)
