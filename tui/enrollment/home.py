"""Quote & Enroll: Quotes (saved), New Quote, Enroll (start a new application and the application lists)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Static

from core.kernel.events import Actor
from tui.kit.base import AppScreen


class QuoteEnrollScreen(AppScreen):
    """The three entries of the Quote & Enroll tab for a signed-in producer or delegate."""

    CSS_PATH = "enroll.tcss"
    DEFAULT_CLASSES = "enroll-screen"
    BINDINGS = [
        Binding("1", "quotes", "Quotes", priority=True, id="enroll-quotes", tooltip="Saved quotes"),
        Binding("2", "new_quote", "New Quote", priority=True, id="enroll-new-quote", tooltip="Quote a new client"),
        Binding("3", "enroll", "Enroll", priority=True, id="enroll-enroll",
                tooltip="Start a new application; completed, incomplete and failed applications"),
        Binding("escape", "back", "Back", priority=True, id="enroll-home-back"),
    ]
    AUTO_FOCUS = "#quotes"

    def __init__(self, actor: Actor, title: str = "") -> None:
        super().__init__()
        self.actor = actor
        self.who = title

    def compose(self) -> ComposeResult:
        yield self.top_line("Quote & Enroll", self.who)
        with Vertical(classes="body"):
            yield Static(Text("Individual & Family medical and dental plans, off-exchange enrollment.", style="bold"))
            with Horizontal(classes="enroll-tiles"):
                yield Button("1 Quotes", id="quotes", compact=True)
                yield Button("2 New Quote", id="new_quote", compact=True)
                yield Button("3 Enroll", id="enroll", compact=True)
            yield Static(Text("Quotes: view saved quotes.  New Quote: quote a prospective client.  "
                              "Enroll: start a new application, or open completed, incomplete and failed ones."),
                         classes="enroll-text")
        yield Footer(compact=True)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        await self.run_action(event.button.id or "")

    def action_quotes(self) -> None:
        from tui.enrollment.quotes import QuotesScreen

        self.app.push_screen(QuotesScreen(self.actor))

    def action_new_quote(self) -> None:
        from tui.enrollment.new_quote import NewQuoteScreen

        self.app.push_screen(NewQuoteScreen(self.actor))

    def action_enroll(self) -> None:
        from tui.enrollment.apps import ApplicationsScreen

        self.app.push_screen(ApplicationsScreen(self.actor))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
