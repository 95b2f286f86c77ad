"""The last step of a declared wizard whose declaration says how it submits ([wizard.submit]): save the step
checked, run the submit call, then what the declaration says for a refusal or an acceptance."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from core.forms.layouts import resolve
from core.forms.spec import load_condition
from core.kernel.errors import PacketdeskError, ValidationFailed
from tui.kit.declared_step import DeclaredStep
from tui.kit.record_list import RecordListScreen


class FinishStep(DeclaredStep):
    """`[wizard.submit]`: `call` ((ctx, actor, id, version) -> accepted and reasons), `problems` (the status
    line when earlier steps need attention), `[refused]` (a dialog: title, text with "{reasons}", agree,
    close; agreeing goes to the `list` screen on `tab`), `[done]` (`details`, a screen on the record's id, and
    `then`, screens on the record each shown `when` its answers say so)."""

    @property
    def rule(self) -> dict[str, Any]:
        return dict(self.program.prog.wizard["submit"])  # type: ignore[attr-defined]

    async def submit(self) -> None:
        view = await self.save(validate=True, go_to=self.step_id)
        if view is None:
            return
        try:
            outcome = await self.papp.run_core(resolve(self.rule["call"]), self.papp.ctx, self.actor, view.id, view.version)
        except ValidationFailed as exc:
            self.show_problems(exc.problems)
            self.status.update(Text(self.rule.get("problems", "Earlier steps need attention."), style="red"))
            return
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.view = await self.papp.run_core(self.saver.target.load)
        if outcome.accepted:
            self.done()
        else:
            self.refused(outcome.reasons)

    def refused(self, reasons: tuple[str, ...]) -> None:
        from tui.kit.text_modal import TextModal

        rule = self.rule["refused"]

        def chosen(to_list: bool | None) -> None:
            if to_list:
                self.to_list(resolve(rule["list"]), rule["tab"])

        self.app.push_screen(TextModal(rule["title"], rule["text"].format(reasons="\n\n".join(reasons)),
                                       agree=rule["agree"], close=rule["close"]), chosen)

    def done(self) -> None:
        rule = self.rule["done"]
        details = resolve(rule["details"])
        self.program.leave(self.papp)
        # Resumed from this record's details: those show it (they reload on resume), not a second copy.
        below = self.app.screen
        if not (isinstance(below, details) and below.record_id == self.view.id):
            self.app.push_screen(details(self.actor, self.view.id))
        for then in rule.get("then", ()):
            if load_condition(then.get("when", {})).holds(self.view.answers):
                self.app.push_screen(resolve(then["opens"])(self.actor, self.view))

    def to_list(self, screen: type[RecordListScreen[Any]], tab: str) -> None:
        """To the list the wizard was opened from, on `tab` (closing what lies between), else a new one."""
        app = self.papp
        below = [s for s in app.screen_stack if isinstance(s, screen)]
        if below:
            below[-1].tab = tab  # it reloads on resume
            while len(app.screen_stack) > 1 and app.screen is not below[-1]:
                app.pop_screen()
            return
        self.program.leave(app)
        details = resolve(self.rule["done"]["details"])
        while len(app.screen_stack) > 1 and isinstance(app.screen, details):
            app.pop_screen()
        app.push_screen(screen(self.actor, tab))
