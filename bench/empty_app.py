"""The floor for start-up and typing: an empty Textual app (Header, Input, Footer).

Run as a script it exits right after its first refresh, exactly as `packetdesk` does with
PACKETDESK_EXIT_WHEN_READY=1, so the two start-up times compare like for like.
Pass --stay to keep it open. The keystroke benchmark imports EmptyApp and drives it in-process.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input


class EmptyApp(App[int]):
    TITLE = "Bench floor"

    def __init__(self, *, exit_when_ready: bool = False, blink: bool = True) -> None:
        super().__init__()
        self.exit_when_ready = exit_when_ready
        self.blink = blink

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="type here", id="field")
        yield Footer()

    def on_mount(self) -> None:
        field = self.query_one("#field", Input)
        field.cursor_blink = self.blink
        field.focus()
        if self.exit_when_ready:
            self.call_after_refresh(self.exit, 0)


def main() -> int:
    app = EmptyApp(exit_when_ready="--stay" not in sys.argv)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
