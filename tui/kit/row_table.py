"""A short list of rows (life events, spouse and dependents, coverage) with Enter to edit and Delete to remove."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable


class RowTable(DataTable[Text]):
    """Posts Remove for Delete or x; the screen decides whether removing is allowed."""

    BINDINGS = [Binding("delete,x", "remove", "Remove", show=False, id="rows-remove")]

    @dataclass
    class Remove(Message):
        table: RowTable
        index: int

    def __init__(self, columns: tuple[str, ...], *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True, classes="row-group")
        self.columns_text = columns

    def on_mount(self) -> None:
        for column in self.columns_text:
            self.add_column(column)

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        keep = self.cursor_row
        self.clear()
        for i, row in enumerate(rows):
            self.add_row(*(Text(cell) for cell in row), key=str(i))
        if rows:
            self.move_cursor(row=min(keep, len(rows) - 1))

    @property
    def index(self) -> int | None:
        return self.cursor_row if self.row_count else None

    def action_remove(self) -> None:
        if self.index is not None:
            self.post_message(self.Remove(self, self.index))
