"""A declared record (core/forms/layouts.Details) as label/value rows from one core call, a note under them;
it reloads on resume."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Generic, TypeVar, cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from core.forms.layouts import Details, RecordKey, cell, record_holds, resolve
from core.kernel.events import Actor
from tui.kit.base import KIT_CSS, AppScreen
from tui.kit.record_keys import key_bindings, run_key

R = TypeVar("R")


def facts_table(rows: Sequence[tuple[str, str]]) -> Table:
    """Labels dim on the left, values as plain text (never markup) on the right."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    for label, value in rows:
        table.add_row(label, Text(value))
    return table


_MADE: dict[int, type[RecordDetailsScreen[Any]]] = {}


class RecordDetailsScreen(AppScreen, Generic[R]):
    """Subclasses set DETAILS (`of(spec)` needs none): its rows, the note for the record's status, and its keys,
    each shown while the record allows it (Back always)."""

    CSS_PATH = KIT_CSS
    DEFAULT_CLASSES = "kit-screen"

    DETAILS: ClassVar[Details]
    NOTE_CLASSES: ClassVar[str] = "muted-text"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "DETAILS" in cls.__dict__ and "BINDINGS" not in cls.__dict__:
            cls.BINDINGS = [*key_bindings(cls.DETAILS.keys),
                            Binding("escape", "back", "Back", priority=True, id=cls.DETAILS.back or None)]
        super().__init_subclass__(**kwargs)  # Textual merges the bindings here

    @classmethod
    def of(cls, spec: Details, name: str = "") -> type[RecordDetailsScreen[Any]]:
        """A screen class for a declaration with no Python of its own (`name` names the class); one per
        declaration, so a list opening the details and a feature naming them open the same class."""
        made = _MADE.get(id(spec))
        if made is None or name:
            made = _MADE[id(spec)] = cast("type[RecordDetailsScreen[Any]]",
                                          type(name or f"{cls.__name__}Of", (cls,), {"DETAILS": spec}))
        return made

    def __init__(self, actor: Actor, record_id: Any) -> None:
        super().__init__()
        self.spec = self.DETAILS
        self.actor = actor
        self.record_id = record_id
        self.record: R | None = None
        self.grid = Static("Loading…", id="details-grid")
        self.note = Static("", classes=self.NOTE_CLASSES)

    def compose(self) -> ComposeResult:
        yield self.top_line(self.spec.title)
        with VerticalScroll(classes="body"):
            yield self.grid
            yield self.note
        yield Footer(compact=True)

    async def on_screen_resume(self) -> None:
        if not self.signed_out():
            await self.reload()

    async def reload(self) -> None:
        self.record = record = await self.fetch()
        self.grid.update(facts_table(self.rows(record)))
        self.note.update(Text(self.note_text(record)))
        self.refresh_bindings()

    async def fetch(self) -> R:
        """The record, from the one core call the declaration names."""
        program = {"program": self.spec.program} if self.spec.program else {}
        record: R = await self.papp.run_core(resolve(self.spec.source), self.papp.ctx, self.actor, self.record_id, **program)
        return record

    def rows(self, record: R) -> Sequence[tuple[str, str]]:
        today = self.papp.ctx.clock.now().date()
        return [(c.title, cell(record, c, today)) for c in self.spec.rows]

    def note_text(self, record: R) -> str:
        """The declared note for the record's status; none while the record lacks a value it names."""
        try:
            return self.spec.notes.get(str(getattr(record, "status", "")), "").format(r=record)
        except (AttributeError, KeyError, TypeError, ValueError):
            return ""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.record is None:
            return action == "back"
        if action == "record_key":
            return record_holds(self.key(str(parameters[0])).when, self.record)
        return True

    def key(self, action: str) -> RecordKey:
        return next(k for k in self.spec.keys if k.action == action)

    async def action_record_key(self, action: str) -> None:
        if self.record is not None:
            await run_key(self, self.actor, self.key(action), self.record)

    def action_back(self) -> None:
        self.app.pop_screen()
