"""Key names a script may press, and the bytes a terminal sends for each."""

from __future__ import annotations

import re

# What a VT100/xterm-style terminal sends (the same as tmux and the Linux console).
SEQUENCES: dict[str, str] = {
    "tab": "\t",
    "shift+tab": "\x1b[Z",
    "enter": "\r",
    "escape": "\x1b",
    "space": " ",
    "backspace": "\x7f",
    "delete": "\x1b[3~",
    "insert": "\x1b[2~",
    "home": "\x1b[H",
    "end": "\x1b[F",
    "up": "\x1b[A",
    "down": "\x1b[B",
    "right": "\x1b[C",
    "left": "\x1b[D",
    "pageup": "\x1b[5~",
    "pagedown": "\x1b[6~",
    "f1": "\x1bOP",
    "f2": "\x1bOQ",
    "f3": "\x1bOR",
    "f4": "\x1bOS",
    "f5": "\x1b[15~",
    "f6": "\x1b[17~",
    "f7": "\x1b[18~",
    "f8": "\x1b[19~",
    "f9": "\x1b[20~",
    "f10": "\x1b[21~",
    "f11": "\x1b[23~",
    "f12": "\x1b[24~",
}

ALIASES = {"esc": "escape", "return": "enter", "pgup": "pageup", "pgdn": "pagedown", "backtab": "shift+tab"}

_CTRL = re.compile(r"ctrl\+([a-z])$")
_ALT = re.compile(r"alt\+([a-z0-9])$")


def normalize(name: str) -> str | None:
    """The canonical key name for what a script wrote, or None when it is not a key we know."""
    if len(name) == 1 and name.isprintable() and not name.isspace():
        return name
    lowered = name.lower()
    lowered = ALIASES.get(lowered, lowered)
    if lowered in SEQUENCES or _CTRL.match(lowered) or _ALT.match(lowered):
        return lowered
    return None


def terminal_bytes(key: str) -> str:
    """The characters a terminal sends when this (normalized) key is pressed."""
    if key in SEQUENCES:
        return SEQUENCES[key]
    if match := _CTRL.match(key):
        return chr(ord(match.group(1)) - ord("a") + 1)
    if match := _ALT.match(key):
        return "\x1b" + match.group(1)
    return key


def known_keys() -> str:
    """A short list for error messages."""
    return "tab, shift+tab, enter, escape, space, backspace, delete, home, end, arrows, pageup, pagedown, f1..f12, ctrl+a..z, alt+a..z, or one character"
