"""Which body draws which step: the generic ones by kind, a program's own by the name its declaration gives.

A declaration's `body = "area.name"` is looked up after importing tui.<area>.bodies, which registers
it with `@body_named("area.name")`. Generic code never names a program.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from core.forms.spec import StepSpec
from tui.packet.bodies.base import StepBody

if TYPE_CHECKING:
    from tui.packet.program_screen import ProgramScreen

BodyFactory = Callable[..., StepBody]
_NAMED: dict[str, BodyFactory] = {}


def body_named(name: str) -> Callable[[BodyFactory], BodyFactory]:
    def add(factory: BodyFactory) -> BodyFactory:
        _NAMED[name] = factory
        return factory

    return add


def _generic(kind: str) -> BodyFactory:
    from tui.packet.bodies.documents import DocumentsBody
    from tui.packet.bodies.form import FormBody
    from tui.packet.bodies.info import InfoBody
    from tui.packet.bodies.print import PrintBody
    from tui.packet.bodies.send import SendBody
    from tui.packet.bodies.summary import SummaryBody

    kinds: dict[str, BodyFactory] = {
        "form": FormBody, "info": InfoBody, "documents": DocumentsBody, "send": SendBody,
        "print": PrintBody, "summary": SummaryBody,
    }
    return kinds[kind]


def body_for(screen: ProgramScreen, step: StepSpec, *, tabbed: bool) -> StepBody:
    if step.body:
        if step.body not in _NAMED:
            area = step.body.partition(".")[0]
            importlib.import_module(f"tui.{area}.bodies")
        return _NAMED[step.body](screen, step, tabbed=tabbed)
    return _generic(step.kind)(screen, step, tabbed=tabbed)
