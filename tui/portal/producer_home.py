"""A producer's portal home: My Delegates (add, deactivate, reactivate, resend), Home, My Information."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static, TabbedContent, TabPane

from core.kernel.errors import PacketdeskError
from core.portal import delegates
from core.portal.delegates import DelegateRow
from core.portal.login import PortalUser
from tui.portal.base import PORTAL, PortalScreen, log_out
from tui.portal.panes import HomePane, InfoPane

TAB_TITLES = {"delegates": "My Delegates", "home": "Home", "info": "My Information"}
"""The title line names the tab shown."""
DELEGATE_ACTIONS = ("add", "toggle_active", "resend")
FIXED = 12 + 12 + 20 + 2 * 4 + 4
"""Username, States and Status widths, cell padding and the pane's padding; Name takes the rest."""


class ProducerHomeScreen(PortalScreen):
    """My Delegates first: the list with each delegate's states and status (seed 004, slides 3-5)."""

    # Tab keys as on the delegate's home (F2 Home); F3 to F5 stay the delegate actions, so the other tabs
    # take F6 and F7. Each tab's key hides while it is shown, and the actions off My Delegates: 80 columns.
    BINDINGS = [
        Binding("f2", "tab('home')", "Home", priority=True, id="producer-home"),
        Binding("f6", "tab('delegates')", "Delegates", priority=True, id="producer-delegates",
                tooltip="The My Delegates tab"),
        Binding("f7", "tab('info')", "My Info", priority=True, id="producer-info", tooltip="The My Information tab"),
        Binding("f3", "add", "Add", priority=True, id="delegates-add", tooltip="Add Delegate"),
        Binding("f4", "toggle_active", "On/off", priority=True, id="delegates-toggle",
                tooltip="Deactivate the delegate (asked once) or reactivate them"),
        Binding("f5", "resend", "Resend", priority=True, id="delegates-resend",
                tooltip="A new Confirm Your Email Address email; the older one stops working"),
        Binding("f10", "log_out", "Logout", priority=True, id="producer-logout"),
        Binding("escape", "noop", show=False, priority=True, id="producer-escape"),
    ]
    AUTO_FOCUS = "#delegates-table"

    def __init__(self, user: PortalUser) -> None:
        super().__init__()
        self.user = user
        self.table: DataTable[Text] = DataTable(id="delegates-table", cursor_type="row", zebra_stripes=True)
        self.status = Static(Text("F3 adds a delegate.", style="dim"), id="delegates-status")
        self.rows: list[DelegateRow] = []
        self.info = InfoPane()
        self.tabs = TabbedContent(id="producer-tabs", initial="delegates")
        self.title_line = self.portal_line(TAB_TITLES["delegates"], self.detail)

    def compose(self) -> ComposeResult:
        yield self.title_line
        with self.tabs:
            with TabPane("My Delegates", id="delegates"):
                yield self.table
                yield self.status
            with TabPane("Home", id="home"):
                yield HomePane("producer")
            with TabPane("My Information", id="info"):
                yield self.info
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        name_width = max(10, self.app.size.width - FIXED)
        self.table.add_column("Username", width=12, key="username")
        self.table.add_column("Name", width=name_width, key="name")
        self.table.add_column("States", width=12, key="states")
        self.table.add_column("Status", width=20, key="status")
        await self.reload()
        await self.info.load()

    async def reload(self, keep: int | None = None) -> None:
        app = self.papp
        assert app.actor is not None
        try:
            self.rows = await app.run_core(delegates.list_delegates, app.ctx, app.actor)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.table.clear()
        for row in self.rows:
            self.table.add_row(
                Text(row.username, no_wrap=True, overflow="ellipsis"),
                Text(row.name, no_wrap=True, overflow="ellipsis"),
                Text(", ".join(row.states), no_wrap=True, overflow="ellipsis"),
                Text(row.status, style="" if row.active else "dim", no_wrap=True, overflow="ellipsis"),
                key=str(row.account_id),
            )
        if not self.rows:
            self.status.update(Text("No delegates yet. F3 adds one.", style="dim"))
        if keep is not None:
            for index, row in enumerate(self.rows):
                if row.account_id == keep:
                    self.table.move_cursor(row=index)

    def selected(self) -> DelegateRow | None:
        if not self.rows:
            return None
        return self.rows[min(self.table.cursor_row, len(self.rows) - 1)]

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        row = self.selected()
        if row is not None:
            self.status.update(Text(f"{row.name} · {row.email} · {row.status}", no_wrap=True, overflow="ellipsis"))

    def action_add(self) -> None:
        from tui.portal.add_delegate import AddDelegateScreen

        async def added(account_id: int | None) -> None:
            if account_id is not None:
                await self.reload(keep=account_id)
                self.set_focus(self.table)

        self.app.push_screen(AddDelegateScreen(), added)  # type: ignore[arg-type]

    def action_toggle_active(self) -> None:
        """Deactivating locks the delegate out at once: asked once (y/n); reactivating is not."""
        row = self.selected()
        if row is None:
            return
        if not row.active:
            self.run_worker(self.set_active(row), exclusive=True)
            return
        from tui.kit.confirm import ConfirmModal

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self.set_active(row), exclusive=True)

        self.app.push_screen(ConfirmModal(
            f"Deactivate {row.username}?", "They can no longer sign in or work for you until you reactivate them (F4).",
            yes="Deactivate"), answered)

    async def set_active(self, row: DelegateRow) -> None:
        app = self.papp
        if app.actor is None:
            return
        try:
            await app.run_core(delegates.set_active, app.ctx, app.actor, row.account_id, not row.active)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        await self.reload(keep=row.account_id)
        self.notify(f"{row.username} is {'active again' if not row.active else 'deactivated'}.", timeout=5)

    async def action_resend(self) -> None:
        row = self.selected()
        app = self.papp
        if row is None or app.actor is None:
            return
        try:
            await app.run_core(delegates.resend_link, app.ctx, app.actor, row.account_id)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        self.notify(f"A new Confirm Your Email Address email was sent to {row.username}.", timeout=5)

    async def action_log_out(self) -> None:
        await log_out(self.papp)

    def action_noop(self) -> None:
        """Escape does not log out by accident; F10 does."""

    @property
    def detail(self) -> str:
        return f"{self.user.display_name} · producer"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tab":
            return parameters[0] != self.tabs.active  # hidden on its own tab
        if action in DELEGATE_ACTIONS:
            return self.tabs.active == "delegates"
        return super().check_action(action, parameters)

    def action_tab(self, tab: str) -> None:
        self.tabs.active = tab

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        tab = event.pane.id or "delegates"
        self.title_line.update(self.top_text(f"{PORTAL} · {TAB_TITLES.get(tab, '')}", self.detail))
        self.refresh_bindings()
        if tab == "delegates":
            self.set_focus(self.table)
        elif tab == "home":
            self.set_focus(self.query_one(HomePane).first())
        elif tab == "info":
            self.set_focus(self.info.forget)
