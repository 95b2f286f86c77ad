"""A page of packets as a table: key, producer, program, status, waiting time, last activity."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.widgets import DataTable

from core.desk.search import Hit


def waited(delta: timedelta) -> str:
    days = delta.days
    if days >= 1:
        return f"{days} d"
    hours = int(delta.total_seconds() // 3600)
    return f"{hours} h" if hours else f"{int(delta.total_seconds() // 60)} min"


class HitTable(DataTable[Text]):
    """Rows are packets; the row key is the packet id."""

    def __init__(self, id: str | None = None) -> None:
        super().__init__(cursor_type="row", id=id)
        self.hits: list[Hit] = []

    def on_mount(self) -> None:
        self.add_column("Key", width=15)
        self.add_column("Producer", width=17)
        self.add_column("Program", width=12)
        self.add_column("Status", width=12)
        self.add_column("Waited", width=6)
        self.add_column("Last act.")

    def show(self, hits: list[Hit]) -> None:
        self.hits = hits
        self.clear()
        for hit in hits:
            self.add_row(
                Text(hit.key), Text(hit.producer_name), Text(hit.program), Text(hit.status),
                Text(waited(hit.waiting)), Text(f"{hit.last_activity:%m/%d %H:%M}"), key=str(hit.packet_id),
            )

    @property
    def selected(self) -> Hit | None:
        return self.hits[self.cursor_row] if self.hits and 0 <= self.cursor_row < len(self.hits) else None
