"""A declared menu (core/forms/layouts.Menu): a line, one button and one key per entry, a note; Escape goes back."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Static

from core.forms.layouts import Menu, resolve
from core.kernel.events import Actor
from tui.kit.base import KIT_CSS, AppScreen


def menu_bindings(menu: Menu) -> list[BindingType]:
    """One priority key per entry, then Escape: class-level, so the keymap sees and remaps them."""
    keys: list[BindingType] = [Binding(e.key, f"open('{e.action}')", e.label, priority=True, id=e.binding or None,
                                       tooltip=e.tooltip) for e in menu.entries]
    return [*keys, Binding("escape", "back", "Back", priority=True, id=menu.back or None)]


class MenuScreen(AppScreen):
    """Subclasses set MENU; `MenuScreen.of(menu)` makes one for a menu with no Python of its own."""

    CSS_PATH = KIT_CSS
    DEFAULT_CLASSES = "kit-screen"

    DEFAULT_CSS = """
    MenuScreen .menu-tiles { height: auto; padding: 1 1; }
    MenuScreen .menu-tiles Button { width: 24; margin-right: 2; }
    MenuScreen .menu-note { color: $text-muted; margin-bottom: 1; }
    """
    MENU: ClassVar[Menu | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if cls.MENU is not None and "BINDINGS" not in cls.__dict__:
            cls.BINDINGS = menu_bindings(cls.MENU)
            cls.AUTO_FOCUS = f"#{cls.MENU.entries[0].action}" if cls.MENU.entries else None
        super().__init_subclass__(**kwargs)  # Textual merges the bindings here

    @classmethod
    def of(cls, menu: Menu, name: str = "") -> type[MenuScreen]:
        """A screen class for a declaration with no Python of its own (`name` names the class)."""
        return cast("type[MenuScreen]", type(name or f"{cls.__name__}Of", (cls,), {"MENU": menu}))

    def __init__(self, actor: Actor, title: str = "") -> None:
        super().__init__()
        assert self.MENU is not None
        self.menu = self.MENU
        self.actor = actor
        self.who = title

    def compose(self) -> ComposeResult:
        yield self.top_line(self.menu.title, self.who)
        with Vertical(classes="body"):
            if self.menu.intro:
                yield Static(Text(self.menu.intro, style="bold"))
            with Horizontal(classes="menu-tiles"):
                for entry in self.menu.entries:
                    yield Button(f"{entry.key} {entry.label}", id=entry.action, compact=True)
            if self.menu.note:
                yield Static(Text(self.menu.note), classes="menu-note")
        yield Footer(compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_open(event.button.id or "")

    def action_open(self, action: str) -> None:
        from tui.kit.record_list import RecordListScreen

        entry = next(e for e in self.menu.entries if e.action == action)
        opens = RecordListScreen.of(entry.list) if entry.list is not None else resolve(entry.opens)
        self.app.push_screen(opens(self.actor))

    def action_back(self) -> None:
        self.app.pop_screen()
