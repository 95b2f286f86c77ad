"""Conditions written as data: on one answer, on several (all / any / not), on two dates, or a named predicate."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

Answers = dict[str, dict[str, Any]]


@dataclass(frozen=True)
class Condition:
    """A condition written as data: on one answer, on several (all / any / not), or a named core predicate.

    An empty condition always holds. A field named without its step is looked up in the step that
    declares it ("tobacco"), with its step in any step ("licenses.states").
    """

    field: str = ""
    equals: str | None = None
    not_equals: str | None = None
    one_of: tuple[str, ...] = ()
    contains_any: tuple[str, ...] = ()
    is_set: bool | None = None
    all_of: tuple[Condition, ...] = ()
    any_of: tuple[Condition, ...] = ()
    negate: Condition | None = None
    predicate: str = ""
    """A named predicate registered in core (core.forms.registry), for what data cannot say."""
    days_before: int | None = None
    """The field's date is more than this many days before the date `than` names (another answer)."""
    than: str = ""
    follows: tuple[str, ...] = ()
    """The answers of its own step a predicate reads: it stays live in the form while they are typed."""

    @property
    def empty(self) -> bool:
        return not (self.field or self.all_of or self.any_of or self.negate or self.predicate)

    def holds(self, answers: Answers, default_step: str = "") -> bool:
        """Whether it holds for these answers."""
        if self.all_of and not all(c.holds(answers, default_step) for c in self.all_of):
            return False
        if self.any_of and not any(c.holds(answers, default_step) for c in self.any_of):
            return False
        if self.negate is not None and self.negate.holds(answers, default_step):
            return False
        if self.predicate:
            from core.forms.registry import predicate

            if not predicate(self.predicate)(answers):
                return False
        if not self.field:
            return True
        if self.days_before is not None:
            return self._days_before(answers, default_step)
        return self._value_holds(self.value(answers, default_step))

    def _days_before(self, answers: Answers, default_step: str) -> bool:
        from core.forms.fields import parse_date

        day = parse_date(str(self.value(answers, default_step) or ""))
        other = parse_date(str(replace(self, field=self.than).value(answers, default_step) or ""))
        return bool(day and other and (other - day).days > (self.days_before or 0))

    def value(self, answers: Answers, default_step: str = "") -> Any:
        step, _, name = self.field.partition(".") if "." in self.field else (default_step, "", self.field)
        return answers.get(step, {}).get(name)

    def _value_holds(self, value: Any) -> bool:
        text = "" if value is None else str(value)
        present = value if isinstance(value, list) else [v for v in text.split(",") if v]
        if self.is_set is not None and (bool(present) if isinstance(value, list) else bool(text.strip())) != self.is_set:
            return False
        if self.equals is not None and text != self.equals:
            return False
        if self.not_equals is not None and text == self.not_equals:
            return False
        if self.one_of and text not in self.one_of:
            return False
        return not (self.contains_any and not any(v in present for v in self.contains_any))

    @property
    def fields(self) -> set[str]:
        """Every answer the condition reads (for redrawing when one of them changes)."""
        found = {f for f in (self.field, self.than) if f}
        for part in (*self.all_of, *self.any_of, *((self.negate,) if self.negate else ())):
            found |= part.fields
        return found


ALWAYS = Condition()


def load_condition(raw: dict[str, Any]) -> Condition:
    return Condition(
        field=raw.get("field", ""),
        equals=raw.get("equals"),
        not_equals=raw.get("not_equals"),
        one_of=tuple(raw.get("one_of", ())),
        contains_any=tuple(raw.get("contains_any", ())),
        is_set=raw.get("is_set"),
        all_of=tuple(load_condition(c) for c in raw.get("all", ())),
        any_of=tuple(load_condition(c) for c in raw.get("any", ())),
        negate=load_condition(raw["not"]) if "not" in raw else None,
        predicate=raw.get("predicate", ""),
        follows=tuple(raw.get("follows", ())),
        days_before=raw.get("days_before"),
        than=raw.get("than", ""),
    )
