"""A form step drawn from its declaration: live checks, drafts kept as you type, Continue saves."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from core.forms.spec import StepSpec
from core.kernel.config import DATA_DIR
from core.kernel.errors import Conflict, PacketdeskError, ValidationFailed
from core.kernel.events import Actor
from core.packets import packets
from core.packets.packets import PacketView
from tui.kit.base import PacketStepScreen
from tui.kit.step_form import StepForm

DRAFT_DELAY = 1.0


class FormStepScreen(PacketStepScreen):
    """Interview questions and any other declared form."""

    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="back"),
        Binding("f1", "field_help", "Help", priority=True, id="field-help", tooltip="What the focused field wants"),
        Binding("ctrl+g", "jump", "Go to field", priority=True, id="jump-to-field",
                tooltip="Type part of a label to jump to that field"),
    ]

    def __init__(self, view: PacketView, step: StepSpec, *, acting: Actor | None = None) -> None:
        super().__init__(view, step, acting=acting)
        values = dict(view.answers.get(step.id, {}))
        self.form = StepForm(step, values, editable=not view.read_only, id="step-form", answers=view.answers)
        self.draft_timer: Timer | None = None
        self.dirty = False

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        with VerticalScroll(id="form-body", classes="body"):
            if self.step.text:
                text = (DATA_DIR / self.step.text).read_text(encoding="utf-8")
                for chunk in text.strip().split("\n\n"):
                    line = " ".join(chunk.split())
                    style = "bold" if line.startswith("#") else ""
                    yield Static(Text(line.lstrip("# "), style=style), classes="card-text")
            yield self.form
        with Horizontal(classes="buttons"):
            yield Button("Back", id="back", compact=True)
            yield Button("Continue", id="continue", variant="primary", compact=True)
            yield Static("", id="form-status", classes="status-line")
        yield from self.compose_footer()

    async def on_mount(self) -> None:
        actor = self.actor
        if actor is not None and not self.view.read_only:
            draft = await self.papp.run_core(packets.load_draft, self.papp.ctx, actor, self.view.id, self.step.id)
            if draft:
                for name, value in draft.items():
                    row = self.form.rows.get(name)
                    if row is not None and isinstance(row.control, Input):
                        row.control.value = str(value or "")
                self.form.values.update(draft)
                self.notify("Restored what you had typed before.")
        first = self.form.first_input()
        (first or self.query_one("#continue", Button)).focus()

    def on_step_form_changed(self, _event: StepForm.Changed) -> None:
        self.dirty = True
        if self.draft_timer is not None:
            self.draft_timer.stop()
        self.draft_timer = self.set_timer(DRAFT_DELAY, self.save_draft_soon)

    async def save_draft_soon(self) -> None:
        actor = self.actor
        if actor is None or not self.dirty:
            return
        self.dirty = False
        await self.papp.run_core(packets.save_draft, self.papp.ctx, actor, self.view.id, self.step.id, dict(self.form.values))

    def save_draft(self) -> None:
        actor = self.actor
        if actor is not None and self.dirty and not self.view.read_only:
            packets.save_draft(self.papp.ctx, actor, self.view.id, self.step.id, self.form.sync_from_widgets())
            self.dirty = False

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is not None and focused in self.form.inputs:
            if self.form.is_last(focused):
                self.run_worker(self.save_and_continue())
            else:
                self.focus_next()
            return True
        return False

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "continue":
            await self.save_and_continue()
        elif event.button.id == "back":
            await self.action_back()

    def action_jump(self) -> None:
        from tui.kit.jump_to_field import JumpToFieldModal

        fields = [(name, row.spec.label) for name, row in self.form.rows.items() if row.control in self.form.inputs]

        def focus(name: str | None) -> None:
            row = self.form.rows.get(name or "")
            if row is not None and row.control is not None:
                row.control.focus()

        self.app.push_screen(JumpToFieldModal(fields), focus)

    def action_field_help(self) -> None:
        focused = self.focused
        row = next((r for r in self.form.rows.values() if r.control is focused), None)
        if row is None:
            return
        spec = row.spec
        kind = {"phone": "10 digits, e.g. 555-666-7777", "zip": "5 digits or ZIP+4", "state": "a two-letter state code",
                "email": "an email address", "digits": "digits only"}.get(spec.type, f"up to {spec.max_length} characters")
        required = "Required." if spec.required else "Optional."
        self.notify(f"{spec.label}: {kind}. {required} {spec.help}".strip(), title="Help", timeout=10)

    async def action_back(self) -> None:
        self.save_draft()
        await self.go_previous()

    async def resolve_conflict(self, choice: str | None) -> None:
        """Mine: save again over the newer version, knowingly. Theirs: redraw with the saved data."""
        actor = self.actor
        if choice is None or actor is None:
            return
        latest = await self.papp.run_core(packets.load, self.papp.ctx, actor, self.view.id)
        if choice == "mine":
            self.view = latest
            await self.save_and_continue()
        else:
            self.dirty = False
            self.show_step(latest, self.step.id)

    async def save_and_continue(self) -> None:
        actor = self.actor
        status = self.query_one("#form-status", Static)
        if actor is None:
            return
        if self.view.read_only:
            await self.go_next()
            return
        await self.papp.settle()
        values = self.form.sync_from_widgets()
        try:
            view = await self.papp.run_core(
                packets.save_step, self.papp.ctx, actor, self.view.id, self.step.id, values, self.view.version
            )
        except ValidationFailed as exc:
            self.form.show_problems(exc.problems)
            self.form.focus_first_problem(exc.problems)
            count = len(exc.problems)
            status.update(Text(f"{count} field{'s' if count > 1 else ''} need{'s' if count == 1 else ''} attention.", style="red"))
            return
        except Conflict as exc:
            from tui.kit.conflict import ConflictModal

            self.save_draft()
            self.app.push_screen(ConflictModal(self.step, dict(self.form.values), exc), self.resolve_conflict)
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.dirty = False
        self.view = view
        self.show_step(view, view.current_step)
