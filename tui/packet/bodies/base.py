"""A step's body: what one step (a wizard page or a tab) shows, whatever navigation hosts it.

Bodies keep a model of their values (read with `values()`, never from widgets after they are
gone), say which widgets Enter walks through, show problems beside fields, and post Changed on
every edit. The screen that hosts them (wizard or tabs) saves, moves and handles keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.containers import VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Input, RadioSet

from core.forms.fields import changed_fields
from core.forms.spec import StepSpec

if TYPE_CHECKING:
    from core.packets.packets import PacketView
    from tui.packet.program_screen import ProgramScreen


class StepBody(VerticalScroll):
    """Base of every body; `kind_id` is the wizard's scroll id for the kind (kept for CSS and tests)."""

    kind_id = "step-body"

    @dataclass
    class Changed(Message):
        body: StepBody

    def __init__(self, screen: ProgramScreen, step: StepSpec, *, tabbed: bool) -> None:
        super().__init__(id=f"body-{step.id}" if tabbed else self.kind_id, classes="tab-body" if tabbed else "body")
        self.host = screen
        self.step = step
        self.tabbed = tabbed

    def watch_has_focus(self, _has_focus: bool) -> None:
        """Restyle the body alone when it takes or loses the focus (a tab with text to read starts on it).

        Textual restyles the focused widget with everything inside it, for rules such as
        `.body:focus Input`; no stylesheet here styles a body's content by the body's focus, and a
        tab's body holds the whole tab: restyling it made entering and leaving such a tab ~5 ms slower.
        """
        self.app.stylesheet.update_nodes([self], animate=True)

    @property
    def view(self) -> PacketView:
        return self.host.view

    @property
    def editable(self) -> bool:
        return self.host.editable

    # --- what a host asks -------------------------------------------------------------------
    def buttons(self) -> list[Widget]:
        """The wizard's buttons under the body (tabs draw none)."""
        return []

    def values(self) -> dict[str, Any]:
        """The values to save, from the body's model (empty: nothing to save)."""
        return {}

    def set_values(self, values: dict[str, Any]) -> None:
        """Show values restored from a draft or taken from someone else's save."""

    def has_changes(self) -> bool:
        return bool(changed_fields(self.step, self.view.answers.get(self.step.id, {}), self.values()))

    def focusables(self) -> list[Widget]:
        """The fields Enter walks through, in order."""
        return [w for w in self.query("Input, Checkbox, RadioSet, DataTable").results() if w.focusable]

    def passed_by_enter(self, widget: Widget | None) -> bool:
        """Whether Enter moving on skips this field (an empty explanation no answer asks for)."""
        return False

    def first_focus(self) -> Widget | None:
        found = self.focusables()
        return found[0] if found else None

    def show_problems(self, problems: dict[str, str]) -> None:
        """Every problem beside its field (an empty dict clears them)."""

    def focus_problem(self, problems: dict[str, str]) -> None:
        """Bring the first field with a problem into view (without moving keys typed ahead into it)."""

    def on_enter(self, focused: Widget | None) -> bool:
        """Enter on something of the body's own (a table row, a code): True when handled."""
        return False

    async def documents_changed(self) -> None:
        """Signatures or reviews may have stopped counting (an upload): bodies listing documents reload them."""

    async def on_shown(self) -> None:
        """The body became visible (mounted in a wizard, or its tab activated): load what it shows."""

    def update_view(self, view: PacketView) -> None:
        """The packet changed (a save, a signature): redraw what depends on it."""

    async def on_button(self, button_id: str) -> None:
        """A button of the body's own was pressed (the wizard draws them under the body)."""

    def mark_changed(self) -> None:
        self.post_message(self.Changed(self))


def is_field(widget: Widget | None) -> bool:
    return isinstance(widget, (Input, Checkbox, RadioSet, DataTable))
