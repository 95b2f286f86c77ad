"""A wizard step drawn from its declaration: fields, conditions, groups, statements to read, searches, consents."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Static

from core.forms import registry
from core.forms.fields import normalise_choices, normalise_step
from core.forms.lookups import filled
from core.forms.registry import Match
from core.forms.spec import StepSpec, read_text
from tui.kit.group_field import GroupField
from tui.kit.keyed_field import KeyedField
from tui.kit.step_form import StepForm
from tui.kit.step_wizard import StepWizard
from tui.kit.type_ahead import TypeAheadField


class DeclaredStep(StepWizard):
    """A step drawn from its declaration: the fields, their conditions (shown / required when), repeating
    groups and checks come from there; a subclass adds only what is unlike a form."""

    @property
    def focus_problem(self) -> bool:
        """Next with problems moves the focus to the first one (a long form the declaration names)."""
        return self.step_id in getattr(self.program, "focus_problem", ())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.values = self.answers.setdefault(self.step_id, {})
        self.spec = self.form_spec()
        for spec in self.spec.fields:
            if spec.default and not spec.is_group:
                self.values.setdefault(spec.name, spec.default)
        self.form = StepForm(self.spec, self.values, id=f"{self.step_id}-form", answers=self.answers, today=self.today)
        # The step's own keys (a statement to read, a search), after the wizard's in the footer.
        keys = [(r.key, f"read({i})", r.label) for i, r in enumerate(self.spec.readings)]
        keys += [(f.key, f"search({i})", f.label or f.title) for i, f in enumerate(self.spec.searches)]
        keys += [(f.type_ahead.key, f"type_ahead({f.name!r})", f.type_ahead.label)
                 for f in self.spec.fields if f.type_ahead and f.type_ahead.key]
        for key, action, label in keys:
            self._bindings.key_to_bindings.setdefault(key, []).append(
                Binding(key, action, label, priority=True, id=f"wizard-step-{key}", tooltip=f"Open {label}"))
        self.consents = {f.name: Static("", id=f"consent-{f.name}") for f in self.spec.fields if f.consent}
        """A line under the form per field that asks for a consent: accepted or not yet."""
        self.type_aheads: dict[str, TypeAheadField] = {}

    def form_spec(self) -> StepSpec:
        """The fields drawn as the form (a step that draws one of them itself leaves it out)."""
        return self.program.form_spec(self.spec_of_step, self.answers)

    def compose_body(self) -> ComposeResult:
        intro = self.spec.text or " · ".join(f"{r.key.upper()} {r.title}" for r in self.spec.readings)
        if intro:
            yield Static(Text(intro, style="dim"))
        yield self.form
        yield from self.consents.values()
        for path in self.spec.footnotes:
            yield Static(Text(read_text(path)), classes="muted-text")
        if self.spec.note:
            yield Static(Text(self.spec.note, style="dim"))

    def action_read(self, index: int) -> None:
        from tui.kit.text_modal import TextModal

        reading = self.spec.readings[index]
        self.app.push_screen(TextModal(reading.title, reading.body()))

    def action_search(self, index: int) -> None:
        """Search the declared lookup; the match picked fills the step's fields it names, or goes into the
        focused key of the record field it names."""
        from tui.kit.pick_modal import PickModal

        search = self.spec.searches[index]
        found: list[Match] = []
        into = self.form.rows.get(search.into)
        target = into.control.focused_input() if into is not None and isinstance(into.control, KeyedField) else None
        if search.into and (target is None or into is None or into.control not in self.form.inputs):
            self.notify(search.refused or f"{search.label or search.title} does not apply here.", severity="warning")
            return

        def run(query: str) -> list[str]:
            found[:] = registry.lookup(search.lookup)(query, self.form.everything)
            return [m.label for m in found]

        def picked(chosen: int | None) -> None:
            if chosen is None:
                return
            if target is not None:
                target.value = found[chosen].value
                return
            self.form.set_values(found[chosen].fills)
            self.values.update(normalise_choices(self.spec, self.form.values))
            self.changed()

        title = filled(search.title, self.form.everything, self.today)
        self.app.push_screen(PickModal(title, run, hint=search.hint), picked)

    def action_type_ahead(self, name: str) -> None:
        self.type_aheads[name].pick(self)

    async def load_type_ahead(self, field: TypeAheadField) -> None:
        self.values.update(await field.load(self.papp, self.actor))

    def after_mount(self) -> None:
        for spec in self.spec.fields:
            if spec.type_ahead is not None and spec.name in self.form.rows:
                self.type_aheads[spec.name] = TypeAheadField(self.form, spec.name)
                self.run_worker(self.load_type_ahead(self.type_aheads[spec.name]))
        for name in self.consents:
            self.show_consent(name)
        first = self.form.first_input()
        if first is not None:
            first.focus()

    # --- consents ------------------------------------------------------------------------------
    def consent_due(self, name: str) -> bool:
        consent = self.form.rows[name].spec.consent
        assert consent is not None
        return consent.when.holds({**self.answers, self.step_id: normalise_choices(self.spec, self.form.values)}, self.step_id)

    def show_consent(self, name: str) -> None:
        consent = self.form.rows[name].spec.consent
        assert consent is not None
        accepted = self.values.get(consent.flag) == "true"
        self.consents[name].update(Text(consent.accepted if accepted else consent.pending,
                                        style="green" if accepted else "yellow") if self.consent_due(name) else "")

    def on_descendant_blur(self, event: Any) -> None:
        """Leaving a field whose answer asks for a consent not given yet opens the text to agree to."""
        from tui.kit.text_modal import TextModal

        name = next((n for n in self.consents if self.form.rows[n].control is event.widget), None)
        if name is None or not self.consent_due(name):
            return
        consent = self.form.rows[name].spec.consent
        assert consent is not None
        if self.values.get(consent.flag) == "true":
            return

        def answered(agreed: bool | None) -> None:
            self.values[consent.flag] = "true" if agreed else "false"
            self.show_consent(name)

        self.app.push_screen(TextModal(consent.title, read_text(consent.text), agree=consent.agree, close="Cancel"),
                             answered)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        group = focused.parent if focused is not None else None
        if isinstance(group, GroupField):
            return group.enter()
        return super().on_enter_pressed(focused)

    def on_step_form_changed(self, event: StepForm.Changed) -> None:
        # A group's rows or a value the header shows: the header follows at once.
        if isinstance(event.value, list) or self.program.in_header(self.step_id, event.name):
            self.values.update(normalise_choices(self.spec, self.form.values))
            self.changed()
        if event.name in self.consents:
            consent = self.form.rows[event.name].spec.consent
            assert consent is not None
            self.values[consent.flag] = "true" if self.values.get(consent.flag) == "true" else "false"
            self.show_consent(event.name)
        row = self.form.rows.get(event.name)
        if event.name in self.type_aheads:
            self.values.update(self.type_aheads[event.name].follow())
        elif row is not None and row.spec.action is not None:  # its computed action filled it
            self.values.update(normalise_choices(self.spec, self.form.values))
            self.changed()

    def collect(self) -> dict[str, Any]:
        self.values.update(normalise_step(self.spec, self.form.sync_from_widgets()))
        return dict(self.values)

    def show_problems(self, problems: dict[str, str]) -> None:
        self.form.show_problems(problems)
        super().show_problems({k: v for k, v in problems.items() if k not in self.form.rows})
        if self.focus_problem:
            self.form.focus_first_problem(problems)
