"""Find any packet: one box, a page of results at a time, Enter opens the packet."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Footer, Input, Static

from core.desk import search
from core.desk.search import Cursor, Results
from core.kernel.errors import PacketdeskError
from tui.desk.hit_table import HitTable
from tui.kit.base import AppScreen


class SearchScreen(AppScreen):
    """Name (either order), last 4 with name or birth date, NPN, key, email or phone."""

    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="back"),
        Binding("pagedown", "page(1)", "Next page", priority=True, id="next-page"),
        Binding("pageup", "page(-1)", "Previous page", priority=True, id="previous-page"),
    ]
    AUTO_FOCUS = "#query"

    def __init__(self) -> None:
        super().__init__()
        self.results: Results | None = None
        self.query_text = ""
        self.page: tuple[Cursor | None, Cursor | None] = (None, None)
        """The cursors (after, before) the shown page was read with, to read it again on return."""
        self.table = HitTable(id="hits")
        self.box = Input(placeholder="name, last 4 + name or birth date, NPN, key, email, phone", id="query",
                         compact=True, max_length=120, select_on_focus=False)

    def compose(self) -> ComposeResult:
        yield self.top_line("Find a packet")
        with Horizontal(classes="field-line"):
            yield Static("Find", classes="field-label")
            yield self.box
        yield Static("", id="understood", classes="status-line")
        yield self.table
        yield Footer(compact=True)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if isinstance(focused, Input):
            self.run_worker(self.run_search(focused.value))
            return True
        if focused is self.table and self.table.selected is not None:
            from tui.desk.rep_packet import RepPacketScreen

            self.app.push_screen(RepPacketScreen(self.table.selected.packet_id))
            return True
        return False

    async def run_search(
        self, query: str, *, after: Cursor | None = None, before: Cursor | None = None, keep_focus: bool = False
    ) -> None:
        line = self.query_one("#understood", Static)
        try:
            results = await self.papp.run_core(search.find, self.papp.ctx, self.papp.actor, query, after=after, before=before)
        except PacketdeskError as exc:
            line.update(Text(str(exc), style="red"))
            return
        self.query_text, self.results, self.page = query, results, (after, before)
        self.table.show(results.hits)
        paging = "  PgDn: more" if results.has_next else ""
        paging += "  PgUp: back" if results.has_previous else ""
        found = f"{len(results.hits)} shown" if results.hits else "nothing found"
        line.update(Text(f"Searched {results.understood}: {found}.{paging}"))
        if results.hits and not keep_focus:
            self.table.focus()

    def focus_box(self, *, select: bool = True) -> None:
        """Ctrl+F on this screen: back to the box, its text selected so the next query replaces it."""
        self.set_focus(self.box)
        if select:
            self.box.select_all()

    def on_key(self, event: events.Key) -> None:
        # Typing on the results is a new query: it goes to the box, never to Enter on a packet.
        if self.focused is not self.table:
            return
        if event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.set_focus(self.box)
            self.box.value = event.character
            self.box.cursor_position = len(self.box.value)
        elif event.key == "backspace":
            event.stop()
            event.prevent_default()
            self.set_focus(self.box)
            self.box.cursor_position = len(self.box.value)
            self.box.action_delete_left()

    async def on_screen_resume(self) -> None:
        # Back from a packet: read the same page again, so statuses and times are not stale.
        if self.results is None or self.signed_out():
            return
        row = self.table.cursor_row
        after, before = self.page
        await self.run_search(self.query_text, after=after, before=before, keep_focus=True)
        if self.table.row_count:
            self.table.move_cursor(row=min(row, self.table.row_count - 1))

    async def action_page(self, direction: int) -> None:
        results = self.results
        if results is None:
            return
        if direction > 0 and results.next_cursor:
            await self.run_search(self.query_text, after=results.next_cursor)
        elif direction < 0 and results.previous_cursor:
            await self.run_search(self.query_text, before=results.previous_cursor)

    def action_back(self) -> None:
        self.app.pop_screen()
