"""A delegate's home: Home, My Information, My Hierarchy and Quote & Enroll; F10 logs out."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Button, DataTable, Footer, Static, TabbedContent, TabPane

from core.forms.states import STATES
from core.kernel.errors import PacketdeskError
from core.portal import access as portal_access
from core.portal.login import PortalUser
from tui.portal.base import PortalScreen, log_out
from tui.portal.panes import QUOTE_LATER, HomePane, InfoPane, open_quote_enroll


class DelegateHomeScreen(PortalScreen):
    """The authenticated delegate's landing page (seed 004, slide 20)."""

    BINDINGS = [
        Binding("f2", "tab('home')", "Home", priority=True, id="delegate-home"),
        Binding("f7", "tab('info')", "My Info", priority=True, id="delegate-info"),
        Binding("f4", "tab('hierarchy')", "Hierarchy", priority=True, id="delegate-hierarchy"),
        Binding("f5", "tab('quote')", "Quote", priority=True, id="delegate-quote"),
        Binding("f10", "log_out", "Logout", priority=True, id="delegate-logout"),
        Binding("escape", "noop", show=False, priority=True, id="delegate-escape"),
    ]
    AUTO_FOCUS = "#res-off-exchange"

    def __init__(self, user: PortalUser) -> None:
        super().__init__()
        self.user = user
        self.home = HomePane("delegate")
        self.info = InfoPane()
        self.table: DataTable[Text] = DataTable(id="hierarchy-table", cursor_type="row", zebra_stripes=True)
        self.detail = Static(Text("Select a producer and state, then Enter.", style="dim"), id="hierarchy-detail")
        self.quote = Static("", id="quote-text")

    def compose(self) -> ComposeResult:
        yield self.portal_line("Home", f"{self.user.display_name} · delegate")
        with TabbedContent(id="delegate-tabs", initial="home"):
            with TabPane("Home", id="home"):
                yield self.home
            with TabPane("My Information", id="info"):
                yield self.info
            with TabPane("My Hierarchy", id="hierarchy"):
                yield self.table
                yield self.detail
            with TabPane("Quote & Enroll", id="quote"):
                yield self.quote
                yield Button("Open Quote & Enroll", id="quote-open", compact=True, variant="primary")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.table.add_column("Producer", width=30, key="producer")
        self.table.add_column("State", width=16, key="state")
        app = self.papp
        assert app.actor is not None
        try:
            producers = await app.run_core(portal_access.visible_producers, app.ctx, app.actor)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        for producer in producers:
            for state in producer.states:
                self.table.add_row(Text(producer.name, no_wrap=True, overflow="ellipsis"), Text(STATES.name(state)),
                                   key=f"{producer.producer_id}:{state}")
        lines = ["Off-exchange quotes and applications for your producers, in your assigned states only:"]
        lines += [f"  {p.name}: {', '.join(STATES.name(s) for s in p.states) or 'no states'}" for p in producers]
        self.quote.update(Text("\n".join(lines)))
        await self.info.load()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        target: Widget | None = {"home": self.home.first(), "hierarchy": self.table, "info": self.info.forget,
                                 "quote": self.query_one("#quote-open", Button)}.get(tab)
        if target is not None:
            self.set_focus(target)

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.table:
            self.after_keys(focused, self.show_producer)
            return True
        return False

    async def show_producer(self) -> None:
        if self.table.row_count == 0:
            return
        key = self.table.coordinate_to_cell_key(self.table.cursor_coordinate).row_key.value or ""
        producer_id, _, state = key.partition(":")
        app = self.papp
        assert app.actor is not None
        try:
            overview = await app.run_core(portal_access.producer_overview, app.ctx, app.actor, int(producer_id), state)
        except PacketdeskError as exc:
            self.detail.update(Text(str(exc), style="red"))
            return
        text = Text()
        text.append(f"{overview.name} in {STATES.name(overview.state)}\n", style="bold")
        text.append(f"NPN {overview.npn or '—'} · {overview.business_phone or 'no phone'} · {overview.email}\n")
        for key_, title, status in overview.packets:
            text.append(f"{key_}  {title}: {status}\n")
        self.detail.update(text)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "quote-open" and not open_quote_enroll(self.papp, f"{self.user.display_name} · delegate"):
            self.quote.update(Text(QUOTE_LATER))

    async def action_log_out(self) -> None:
        await log_out(self.papp)

    def action_noop(self) -> None:
        """Escape does not log out by accident; F10 does."""
