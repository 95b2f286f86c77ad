"""What the wizard and the tabs share: the packet, the one save path, drafts, conflicts, leaving.

A program's navigation (wizard or tabs) is the only difference between its two subclasses; the
bodies, the saves and the keys for the same actions are the same.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.widgets import Static

from core.forms.spec import StepSpec
from core.kernel.errors import PacketdeskError
from tui.kit.base import AppScreen
from tui.kit.saver import SaveOutcome, Saver
from tui.kit.upload import UploadPanel
from tui.packet.bodies.base import StepBody

if TYPE_CHECKING:
    from core.kernel.events import Actor
    from core.packets.packets import PacketView


def in_worker() -> bool:
    from textual.worker import NoActiveWorker, get_current_worker

    try:
        get_current_worker()
    except NoActiveWorker:
        return False
    return True


class ProgramScreen(AppScreen):
    """One packet on screen. `acting`: a rep working on the producer's behalf (never consents or signs)."""

    is_packet_step = True
    AUTO_FOCUS = ""
    """Each navigation puts the focus where the step wants it (a field, a button, a table)."""

    def __init__(self, view: PacketView, *, acting: Actor | None = None, home_below: bool = False) -> None:
        super().__init__()
        self._view = view
        self.acting = acting
        self.home_below = home_below
        """Opened over a home or desk screen, which Escape (Home) returns to."""
        self.bodies: dict[str, StepBody] = {}
        self.saver: Saver | None = None
        self.status = Static("", id="program-status", classes="status-line", markup=False)

    # --- the packet --------------------------------------------------------------------------
    @property
    def view(self) -> PacketView:
        if self.saver is not None:
            view: PacketView = self.saver.view
            return view
        return self._view

    @view.setter
    def view(self, view: PacketView) -> None:
        self._view = view
        if self.saver is not None:
            self.saver.view = view

    @property
    def actor(self) -> Actor | None:
        return self.acting or self.papp.actor

    @property
    def editable(self) -> bool:
        from core.identity.permissions import may
        from core.packets.packets import view_facts

        return may(self.actor, "packet.edit", view_facts(self.view))

    @property
    def today(self) -> date:
        return self.papp.ctx.clock.now().date()

    def set_view(self, view: PacketView) -> None:
        """The packet changed (a save, a signature, an upload): every body redraws what depends on it."""
        self.view = view
        for body in self.bodies.values():
            body.update_view(view)
        self.after_view_change()

    def after_view_change(self) -> None:
        """Subclasses refresh their headers (tab completion, stage)."""

    def start_saving(self) -> None:
        """Called first by each subclass's on_mount (Textual calls every class's on_mount; this runs once)."""
        actor = self.actor
        if actor is not None and self.saver is None:
            from core.packets.saving import PacketTarget

            self.saver = Saver(self.papp, PacketTarget(self.papp.ctx, actor, self._view.id), self._view, self.values_of)

    def values_of(self, step_id: str) -> dict[str, Any]:
        body = self.bodies.get(step_id)
        return body.values() if body is not None else {}

    async def restore_drafts(self) -> None:
        """What this person typed and did not save (another session, a hang-up) comes back."""
        from core.packets import saving

        actor = self.actor
        if actor is None or not self.editable:
            return
        drafts = await self.papp.run_core(saving.drafts_of, self.papp.ctx, actor, self.view.id)
        for step_id, values in drafts.items():
            body = self.bodies.get(step_id)
            if body is None or not values:
                continue
            await self.papp.run_core(saving.load_draft, self.papp.ctx, actor, self.view.id, step_id)  # claim it
            body.set_values(values)
            if body.has_changes() and self.saver is not None:
                self.saver.changed(step_id)
            self.notify(f"{body.step.title}: restored what you had typed before." if len(self.bodies) > 1
                        else "Restored what you had typed before.")

    async def offer_profile(self) -> None:
        """Details changed in another program are offered here, once; the producer decides."""
        from core.kernel.crypto import mask_last4
        from core.packets import profile
        from tui.kit.confirm import ConfirmModal

        actor = self.actor
        if actor is None or self.acting is not None or not self.editable:
            return
        found = await self.papp.run_core(profile.offers, self.papp.ctx, actor, self.view)
        if not found:
            return
        lines = [f"{o.label}: {mask_last4(str(o.profile)) if o.pii else o.profile}" for o in found]

        async def answered(accept: bool | None) -> None:
            view = await self.papp.run_core(profile.answer, self.papp.ctx, actor, self.view.id, bool(accept))
            if accept:
                await self.show_theirs(view)
                self.say("Your profile's details are filled in.", "green")

        self.app.push_screen(ConfirmModal(
            "Your details changed in another program",
            "Use them in this packet too?\n" + "\n".join(lines),
            yes="Use them", no="Keep these", box_id="profile-offer"), answered)

    # --- typing and drafts -------------------------------------------------------------------
    def on_step_body_changed(self, event: StepBody.Changed) -> None:
        if self.saver is not None and self.editable:
            self.saver.changed(event.body.step.id)
        header = getattr(self, "header", None)
        if header is not None:
            header.show({**self.view.answers, event.body.step.id: event.body.values()})

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        body = next((b for b in self.bodies.values() if event.widget in b.focusables()), None)
        if body is not None and self.saver is not None:
            self.saver.field_left(body.step.id)

    def save_draft(self) -> None:
        """Hang-up, SIGTERM, idle sign-out, crash: keep every changed body's values, from the model."""
        if self.saver is None or not self.editable:
            return
        for step_id, body in self.bodies.items():
            if body.has_changes():
                self.saver.changed_quietly(step_id)
        self.saver.save_drafts_now()

    # --- saving ------------------------------------------------------------------------------
    async def save_step(self, step: StepSpec, *, complete: bool, go_to: str | None = None) -> SaveOutcome | None:
        """Save one step through the one path; problems go beside their fields, a conflict opens its dialog."""
        if self.saver is None or not self.editable:
            return None
        body = self.bodies[step.id]
        outcome = await self.saver.save(step, complete=complete, go_to=go_to)
        if outcome.joined:
            return outcome
        if outcome.problems is not None:
            body.show_problems(outcome.problems)
            self.say_problems(body, outcome.problems)
            return outcome
        if outcome.conflict is not None:
            if not in_worker():
                # A key's action (F2, Esc, F10, F9) runs on the app's own loop, where the dialog can't be
                # waited for (Textual raised NoActiveWorker and the app stopped): it gets its own worker.
                self.run_worker(self.resolve_conflict(body, outcome), group="conflict")
                return outcome
            return await self.resolve_conflict(body, outcome)
        if outcome.error is not None:
            self.show_error(outcome.error)
            return outcome
        self.after_save(body, outcome)
        return outcome

    async def resolve_conflict(self, body: StepBody, outcome: SaveOutcome) -> SaveOutcome | None:
        """The conflict dialog (in a worker): keep editing, save mine knowingly, or take theirs."""
        assert self.saver is not None and outcome.conflict is not None
        mine = await self.saver.resolve(body.step, outcome.conflict, self.show_theirs)
        if mine is not None and mine.ok:
            self.after_save(body, mine)
        return mine

    def say_problems(self, body: StepBody, problems: dict[str, str]) -> None:
        count = len(problems)
        self.say(f"{count} field{'s' if count > 1 else ''} need{'s' if count == 1 else ''} attention.", "red")

    def after_save(self, body: StepBody, outcome: SaveOutcome) -> None:
        assert outcome.saved is not None
        self.set_view(outcome.saved.view)
        body.show_problems(outcome.saved.problems)
        if outcome.saved.resign:
            self.notify("Sign again: " + ", ".join(outcome.saved.resign) + " (your answers changed after signing).",
                        severity="warning", timeout=10)

    async def show_theirs(self, latest: PacketView) -> None:
        """Take theirs: the form shows what the other person saved; a later save is a normal one."""
        self.set_view(latest)
        for step_id, body in self.bodies.items():
            body.set_values(latest.answers.get(step_id, {}))
            body.show_problems({})
        self.say("Showing what the other person saved.", "yellow")

    def say(self, message: str, style: str = "") -> None:
        line = self.status_line()
        line.update(Text(message, style=style))

    def status_line(self) -> Static:
        return self.status

    async def save_if_dirty(self) -> bool:
        """Before leaving or moving on: save every body holding changes (partially); False if one was refused."""
        if not self.editable:
            return True
        await self.papp.settle()
        for body in list(self.bodies.values()):
            if body.values() and body.has_changes():
                outcome = await self.save_step(body.step, complete=False)
                if outcome is None or not outcome.ok:
                    return False
        return True

    async def go_to_page(self, step_id: str) -> None:
        """Open a page of the packet (the command palette): a tab here, a wizard page through its screen."""

    # --- uploads -----------------------------------------------------------------------------
    def on_upload_panel_requested(self, event: UploadPanel.Requested) -> None:
        self.run_worker(self.upload(event.panel) if event.action == "upload" else self.view_file(event.panel), group="upload")

    async def upload(self, panel: UploadPanel) -> None:
        from core.packets import uploads

        actor = self.actor
        if actor is None or not self.editable:
            return
        if not panel.path.value.strip() and self.focused is not panel.path:
            # F6 from anywhere on the page goes to the path first (no walking every field to reach it).
            panel.path.focus()
            self.say("Type the path of the file, then press F6 to upload it.", "")
            return
        if not await self.save_if_dirty():
            return
        try:
            uploaded = await self.papp.run_core(uploads.store_path, self.papp.ctx, actor, self.view.id, panel.qualified,
                                            panel.path.value)
        except PacketdeskError as exc:
            problems = getattr(exc, "problems", {})
            panel.show_problem(next(iter(problems.values()), str(exc)))
            return
        info = await self.papp.run_core(uploads.current, self.papp.ctx, actor, self.view.id, panel.qualified)
        panel.show_problem(None)
        panel.show_info(info)
        panel.path.value = ""
        self.set_view(uploaded.view)
        # The documents that show the file's name may no longer be signed: completion is recomputed now,
        # not when the documents are next visited.
        for body in list(self.bodies.values()):
            await body.documents_changed()
        if uploaded.resign:
            self.notify("Sign again: " + ", ".join(uploaded.resign) + " (the file they show was replaced).",
                        severity="warning", timeout=10)
        self.say(f"Uploaded {info.filename if info else ''}.", "green")

    async def view_file(self, panel: UploadPanel) -> None:
        from core.packets import uploads

        actor = self.actor
        if actor is None:
            return
        try:
            path = await self.papp.run_core(uploads.export, self.papp.ctx, actor, self.view.id, panel.qualified)
        except PacketdeskError as exc:
            panel.show_problem(str(exc))
            return
        panel.show_saved(self.saved_copy_message(path))

    def saved_copy_message(self, path: object) -> str:
        return f"A copy was saved to {path}: open it with your PDF or image viewer."
