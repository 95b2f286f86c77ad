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


@dataclass(frozen=True)
class Owned:
    """Whose a record is, as one of its answers says (a writing number), and what that answer fills in its step."""

    producer_id: int
    account_id: int | None
    fills: dict[str, Any] = field(default_factory=dict)


Lookup = Callable[[str, Answers], list[Match]]
Owner = Callable[..., Any]
"""Who a record belongs to, from one of its answers: (ctx, actor, value, answers, strict) -> Owned, or NotAllowed."""
Scope = Callable[..., bool]
"""Whether an actor works for a record's producer where the record is: (session, actor, producer_id, where)."""
Reach = Callable[..., set[int]]
"""The producers a scope lets an actor reach at all, for narrowing a list in its query: (session, actor) -> ids."""
Fact = Callable[..., Any]
"""What a record's screens show that is kept outside its answers: (ctx, view) -> the value ([records] facts)."""
Submitter = Callable[..., Any]
"""A carrier's gateway a declaration's [submit] names in place of its declared refusals: (view, today) -> a
result with `accepted` and `reasons` (a real carrier's enrollment API behind this interface)."""
"""Matches for what was typed so far (empty text: every option), given the answers around it."""

_PREDICATES: dict[str, Predicate] = {}
_COMPUTATIONS: dict[str, Computation] = {}
_CHECKS: dict[str, StepCheck] = {}
_LOOKUPS: dict[str, Lookup] = {}
_SUBMITTERS: dict[str, Submitter] = {}
_OWNERS: dict[str, Owner] = {}
_SCOPES: dict[str, Scope] = {}
_REACHES: dict[str, Reach] = {}
_FACTS: dict[str, Fact] = {}


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


def owner_named(name: str) -> Callable[[Owner], Owner]:
    return _register(_OWNERS, name)


def scope_named(name: str) -> Callable[[Scope], Scope]:
    return _register(_SCOPES, name)


def reach_named(name: str) -> Callable[[Reach], Reach]:
    """The producers the scope of the same name can reach (registered beside it)."""
    return _register(_REACHES, name)


def fact_named(name: str) -> Callable[[Fact], Fact]:
    return _register(_FACTS, name)


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


def owner(name: str) -> Owner:
    return _get(_OWNERS, "owner", name)  # type: ignore[no-any-return]


def scope(name: str) -> Scope:
    return _get(_SCOPES, "scope", name)  # type: ignore[no-any-return]


def reach(name: str) -> Reach | None:
    """A scope's reach, when one is registered (else a list checks every record one by one)."""
    return _REACHES.get(name)


def fact(name: str) -> Fact:
    return _get(_FACTS, "fact", name)  # type: ignore[no-any-return]


def has_lookup(name: str) -> bool:
    return name in _LOOKUPS


def load_modules(names: tuple[str, ...]) -> None:
    """Import the modules that register a program's names (idempotent)."""
    for name in names:
        importlib.import_module(name)
