"""A declared form whose action is confirmed (core/forms/layouts.ConfirmedForm): review shows a summary and an
agreement to tick, act runs the declared core call; cancel asks first, then runs its own call."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from core.forms.layouts import ConfirmedForm, resolve
from core.kernel.errors import PacketdeskError, ValidationFailed
from core.kernel.events import Actor
from tui.kit.form_screen import FormScreen
from tui.kit.step_form import StepForm
from tui.kit.toggles import Box


def confirmed_bindings(spec: ConfirmedForm) -> list[BindingType]:
    return [Binding(k.key, action, k.label, priority=True, id=k.binding or None)
            for action, k in (("review", spec.review), ("act", spec.act), ("cancel", spec.cancel))]


class ConfirmedFormScreen(FormScreen):
    """Subclasses set SPEC (`of(spec)` needs none); opened on a record the declared calls receive."""

    SPEC: ClassVar[ConfirmedForm]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "SPEC" in cls.__dict__:
            spec = cls.SPEC
            cls.BINDINGS = confirmed_bindings(spec)
            cls.BUTTONS = (("review", spec.review.label, "default"), ("act", spec.act.label, "primary"),
                           ("cancel", spec.cancel.label, "default"))
        super().__init_subclass__(**kwargs)  # Textual merges the bindings here

    @classmethod
    def of(cls, spec: ConfirmedForm, name: str = "") -> type[ConfirmedFormScreen]:
        """A screen class for a declaration with no Python of its own (`name` names the class)."""
        return cast("type[ConfirmedFormScreen]", type(name or f"{cls.__name__}Of", (cls,), {"SPEC": spec}))

    def __init__(self, actor: Actor, record: Any) -> None:
        spec = self.SPEC
        today = f"{self.papp.ctx.clock.now():%m/%d/%Y}"
        super().__init__(spec.form, dict.fromkeys(spec.dated, today), title=spec.title,
                         detail=spec.detail.format(r=record), form_id=f"{spec.form.id}-form")
        self.actor = actor
        self.record = record
        self.summary = Static("", id=f"{spec.form.id}-review")
        self.agreement = Box(spec.agreement, id="agreement", compact=True)
        self.reviewed: dict[str, Any] | None = None
        """The form's values as the summary last showed them."""

    def before_form(self) -> ComposeResult:
        if self.SPEC.lead:
            yield Static(Text(resolve(self.SPEC.lead)(self.record), style="bold"))
        if self.SPEC.intro:
            yield Static(Text(self.SPEC.intro, style="dim"))

    def after_form(self) -> ComposeResult:
        yield self.summary
        if self.SPEC.agreement:
            yield self.agreement

    def on_mount(self) -> None:
        self.agreement.display = False
        super().on_mount()

    def on_step_form_changed(self, _event: StepForm.Changed) -> None:
        # Review reads the inputs directly: a change message arriving after it, for a value it already
        # read, changes nothing; a real change drops the summary and its "I agree" tick.
        if self.reviewed is not None and self.values() == self.reviewed:
            return
        self.reviewed = None
        self.summary.update("")
        self.agreement.value = False
        self.agreement.display = False

    async def submit(self) -> None:
        """Enter on the last field reviews."""
        await self.action_review()

    async def action_review(self) -> None:
        values = self.values()
        if self.check(values, self.papp.ctx.clock.now().date()):
            return
        text = resolve(self.SPEC.summary)(values, self.record)
        if text is None:
            return
        self.reviewed = values
        self.summary.update(Text(text, style="bold"))
        if self.SPEC.agreement:
            self.agreement.display = True
            self.agreement.focus()

    async def action_act(self) -> None:
        if self.reviewed is None:
            await self.action_review()
            if self.reviewed is None:
                return
        agreed = self.agreement.value if self.SPEC.agreement else True
        try:
            notice = await self.papp.run_core(resolve(self.SPEC.action), self.papp.ctx, self.actor, self.record,
                                              self.reviewed, agreed)
        except ValidationFailed as exc:
            self.errors.update(Text("\n".join(exc.problems.values())))
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.app.pop_screen()
        self.app.notify(notice, timeout=10)

    def action_cancel(self) -> None:
        from tui.kit.confirm import ConfirmModal

        ask = self.SPEC.ask

        async def answered(yes: bool | None) -> None:
            if yes:
                notice = await self.papp.run_core(resolve(self.SPEC.cancelled), self.papp.ctx, self.actor, self.record)
                self.app.pop_screen()
                self.app.notify(notice)

        self.app.push_screen(ConfirmModal(ask.title, ask.text, yes=ask.agree, no=ask.close), answered)
