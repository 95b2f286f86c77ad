"""The commands of a parsed script, and the problems a script run can stop on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path


class ScriptProblem(Exception):
    """Something wrong at a line of a script; `code` is the exit code it stands for."""

    code = 2

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(message)
        self.path = str(path)
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ScriptError(ScriptProblem):
    """The script itself is wrong (syntax, unknown key, unset variable): exit code 2."""

    code = 2


class AssertionFailed(ScriptProblem):
    """The app did not show what the script expected: exit code 1."""

    code = 1


@dataclass(frozen=True)
class Command:
    line: int


@dataclass(frozen=True)
class Type(Command):
    text: str
    gap: float = 0.0
    """Seconds between keys: 0 sends the text as one burst; `type by hand` spaces the keys out."""


@dataclass(frozen=True)
class Press(Command):
    keys: tuple[tuple[str, str], ...]
    """("key", name) or ("text", characters), in order."""


@dataclass(frozen=True)
class Wait(Command):
    text: str
    timeout: float
    absent: bool


@dataclass(frozen=True)
class Expect(Command):
    text: str
    absent: bool


@dataclass(frozen=True)
class ExpectField(Command):
    field_id: str
    text: str


@dataclass(frozen=True)
class Snapshot(Command):
    name: str


@dataclass(frozen=True)
class ClockSet(Command):
    when: datetime


@dataclass(frozen=True)
class ClockAdvance(Command):
    delta: timedelta


@dataclass(frozen=True)
class Resize(Command):
    width: int
    height: int


@dataclass(frozen=True)
class OutboxRead(Command):
    variable: str
    kind: str | None
    to: str | None
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class ScreenRead(Command):
    variable: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class SetVariable(Command):
    variable: str
    text: str


@dataclass(frozen=True)
class Script:
    path: Path
    size: tuple[int, int]
    commands: tuple[Command, ...]
