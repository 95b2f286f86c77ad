"""Screens as plain text and SVG: from a running Textual app, or from a pyte terminal emulator."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    import pyte
    from textual.app import App

# pyte names the 16 ANSI colours its own way ("brown" is yellow).
_PYTE_COLOURS = {
    "black": "black", "red": "red", "green": "green", "brown": "yellow", "blue": "blue",
    "magenta": "magenta", "cyan": "cyan", "white": "white",
}


def plain(lines: list[str]) -> str:
    """What a person sees: trailing spaces trimmed, LF endings, one final newline."""
    return "\n".join(line.rstrip() for line in lines).rstrip("\n") + "\n"


def _recorder(width: int, height: int) -> Console:
    return Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, color_system="truecolor",
        record=True, legacy_windows=False, safe_box=False, _environ={},
    )


def _app_console(app: App[Any]) -> Console:
    width, height = app.size
    console = _recorder(width, height)
    # The same render as App.export_screenshot, kept so text and picture come from one frame.
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console


def app_text(app: App[Any]) -> str:
    """The app's current screen as plain text."""
    return plain(_app_console(app).export_text(clear=False).split("\n"))


def app_snapshot(app: App[Any], title: str) -> tuple[str, str]:
    """Text and SVG of one frame; the SVG's ids hash its content, so equal screens give equal files."""
    console = _app_console(app)
    text = plain(console.export_text(clear=False).split("\n"))
    return text, console.export_svg(title=title)


def pyte_lines(screen: pyte.Screen) -> list[str]:
    """pyte's display (wide characters once, their stub cells dropped)."""
    return list(screen.display)


def pyte_text(screen: pyte.Screen) -> str:
    return plain(pyte_lines(screen))


def _pyte_colour(value: str) -> str | None:
    if value == "default":
        return None
    if value.startswith("bright"):
        base = _PYTE_COLOURS.get(value[6:])
        return f"bright_{base}" if base else None
    if value in _PYTE_COLOURS:
        return _PYTE_COLOURS[value]
    if len(value) == 6:
        return f"#{value}"
    return None


def pyte_snapshot(screen: pyte.Screen, title: str) -> tuple[str, str]:
    """Text and an SVG drawn from the emulator's cells (a terminal's view, not Textual's)."""
    console = _recorder(screen.columns, screen.lines)
    for y in range(screen.lines):
        row = screen.buffer[y]
        line = Text(no_wrap=True, end="\n")
        for x in range(screen.columns):
            char = row[x]
            if char.data == "":
                continue  # the second cell of a wide character
            style = Style(
                color=_pyte_colour(char.fg), bgcolor=_pyte_colour(char.bg), bold=char.bold,
                italic=char.italics, underline=char.underscore, reverse=char.reverse,
            )
            line.append(char.data, style)
        console.print(line, end="")
    return pyte_text(screen), console.export_svg(title=title)
