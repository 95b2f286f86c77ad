"""A declared list of records (core/forms/layouts.RecordList): optional tabs chosen by key, Enter opens a row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from core.forms.layouts import RecordList, cell, resolve
from core.kernel.events import Actor
from tui.kit.base import KIT_CSS, AppScreen
from tui.kit.record_keys import key_bindings, run_key

R = TypeVar("R")


def tab_bindings(spec: RecordList) -> list[BindingType]:
    """One priority key per declared tab."""
    return [Binding(t.key, f"tab('{t.tab}')", t.label, priority=True, id=t.binding or None) for t in spec.tabs]


class RecordListScreen(AppScreen, Generic[R]):
    """Subclasses set LIST (and BINDINGS, else its tabs' keys and Escape); they may fetch, draw or open rows
    their own way. `of(spec)` needs no subclass."""

    CSS_PATH = KIT_CSS
    DEFAULT_CLASSES = "kit-screen"

    LIST: ClassVar[RecordList]
    TABLE_ID: ClassVar[str] = "records"
    TABLE_CLASSES: ClassVar[str] = "record-table"
    NOTE_CLASSES: ClassVar[str] = "muted-text"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "LIST" in cls.__dict__ and "BINDINGS" not in cls.__dict__:
            cls.BINDINGS = [*key_bindings(cls.LIST.keys), *tab_bindings(cls.LIST),
                            Binding("escape", "back", "Back", priority=True, id=cls.LIST.back or None)]
        super().__init_subclass__(**kwargs)  # Textual merges the bindings here

    @classmethod
    def of(cls, spec: RecordList, name: str = "") -> type[RecordListScreen[Any]]:
        """A screen class for a declaration with no Python of its own (`name` names the class)."""
        return cast("type[RecordListScreen[Any]]", type(name or f"{cls.__name__}Of", (cls,), {"LIST": spec}))

    def __init__(self, actor: Actor, tab: str = "") -> None:
        super().__init__()
        self.spec = self.LIST
        self.actor = actor
        self.tab = tab or (self.spec.tabs[0].tab if self.spec.tabs else "")
        self.heading = Static("", id="records-heading")
        self.table: DataTable[Text] = DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True,
                                                classes=self.TABLE_CLASSES)
        self.empty = Static("", classes=self.NOTE_CLASSES)
        self.rows: list[R] = []

    def compose(self) -> ComposeResult:
        yield self.top_line(self.spec.title, self.spec.detail)
        with Vertical(classes="body"):
            if self.spec.tabs:
                yield self.heading
            yield self.table
            if self.spec.empty:
                yield self.empty
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for column in self.spec.columns:
            self.table.add_column(column.title)
        # No load here: Textual resumes a screen when it is first shown too, and on_screen_resume loads
        # (loading in both redrew the table a moment after it was drawn, undoing a key pressed at once).

    async def on_screen_resume(self) -> None:
        if not self.signed_out():
            await self.load()

    async def fetch(self) -> list[R]:
        """The rows of the current tab, from the one core call the declaration names (with its program's id
        when it names one)."""
        args = (self.tab,) if self.spec.tabs else ()
        program = {"program": self.spec.program} if self.spec.program else {}
        rows: list[R] = await self.papp.run_core(resolve(self.spec.source), self.papp.ctx, self.actor, *args, **program)
        return rows

    def cells(self, row: R) -> Sequence[Text]:
        today = self.papp.ctx.clock.now().date()
        return [Text(cell(row, c, today), style=c.style) for c in self.spec.columns]

    def key_of(self, row: R) -> str:
        return str(getattr(row, "id", ""))

    async def open(self, row: R) -> None:
        from tui.kit.record_details import RecordDetailsScreen

        if self.spec.details is not None:
            self.app.push_screen(RecordDetailsScreen.of(self.spec.details)(self.actor, getattr(row, "id", None)))
        elif self.spec.opens:
            record = row
            if self.spec.fetch:
                record = await self.papp.run_core(resolve(self.spec.fetch), self.papp.ctx, self.actor, getattr(row, "id", None))
            self.app.push_screen(resolve(self.spec.opens)(self.actor, record))

    async def load(self) -> None:
        self.rows = await self.fetch()
        if self.spec.tabs:
            heading = Text()
            for t in self.spec.tabs:
                heading.append(f" {t.key.upper()} {t.label} ", style="bold reverse" if t.tab == self.tab else "dim")
                heading.append(" ")
            heading.append(f"{self.spec.noun} · {len(self.rows)} shown", style="dim")
            self.heading.update(heading)
        self.table.clear()
        for row in self.rows:
            self.table.add_row(*self.cells(row), key=self.key_of(row))
        self.empty.update(self.spec.empty if not self.rows else "")

    async def action_tab(self, tab: str) -> None:
        self.tab = tab
        await self.load()
        self.table.focus()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.table and self.rows:
            self.run_worker(self.open(self.rows[self.table.cursor_row]))
            return True
        return False

    async def action_record_key(self, action: str) -> None:
        await run_key(self, self.actor, next(k for k in self.spec.keys if k.action == action), None)

    def action_back(self) -> None:
        self.app.pop_screen()
