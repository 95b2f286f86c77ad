"""`packetdesk script FILE...`: run tester scripts, write their pictures, compare with goldens."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import TextIO

from tui.script import goldens
from tui.script.driver import Driver
from tui.script.language import ScriptError, parse
from tui.script.runner import Outcome, execute


def make_driver(pty: bool) -> Driver:
    if pty:
        from tui.script.pty_driver import PtyDriver

        return PtyDriver()
    from tui.script.inprocess import InProcessDriver

    return InProcessDriver()


def indented(text: str, prefix: str = "    | ") -> str:
    return "\n".join(prefix + line for line in text.rstrip("\n").split("\n"))


def report(outcome: Outcome, out_folder: Path, stream: TextIO) -> None:
    problem = outcome.problem
    if problem is None:
        return
    print(str(problem), file=stream)
    if outcome.last_screen is not None:
        print(f"  the screen at line {problem.line} (saved as {out_folder / '_failure.txt'}):", file=stream)
        print(indented(outcome.last_screen.text), file=stream)


def run_file(path: Path, *, update: bool, pty: bool, out_root: Path, stream: TextIO, stats: bool = False) -> int:
    """Run one script; returns 0 (passed), 1 (failed or differs) or 2 (the script is wrong)."""
    started = time.perf_counter()
    try:
        script = parse(path)
    except ScriptError as error:
        print(str(error), file=stream)
        print(f"ERROR {path}", file=stream)
        return 2
    out_folder = out_root / path.stem
    goldens.clear_output(out_folder)
    outcome = asyncio.run(execute(script, make_driver(pty)))
    for picture in outcome.pictures:
        goldens.write_picture(out_folder, picture)
    if outcome.last_screen is not None:
        goldens.write_picture(out_folder, outcome.last_screen)
    report(outcome, out_folder, stream)

    golden_folder = goldens.folder_for(path)
    differences: list[goldens.Difference] = []
    notes: list[str] = []
    if update:
        notes = goldens.update(golden_folder, outcome.pictures, completed=outcome.completed)
    elif golden_folder.is_dir():
        # Under --pty only the text is compared: the SVG is drawn from a terminal emulator's cells.
        for picture in outcome.pictures:
            differences += goldens.compare(golden_folder, out_folder, picture, svg=not pty)
        if outcome.completed:
            differences += goldens.stale(golden_folder, outcome.pictures)
    elif outcome.pictures:
        notes = [f"no goldens in {golden_folder} yet: run with --update to keep these pictures"]
    for difference in differences:
        print(f"{path}: {difference.summary}", file=stream)
        if difference.detail:
            print(difference.detail, file=stream)
    for note in notes:
        print(f"  {note}", file=stream)

    code = outcome.problem.code if outcome.problem else (1 if differences else 0)
    word = {0: "PASS", 1: "FAIL", 2: "ERROR"}[code]
    count = len(outcome.pictures)
    print(
        f"{word} {path}  {count} snapshot{'s' if count != 1 else ''} in {out_folder}  "
        f"{time.perf_counter() - started:.1f} s{'  (pty)' if pty else ''}",
        file=stream,
    )
    if stats:
        print(f"  keystrokes {outcome.keystrokes}: {outcome.typed} typed characters, {outcome.keys} other keys"
              f"{'' if outcome.completed else ' (up to the problem)'}", file=stream)
    return code


def run_scripts(
    files: list[str], *, update: bool = False, pty: bool = False, out_dir: str = "script-out", stream: TextIO | None = None,
    stats: bool = False,
) -> int:
    """Run each script in turn; the exit code is the worst: 2 script errors, 1 failures or differences, 0 all passed."""
    stream = stream or sys.stdout
    if update and pty:
        print("--update rewrites the goldens from in-process runs; run it without --pty", file=stream)
        return 2
    out_root = Path(out_dir).absolute()
    worst = 0
    for name in files:
        worst = max(worst, run_file(Path(name), update=update, pty=pty, out_root=out_root, stream=stream,
                                         stats=stats))
    if len(files) > 1:
        print(f"{len(files)} scripts: {'all passed' if worst == 0 else 'see above'}", file=stream)
    return worst
