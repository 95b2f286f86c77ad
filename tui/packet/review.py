"""A reviewer's read-only view of a tabbed packet: every tab, the uploads, the PDFs, reveals, decisions."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Static

from core.forms.spec import StepSpec
from core.kernel.errors import PacketdeskError
from core.packets import review
from tui.kit.step_form import StepForm
from tui.packet.bodies.form import FormBody
from tui.packet.decision import Decision, DecisionModal
from tui.packet.tabs import TabsScreen

if TYPE_CHECKING:
    from tui.kit.host import HostApp


async def open_review(app: HostApp, packet_id: int) -> None:
    """Open a packet for review (the opening is recorded)."""
    assert app.actor is not None
    view = await app.run_core(review.open_packet, app.ctx, app.actor, packet_id)
    app.push_screen(ReviewScreen(view, home_below=True))


def identity_step(step: StepSpec, title: str) -> StepSpec:
    """The step before the tabs as the reviewer sees it: a heading, no instructions for the producer."""
    return replace(step, sections=tuple(replace(s, title=title or s.title, note="") for s in step.sections))


class ReviewScreen(TabsScreen, inherit_bindings=False):
    """Masked values stay masked until F2 reveals those of the tab shown; each reveal goes in the history."""

    BINDINGS = [
        Binding("f2", "reveal", "Reveal", priority=True, id="rev-reveal", tooltip="Show this tab's masked values (recorded)"),
        Binding("f3", "previous_tab", "◀ Tab", priority=True, id="rev-previous-tab"),
        Binding("f4", "next_tab", "Tab ▶", priority=True, id="rev-next-tab"),
        Binding("f5", "view_file", "View file", show=False, priority=True, id="rev-view-file"),
        Binding("f7", "history", "History", priority=True, id="rev-history"),
        Binding("f8", "save_pdfs", "PDFs", priority=True, id="rev-pdfs", tooltip="Save every document as a PDF"),
        Binding("f9", "decide", "Decide", priority=True, id="rev-decide",
                tooltip="Decide on this packet: the decisions its program declares"),
        Binding("escape", "back", "Back", priority=True, id="rev-back"),
    ]

    @property
    def rule(self) -> review.ReviewRule:
        return review.rule_of(self.view.program)

    def top_title(self) -> tuple[str, str]:
        return f"Review · {self.view.key}", f"{self.view.producer_name.strip()} · {self.view.status_label}"

    def make_bodies(self) -> None:
        super().make_bodies()
        first = self.bodies[self.steps[0].id]
        before = next((s for s in self.view.program.steps if not s.tab and s.fields), None)
        if isinstance(first, FormBody) and before is not None:
            title = str(self.view.program.review.get("before_tabs_title", ""))
            first.extra = StepForm(identity_step(before, title), self.view.answers.get(before.id, {}), editable=False,
                                   id=f"form-{before.id}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        body = self.bodies.get(self.active)  # None until the bodies are built (the footer asks first)
        if action == "view_file":
            return isinstance(body, FormBody) and bool(body.panels)
        if action == "decide":
            return any(self.view.status in d.allowed_from for d in self.rule.decisions)
        return True

    def action_back(self) -> None:
        self.app.pop_screen()

    def saved_copy_message(self, path: object) -> str:
        return f"A copy was saved to {path} (the view is recorded in the history)."

    def _masked_rows(self) -> list[tuple[str, StepForm]]:
        body = self.active_body
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

    def action_history(self) -> None:
        self.papp.open_history(self.view.id, f"History · {self.view.key}")

    def action_decide(self) -> None:
        self.app.push_screen(DecisionModal(self.view.key, self.view.producer_name.strip(), self.rule), self.carry_out)

    def carry_out(self, decision: Decision | None) -> None:
        """A decision that cannot be undone (it declares `confirm`) is asked once more (y/n), the focus on No."""
        if decision is None:
            return
        declared = self.rule.decision(decision.action)
        if not declared.confirm:
            self.run_worker(self.decide(decision), exclusive=True)
            return
        from tui.kit.confirm import ConfirmModal

        verb, consequence = declared.label, declared.confirm

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self.decide(decision), exclusive=True)

        self.app.push_screen(ConfirmModal(f"{verb} {self.view.key}?", consequence, yes=verb), answered)

    async def decide(self, decision: Decision) -> None:
        actor = self.papp.actor
        if actor is None:
            return
        declared = self.rule.decision(decision.action)
        try:
            decided = await self.papp.run_core(review.decide, self.papp.ctx, actor, self.view.id, decision.action,
                                               decision.note)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        label = self.view.program.statuses.get(declared.status, declared.status)
        message = declared.done.format(key=self.view.key, label=label, number=decided.number)
        self.app.notify(message, markup=False, timeout=10)
        self.app.pop_screen()
