"""Every tab of a tabbed program in one TabbedContent, with a line saying which tabs are complete."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TabbedContent, TabPane

from core.forms.spec import StepSpec
from core.onboarding.pdb import PdbRecord
from core.packets.packets import PacketView
from core.packets.signing import DocumentState
from core.packets.uploads import UploadInfo
from tui.onboarding.appointments import AppointmentsTab
from tui.onboarding.esign import EsignTab
from tui.onboarding.form_tab import FormTab
from tui.onboarding.licenses import LicensesTab
from tui.onboarding.tab_body import TabBody

WIDE = 114
"""Columns from which the tab strip fits the full titles (seed 001 names) instead of the short ones."""


@dataclass
class TabsData:
    """What the tabs show besides the packet: the PDB report, the stored upload, the documents."""

    record: PdbRecord | None
    upload: UploadInfo | None
    documents: list[DocumentState] = field(default_factory=list)


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


class OnboardingTabs(Vertical):
    """Tab bodies by step id; `identity` adds the read-only PDB section to the first tab (reviewers)."""

    def __init__(
        self, view: PacketView, data: TabsData, *, editable: bool, today: date, width: int,
        active: str = "", identity: bool = False,
    ) -> None:
        super().__init__(id="onboarding")
        self.view = view
        self.steps: tuple[StepSpec, ...] = view.program.tabs
        self.summary = Static("", id="tabs-summary", markup=False)
        self.wide = width >= WIDE
        first = active if active in {s.id for s in self.steps} else self.steps[0].id
        self.tabbed = StableTabbedContent(id="onboarding-tabs", initial=pane_id(first))
        self.bodies: dict[str, TabBody] = {}
        for step in self.steps:
            self.bodies[step.id] = self._body(step, data, editable, today, width, identity and step is self.steps[0])

    def _body(self, step: StepSpec, data: TabsData, editable: bool, today: date, width: int, identity: bool) -> TabBody:
        if step.widget == "licenses":
            return LicensesTab(self.view, data.record, editable=editable, today=today)
        if step.widget == "appointments":
            return AppointmentsTab(self.view, data.record, today=today, width=width)
        if step.widget == "esignature":
            return EsignTab(self.view, data.documents, editable=editable, today=today)
        extra = self.view.program.step("pdb") if identity else None
        return FormTab(step, self.view, editable=editable, today=today, upload=data.upload, extra=extra)

    def compose(self) -> ComposeResult:
        yield self.summary
        with self.tabbed:
            for step in self.steps:
                label = step.title if self.wide else step.short_title or step.title
                with TabPane(label, id=pane_id(step.id)):
                    yield self.bodies[step.id]

    @property
    def active(self) -> str:
        return (self.tabbed.active or pane_id(self.steps[0].id)).removeprefix("tab-")

    @property
    def active_body(self) -> TabBody:
        return self.bodies[self.active]

    def activate(self, step_id: str) -> None:
        self.tabbed.active = pane_id(step_id)

    def neighbour(self, offset: int) -> str:
        ids = [s.id for s in self.steps]
        return ids[(ids.index(self.active) + offset) % len(ids)]

    def show_summary(self, complete: dict[str, bool], prefix: str = "") -> None:
        """Mark complete tabs (✓ in the line, and their tab label styled) and name the ones still to do."""
        done = [s for s in self.steps if complete.get(s.id)]
        todo = [s.short_title or s.title for s in self.steps if not complete.get(s.id)]
        for step in self.steps:
            self.tabbed.get_tab(pane_id(step.id)).set_class(bool(complete.get(step.id)), "-complete")
        text = Text(prefix, style="bold") if prefix else Text()
        text.append(f"Complete {len(done)} of {len(self.steps)}", style="green" if not todo else "")
        if todo:
            text.append(" · still to do: " + ", ".join(todo))
        else:
            text.append(" ✓")
        self.summary.update(text)

    def show_text(self, text: Text) -> None:
        self.summary.update(text)
