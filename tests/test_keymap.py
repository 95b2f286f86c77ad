"""One key per action, the same on every screen (issue 16, "A keymap": "every screen of every program
uses the same keys for the same actions (today F9 signs on one screen, submits on another, opens
Quote & Enroll on the welcome screen)"). Walks every Binding of every screen and widget in tui/."""

from __future__ import annotations

import importlib
import pkgutil
from collections import defaultdict

from textual.binding import Binding
from textual.dom import DOMNode

import tui
from tui.kit.keymap import CONVENTIONAL, RESERVED

# The convention is about the footer's keys: F-keys and Escape. Letters, arrows and ctrl+ shortcuts
# (ctrl+pageup beside F3, `r` on the desk) are extra ways in, local to their screen.
CONVENTION_KEYS = {f"f{n}" for n in range(1, 13)} | {"escape"}

SHARED_NAMES: dict[str, str] = {
    # action -> why the screens that use the name mean different things
}


def bindings() -> list[tuple[str, str, str]]:
    """(screen or widget class, key, action) for every binding declared in tui/."""
    for module in pkgutil.walk_packages(tui.__path__, "tui."):
        if not module.name.startswith(("tui.serve", "tui.script")):
            importlib.import_module(module.name)
    found: list[tuple[str, str, str]] = []
    seen: set[type] = set()

    def walk(cls: type) -> None:
        for sub in cls.__subclasses__():
            if sub in seen:
                continue
            seen.add(sub)
            if sub.__module__.startswith("tui."):
                for binding in sub.__dict__.get("BINDINGS", []):
                    if isinstance(binding, Binding):
                        for key in binding.key.split(","):
                            found.append((f"{sub.__module__}.{sub.__name__}", key.strip(), binding.action))
            walk(sub)

    walk(DOMNode)
    return found


def test_the_walk_finds_the_screens_keys() -> None:
    """A walk that finds nothing would pass everything below."""
    found = {(where.rsplit(".", 1)[-1], key, action) for where, key, action in bindings()}
    assert ("DocumentScreen", "f9", "act") in found
    assert ("StaffHomeScreen", "f10", "log_out") in found
    assert len(found) > 100


def test_one_action_has_one_key_on_every_screen() -> None:
    keys: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for where, key, action in bindings():
        if key in CONVENTION_KEYS:
            keys[action][key].add(where)
    mixed = {action: {key: sorted(places) for key, places in by_key.items()}
             for action, by_key in keys.items() if len(by_key) > 1 and action not in SHARED_NAMES}
    assert mixed == {}


def test_an_action_found_on_several_screens_has_its_conventional_key() -> None:
    wrong = sorted((where, action, key) for where, key, action in bindings()
                   if key in CONVENTION_KEYS and CONVENTIONAL.get(action, key) != key)
    assert wrong == []


def test_a_reserved_key_means_its_category_everywhere() -> None:
    wrong = sorted((where, key, action) for where, key, action in bindings()
                   if key in RESERVED and action.split("(")[0] not in RESERVED[key][1])
    assert wrong == []


def test_the_allow_list_names_only_actions_that_share_a_name() -> None:
    """An entry whose action is on one key only (or gone) hides nothing and must go."""
    keys: dict[str, set[str]] = defaultdict(set)
    for _, key, action in bindings():
        if key in CONVENTION_KEYS:
            keys[action].add(key)
    assert {action for action in SHARED_NAMES if len(keys[action]) < 2} == set()
