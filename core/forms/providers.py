"""Named providers a declaration refers to that need more than the answers: type-ahead options for the
signed-in person, computed actions behind a button, normalisers run on save.

A type-ahead provider receives the context, the actor and the data file the declaration names, so a
field can offer what that person holds (their writing numbers, their clients). Generic code names no
program: a feature's core module registers the names, a declaration picks them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from core.forms.registry import Match
from core.kernel.context import AppContext
from core.kernel.events import Actor

Answers = dict[str, dict[str, Any]]
TypeAhead = Callable[[AppContext, Actor, str, Answers], list[Match]]
"""(ctx, actor, the declared data file, the answers) -> every option the actor may pick."""


@dataclass(frozen=True)
class Computed:
    """What a computed action gives: the field's new value ("" when none) and the problems to show."""

    value: str
    problems: tuple[str, ...] = ()


Action = Callable[[Answers, date], Computed]
Normaliser = Callable[[dict[str, Any]], dict[str, Any]]
"""A step's values as stored, from the values as typed (e.g. each row's kind from its label)."""

_TYPE_AHEADS: dict[str, TypeAhead] = {}
_ACTIONS: dict[str, Action] = {}
_NORMALISERS: dict[str, Normaliser] = {}


def _register(table: dict[str, Any], name: str) -> Callable[[Any], Any]:
    def add(fn: Any) -> Any:
        if table.get(name, fn) is not fn:
            raise ValueError(f"{name!r} is registered twice")
        table[name] = fn
        return fn

    return add


def _get(table: dict[str, Any], kind: str, name: str) -> Any:
    if name not in table:
        raise KeyError(f"no {kind} named {name!r} is registered (is the program's module listed in `modules`?)")
    return table[name]


def type_ahead_named(name: str) -> Callable[[TypeAhead], TypeAhead]:
    return _register(_TYPE_AHEADS, name)


def action_named(name: str) -> Callable[[Action], Action]:
    return _register(_ACTIONS, name)


def normaliser_named(name: str) -> Callable[[Normaliser], Normaliser]:
    return _register(_NORMALISERS, name)


def type_ahead(name: str) -> TypeAhead:
    return _get(_TYPE_AHEADS, "type-ahead provider", name)  # type: ignore[no-any-return]


def action(name: str) -> Action:
    return _get(_ACTIONS, "computed action", name)  # type: ignore[no-any-return]


def normalised(names: tuple[str, ...], values: dict[str, Any]) -> dict[str, Any]:
    """The values through each named normaliser of a step, in order."""
    for name in names:
        values = _get(_NORMALISERS, "normaliser", name)(values)
    return values
