"""Packets per program and status, how long they waited, what is stuck; Enter opens the list behind a bar."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from core.desk import dashboard
from core.desk.dashboard import Dashboard
from tui.kit.base import AppScreen

BAR_WIDTH = 22


def bar(count: int, largest: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * count / largest) if largest else 0
    return "█" * filled + "░" * (width - filled)


class DashboardScreen(AppScreen):
    """Bars per status with the waiting split; stuck packets flagged."""

    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="back"),
        Binding("f5", "refresh", "Refresh", priority=True, id="refresh"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.board: Dashboard | None = None

    def compose(self) -> ComposeResult:
        yield self.top_line("Dashboard", "packets per program and status")
        yield Static("Counting...", id="legend", classes="status-line")
        yield OptionList(id="bars")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        await self.action_refresh()

    async def action_refresh(self) -> None:
        self.board = board = await self.papp.run_core(dashboard.build, self.papp.ctx, self.papp.actor)
        largest = max((row.count for row in board.rows), default=0)
        options: list[Option] = []
        program = ""
        for row in board.rows:
            if row.program != program:
                program = row.program
                options.append(Option(Text(program, style="bold"), disabled=True))
            line = Text(f"  {row.label[:22]:<22} ")
            line.append(bar(row.count, largest), style="cyan")
            line.append(f" {row.count:>8,}")
            waits = " ".join(f"{label}:{n:,}" for label, n in zip(board.bucket_labels, row.waiting, strict=False) if n)
            line.append(f"  {waits}", style="dim")
            options.append(Option(line, id=f"{row.program_id}|{row.status}|"))
            if row.stuck:
                stuck = Text(f"    ⚠ stuck over {board.stuck_days} business days: {row.stuck:,}", style="bold yellow")
                options.append(Option(stuck, id=f"{row.program_id}|{row.status}|stuck"))
        bars = self.query_one("#bars", OptionList)
        bars.clear_options()
        bars.add_options(options)
        self.query_one("#legend", Static).update(
            Text(f"{board.total:,} packets. Waiting since last activity: {', '.join(board.bucket_labels)}. Enter opens the list.")
        )
        bars.focus()

    def on_enter_pressed(self, focused: Widget | None) -> bool:
        if isinstance(focused, OptionList) and focused.highlighted is not None:
            option = focused.get_option_at_index(focused.highlighted)
            if option.id:
                from tui.desk.packet_list import PacketListScreen

                program_id, status, stuck = option.id.split("|")
                self.app.push_screen(PacketListScreen(program_id, status, stuck=bool(stuck)))
            return True
        return False

    def action_back(self) -> None:
        self.app.pop_screen()
