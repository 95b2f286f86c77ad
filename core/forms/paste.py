"""What a paste into a one-line field keeps: one line, no control characters, within the field's limit.

Nothing is dropped silently: the person is told what was kept, or why nothing was pasted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters, escape sequences' ESC included (a terminal sends ESC [ ... for keys, never in text)."""
ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


@dataclass(frozen=True)
class Pasted:
    text: str
    """What goes into the field ("" when the paste is refused)."""
    message: str
    """What the person is told ("" when the paste went in as it was)."""


def paste(text: str, room: int | None, label: str) -> Pasted:
    """Clean a paste for a one-line field with `room` characters left (None: no limit)."""
    lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    filled = [line for line in lines if line.strip()]
    kept = filled[0] if filled else ""
    notes = []
    if len(filled) > 1:
        notes.append(f"The paste had {len(filled)} lines; {label} keeps one line, so only the first was pasted.")
    cleaned = CONTROL.sub("", ESCAPE_SEQUENCE.sub("", kept))
    if cleaned != kept:
        notes.append("Control characters in the paste were left out.")
    if room is not None and len(cleaned) > room:
        return Pasted("", f"Not pasted: {len(cleaned):,} characters, and {label} takes {room:,} more at most. "
                          "Nothing already typed was changed.")
    return Pasted(cleaned, " ".join(notes))
