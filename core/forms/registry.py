"""Named core functions that declarations refer to: predicates, computed values, step checks, lookups.

A declaration names what it needs ("enrollment.premium_total"); the program's own core module
registers it (a program lists its modules in `modules = [...]`, imported when it loads). Generic
code never names a program: it only looks names up here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

Answers = dict[str, dict[str, Any]]
Predicate = Callable[[Answers], bool]
Computation = Callable[[Answers, date], Any]
StepCheck = Callable[[Answers, date], dict[str, str]]


@dataclass(frozen=True)
class Match:
    """One option a lookup offers: what is shown, what is stored, and other fields it fills."""

    label: str
    value: str
    fills: dict[str, str] = field(default_factory=dict)


Lookup = Callable[[str, Answers], list[Match]]
Submitter = Callable[..., Any]
"""A program's own submit (ctx, actor, packet_id) -> view, for what truly computes (a carrier gateway)."""
"""Matches for what was typed so far (empty text: every option), given the answers around it."""

_PREDICATES: dict[str, Predicate] = {}
_COMPUTATIONS: dict[str, Computation] = {}
_CHECKS: dict[str, StepCheck] = {}
_LOOKUPS: dict[str, Lookup] = {}
_SUBMITTERS: dict[str, Submitter] = {}


def _register(table: dict[str, Any], name: str) -> Callable[[Any], Any]:
    def add(fn: Any) -> Any:
        if name in table and table[name] != fn:  # a function by identity, a declared lookup by its data
            raise ValueError(f"{name!r} is registered twice")
        table[name] = fn
        return fn

    return add


def predicate_named(name: str) -> Callable[[Predicate], Predicate]:
    return _register(_PREDICATES, name)


def computation_named(name: str) -> Callable[[Computation], Computation]:
    return _register(_COMPUTATIONS, name)


def check_named(name: str) -> Callable[[StepCheck], StepCheck]:
    return _register(_CHECKS, name)


def lookup_named(name: str) -> Callable[[Lookup], Lookup]:
    return _register(_LOOKUPS, name)


def submitter_named(name: str) -> Callable[[Submitter], Submitter]:
    return _register(_SUBMITTERS, name)


def _get(table: dict[str, Any], kind: str, name: str) -> Any:
    try:
        return table[name]
    except KeyError:
        raise KeyError(f"no {kind} named {name!r} is registered (is the program's module listed in `modules`?)") from None


def predicate(name: str) -> Predicate:
    return _get(_PREDICATES, "predicate", name)  # type: ignore[no-any-return]


def computation(name: str) -> Computation:
    return _get(_COMPUTATIONS, "computation", name)  # type: ignore[no-any-return]


def check(name: str) -> StepCheck:
    return _get(_CHECKS, "step check", name)  # type: ignore[no-any-return]


def lookup(name: str) -> Lookup:
    return _get(_LOOKUPS, "lookup", name)  # type: ignore[no-any-return]


def submitter(name: str) -> Submitter:
    return _get(_SUBMITTERS, "submitter", name)  # type: ignore[no-any-return]


def has_lookup(name: str) -> bool:
    return name in _LOOKUPS


def load_modules(names: tuple[str, ...]) -> None:
    """Import the modules that register a program's names (idempotent)."""
    for name in names:
        importlib.import_module(name)
