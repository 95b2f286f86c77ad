"""The `.pds` language: one command a line, parsed whole before anything runs."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.script.commands import (
    ClockAdvance,
    ClockSet,
    Command,
    Expect,
    ExpectField,
    OutboxRead,
    Press,
    Resize,
    ScreenRead,
    Script,
    ScriptError,
    SetVariable,
    Snapshot,
    Type,
    Wait,
)
from tui.script.keys import known_keys, normalize

DEFAULT_SIZE = (80, 24)
DEFAULT_WAIT = 5.0
HAND_GAP = 0.04
"""Seconds between the keys of `type by hand` (a brisk typist; over the typing check's burst limit)."""
DEFAULT_OUTBOX_MATCH = r"^ {4}(\S{8})$"

_NAME = re.compile(r"[A-Za-z_]\w*$")
_SNAPSHOT = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*$")
_VARIABLE = re.compile(r"\$\$|\$\{([^}]*)\}")
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|\S+')
_DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhd])")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def unquote(arg: str) -> str:
    """A text argument: "double quoted" with JSON escapes, 'single quoted' as is, else the words."""
    if len(arg) >= 2 and arg[0] == arg[-1] == "'":
        return arg[1:-1]
    if arg.startswith('"'):
        try:
            value = json.loads(arg)
        except json.JSONDecodeError as exc:
            raise ValueError(f"bad quoted text {arg} ({exc.msg})") from None
        if not isinstance(value, str):
            raise ValueError(f"bad quoted text {arg}")
        return value
    return arg


PREDEFINED = ("SCRIPT_DIR",)
"""Names every script has: ${SCRIPT_DIR} is the folder of the script file (scripts run in a scratch folder)."""


def substitute(text: str, variables: dict[str, str]) -> str:
    """Replace ${NAME} with its value and $$ with $."""

    def one(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        return variables[match.group(1)]

    return _VARIABLE.sub(one, text)


def parse_size(arg: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)\s*x\s*(\d+)", arg)
    if not match:
        raise ValueError(f"size must look like 80x24, not {arg!r}")
    width, height = int(match.group(1)), int(match.group(2))
    if not (20 <= width <= 400 and 5 <= height <= 200):
        raise ValueError("size must be between 20x5 and 400x200")
    return width, height


def parse_duration(arg: str) -> timedelta:
    compact = arg.replace(" ", "")
    parts = _DURATION.findall(compact)
    if not parts or "".join(n + u for n, u in parts) != compact:
        raise ValueError(f"a duration looks like 31m, 90s, 2h or 1h30m, not {arg!r}")
    return timedelta(seconds=sum(float(n) * _UNITS[u] for n, u in parts))


def parse_when(arg: str) -> datetime:
    try:
        when = datetime.fromisoformat(arg.strip())
    except ValueError:
        raise ValueError(f"a time looks like 2026-11-24T14:00 (UTC), not {arg!r}") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def parse_keys(arg: str) -> tuple[tuple[str, str], ...]:
    keys: list[tuple[str, str]] = []
    for token in _TOKEN.findall(arg):
        if token[0] in "\"'" and len(token) >= 2:
            keys.append(("text", unquote(token)))
            continue
        name, _, count = token.partition("*")
        key = normalize(name)
        if key is None:
            raise ValueError(f"unknown key {name!r}; keys are {known_keys()}")
        if count and not (count.isdigit() and 1 <= int(count) <= 500):
            raise ValueError(f"a repeat count looks like tab*3, not {token!r}")
        keys.extend([("key", key)] * int(count or 1))
    if not keys:
        raise ValueError("press needs at least one key")
    return tuple(keys)


def parse_options(arg: str, allowed: tuple[str, ...]) -> tuple[list[str], dict[str, str]]:
    """Leading bare words, then `option value` pairs (values may be quoted)."""
    tokens = _TOKEN.findall(arg)
    words: list[str] = []
    options: dict[str, str] = {}
    index = 0
    while index < len(tokens) and tokens[index] not in allowed:
        words.append(tokens[index])
        index += 1
    while index < len(tokens):
        option = tokens[index]
        if option not in allowed:
            raise ValueError(f"unexpected {option!r}; options are {', '.join(allowed)}")
        if index + 1 >= len(tokens):
            raise ValueError(f"{option} needs a value")
        options[option] = unquote(tokens[index + 1])
        index += 2
    return words, options


def compile_pattern(text: str) -> re.Pattern[str]:
    try:
        return re.compile(text, re.MULTILINE)
    except re.error as exc:
        raise ValueError(f"bad regular expression {text!r}: {exc}") from None


def variable_name(words: list[str], command: str) -> str:
    if len(words) != 1 or not _NAME.match(words[0]):
        raise ValueError(f"{command} needs one variable name (letters, digits, _), e.g. {command} PASSWORD")
    return words[0]


def parse_line(number: int, keyword: str, arg: str) -> Command:
    """One command from its keyword and the rest of its line."""
    if keyword == "type":
        if not arg:
            raise ValueError("type needs text, e.g. type DEMONMOK-NMOK2026")
        if arg.startswith("by hand "):  # one key at a time, as a person types: the typing pattern measures it
            return Type(number, unquote(arg[len("by hand "):].strip()), HAND_GAP)
        return Type(number, unquote(arg))
    if keyword == "press":
        return Press(number, parse_keys(arg))
    if keyword in ("wait", "expect"):
        timeout = DEFAULT_WAIT
        if keyword == "wait" and (match := re.fullmatch(r"(.*?)\s+timeout\s+(\d+(?:\.\d+)?)s?", arg)):
            arg, timeout = match.group(1), float(match.group(2))
        absent = arg.startswith("not ")
        if absent:
            arg = arg[4:].strip()
        if keyword == "expect" and arg.startswith("field "):
            field_id, _, text = arg[6:].strip().partition(" ")
            field_id = field_id.removeprefix("#")
            if absent or not re.fullmatch(r"[A-Za-z_][\w-]*", field_id):
                raise ValueError("expect field needs a field id, e.g. expect field f-city Albuquerque")
            return ExpectField(number, field_id, unquote(text.strip()) if text.strip() else "")
        if not arg:
            raise ValueError(f"{keyword} needs the text to look for")
        text = unquote(arg)
        if keyword == "wait":
            return Wait(number, text, timeout, absent)
        return Expect(number, text, absent)
    if keyword == "snapshot":
        if not _SNAPSHOT.match(arg):
            raise ValueError("snapshot needs a name of letters, digits, - _ or ., e.g. snapshot welcome")
        return Snapshot(number, arg)
    if keyword == "clock":
        action, _, value = arg.partition(" ")
        if action == "set":
            return ClockSet(number, parse_when(value))
        if action == "advance":
            return ClockAdvance(number, parse_duration(value))
        raise ValueError("clock needs set TIME or advance DURATION, e.g. clock advance 31m")
    if keyword == "resize":
        return Resize(number, *parse_size(arg))
    if keyword == "outbox":
        words, options = parse_options(arg, ("kind", "to", "match"))
        return OutboxRead(
            number, variable_name(words, "outbox"), options.get("kind"), options.get("to"),
            compile_pattern(options.get("match", DEFAULT_OUTBOX_MATCH)),
        )
    if keyword == "screen":
        words, options = parse_options(arg, ("match",))
        if "match" not in options:
            raise ValueError("screen needs match REGEX, e.g. screen CODE match 'Confirmation code: (\\w+)'")
        return ScreenRead(number, variable_name(words, "screen"), compile_pattern(options["match"]))
    if keyword == "set":
        name, _, text = arg.partition(" ")
        return SetVariable(number, variable_name([name], "set"), unquote(text.strip()))
    raise ValueError(
        f"unknown command {keyword!r}; commands are type, press, wait, expect, snapshot, clock, resize, "
        "outbox, screen, set (and size on the first line)"
    )


def text_of(command: Command) -> list[str]:
    """The texts of a command that may use ${VARIABLES}."""
    if isinstance(command, Press):
        return [value for kind, value in command.keys if kind == "text"]
    texts = [getattr(command, name, None) for name in ("text", "to")]
    return [t for t in texts if isinstance(t, str)]


def parse(path: Path, source: str | None = None) -> Script:
    """Read a whole script; any mistake raises ScriptError naming the file and line."""
    if source is None:
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ScriptError(path, 0, f"cannot read the script: {exc}") from None
    size = DEFAULT_SIZE
    commands: list[Command] = []
    defined: set[str] = set(PREDEFINED)
    snapshots: dict[str, int] = {}
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, arg = line.partition(" ")
        keyword, arg = keyword.lower(), arg.strip()
        try:
            if keyword == "size":
                if commands:
                    raise ValueError("size must come before any other command (use resize later on)")
                size = parse_size(arg)
                continue
            command = parse_line(number, keyword, arg)
            for text in text_of(command):
                for match in _VARIABLE.finditer(text):
                    if match.group(0) != "$$" and match.group(1) not in defined:
                        raise ValueError(f"${{{match.group(1)}}} is not set before this line (use outbox, screen or set)")
        except ValueError as exc:
            raise ScriptError(path, number, str(exc)) from None
        if isinstance(command, Snapshot):
            if command.name in snapshots:
                raise ScriptError(path, number, f"snapshot {command.name} is already taken at line {snapshots[command.name]}")
            snapshots[command.name] = number
        if isinstance(command, OutboxRead | ScreenRead | SetVariable):
            defined.add(command.variable)
        commands.append(command)
    return Script(path, size, tuple(commands))
