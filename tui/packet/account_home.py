"""The Home page of a producer with an account ([access] kind = "account"): case keys and statuses; Enter opens one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Static

from core.kernel.errors import PacketdeskError
from core.packets import accounts, packets
from core.packets.accounts import CaseRow
from core.packets.review import rule_of
from tui.kit.base import AppScreen


class AccountHomeScreen(AppScreen):
    """Case keys, statuses, what the home office asked for, and the producer number once approved."""

    BINDINGS = [Binding("f10", "exit", "Exit", priority=True, id="home-exit", tooltip="Log out (asks to confirm)")]
    AUTO_FOCUS = "#cases"

    def __init__(self, program_id: str) -> None:
        super().__init__()
        self.program = accounts.account_program(program_id)
        self.portal = str(self.program.settings.get("portal_name", self.program.title))
        self.table: DataTable[Text] = DataTable(id="cases", cursor_type="row")
        self.detail = Static("", id="case-detail", classes="card-text", markup=False)
        self.cases: list[CaseRow] = []

    def compose(self) -> ComposeResult:
        texts = self.program.access
        yield self.top_line(f"{self.portal} · Home", texts.get("home_subtitle", self.program.title))
        with Vertical(classes="body"):
            yield Static(Text(texts.get("home_heading", "Select a case key and press Enter to open it."), style="bold"),
                         classes="section-title")
            yield self.table
            yield self.detail
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self.table.add_column("Case Key", width=16)
        self.table.add_column("Status", width=28)
        self.table.add_column("Updated", width=16)
        # No load here: Textual resumes a screen when it is first shown too, and on_screen_resume loads
        # (loading in both redrew the table a moment after it was drawn, undoing a key pressed at once).

    async def load(self) -> None:
        actor = self.papp.actor
        if actor is None:
            return
        self.cases = await self.papp.run_core(accounts.my_cases, self.papp.ctx, actor, self.program.id)
        self.table.clear()
        for case in self.cases:
            self.table.add_row(Text(case.key), Text(case.status_label), Text(f"{case.updated_at:%m/%d/%Y %H:%M}"),
                               key=str(case.packet_id))
        self.show_detail()

    def show_detail(self) -> None:
        texts = self.program.access
        if not self.cases:
            self.detail.update(Text(texts.get("home_empty", "No case yet.")))
            return
        case = self.cases[self.table.cursor_row]
        text = Text()
        if case.producer_number:
            text.append(texts.get("home_approved", "{number}").format(number=case.producer_number) + "\n", style="bold green")
        if case.note:
            label = next(d.note_label for d in rule_of(self.program).decisions if d.status == case.status)
            text.append(f"{label}: ", style="bold")
            text.append(case.note + "\n")
        if case.status == self.program.submit.status:
            text.append(texts.get("home_waiting", ""))
        self.detail.update(text)

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if focused is self.table and self.cases:
            self.run_worker(self.open_case(self.cases[self.table.cursor_row]), exclusive=True)
            return True
        return False

    async def open_case(self, case: CaseRow) -> None:
        actor = self.papp.actor
        if actor is None:
            return
        try:
            view = await self.papp.run_core(packets.load, self.papp.ctx, actor, case.packet_id)
        except PacketdeskError as exc:
            self.show_error(exc)
            return
        from tui.packet.steps import open_packet

        open_packet(self.papp, view)

    def on_screen_resume(self) -> None:
        if not self.signed_out():
            self.run_worker(self.load(), exclusive=True)

    def action_exit(self) -> None:
        from tui.kit.confirm import ConfirmModal

        def done(logout: bool | None) -> None:
            if logout:
                self.papp.sign_out(f"Logged out of {self.portal}. Everything you saved is kept.", "exit")

        self.app.push_screen(ConfirmModal(f"Exit {self.portal}?", "Everything you saved is kept. Log out now, or return to "
                                          "your application?", yes="Logout", no="Return", box_id="exit-box"), done)
