"""A declared type-ahead in a form: what a named provider gives the signed-in person, suggested as they type
and listed on the field's key; the option typed shows its detail line and fills the fields it names."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Input

from core.forms import providers
from core.forms.registry import Match
from core.forms.spec import TypeAhead
from core.kernel.events import Actor
from tui.kit.host import HostApp
from tui.kit.step_form import StepForm


class TypeAheadField:
    def __init__(self, form: StepForm, name: str) -> None:
        self.form = form
        self.row = form.rows[name]
        assert self.row.spec.type_ahead is not None
        self.spec: TypeAhead = self.row.spec.type_ahead
        self.options: list[Match] = []

    async def load(self, host: HostApp, actor: Actor) -> dict[str, str]:
        """The provider's options for this actor (off the event loop); what the value already typed fills."""
        self.options = await host.run_core(providers.type_ahead(self.spec.provider), host.ctx, actor, self.spec.data,
                                           self.form.everything)
        if isinstance(self.row.control, Input):
            self.row.control.suggester = SuggestFromList([m.value for m in self.options])
        return self.follow()

    def follow(self) -> dict[str, str]:
        """Show what the value typed is; the values it fills (none while it is no option)."""
        typed = str(self.form.values.get(self.row.spec.name) or "").strip()
        found = next((m for m in self.options if m.value == typed), None)
        if found is None:
            self.row.detail.update(Text(self.spec.empty, style="dim"))
            return {}
        self.row.detail.update(Text(self.spec.detail.format_map(found.fills)))
        fills = {name: found.fills[key] for name, key in self.row.spec.fills if key in found.fills}
        self.form.values.update(fills)
        self.form.set_values(fills)
        return fills

    def pick(self, screen: Screen[Any]) -> None:
        """The options in a list to filter; the one picked is typed into the field, the focus goes on."""
        from tui.kit.pick_modal import PickModal

        shown: list[Match] = []

        def search(query: str) -> list[str]:
            shown[:] = [m for m in self.options if query.lower() in m.label.lower()]
            return [m.label for m in shown]

        def picked(index: int | None) -> None:
            control = self.row.control
            if index is None or not isinstance(control, Input):
                return
            control.value = shown[index].value
            inputs = self.form.inputs
            if control in inputs and inputs.index(control) + 1 < len(inputs):
                inputs[inputs.index(control) + 1].focus()

        screen.app.push_screen(PickModal(self.spec.title, search, hint=self.spec.hint), picked)
