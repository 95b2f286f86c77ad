"""Run a parsed script against a driver, command by command."""

from __future__ import annotations

import re
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from tui.script.commands import (
    AssertionFailed,
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
    ScriptProblem,
    SetVariable,
    Snapshot,
    Type,
    Wait,
)
from tui.script.driver import Driver, DriverTrouble
from tui.script.language import substitute

_COLUMN = re.compile(r"[^│┃║▌▐]+")
_SCROLLBAR = re.compile(r"[▁▂▃▄▅▆▇█▏▎▍▌▋▊▉]+\s*$")
"""A scrollbar's thumb at the end of a row: not part of the text a notice or box beside it wraps."""


def flows(text: str) -> list[str]:
    """The screen's text read down each column between borders (boxes, toasts), wrapped lines joined."""
    columns: dict[int, list[str]] = {}
    for line in text.split("\n"):
        line = _SCROLLBAR.sub("", line)
        for part in _COLUMN.finditer(line):
            columns.setdefault(part.start(), []).append(part.group())
    return [" ".join(" ".join(parts).split()) for parts in columns.values()]


def on_screen(wanted: str, screen: str) -> bool:
    """On one line as written, or in a column's flowing text (so wrapped sentences match)."""
    if wanted in screen:
        return True
    words = " ".join(wanted.split())
    return any(words in flow for flow in flows(screen))


@dataclass(frozen=True)
class Picture:
    """One snapshot: its name, the line that took it, the screen as text and as SVG."""

    name: str
    line: int
    text: str
    svg: str


@dataclass
class Outcome:
    """What running one script gave."""

    pictures: list[Picture] = field(default_factory=list)
    problem: ScriptProblem | None = None
    last_screen: Picture | None = None
    """The screen when the script stopped on a problem."""
    typed: int = 0
    """Characters typed (Type and the text parts of Press): one keystroke each."""
    keys: int = 0
    """Named keys pressed (Enter, Tab, F8, ctrl+g ...)."""

    @property
    def keystrokes(self) -> int:
        return self.typed + self.keys

    @property
    def completed(self) -> bool:
        return self.problem is None


class Execution:
    """Runs commands in order, keeping variables; stops at the first problem."""

    def __init__(self, script: Script, driver: Driver) -> None:
        self.script = script
        self.driver = driver
        self.variables: dict[str, str] = {"SCRIPT_DIR": str(Path(script.path).resolve().parent)}
        self.outcome = Outcome()

    def fail(self, command: Command, message: str) -> AssertionFailed:
        return AssertionFailed(self.script.path, command.line, message)

    async def run(self) -> Outcome:
        command: Command | None = None
        started = False
        try:
            await self.driver.start(self.script.size)
            started = True
            for command in self.script.commands:
                await self.step(command)
        except ScriptProblem as problem:
            self.outcome.problem = problem
        except DriverTrouble as trouble:
            self.outcome.problem = AssertionFailed(self.script.path, command.line if command else 1, str(trouble))
        except Exception as exc:  # a crash in the app or core: report it at its line, with where it happened
            where = "".join(traceback.format_exception(exc, limit=-3, chain=False)).rstrip()
            self.outcome.problem = AssertionFailed(
                self.script.path, command.line if command else 1,
                f"{'the app could not start' if not started else 'unexpected error'}: {type(exc).__name__}: {exc}\n{where}",
            )
        if self.outcome.problem is not None and started:
            try:
                text, svg = await self.driver.snapshot("failure", as_is=True)
                self.outcome.last_screen = Picture("_failure", self.outcome.problem.line, text, svg)
            except Exception:  # noqa: BLE001 - the picture is a courtesy; the problem is already reported
                pass
        try:
            await self.driver.close()
        except DriverTrouble as trouble:
            if self.outcome.problem is None:
                self.outcome.problem = AssertionFailed(self.script.path, command.line if command else 1, str(trouble))
        return self.outcome

    def text(self, value: str) -> str:
        return substitute(value, self.variables)

    async def step(self, command: Command) -> None:
        driver = self.driver
        if isinstance(command, Type):
            text = self.text(command.text)
            self.outcome.typed += len(text)
            await driver.type_text(text, command.gap)
        elif isinstance(command, Press):
            keys = tuple((kind, self.text(value) if kind == "text" else value) for kind, value in command.keys)
            self.outcome.typed += sum(len(value) for kind, value in keys if kind == "text")
            self.outcome.keys += sum(1 for kind, _ in keys if kind != "text")
            await driver.press(keys)
        elif isinstance(command, Wait):
            await self.wait(command)
        elif isinstance(command, Expect):
            wanted = self.text(command.text)
            screen = await driver.screen_text()
            if on_screen(wanted, screen) == command.absent:
                raise self.fail(command, f"expected {'no ' if command.absent else ''}{wanted!r} on the screen")
        elif isinstance(command, ExpectField):
            wanted = self.text(command.text)
            value = await driver.field(command.field_id)
            if value is None:
                raise self.fail(command, f"no field #{command.field_id} on this screen")
            if value != wanted:
                raise self.fail(command, f"field #{command.field_id} holds {value!r}, expected {wanted!r}")
        elif isinstance(command, Snapshot):
            text, svg = await driver.snapshot(command.name)
            self.outcome.pictures.append(Picture(command.name, command.line, text, svg))
        elif isinstance(command, ClockSet):
            await driver.move_clock(when=command.when)
        elif isinstance(command, ClockAdvance):
            await driver.move_clock(delta=command.delta)
        elif isinstance(command, Resize):
            await driver.resize(command.width, command.height)
        elif isinstance(command, OutboxRead):
            await self.read_outbox(command)
        elif isinstance(command, ScreenRead):
            screen = await driver.screen_text()
            match = command.pattern.search(screen)
            if match is None:
                raise self.fail(command, f"nothing on the screen matches {command.pattern.pattern!r}")
            self.variables[command.variable] = match.group(1) if match.groups() else match.group(0)
        elif isinstance(command, SetVariable):
            self.variables[command.variable] = self.text(command.text)
        else:  # pragma: no cover - the parser makes only the commands above
            raise ScriptError(self.script.path, command.line, f"cannot run {type(command).__name__}")

    async def wait(self, command: Wait) -> None:
        wanted = self.text(command.text)
        deadline = time.monotonic() + command.timeout
        while on_screen(wanted, await self.driver.screen_text()) == command.absent:
            if time.monotonic() > deadline:
                seen = "still" if command.absent else "not"
                raise self.fail(command, f"waited {command.timeout:g} s: {wanted!r} is {seen} on the screen")
            await self.driver.tick()
        await self.driver.settle()

    async def read_outbox(self, command: OutboxRead) -> None:
        to = self.text(command.to) if command.to else None
        message = await self.driver.latest_message(command.kind, to)
        where = " ".join(part for part in (f"kind {command.kind!r}" if command.kind else "", f"to {to}" if to else "") if part)
        if message is None:
            raise self.fail(command, f"no message in the outbox{' with ' + where if where else ''}")
        match = command.pattern.search(message.body)
        if match is None:
            raise self.fail(
                command,
                f"the latest message ({message.kind} to {message.to_address}: {message.subject!r}) has no match for "
                f"{command.pattern.pattern!r}; its text:\n{message.body}",
            )
        self.variables[command.variable] = match.group(1) if match.groups() else match.group(0)


async def execute(script: Script, driver: Driver) -> Outcome:
    """Run every command of the script; the outcome holds pictures and the first problem."""
    return await Execution(script, driver).run()
