"""A declared form whose main key runs one core call and shows its result (core/forms/layouts.ActionForm)."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from textual.binding import Binding

from core.forms.layouts import ActionForm, resolve
from core.kernel.errors import ValidationFailed
from core.kernel.events import Actor
from tui.kit.form_screen import FormScreen


class ActionFormScreen(FormScreen):
    """Subclasses set SPEC (`of(spec)` needs none); Enter on the last field submits as the main key does."""

    SPEC: ClassVar[ActionForm]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "SPEC" in cls.__dict__:
            spec = cls.SPEC
            cls.BINDINGS = [Binding(k.key, action, k.label, priority=True, id=k.binding or None)
                            for action, k in (("submit", spec.submit), ("back", spec.back))]
            cls.BUTTONS = (("submit", spec.submit.label, "primary"),)
        super().__init_subclass__(**kwargs)  # Textual merges the bindings here

    @classmethod
    def of(cls, spec: ActionForm, name: str = "") -> type[ActionFormScreen]:
        """A screen class for a declaration with no Python of its own (`name` names the class)."""
        return cast("type[ActionFormScreen]", type(name or f"{cls.__name__}Of", (cls,), {"SPEC": spec}))

    def __init__(self, actor: Actor) -> None:
        super().__init__(self.SPEC.form, {}, title=self.SPEC.title, form_id=f"{self.SPEC.form.id}-form")
        self.actor = actor

    async def action_submit(self) -> None:
        await self.submit()

    async def submit(self) -> None:
        values = self.values()
        problems = self.check(values, self.papp.ctx.clock.now().date())
        if problems:
            self.form.focus_first_problem(problems)
            return
        try:
            result = await self.papp.run_core(resolve(self.SPEC.action), self.papp.ctx, self.actor, values)
        except ValidationFailed as exc:
            self.show_problems(exc.problems)
            return
        self.app.push_screen(resolve(self.SPEC.then)(self.actor, result))

    def action_back(self) -> None:
        self.app.pop_screen()
