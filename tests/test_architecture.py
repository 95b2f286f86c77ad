"""The shape the code promises: generic code names no program, and a program is data plus small core modules."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GENERIC = ("tui/kit", "tui/packet", "core/forms", "core/packets", "core/identity", "core/kernel", "core/notify",
           "core/payments")
PROGRAM_NAMES = re.compile(r"hcsc|cigna|bcbs|ifm", re.IGNORECASE)


def test_generic_code_names_no_program() -> None:
    found = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for folder in GENERIC
        for path in sorted((REPO / folder).rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if PROGRAM_NAMES.search(line)
    ]
    assert found == []


def test_one_screen_per_file_and_files_small_enough_to_read() -> None:
    large = [
        f"{path.relative_to(REPO)} ({count} lines)"
        for folder in ("core", "tui")
        for path in (REPO / folder).rglob("*.py")
        if "migrations" not in path.parts and (count := len(path.read_text(encoding="utf-8").splitlines())) > 500
    ]
    assert large == []
