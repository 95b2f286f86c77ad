"""A grid of counts with a cell cursor: one label column, then numbers, drawn as plain lines.

The campaign dashboard's summary is a few fixed columns of numbers over rows that may run to
thousands of agencies. DataTable measured every cell it was given before its first paint; this
draws only the rows on screen, and fits every column into 80 terminal columns by narrowing the
labels (the numbers never are).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


@dataclass(frozen=True)
class GridRow:
    key: str
    label: str
    values: tuple[int, ...]
    bold: bool = False


def _number(value: int, width: int) -> str:
    text = f"{value:,}"
    return text if len(text) <= width else str(value)


def _shortened(label: str, width: int) -> str:
    """The label in `width` cells: its start and its end around an ellipsis ("Sample …y North"), since
    names in one list often differ only at the end."""
    if len(label) <= width:
        return label
    head = (width - 1) // 2
    return label[:head] + "…" + label[len(label) - (width - 1 - head):]


class CountGrid(Widget, can_focus=True):
    """Arrows move between cells, PgUp/PgDn a screenful, Home/End the first and last row."""

    DEFAULT_CSS = """
    CountGrid { height: 1fr; }
    """
    BINDINGS = [
        Binding("up", "move(-1, 0)", "Up", show=False, id="count-grid-up"),
        Binding("down", "move(1, 0)", "Down", show=False, id="count-grid-down"),
        Binding("left", "move(0, -1)", "Left", show=False, id="count-grid-left"),
        Binding("right", "move(0, 1)", "Right", show=False, id="count-grid-right"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="count-grid-page-up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="count-grid-page-down"),
        Binding("home", "edge(-1)", "First row", show=False, id="count-grid-home"),
        Binding("end", "edge(1)", "Last row", show=False, id="count-grid-end"),
    ]

    cursor_row: reactive[int] = reactive(0)
    """The row under the cursor (an index into rows)."""
    cursor_column: reactive[int] = reactive(0)
    """0 is the label; 1 and on are the numbers, in the order of the headings."""

    @dataclass
    class NearEnd(Message):
        """The cursor is within a screenful of the last row: the owner may add the next rows."""

        grid: CountGrid

    def __init__(self, headings: tuple[str, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.headings = headings
        self.rows: list[GridRow] = []
        self.top = 0
        """The first row on screen."""

    def set_rows(self, rows: list[GridRow]) -> None:
        """Replace every row (the cursor stays where it was, within the new rows)."""
        self.rows = rows
        self.cursor_row = min(self.cursor_row, max(len(rows) - 1, 0))
        self._scroll_to_cursor()
        self.refresh()

    def add_rows(self, rows: list[GridRow]) -> None:
        self.rows += rows
        self.refresh()

    @property
    def current(self) -> tuple[GridRow, int] | None:
        """The row under the cursor and the column (0: the label)."""
        return (self.rows[self.cursor_row], self.cursor_column) if self.rows else None

    def row_index(self, key: str) -> int:
        return next(n for n, row in enumerate(self.rows) if row.key == key)

    def move_to(self, row: int, column: int) -> None:
        self.cursor_row = max(0, min(row, len(self.rows) - 1))
        self.cursor_column = max(0, min(column, len(self.headings)))
        self._scroll_to_cursor()

    @property
    def page_rows(self) -> int:
        return max(self.size.height - 1, 1)

    def action_move(self, rows: int, columns: int) -> None:
        self.move_to(self.cursor_row + rows, self.cursor_column + columns)

    def action_page(self, pages: int) -> None:
        self.move_to(self.cursor_row + pages * self.page_rows, self.cursor_column)

    def action_edge(self, direction: int) -> None:
        self.move_to(0 if direction < 0 else len(self.rows) - 1, self.cursor_column)

    def _scroll_to_cursor(self) -> None:
        if self.cursor_row < self.top:
            self.top = self.cursor_row
        elif self.cursor_row >= self.top + self.page_rows:
            self.top = self.cursor_row - self.page_rows + 1
        if self.rows and self.cursor_row >= len(self.rows) - self.page_rows:
            self.post_message(self.NearEnd(self))
        self.refresh()

    def watch_cursor_row(self) -> None:
        self.refresh()

    def watch_cursor_column(self) -> None:
        self.refresh()

    def widths(self, total: int) -> tuple[int, list[int]]:
        """The label's width and each number column's, for a grid `total` cells wide (one space between)."""
        numbers = []
        for n, heading in enumerate(self.headings):
            widest = max((len(f"{row.values[n]:,}") for row in self.rows), default=1)
            numbers.append(max(len(heading), widest))
        label = total - sum(w + 1 for w in numbers)
        if label < 12:  # no thousands separators rather than labels too short to read
            numbers = [max(len(h), max((len(str(r.values[n])) for r in self.rows), default=1))
                       for n, h in enumerate(self.headings)]
            label = total - sum(w + 1 for w in numbers)
        return max(label, 4), numbers

    def render(self) -> Text:
        label_width, widths = self.widths(self.size.width)
        out = Text(no_wrap=True, overflow="crop")
        out.append(" " * label_width)
        for heading, width in zip(self.headings, widths, strict=True):
            out.append(" " + heading.rjust(width), style="bold")
        focused = self.has_focus
        for index in range(self.top, min(self.top + self.page_rows, len(self.rows))):
            row = self.rows[index]
            out.append("\n")
            on_row = index == self.cursor_row
            label = _shortened(row.label, label_width)
            style = "reverse" if on_row and focused and self.cursor_column == 0 else ("bold" if row.bold else "")
            out.append(label.ljust(label_width), style=style)
            for column, (value, width) in enumerate(zip(row.values, widths, strict=True), start=1):
                out.append(" ")
                cell = _number(value, width).rjust(width)
                picked = on_row and focused and self.cursor_column == column
                out.append(cell, style="reverse" if picked else ("bold" if row.bold else ""))
        return out
