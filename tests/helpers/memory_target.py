"""An in-memory SaveTarget for the kit's wizard: a made-up program's steps, saved with no database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from core.forms.fields import step_problems
from core.forms.spec import StepSpec
from core.kernel.errors import ValidationFailed

TODAY = date(2026, 11, 24)


@dataclass
class Record:
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    version: int = 1
    key: str = "P-1"
    id: int = 1


@dataclass
class Saved:
    view: Record
    problems: dict[str, str]


@dataclass
class MemoryTarget:
    """Next's save is checked by the declaration's own rules (and `check`, a rule only code says); the
    record keeps every save, and `saves` says which were checked."""

    steps: tuple[StepSpec, ...]
    record: Record = field(default_factory=Record)
    check: Callable[[StepSpec, dict[str, Any]], dict[str, str]] | None = None
    saves: list[tuple[str, bool]] = field(default_factory=list)

    def save(self, step_id: str, values: dict[str, Any], version: int, *, complete: bool, go_to: Any = None) -> Saved:
        spec = next(s for s in self.steps if s.id == step_id)
        problems = step_problems(spec, values, TODAY)
        if self.check is not None:
            problems.update(self.check(spec, values))
        if complete and problems:
            raise ValidationFailed(problems)
        self.saves.append((step_id, complete))
        self.record = replace(self.record, answers={**self.record.answers, step_id: dict(values)},
                              version=self.record.version + 1)
        return Saved(self.record, {})

    def save_draft(self, step_id: str, values: dict[str, Any], version: int) -> None:
        return None

    def discard_draft(self, step_id: str) -> None:
        return None

    def load(self) -> Record:
        return self.record


OPENED: list[MemoryTarget] = []
"""The store a test opened last: what a made-up declaration's `[wizard] records` names."""


def opened(ctx: Any, actor: Any, record_id: int) -> MemoryTarget:
    """`records = "tests.helpers.memory_target:opened"`: the store the test put in OPENED."""
    return OPENED[-1]
