"""A screen listing records from one core call: optional tabs chosen by key, Enter opens the record under the cursor."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from core.kernel.events import Actor
from tui.kit.base import AppScreen

R = TypeVar("R")


class RecordListScreen(AppScreen, Generic[R]):
    """Subclasses say the columns, how to fetch the rows (one core call), their cells and what opening one does."""

    COLUMNS: ClassVar[tuple[str, ...]] = ()
    TABS: ClassVar[dict[str, str]] = {}
    """Tab (what `fetch` filters by) -> its label in the heading, e.g. "F3 Completed"; bindings call action_tab."""
    NOUN: ClassVar[str] = "Records"
    """Shown in the heading as "Records · 3 shown" when there are tabs."""
    EMPTY: ClassVar[str] = ""
    """Said under the table while it has no rows."""
    TABLE_ID: ClassVar[str] = "records"
    TABLE_CLASSES: ClassVar[str] = ""
    NOTE_CLASSES: ClassVar[str] = ""

    def __init__(self, actor: Actor, tab: str = "", *, title: str = "", detail: str = "") -> None:
        super().__init__()
        self.actor = actor
        self.tab = tab or next(iter(self.TABS), "")
        self.title_text, self.detail = title, detail
        self.heading = Static("", id="records-heading")
        self.table: DataTable[Text] = DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True,
                                                classes=self.TABLE_CLASSES)
        self.empty = Static("", classes=self.NOTE_CLASSES)
        self.rows: list[R] = []

    def compose(self) -> ComposeResult:
        yield self.top_line(self.title_text, self.detail)
        with Vertical(classes="body"):
            if self.TABS:
                yield self.heading
            yield self.table
            if self.EMPTY:
                yield self.empty
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for column in self.COLUMNS:
            self.table.add_column(column)
        # No load here: Textual resumes a screen when it is first shown too, and on_screen_resume loads
        # (loading in both redrew the table a moment after it was drawn, undoing a key pressed at once).

    async def on_screen_resume(self) -> None:
        if not self.signed_out():
            await self.load()

    async def fetch(self) -> list[R]:
        """The rows of the current tab, from one core call."""
        raise NotImplementedError

    def cells(self, row: R) -> Sequence[str | Text]:
        raise NotImplementedError

    def key_of(self, row: R) -> str:
        return str(getattr(row, "id", ""))

    async def open(self, row: R) -> None:
        raise NotImplementedError

    async def load(self) -> None:
        self.rows = await self.fetch()
        if self.TABS:
            heading = Text()
            for key, label in self.TABS.items():
                heading.append(f" {label} ", style="bold reverse" if key == self.tab else "dim")
                heading.append(" ")
            heading.append(f"{self.NOUN} · {len(self.rows)} shown", style="dim")
            self.heading.update(heading)
        self.table.clear()
        for row in self.rows:
            self.table.add_row(*(c if isinstance(c, Text) else Text(c) for c in self.cells(row)), key=self.key_of(row))
        self.empty.update(self.EMPTY if not self.rows else "")

    async def action_tab(self, tab: str) -> None:
        self.tab = tab
        await self.load()
        self.table.focus()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.table and self.rows:
            self.run_worker(self.open(self.rows[self.table.cursor_row]))
            return True
        return False

    def action_back(self) -> None:
        self.app.pop_screen()
