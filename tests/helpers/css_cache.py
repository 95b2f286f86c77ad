"""Textual CSS parsed once per test process instead of once per app.

Every app a test starts parses the same stylesheets (its own, every widget's DEFAULT_CSS) with the
same theme variables, and parses them again when the theme's variables are set: about a third of
an app's start-up. Textual keeps parsed rules per stylesheet; this keeps them per process, keyed
on the CSS and on every variable it could refer to, so a different theme still parses afresh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

_parsed: dict[tuple[Any, ...], list[RuleSet]] = {}


def _cached(parse_rules: Callable[..., list[RuleSet]]) -> Callable[..., list[RuleSet]]:
    def parse(self: Stylesheet, css: str, read_from: Any, is_default_rules: bool = False, tie_breaker: int = 0,
              scope: str = "") -> list[RuleSet]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, tuple(sorted(self._variables.items())))
        rules = _parsed.get(key)
        if rules is None:
            rules = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
            _parsed[key] = rules
        return rules

    return parse


@contextmanager
def parsed_once() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Stylesheet, "_parse_rules", _cached(Stylesheet._parse_rules))
        yield
